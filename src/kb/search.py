"""Search and entry look-up over the index: the façade the API and the CLI share."""

import time
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from kb.embedding import Embedder, load_embedder
from kb.entries import EntryBase, EntryType, entry_from_record
from kb.markdown import render_html
from kb.settings import Settings
from kb.store import FILTER_KEYS, IndexInfo, Store, StoreError, facet_filter

MAX_QUERY_CHARS = 500
MAX_LIMIT = 50
SNIPPET_CHARS = 300


class InvalidQueryError(ValueError):
    pass


class NoIndexError(StoreError):
    pass


class ModelMismatchError(StoreError):
    pass


@dataclass
class SearchQuery:
    text: str
    filters: dict[str, list[str]] = field(default_factory=dict)  # keys: FILTER_KEYS
    limit: int = 10
    offset: int = 0

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


class SearchResult(BaseModel):
    id: str
    type: str
    title: str
    summary: str | None
    url: str | None
    regions: list[str]
    municipalities: list[str]
    topics: list[str]
    score: float
    snippet: str


class SearchResponse(BaseModel):
    query: str
    results: list[SearchResult]
    took_ms: float


@dataclass
class EntryView:
    entry: EntryBase
    body_html: str
    related: list[dict[str, str]]


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The start of a chunk, cut at a word boundary."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit)
    return flat[: cut if cut > 0 else limit] + " …"


class KnowledgeBase:
    """Opens the model and the store once; answers searches and look-ups many times."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None, store: Store | None = None):
        self.settings = settings
        self.embedder = embedder or load_embedder(settings)
        self.store = store or Store(settings)
        self.embedder.embed_queries(["uppvärmning"])  # warm the model before the first user waits

    def close(self) -> None:
        self.store.close()

    def index_info(self) -> IndexInfo:
        """The live index, checked against this process's model."""
        info = self.store.info()
        if info is None:
            raise NoIndexError("There is no index yet: run `kb index` first.")
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
        vector = self.embedder.embed_queries([query.text])[0].tolist()
        hits = self.store.search_grouped(vector, facet_filter(query.filters), query.offset + query.limit)
        results = [_result(hit.score, hit.payload) for hit in hits[query.offset :]]
        return SearchResponse(query=query.text, results=results, took_ms=round((time.perf_counter() - started) * 1000, 2))

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
        return {**status, "entries": self.store.count(heads_only=True), "chunks": self.store.count()}


def _result(score: float, payload: dict[str, Any]) -> SearchResult:
    return SearchResult(
        id=payload["entry_id"],
        type=payload["type"],
        title=payload["title"],
        summary=payload.get("summary"),
        url=payload.get("url"),
        regions=payload.get("regions") or [],
        municipalities=payload.get("municipalities") or [],
        topics=payload.get("topics") or [],
        score=round(score, 4),
        snippet=snippet(payload.get("text") or payload.get("summary") or ""),
    )
