"""The answer stage: the extractive composer (default), refusal wording, the optional LLM."""
