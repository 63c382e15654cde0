"""The index: the stored records, vectors and BM25 of a built corpus, and their tokenizer."""
