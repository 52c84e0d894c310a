"""Chunks in Qdrant: embedded on disk, or a server by URL, through the same calls.

Searches read an alias (`settings.collection`); a full rebuild fills a new
collection aside and then moves the alias in one step, so a half-built index
is never what a search sees. The collection's metadata records the model and
dimension that built it.
"""

import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from qdrant_client import QdrantClient, models

from kb.lexical import SparseVector
from kb.settings import Settings

DENSE = "dense"
LEXICAL = "lexical"
SCHEMA_VERSION = 3  # 2: a BM25 sparse vector beside the dense one; 3: head chunk text is the summary alone
_NAMESPACE = uuid.UUID("6f1c0d1e-5a7b-4c1e-9d0a-2b8e3f4a5c6d")
# Payload keys that filters use; values are lowercased so "dalarna" finds "Dalarna".
FILTER_KEYS = ("type", "region", "municipality", "topic", "status")
_KEYWORD_INDEXES = ["entry_id", "entry_hash", *(f"facets.{key}" for key in FILTER_KEYS)]
_HEAD = models.FieldCondition(key="head", match=models.MatchValue(value=True))
_WITHOUT_ENTRY = models.PayloadSelectorExclude(exclude=["entry"])


class StoreError(RuntimeError):
    """The index cannot be used as asked; the message says what to do."""


class StoreBusyError(StoreError):
    pass


@dataclass(frozen=True)
class IndexInfo:
    collection: str
    model: str
    dimension: int
    schema: int


@dataclass(frozen=True)
class ChunkPoint:
    entry_id: str
    entry_hash: str
    chunk: int
    vector: list[float]
    lexical: SparseVector
    payload: dict[str, Any]

    @property
    def point_id(self) -> str:
        return str(uuid.uuid5(_NAMESPACE, f"{self.entry_id}:{self.entry_hash}:{self.chunk}"))


@dataclass(frozen=True)
class Hit:
    score: float
    payload: dict[str, Any]


def open_client(settings: Settings) -> QdrantClient:
    if settings.qdrant_url:
        key = settings.qdrant_api_key.get_secret_value() if settings.qdrant_api_key else None
        return QdrantClient(url=settings.qdrant_url, api_key=key)
    settings.store_path.mkdir(parents=True, exist_ok=True)
    try:
        return QdrantClient(path=str(settings.store_path))
    except RuntimeError as exc:
        if "already accessed" not in str(exc):
            raise
        raise StoreBusyError(
            f"The index at {settings.store_path} is in use by another process (a running `kb serve`?): "
            "stop it and run this command again, or use a Qdrant server (KB_QDRANT_URL) to index while serving."
        ) from None


def facet_filter(filters: dict[str, list[str]]) -> models.Filter | None:
    """Values of one key are OR-ed, different keys AND-ed."""
    must = [
        models.FieldCondition(key=f"facets.{key}", match=models.MatchAny(any=[v.lower() for v in values]))
        for key, values in filters.items()
        if values
    ]
    return models.Filter(must=must) if must else None


class Store:
    def __init__(self, settings: Settings, client: QdrantClient | None = None):
        self.alias = settings.collection
        self.client = client or open_client(settings)
        self._remote = settings.qdrant_url is not None  # payload indexes only matter on a server

    def close(self) -> None:
        self.client.close()

    # --- what is built -------------------------------------------------

    def info(self) -> IndexInfo | None:
        """The live index, or None when nothing has been built yet."""
        target = self._alias_target()
        if target is None:
            return None
        metadata = self.client.get_collection(target).config.metadata or {}
        return IndexInfo(
            target, str(metadata.get("model")), int(metadata.get("dimension", 0)), int(metadata.get("schema", 1))
        )

    def _alias_target(self) -> str | None:
        for alias in self.client.get_aliases().aliases:
            if alias.alias_name == self.alias:
                return alias.collection_name
        return None

    def create_collection(self, model: str, dimension: int) -> str:
        """A new, empty collection beside the live one; not searched until activated."""
        name = f"{self.alias}-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
        self.client.create_collection(
            name,
            vectors_config={DENSE: models.VectorParams(size=dimension, distance=models.Distance.COSINE)},
            sparse_vectors_config={LEXICAL: models.SparseVectorParams(modifier=models.Modifier.IDF)},
            metadata={"model": model, "dimension": dimension, "schema": SCHEMA_VERSION},
        )
        if self._remote:
            for key in _KEYWORD_INDEXES:
                self.client.create_payload_index(name, key, field_schema=models.PayloadSchemaType.KEYWORD)
            self.client.create_payload_index(name, "head", field_schema=models.PayloadSchemaType.BOOL)
        return name

    def activate(self, collection: str) -> None:
        """Point the alias at `collection` in one step, then drop what it replaced."""
        old = self._alias_target()
        operations: list[Any] = []
        if old is not None:
            operations.append(models.DeleteAliasOperation(delete_alias=models.DeleteAlias(alias_name=self.alias)))
        operations.append(
            models.CreateAliasOperation(create_alias=models.CreateAlias(collection_name=collection, alias_name=self.alias))
        )
        self.client.update_collection_aliases(change_aliases_operations=operations)
        self.drop_unused()

    def drop_unused(self) -> None:
        """Remove collections of ours that no alias points at (replaced or abandoned builds)."""
        live = self._alias_target()
        for collection in self.client.get_collections().collections:
            if collection.name.startswith(f"{self.alias}-") and collection.name != live:
                self.client.delete_collection(collection.name)

    # --- writing -------------------------------------------------------

    def upsert(self, collection: str, points: list[ChunkPoint]) -> None:
        self.client.upsert(
            collection,
            points=[
                models.PointStruct(
                    id=p.point_id,
                    vector={DENSE: p.vector, LEXICAL: models.SparseVector(indices=p.lexical.indices, values=p.lexical.values)},
                    payload=p.payload,
                )
                for p in points
            ],
        )

    def delete_stale(self, collection: str, entry_id: str, keep_hash: str) -> None:
        """Remove chunks of older versions of an entry, after the new ones are in."""
        self._delete(
            collection,
            models.Filter(
                must=[models.FieldCondition(key="entry_id", match=models.MatchValue(value=entry_id))],
                must_not=[models.FieldCondition(key="entry_hash", match=models.MatchValue(value=keep_hash))],
            ),
        )

    def delete_entries(self, collection: str, entry_ids: list[str]) -> None:
        if entry_ids:
            self._delete(
                collection,
                models.Filter(must=[models.FieldCondition(key="entry_id", match=models.MatchAny(any=entry_ids))]),
            )

    def _delete(self, collection: str, selector: models.Filter) -> None:
        self.client.delete(collection, points_selector=models.FilterSelector(filter=selector))

    # --- reading -------------------------------------------------------

    def entry_hashes(self, collection: str) -> dict[str, set[str]]:
        """Which versions of each entry the collection holds."""
        versions: dict[str, set[str]] = {}
        for payload in self._scroll(collection, None, ["entry_id", "entry_hash"]):
            versions.setdefault(payload["entry_id"], set()).add(payload["entry_hash"])
        return versions

    def heads(self, entry_ids: list[str] | None = None, filters: dict[str, list[str]] | None = None) -> list[dict[str, Any]]:
        """Head-chunk payloads (which hold the whole entry) of the given entries, or of all that pass `filters`."""
        conditions: list[Any] = [_HEAD]
        if entry_ids is not None:
            if not entry_ids:
                return []
            conditions.append(models.FieldCondition(key="entry_id", match=models.MatchAny(any=entry_ids)))
        narrowed = facet_filter(filters or {})
        if narrowed:
            conditions.extend(narrowed.must)
        return list(self._scroll(self.alias, models.Filter(must=conditions), True))

    def _scroll(self, collection: str, scroll_filter: models.Filter | None, payload: Any) -> Iterator[dict[str, Any]]:
        offset = None
        while True:
            points, offset = self.client.scroll(
                collection, scroll_filter=scroll_filter, limit=512, offset=offset, with_payload=payload
            )
            for point in points:
                yield point.payload or {}
            if offset is None:
                return

    def count(self, heads_only: bool = False) -> int:
        condition = models.Filter(must=[_HEAD]) if heads_only else None
        return self.client.count(self.alias, count_filter=condition, exact=True).count

    def search(self, requests: list["SearchRequest"]) -> list[list[Hit]]:
        """Several chunk searches in one round trip, best chunk first in each."""
        batch = [
            models.QueryRequest(
                query=r.vector if r.using == DENSE else models.SparseVector(indices=r.vector.indices, values=r.vector.values),
                using=r.using,
                filter=r.query_filter,
                limit=r.limit,
                with_payload=_WITHOUT_ENTRY,
            )
            for r in requests
        ]
        responses = self.client.query_batch_points(self.alias, requests=batch)
        return [[Hit(p.score, p.payload or {}) for p in response.points] for response in responses]


@dataclass(frozen=True)
class SearchRequest:
    using: str  # DENSE or LEXICAL
    vector: Any  # list[float] for DENSE, SparseVector for LEXICAL
    query_filter: models.Filter | None
    limit: int
