"""The store on a Qdrant server (KB_QDRANT_URL), through qdrant-client.

The live index is an alias (`settings.collection`) moved in one step. The same
class runs on qdrant-client's local mode in the congruence tests, which is how
its calls are exercised here, where no server can run.

A server has no single owner: several `kb serve` replicas and a `kb index` may
use it at once. So what a collection records (its revision, what it holds, when
it was last written) lives in the collection's metadata, which the server
merges key by key; and a build that is not live is dropped only once it has
not been written to for ABANDONED_AFTER seconds, since another process may be
filling it right now.
"""

import time
import uuid
from collections.abc import Iterator
from typing import Any

from qdrant_client import QdrantClient, models

from kb.settings import Settings
from kb.store.base import (
    DENSE,
    HIT_FIELDS,
    INTEGER_INDEXES,
    KEYWORD_INDEXES,
    LEXICAL,
    SPARSE_FULL_SCAN_THRESHOLD,
    WITHOUT_ENTRY,
    ChunkPoint,
    Contents,
    Hit,
    IndexInfo,
    Model,
    SearchRequest,
    Store,
    Where,
    engine_filter,
)

ABANDONED_AFTER = 3600.0  # seconds without a write after which a collection that is not live is a dead build
# Seconds after a write during which the record is not compared with the counts: another process may be
# between two steps of one entry (its new chunks in, its record not yet), and health must not flicker.
SETTLE_SECONDS = 10.0


class ClientStore(Store):
    def __init__(self, client: QdrantClient, alias: str, payload_indexes: bool):
        super().__init__()
        self.client = client
        self.alias = alias
        self._payload_indexes = payload_indexes  # they only matter on a server; local mode ignores them

    @classmethod
    def for_server(cls, settings: Settings) -> "ClientStore":
        key = settings.qdrant_api_key.get_secret_value() if settings.qdrant_api_key else None
        return cls(QdrantClient(url=settings.qdrant_url, api_key=key), settings.collection, payload_indexes=True)

    def close(self) -> None:
        self.client.close()

    def info(self) -> IndexInfo | None:
        target = self._alias_target()
        if target is None:
            return None
        metadata = self.client.get_collection(target).config.metadata or {}
        return IndexInfo.from_record(target, metadata)

    def _alias_target(self) -> str | None:
        for alias in self.client.get_aliases().aliases:
            if alias.alias_name == self.alias:
                return alias.collection_name
        return None

    def create_collection(self, model: Model) -> str:
        self._drop_unused()  # builds killed long ago (a reader may hold a read-only key, so writers clean)
        info = IndexInfo.new(self.alias, model)
        name = info.collection
        self.client.create_collection(
            name,
            vectors_config={DENSE: models.VectorParams(size=model.dimension, distance=models.Distance.COSINE)},
            sparse_vectors_config={
                LEXICAL: models.SparseVectorParams(
                    index=models.SparseIndexParams(full_scan_threshold=SPARSE_FULL_SCAN_THRESHOLD),
                    modifier=models.Modifier.IDF,
                )
            },
            metadata={**info.record(), "written": time.time()},
        )
        if self._payload_indexes:
            for key in KEYWORD_INDEXES:
                self.client.create_payload_index(name, key, field_schema=models.PayloadSchemaType.KEYWORD)
            for key in INTEGER_INDEXES:
                self.client.create_payload_index(name, key, field_schema=models.PayloadSchemaType.INTEGER)
        return name

    def activate(self, collection: str) -> None:
        old = self._alias_target()
        operations: list[Any] = []
        if old is not None:
            operations.append(models.DeleteAliasOperation(delete_alias=models.DeleteAlias(alias_name=self.alias)))
        operations.append(
            models.CreateAliasOperation(create_alias=models.CreateAlias(collection_name=collection, alias_name=self.alias))
        )
        self.client.update_collection_aliases(change_aliases_operations=operations)
        self._drop_unused(replaced=old)

    def _drop_unused(self, replaced: str | None = None) -> None:
        """Remove collections of ours that no alias points at: the one just replaced, and builds nobody has
        written to for ABANDONED_AFTER seconds (a younger one may be another process's build in progress)."""
        live = self._alias_target()
        for collection in self.client.get_collections().collections:
            name = collection.name
            if not name.startswith(f"{self.alias}-") or name == live:
                continue
            written = (self.client.get_collection(name).config.metadata or {}).get("written", 0.0)
            if name == replaced or time.time() - float(written) > ABANDONED_AFTER:
                self.client.delete_collection(name)

    def revision(self) -> str:
        target = self._alias_target()
        if target is None:
            return ""
        return f"{target}:{(self.client.get_collection(target).config.metadata or {}).get('revision', '')}"

    def _changed(self, collection: str) -> None:
        """A new random revision in the collection's metadata: every process on the server sees it, and two
        writers at once cannot leave it where it was (a counter could). The server merges metadata by key."""
        self.client.update_collection(collection, metadata={"revision": uuid.uuid4().hex, "written": time.time()})

    def record_contents(self, collection: str, contents: Contents) -> None:
        self.client.update_collection(collection, metadata={"contents": contents.record()})

    def recorded_contents(self) -> Contents | None:
        target = self._alias_target()
        if target is None:
            return None
        metadata = self.client.get_collection(target).config.metadata or {}
        if time.time() - float(metadata.get("written", 0.0)) < SETTLE_SECONDS:
            return None  # a writer is at work: see SETTLE_SECONDS
        return Contents.from_record(metadata.get("contents"))

    def damage(self) -> str | None:
        return None  # the server keeps its own files

    def check_vectors(self) -> None:
        pass  # the server reads its own vectors; a damaged one fails the request that needs it

    def flush(self) -> None:
        pass  # the server makes its writes durable before it answers them

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
        self._changed(collection)

    def delete(self, collection: str, where: Where) -> None:
        self.client.delete(collection, points_selector=models.FilterSelector(filter=engine_filter(where, models)))
        self._changed(collection)

    def scroll(self, collection: str | None, where: Where, fields: list[str] | None) -> Iterator[dict[str, Any]]:
        offset = None
        while True:
            points, offset = self.client.scroll(
                collection or self.alias, scroll_filter=engine_filter(where, models), limit=512, offset=offset,
                with_payload=fields if fields is not None else True,
            )
            for point in points:
                yield point.payload or {}
            if offset is None:
                return

    def count(self, where: Where = Where()) -> int:
        if self._alias_target() is None:
            return 0
        return self.client.count(self.alias, count_filter=engine_filter(where, models), exact=True).count

    def search(self, requests: list[SearchRequest]) -> list[list[Hit]]:
        batch = [
            models.QueryRequest(
                query=r.vector if r.using == DENSE else models.SparseVector(indices=r.vector.indices, values=r.vector.values),
                using=r.using,
                filter=engine_filter(r.where, models),
                limit=r.limit,
                with_payload=HIT_FIELDS,
            )
            for r in requests
        ]
        responses = self.client.query_batch_points(self.alias, requests=batch)
        return [[Hit(p.id, p.score, p.payload or {}) for p in response.points] for response in responses]

    def passages(self, point_ids: list[int]) -> dict[int, dict[str, Any]]:
        if not point_ids:
            return {}
        records = self.client.retrieve(
            self.alias, point_ids, with_payload=models.PayloadSelectorExclude(exclude=WITHOUT_ENTRY)
        )
        return {r.id: r.payload or {} for r in records}
