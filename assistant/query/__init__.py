"""The query stage: the question read once into a typed record, and the turn planned."""
