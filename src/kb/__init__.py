"""Smart Industri knowledge base: the domain core (entries, parsing, chunking, embedding, storage, search)."""
