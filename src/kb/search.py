"""Search and entry look-up over the index: the façade the API and the CLI share."""

import time
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from kb import explain
from kb.embedding import Embedder, load_embedder
from kb.entries import EntryBase, EntryType, entry_from_record
from kb.markdown import render_html
from kb.retrieval import SEMANTIC_SIDE, Candidate, Fusion, Mode, retrieve
from kb.settings import Settings
from kb.store import (
    FILTER_KEYS,
    NO_INDEX,
    SCHEMA_VERSION,
    IndexInfo,
    NoIndexError,
    Store,
    StoreError,
    facet_filter,
    open_store,
)

MAX_QUERY_CHARS = 500
MAX_LIMIT = 50
FACET_CANDIDATES = 100  # facets count the entries a user could page through, not every faint match
SEMANTIC_REASON_RANK = 10  # "found by meaning" when the semantic side alone would show it on the first page
FACET_FIELDS = {"type": "type", "region": "regions", "municipality": "municipalities", "topic": "topics"}


class InvalidQueryError(ValueError):
    pass


class ModelMismatchError(StoreError):
    pass


@dataclass
class SearchQuery:
    text: str
    filters: dict[str, list[str]] = field(default_factory=dict)  # keys: FILTER_KEYS
    limit: int = 10
    offset: int = 0
    mode: Mode = Mode.hybrid

    def __post_init__(self) -> None:
        # A filter given no values does not filter: callers may pass every key, filled or not.
        self.filters = {key: values for key, values in self.filters.items() if values}

    def validate(self) -> None:
        if not self.text.strip():
            raise InvalidQueryError("the query is empty: write a word or a question")
        if len(self.text) > MAX_QUERY_CHARS:
            raise InvalidQueryError(f"the query is {len(self.text)} characters; the limit is {MAX_QUERY_CHARS}")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise InvalidQueryError(f"limit must be between 1 and {MAX_LIMIT}")
        if self.offset < 0:
            raise InvalidQueryError("offset must be 0 or more")
        unknown = set(self.filters) - set(FILTER_KEYS)
        if unknown:
            raise InvalidQueryError(f"unknown filter {sorted(unknown)}; filters are {', '.join(FILTER_KEYS)}")
        types = {t.value for t in EntryType}
        for value in self.filters.get("type", []):
            if value.lower() not in types:
                raise InvalidQueryError(f"unknown type '{value}'; expected one of: {', '.join(sorted(types))}")


class EntryCard(BaseModel):
    """What any list of entries shows of each: search results and match groups alike."""

    id: str
    type: str
    title: str
    summary: str | None
    url: str | None
    regions: list[str]
    municipalities: list[str]
    score: float


class SearchResult(EntryCard):
    topics: list[str]
    snippet: str
    snippet_html: str
    highlights: list[tuple[int, int]]
    reasons: list[explain.Reason]


class SearchResponse(BaseModel):
    query: str
    mode: Mode
    total: int  # candidates found (at most the candidate pool), for paging
    results: list[SearchResult]
    facets: dict[str, dict[str, int]]
    took_ms: float


@dataclass
class EntryView:
    entry: EntryBase
    body_html: str
    related: list[dict[str, str]]


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
        self.embedder = embedder or load_embedder(settings)
        self.store = store or open_store(settings)
        self._warm_up()

    def _warm_up(self) -> None:
        """The first user should not wait for the model's first run or the store's first read."""
        try:
            self.search(SearchQuery("uppvärmning"))
        except StoreError:  # no index yet, or another model's: each request will say so
            self.embedder.embed_queries(["uppvärmning"])

    def close(self) -> None:
        self.store.close()

    def index_info(self) -> IndexInfo:
        """The live index, checked against this process's model."""
        info = self.store.info()
        if info is None:
            raise NoIndexError(NO_INDEX)
        if info.schema != SCHEMA_VERSION:
            raise ModelMismatchError("The index was built by an older version of kb: run `kb index --rebuild`.")
        if (info.model, info.dimension) != (self.embedder.name, self.embedder.dimension):
            raise ModelMismatchError(
                f"The index was built with model '{info.model}' (dimension {info.dimension}), but this process "
                f"uses '{self.embedder.name}' (dimension {self.embedder.dimension}): run `kb index --rebuild`, "
                f"or set KB_EMBEDDING_MODEL={info.model}."
            )
        return info

    def search(self, query: SearchQuery) -> SearchResponse:
        started = time.perf_counter()
        query.validate()
        self.index_info()
        candidates = retrieve(
            self.store, self.embedder, query.text, query.mode, facet_filter(query.filters), self.fusion
        )
        terms = explain.QueryTerms.of(query.text)
        page = candidates[query.offset : query.offset + query.limit]
        passages = self.store.passages([c.shown.point_id for c in page])
        return SearchResponse(
            query=query.text,
            mode=query.mode,
            total=len(candidates),
            results=[_result(candidate, passages[candidate.shown.point_id], terms) for candidate in page],
            facets=_facets(candidates[:FACET_CANDIDATES]),
            took_ms=round((time.perf_counter() - started) * 1000, 2),
        )

    def entry(self, entry_id: str) -> EntryView | None:
        heads = self.store.heads([entry_id])
        if not heads:
            return None
        entry = entry_from_record(heads[0]["entry"])
        wanted = list(dict.fromkeys(v for values in entry.references().values() for v in values if v != entry.id))
        related = [
            {"id": p["entry_id"], "type": p["type"], "title": p["title"]}
            for p in sorted(self.store.heads(wanted), key=lambda p: wanted.index(p["entry_id"]))
        ]
        return EntryView(entry, render_html(entry.body), related)

    def health(self) -> dict[str, Any]:
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
        return {**status, "entries": self.store.count_entries(), "chunks": self.store.count()}


def _result(candidate: Candidate, payload: dict[str, Any], terms: explain.QueryTerms) -> SearchResult:
    shown = explain.snippet(payload.get("text") or payload.get("summary") or "", terms)
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


def _facets(candidates: list[Candidate]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {name: {} for name in FACET_FIELDS}
    for candidate in candidates:
        for name, key in FACET_FIELDS.items():
            values = candidate.shown.payload.get(key)
            for value in values if isinstance(values, list) else [values]:
                if value:
                    counts[name][value] = counts[name].get(value, 0) + 1
    return {name: dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))) for name, found in counts.items()}
