"""The KnowledgeBase: the one façade over model, store and fusion that matching, stories, the API and the CLI use.

Nothing above this package touches the store, the embedder or the fusion: what
they need is here, as searches (with snippets and reasons), rankings (without),
and typed entries by id.

Each call reads one state of the index (`Store.reading`): a change the server
applies meanwhile (`live_indexer`) lands before the call or after it.
"""

import functools
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import numpy as np

from kb.content.entries import EntryBase, entry_from_record
from kb.content.markdown import render_html
from kb.embedding.base import Embedder
from kb.embedding.cache import embed_short_texts
from kb.embedding.factory import load_embedder
from kb.indexing.chunking import head_facts
from kb.indexing.live import LiveIndexer
from kb.search import explain, facets
from kb.search.cutoff import CUTOFFS
from kb.search.fusion import SEMANTIC_SIDE, Fusion
from kb.search.mode import Mode
from kb.search.query import SearchQuery
from kb.search.ranking import RANKING, steer
from kb.search.results import EntryView, SearchResponse, SearchResult
from kb.search.retrieval import Candidate, retrieve
from kb.search.understanding import Understanding, understand
from kb.settings import Settings
from kb.store.base import (
    NO_INDEX,
    Contents,
    IndexInfo,
    IndexMismatchError,
    Model,
    NoIndexError,
    Store,
    StoreDamagedError,
    StoreError,
    facet_filter,
)
from kb.store.factory import open_store

SEMANTIC_REASON_RANK = 10  # "found by meaning" when the semantic side alone would show it on the first page
Filters = Mapping[str, list[str]]
P = ParamSpec("P")
R = TypeVar("R")


def _one_state(method: "Callable[P, R]") -> "Callable[P, R]":
    """The whole call reads one state of the index: a change is applied before it or after it, never during."""

    @functools.wraps(method)
    def reading(*args: P.args, **kwargs: P.kwargs) -> R:
        with args[0].store.reading():  # type: ignore[attr-defined]
            return method(*args, **kwargs)

    return reading


class KnowledgeBase:
    """Opens the model and the store once; answers searches and look-ups many times."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        store: Store | None = None,
        fusion: Fusion | None = None,
    ):
        self.settings = settings
        self.fusion = fusion or Fusion()
        self.ranking = RANKING
        self.cutoffs = dict(CUTOFFS)
        # The store first: a busy, damaged or misplaced one says so before the model takes seconds to load.
        self.store = store or open_store(settings)
        try:
            self.embedder = embedder or load_embedder(settings)
        except BaseException:
            if store is None:
                self.store.close()
            raise
        self._model = Model.of(self.embedder)
        self._warm_up()

    def _warm_up(self) -> None:
        """The first user should not wait for the model's first run or the store's first read."""
        try:
            self.search(SearchQuery("uppvärmning"))
        except StoreError:  # no index yet, or another model's: each request will say so
            self.embedder.embed_queries(["uppvärmning"])

    def close(self) -> None:
        self.store.close()

    def live_indexer(self, folder: Path) -> LiveIndexer:
        """The one writer of this knowledge base's index while it serves: applies the changes in `folder`."""
        return LiveIndexer(self.settings, self.store, self.embedder, folder)

    def index_info(self) -> IndexInfo:
        """The live index, checked against this process's model."""
        info = self.store.info()
        if info is None:
            damage = self.store.damage()
            raise StoreDamagedError(damage) if damage else NoIndexError(NO_INDEX)
        problem = info.mismatch(self._model)
        if problem:
            raise IndexMismatchError(problem)
        return info

    def revision(self) -> str:
        """Changes whenever the index does: what is derived from the whole index is cached against it."""
        return self.store.revision()

    # --- rankings --------------------------------------------------------

    def rank(self, text: str, filters: Filters | None = None, mode: Mode = Mode.hybrid) -> list[Candidate]:
        """The entries that fit, best first, steered as a search is, without snippets or reasons."""
        return self.rank_groups(text, {"": filters or {}}, mode, understand(text))[""]

    @_one_state
    def rank_groups(
        self,
        text: str,
        groups: Mapping[str, Filters],
        mode: Mode = Mode.hybrid,
        understood: Understanding | None = None,
        cut: bool = True,
    ) -> dict[str, list[Candidate]]:
        """One ranking per named filter, from one store call (the text is embedded once). Steered by what the query
        says when `understood` is given; with `cut`, holding only the entries that fit. Matching, whose adviser
        rules weigh place and wants themselves and whose floor decides what fits, passes neither."""
        self.index_info()
        wheres = [facet_filter(dict(filters)) for filters in groups.values()]
        keywords = understood.keywords(text) if understood else text
        rankings = retrieve(self.store, self.embedder, text, mode, wheres, self.fusion, keywords)
        if understood:
            rankings = [steer(candidates, understood, self.ranking) for candidates in rankings]
        if cut:
            words = (understood or understand(text)).alternatives(text)
            texts = self._texts_reader()  # one read per entry across the groups (a filter's group shares its top)
            rankings = [self.cutoffs[mode].apply(candidates, words, texts) for candidates in rankings]
        return dict(zip(groups, rankings, strict=True))

    def _texts_reader(self) -> Callable[[list[str]], dict[str, str]]:
        """All that an entry's words can be found in (title, summary, facts, body), each entry read once."""
        seen: dict[str, str] = {}

        def texts(entry_ids: list[str]) -> dict[str, str]:
            missing = [entry_id for entry_id in dict.fromkeys(entry_ids) if entry_id not in seen]
            if missing:
                for entry_id, entry in self.entries(missing).items():
                    seen[entry_id] = "\n".join([entry.title, entry.summary or "", head_facts(entry), entry.body])
            return {entry_id: seen[entry_id] for entry_id in entry_ids if entry_id in seen}

        return texts

    # --- searches --------------------------------------------------------

    @_one_state
    def search(self, query: SearchQuery) -> SearchResponse:
        started = time.perf_counter()
        query.validate()
        # The search itself, and per facet the query sets, the same search without that filter (for its counts).
        faceted = [key for key in query.filters if key in facets.FACET_FIELDS]
        groups = {"": query.filters} | {key: {k: v for k, v in query.filters.items() if k != key} for key in faceted}
        understood = understand(query.text)
        rankings = self.rank_groups(query.text, groups, query.mode, understood)
        candidates = rankings[""]
        counts = facets.count(candidates[: facets.FACET_CANDIDATES])
        for key in faceted:
            counts.update(facets.count(rankings[key][: facets.FACET_CANDIDATES], [key]))
        terms = explain.QueryTerms.of(query.text)
        page = candidates[query.offset : query.offset + query.limit]
        passages = self.store.passages([c.shown.point_id for c in page])
        return SearchResponse(
            query=query.text,
            mode=query.mode,
            total=len(candidates),
            results=[_result(candidate, passages[candidate.shown.point_id], terms) for candidate in page],
            facets=counts,
            understood=understood,
            took_ms=round((time.perf_counter() - started) * 1000, 2),
        )

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors of short texts to compare with each other, such as companies' needs and offers."""
        return embed_short_texts(self.embedder, texts)

    # --- entries ---------------------------------------------------------

    @_one_state
    def entries(self, entry_ids: list[str]) -> dict[str, EntryBase]:
        """Typed entries by id, in the order asked (ids with no entry left out); no HTML is rendered."""
        self.index_info()
        found = {head["entry_id"]: entry_from_record(head["entry"]) for head in self.store.heads(list(entry_ids))}
        return {entry_id: found[entry_id] for entry_id in dict.fromkeys(entry_ids) if entry_id in found}

    @_one_state
    def entries_where(self, filters: Filters) -> list[EntryBase]:
        """Every entry that passes `filters` (keys as in SearchQuery.filters)."""
        self.index_info()
        return [entry_from_record(head["entry"]) for head in self.store.heads(filters=dict(filters))]

    @_one_state
    def entry(self, entry_id: str) -> EntryView | None:
        """One entry whole, as a page shows it: sanitised HTML and the entries it refers to."""
        found = self.entries([entry_id])
        if not found:
            return None
        entry = found[entry_id]
        wanted = [v for values in entry.references().values() for v in values if v != entry.id]
        related = [{"id": e.id, "type": e.type.value, "title": e.title} for e in self.entries(wanted).values()]
        return EntryView(entry, render_html(entry.body), related)

    @_one_state
    def health(self) -> dict[str, Any]:
        """`ok`; `degraded` when the store disagrees with its own record or its files (the message says
        why and what to do); `no-index`; or `error` when the index cannot be searched at all."""
        status: dict[str, Any] = {
            "status": "ok",
            "model": self.embedder.name,
            "dimension": self.embedder.dimension,
            "store": self.settings.store_kind,
            "entries": 0,
            "chunks": 0,
        }
        try:
            self.index_info()
        except StoreError as exc:
            return {**status, "status": "no-index" if isinstance(exc, NoIndexError) else "error", "message": str(exc)}
        held = Contents(self.store.count_entries(), self.store.count())
        counted = {**status, "entries": held.entries, "chunks": held.chunks}
        problem = self.store.problem(held)
        return {**counted, "status": "degraded", "message": problem} if problem else counted


def _result(candidate: Candidate, payload: dict[str, Any], terms: explain.QueryTerms) -> SearchResult:
    # a passage that is only the example disclaimer shows nothing readable: then the summary stands for it
    text = payload.get("text") if explain.readable(payload.get("text") or "") else payload.get("summary")
    shown = explain.snippet(text or "", terms)
    semantic = candidate.ranks.get(SEMANTIC_SIDE, SEMANTIC_REASON_RANK + 1) <= SEMANTIC_REASON_RANK
    return SearchResult(
        id=candidate.entry_id,
        type=payload["type"],
        title=payload["title"],
        summary=payload.get("summary"),
        url=payload.get("url"),
        regions=payload.get("regions") or [],
        municipalities=payload.get("municipalities") or [],
        topics=payload.get("topics") or [],
        score=round(candidate.score, 4),
        snippet=shown.text,
        snippet_html=shown.html,
        highlights=shown.highlights,
        reasons=explain.reasons(terms, payload["title"], payload.get("topics") or [], payload.get("text") or "", semantic),
    )
