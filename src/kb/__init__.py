"""Smart Industri knowledge base: content, embedding, store, indexing, search, matching, evaluation, api, cli."""
