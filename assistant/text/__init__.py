"""The Chinese vocabulary every stage shares, defined once: width folding and normalisation for
matching, numerals, dates, document types and numbers, figures and money, sentences.

Stages import from here; nothing here imports a stage."""
