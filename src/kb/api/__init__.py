"""The HTTP shell: a thin FastAPI app (JSON API and Swedish web pages) over the KnowledgeBase."""
