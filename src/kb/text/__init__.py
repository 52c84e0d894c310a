"""Text that indexing, search and matching share: Swedish terms and BM25 vectors, the regions' places."""
