"""Embedding models behind one interface: the bundled e5 by default, sentence-transformers otherwise."""
