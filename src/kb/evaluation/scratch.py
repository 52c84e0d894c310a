"""Evaluate search on a content folder without touching the live index: index aside, search, score."""

import tempfile
from pathlib import Path

from kb.embedding.base import Embedder
from kb.embedding.factory import load_embedder
from kb.evaluation.metrics import GradedQuery, evaluate
from kb.indexing.build import index_folder
from kb.search.fusion import Fusion
from kb.search.query import SearchQuery
from kb.search.retrieval import Mode
from kb.search.service import KnowledgeBase
from kb.settings import Settings


class ScratchIndex:
    """A content folder indexed into a temporary embedded store, for as long as the `with` lasts."""

    def __init__(self, settings: Settings, folder: Path, embedder: Embedder | None = None):
        self._tmp = tempfile.TemporaryDirectory(prefix="kb-eval-")
        self.settings = settings.model_copy(update={"store_path": Path(self._tmp.name), "qdrant_url": None})
        self.embedder = embedder or load_embedder(settings)
        self.folder = folder

    def __enter__(self) -> KnowledgeBase:
        index_folder(self.settings, self.embedder, self.folder)
        self.kb = KnowledgeBase(self.settings, embedder=self.embedder)
        return self.kb

    def __exit__(self, *exc: object) -> None:
        self.kb.close()
        self._tmp.cleanup()


def ranked_ids(kb: KnowledgeBase, query: GradedQuery, mode: Mode) -> list[str]:
    response = kb.search(SearchQuery(query.query, query.filters, limit=10, mode=mode))
    return [result.id for result in response.results]


def evaluate_modes(
    settings: Settings, folder: Path, queries: list[GradedQuery], modes: list[Mode], fusion: Fusion | None = None
) -> dict[str, dict[str, float]]:
    with ScratchIndex(settings, folder) as kb:
        if fusion:
            kb.fusion = fusion
        return {mode.value: evaluate(queries, lambda q, m=mode: ranked_ids(kb, q, m)) for mode in modes}
