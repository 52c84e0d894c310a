"""The embedded store: Qdrant Edge, the Qdrant engine in this process, on disk at `store_path`.

Edge has one shard per folder and no aliases, so the layout gives them:

    store_path/.lock                 held by the one process that owns the store
    store_path/live.json             which shard is live, and its model; replaced atomically
    store_path/shards/<name>/        one Edge shard per built index
    store_path/shards/<name>.json    the model that built it, until it goes live

Dense searches with a filter are exact (a full scan of the matching points):
Edge's filtered HNSW search can miss results, and a scan of ten thousand
chunks takes about a millisecond.

Edge reads a payload whole, even for two of its fields, and a head chunk's
holds the entry: 400 hits cost ~6 ms that way, against 0.5 ms for the search
itself. So searches ask for no payload, and the few fields a hit needs
(HIT_FIELDS) are read once into memory, ~0.5 kB a chunk, and dropped on any
write; only one process owns the store, so nothing else can change them.
"""

import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from kb.settings import Settings
from kb.store.base import (
    DENSE,
    HIT_FIELDS,
    INTEGER_INDEXES,
    KEYWORD_INDEXES,
    LEXICAL,
    NO_INDEX,
    SPARSE_FULL_SCAN_THRESHOLD,
    WITHOUT_ENTRY,
    ChunkPoint,
    Hit,
    IndexInfo,
    Model,
    NoIndexError,
    SearchRequest,
    Store,
    StoreError,
    Where,
    busy_error,
    engine_filter,
)

_SCROLL_PAGE = 1024


class EdgeStore(Store):
    def __init__(self, settings: Settings):
        import qdrant_edge

        self._edge = qdrant_edge
        self.root = settings.store_path
        self.alias = settings.collection
        (self.root / "shards").mkdir(parents=True, exist_ok=True)
        self._lock = _lock(self.root / ".lock", settings)
        self._shards: dict[str, Any] = {}
        self._live: IndexInfo | None = self._read_live()
        self._hit_payloads: dict[int, dict[str, Any]] | None = None  # of the live shard; see the module's doc
        self._writes = 0  # in this process, the store's one owner: with the live shard, the revision

    def close(self) -> None:
        for shard in self._shards.values():
            shard.close()
        self._shards.clear()
        if not self._lock.closed:
            self._lock.close()  # closing the file releases the lock

    # --- what is built -------------------------------------------------

    def info(self) -> IndexInfo | None:
        # No other process can change live.json while this one holds the lock, so it is read once.
        return self._live

    def _read_live(self) -> IndexInfo | None:
        path = self.root / "live.json"
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        if not (self.root / "shards" / data["collection"]).is_dir():
            raise StoreError(f"The index at {self.root} names a shard that is missing: run `kb index --rebuild`.")
        return IndexInfo.from_record(data["collection"], data)

    def create_collection(self, model: Model) -> str:
        edge = self._edge
        info = IndexInfo.new(self.alias, model)
        name = info.collection
        config = edge.EdgeConfig(
            vectors={DENSE: edge.EdgeVectorParams(size=model.dimension, distance=edge.Distance.Cosine)},
            sparse_vectors={
                LEXICAL: edge.EdgeSparseVectorParams(
                    modifier=edge.Modifier.Idf, full_scan_threshold=SPARSE_FULL_SCAN_THRESHOLD
                )
            },
        )
        shard = edge.EdgeShard.create(str(self.root / "shards" / name), config)
        for key in KEYWORD_INDEXES:
            shard.update(edge.UpdateOperation.create_field_index(key, edge.PayloadSchemaType.Keyword))
        for key in INTEGER_INDEXES:
            shard.update(edge.UpdateOperation.create_field_index(key, edge.PayloadSchemaType.Integer))
        self._shards[name] = shard
        _write_atomically(self.root / "shards" / f"{name}.json", info.record())
        return name

    def activate(self, collection: str) -> None:
        self._shard(collection).flush()
        record = json.loads((self.root / "shards" / f"{collection}.json").read_text(encoding="utf-8"))
        _write_atomically(self.root / "live.json", {"collection": collection, **record})
        self._live = IndexInfo.from_record(collection, record)
        self._changed()
        self._drop_unused()

    def _drop_unused(self) -> None:
        """Remove shards that are not live (replaced or abandoned builds)."""
        live = self._live.collection if self._live else None
        for path in (self.root / "shards").iterdir():
            name = path.name.removesuffix(".json")
            if name == live:
                continue
            if name in self._shards:
                self._shards.pop(name).close()
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()

    def _shard(self, collection: str | None) -> Any:
        if collection is None:
            if self._live is None:
                raise NoIndexError(NO_INDEX)
            collection = self._live.collection
        if collection not in self._shards:
            self._shards[collection] = self._edge.EdgeShard.load(str(self.root / "shards" / collection))
        return self._shards[collection]

    # --- writing -------------------------------------------------------

    def upsert(self, collection: str, points: list[ChunkPoint]) -> None:
        edge = self._edge
        self._changed()
        self._shard(collection).update(
            edge.UpdateOperation.upsert_points(
                [
                    edge.Point(
                        p.point_id,
                        {DENSE: p.vector, LEXICAL: edge.SparseVector(p.lexical.indices, p.lexical.values)},
                        p.payload,
                    )
                    for p in points
                ]
            )
        )

    def delete(self, collection: str, where: Where) -> None:
        self._changed()
        self._shard(collection).update(self._edge.UpdateOperation.delete_points_by_filter(self._filter(where)))

    def _changed(self) -> None:
        self._hit_payloads = None
        self._writes += 1

    # --- reading -------------------------------------------------------

    def revision(self) -> str:
        return f"{self._live.collection if self._live else ''}:{self._writes}"

    def scroll(self, collection: str | None, where: Where, fields: list[str] | None) -> Iterator[dict[str, Any]]:
        return (payload for _, payload in self._records(collection, where, fields))

    def _records(
        self, collection: str | None, where: Where, fields: list[str] | None
    ) -> Iterator[tuple[int, dict[str, Any]]]:
        shard = self._shard(collection)
        offset = None
        while True:
            records, offset = shard.scroll(
                self._edge.ScrollRequest(
                    offset=offset, limit=_SCROLL_PAGE, filter=self._filter(where),
                    with_payload=fields if fields is not None else True,
                )
            )
            for record in records:
                yield record.id, record.payload or {}
            if offset is None:
                return

    def count(self, where: Where = Where()) -> int:
        if self._live is None:
            return 0
        return self._shard(None).count(self._edge.CountRequest(exact=True, filter=self._filter(where)))

    def search(self, requests: list[SearchRequest]) -> list[list[Hit]]:
        edge = self._edge
        batch = [
            edge.QueryRequest(
                limit=r.limit,
                query=edge.Query.Nearest(
                    r.vector if r.using == DENSE else edge.SparseVector(r.vector.indices, r.vector.values), using=r.using
                ),
                filter=self._filter(r.where),
                params=edge.SearchParams(exact=True) if r.where and r.using == DENSE else None,
                with_payload=False,
            )
            for r in requests
        ]
        responses = self._shard(None).query_batch(edge.QueryBatchRequest(batch))
        if self._hit_payloads is None:
            self._hit_payloads = dict(self._records(None, Where(), HIT_FIELDS))
        payloads = self._hit_payloads
        return [[Hit(p.id, p.score, payloads[p.id]) for p in points] for points in responses]

    def passages(self, point_ids: list[int]) -> dict[int, dict[str, Any]]:
        if not point_ids:
            return {}
        records = self._shard(None).retrieve(point_ids, self._edge.PayloadSelector.Exclude(WITHOUT_ENTRY), False)
        return {r.id: r.payload or {} for r in records}

    def _filter(self, where: Where) -> Any:
        return engine_filter(where, self._edge)


def _lock(path: Path, settings: Settings) -> IO[str]:
    """One process owns the embedded store; a second one gets a one-sentence error, not a corrupt index."""
    handle = path.open("a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise busy_error(settings) from None
    return handle


def _write_atomically(path: Path, data: dict[str, Any]) -> None:
    """Readers see the old file or the new one, never half of one, even after a crash."""
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        json.dump(data, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
