"""Turns a content folder into an index."""

from indexer.build import IndexReport, build_index, index_folder

__all__ = ["IndexReport", "build_index", "index_folder"]
