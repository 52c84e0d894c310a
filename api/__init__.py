"""The HTTP layer: a thin FastAPI app over kb.search.KnowledgeBase."""
