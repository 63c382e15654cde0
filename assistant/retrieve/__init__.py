"""The retrieval stage: hybrid dense + BM25 search, fusion, the optional reranker."""
