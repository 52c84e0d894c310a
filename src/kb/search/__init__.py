"""Search over the index: retrieval, fusion, explanations, and the KnowledgeBase façade everything above uses."""
