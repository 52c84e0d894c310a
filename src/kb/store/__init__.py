"""The vector store: one interface, Qdrant Edge embedded on disk, qdrant-client for a server."""
