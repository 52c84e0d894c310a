"""Evaluate search on a content folder without touching the live index: index aside, search, score."""

import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kb.embedding.base import Embedder
from kb.embedding.factory import load_embedder
from kb.evaluation.metrics import GradedQuery, evaluate_groups
from kb.indexing.build import index_folder
from kb.search.fusion import Fusion
from kb.search.mode import Mode
from kb.search.query import SearchQuery
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


@dataclass
class ModeReport:
    """One search mode on a query set: the metrics per group, and how honest its result counts are."""

    scores: dict[str, dict[str, float]]  # group ("all", "split tune", "persona school" …) -> metric -> mean
    answered: int  # graded queries with at least one result
    median_total: float  # results a graded query finds, the median
    off_topic_empty: int  # off-topic queries that found nothing
    off_topic: int


def evaluate_modes(
    settings: Settings,
    folder: Path,
    queries: list[GradedQuery],
    modes: list[Mode],
    off_topic: list[str] | None = None,
    fusion: Fusion | None = None,
) -> dict[str, ModeReport]:
    off_topic = off_topic or []
    with ScratchIndex(settings, folder) as kb:
        if fusion:
            kb.fusion = fusion
        reports = {}
        for mode in modes:
            # one search per query gives both its top ten and its total
            answers = {q.id: kb.search(SearchQuery(q.query, q.filters, limit=10, mode=mode)) for q in queries}
            totals = [answer.total for answer in answers.values()]
            empty = sum(kb.search(SearchQuery(text, mode=mode, limit=1)).total == 0 for text in off_topic)
            reports[mode.value] = ModeReport(
                evaluate_groups(queries, lambda q, a=answers: [result.id for result in a[q.id].results]),
                sum(total > 0 for total in totals), statistics.median(totals) if totals else 0.0, empty, len(off_topic),
            )
        return reports
