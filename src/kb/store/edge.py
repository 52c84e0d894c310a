"""The embedded store: Qdrant Edge, the Qdrant engine in this process, on disk at `store_path`.

Edge has one shard per folder and no aliases, so the layout gives them:

    store_path/.lock                 held by the one process that owns the store
    store_path/live.json             which shard is live, and its model; replaced atomically
    store_path/shards/<name>/        one Edge shard per built index
    store_path/shards/<name>.json    the model that built it, until it goes live

Dense searches with a filter are exact (a full scan of the matching points):
Edge's filtered HNSW search can miss results, and a scan of ten thousand
chunks takes about a millisecond. Unfiltered ones are exact too up to
EXACT_DENSE_POINTS chunks, where a scan is faster than the graph.

Edge reads a payload whole, even for two of its fields, and a head chunk's
holds the entry: 400 hits cost ~6 ms that way, against 0.5 ms for the search
itself. So searches ask for no payload, and the few fields a hit needs
(HIT_FIELDS), with the version each chunk belongs to (VERSION_FIELDS, what an
incremental run compares), are read once into memory, ~0.6 kB a chunk, and
kept current by every write to the live shard: an upsert reads its points'
fields back, a delete drops the points it removes. (Reading them whole again
took ~0.3 s at 10k chunks, which the first search after every edit paid, and
each run of the live indexer.) Only one process
owns the store, so nothing else can change them, and a write to the live shard
waits for the searches in progress (`Store.writing`), so none of them reads
the table half-way.

Threads: an `EdgeShard` is safe to call from several threads (the engine holds
its segments under a read-write lock and its write-ahead log under a mutex);
`tests/store/test_concurrency.py` holds it to that. What this class adds is
loaded once under a lock of its own (shards) or replaced whole (the hit table).

Damage: the engine raises a plain `Exception` when its files cannot be read (a
truncated vector file, say). That becomes a `StoreDamagedError` naming the fix,
and is remembered, so health reports it and the next `kb index` rebuilds aside.
A `live.json` that is empty, unreadable or names a missing shard is damage too:
the store opens with no live index, and any `kb index` builds a new one.
"""

import fcntl
import json
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
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
    Contents,
    Hit,
    IndexInfo,
    Model,
    NoIndexError,
    SearchRequest,
    Store,
    StoreDamagedError,
    StoreError,
    Version,
    VERSION_FIELDS,
    Where,
    busy_error,
    engine_filter,
    versions_held,
)

_SCROLL_PAGE = 1024
# Up to this many chunks a dense search scans every vector, filtered or not: exact, and faster than the HNSW graph
# at our 200 candidates (10k chunks: 1.6 ms against 2.05). Above it the graph wins (a scan grows with the index).
EXACT_DENSE_POINTS = 20_000


class EdgeStore(Store):
    def __init__(self, settings: Settings):
        import qdrant_edge

        super().__init__()
        self._edge = qdrant_edge
        self.root = settings.store_path
        self.alias = settings.collection
        _make_folder(self.root / "shards")
        self._lock = _lock(self.root / ".lock", settings)
        self._shards: dict[str, Any] = {}
        self._loading = threading.Lock()  # two searches must not load one shard twice
        self._damage: str | None = None
        self._live: IndexInfo | None = None
        self._contents: Contents | None = None
        self._read_live()
        self._tables: tuple[dict[int, dict[str, Any]], dict[int, Version]] | None = None  # see the module's doc
        self._writes = 0  # in this process, the store's one owner: with the live shard, the revision
        if self._damage is None:
            self._drop_unused()  # shards of builds that were killed: nothing else can be building now

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

    def _read_live(self) -> None:
        """The live shard and its recorded contents, or damage: then there is no live index until the next build."""
        path = self.root / "live.json"
        if not path.exists():
            return
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            collection = data["collection"]
            live = IndexInfo.from_record(collection, data)
        except (OSError, ValueError, TypeError, KeyError) as exc:
            self._damage = _damaged(self.root, f"live.json cannot be read: {exc or type(exc).__name__}")
            return
        if not (self.root / "shards" / collection).is_dir():
            self._damage = _damaged(self.root, f"live.json names the shard {collection}, which is missing")
            return
        self._live = live
        self._contents = Contents.from_record(_read_record(self.root, collection).get("contents"))

    def create_collection(self, model: Model) -> str:
        self._require_owner()
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
        with self._engine(live=False):
            shard = edge.EdgeShard.create(str(self.root / "shards" / name), config)
            for key in KEYWORD_INDEXES:
                shard.update(edge.UpdateOperation.create_field_index(key, edge.PayloadSchemaType.Keyword))
            for key in INTEGER_INDEXES:
                shard.update(edge.UpdateOperation.create_field_index(key, edge.PayloadSchemaType.Integer))
        self._shards[name] = shard
        _write_atomically(self.root / "shards" / f"{name}.json", info.record())
        return name

    def optimize(self, collection: str) -> None:
        """Edge keeps a built shard's points in one plain segment, which every dense search scans whole: 21 ms a
        search at 110k chunks. Its optimizer builds the HNSW graph (188 s there, 3.0 ms a search after), worth it
        where searches use the graph: above EXACT_DENSE_POINTS (bench/scale.py, docs/performance.md)."""
        self._require_owner()
        shard = self._shard(collection)
        with self._engine(live=False):
            if shard.count(self._edge.CountRequest(exact=True)) > EXACT_DENSE_POINTS:
                shard.optimize()

    def activate(self, collection: str) -> None:
        self._require_owner()
        with self._engine(live=False):
            self._shard(collection).flush()
        record = json.loads((self.root / "shards" / f"{collection}.json").read_text(encoding="utf-8"))
        live = IndexInfo.from_record(collection, record)
        _write_atomically(self.root / "live.json", {"collection": collection, **live.record()})
        self._live, self._contents, self._damage = live, Contents.from_record(record.get("contents")), None
        self._changed(collection)
        self._tables = None  # another shard's: read whole when next asked for
        self._drop_unused()

    def record_contents(self, collection: str, contents: Contents) -> None:
        record = {**_read_record(self.root, collection), "contents": contents.record()}
        _write_atomically(self.root / "shards" / f"{collection}.json", record)
        if self._is_live(collection):
            self._contents = contents

    def recorded_contents(self) -> Contents | None:
        return self._contents

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
                raise StoreDamagedError(self._damage) if self._damage else NoIndexError(NO_INDEX)
            collection = self._live.collection
        shard = self._shards.get(collection)
        if shard is None:
            with self._loading, self._engine(live=self._is_live(collection)):
                shard = self._shards.get(collection) or self._edge.EdgeShard.load(str(self.root / "shards" / collection))
                self._shards[collection] = shard
        return shard

    def _is_live(self, collection: str | None) -> bool:
        return collection is None or (self._live is not None and collection == self._live.collection)

    @contextmanager
    def _engine(self, live: bool = True) -> Iterator[None]:
        """An error the engine raises about its files is damage: one sentence with the fix, remembered
        for health when it is the live shard's. (Edge raises a plain `Exception` for these.)"""
        try:
            yield
        except StoreError:
            raise
        except Exception as exc:
            if type(exc) is not Exception:
                raise
            damage = _damaged(self.root, str(exc))
            if live:
                self._damage = damage
            raise StoreDamagedError(damage) from exc

    def _require_owner(self) -> None:
        lost = self._lost()
        if lost:
            raise StoreError(lost)

    def _lost(self) -> str | None:
        """Whether the folder this process locked is still the store's: someone may have deleted or replaced it."""
        try:
            same = os.path.samestat(os.stat(self.root / ".lock"), os.fstat(self._lock.fileno()))
        except (OSError, ValueError):
            same = False
        if same:
            return None
        return (
            f"The index folder {self.root} was removed or replaced while this process was using it: "
            "stop this process (`kb serve`) and start it again."
        )

    def damage(self) -> str | None:
        return self._lost() or self._damage

    # --- writing -------------------------------------------------------

    def upsert(self, collection: str, points: list[ChunkPoint]) -> None:
        edge = self._edge
        self._changed(collection)
        operation = edge.UpdateOperation.upsert_points(
            [
                edge.Point(
                    p.point_id,
                    {DENSE: p.vector, LEXICAL: edge.SparseVector(p.lexical.indices, p.lexical.values)},
                    p.payload,
                )
                for p in points
            ]
        )
        shard = self._shard(collection)
        live = self._is_live(collection)
        with self._engine(live=live), self._patching(live):
            shard.update(operation)
            if live and self._tables is not None:  # as a search would read them: the shard's own values
                ids = [p.point_id for p in points]
                for record in shard.retrieve(ids, edge.PayloadSelector.Include(_TABLE_FIELDS), False):
                    _enter(self._tables, record.id, record.payload or {})

    def delete(self, collection: str, where: Where) -> None:
        self._changed(collection)
        shard = self._shard(collection)
        live = self._is_live(collection)
        patch = live and self._tables is not None  # no tables yet: nothing to patch, nothing to scroll for
        gone = [point_id for point_id, _ in self._records(collection, where, ["entry_id"])] if patch else []
        with self._engine(live=live), self._patching(live):
            shard.update(self._edge.UpdateOperation.delete_points_by_filter(self._filter(where)))
        for point_id in gone:  # only when there are tables to patch
            for table in self._tables:
                table.pop(point_id, None)

    @contextmanager
    def _patching(self, live: bool) -> Iterator[None]:
        """A write to the live shard that fails leaves it in a state the tables do not know: read them whole next."""
        try:
            yield
        except BaseException:
            if live:
                self._tables = None
            raise

    def _changed(self, collection: str) -> None:
        self._require_owner()
        self._writes += 1

    def flush(self) -> None:
        if self._live is not None:
            shard = self._shard(None)
            with self._engine():
                shard.flush()

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
            with self._engine(live=self._is_live(collection)):
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
        shard = self._shard(None)
        with self._engine():
            return shard.count(self._edge.CountRequest(exact=True, filter=self._filter(where)))

    def check_vectors(self) -> None:
        """An exact search reads every dense vector: ~1 ms at ten thousand chunks."""
        if self._live is None:
            return
        edge = self._edge
        request = edge.QueryRequest(
            limit=1, query=edge.Query.Nearest([1.0] * self._live.dimension, using=DENSE),
            params=edge.SearchParams(exact=True), with_payload=False,
        )
        shard = self._shard(None)
        with self._engine():
            shard.query_batch(edge.QueryBatchRequest([request]))

    def search(self, requests: list[SearchRequest]) -> list[list[Hit]]:
        edge = self._edge
        shard = self._shard(None)
        payloads = self._live_tables()[0]
        exact = len(payloads) <= EXACT_DENSE_POINTS  # the table holds every point of the live shard
        batch = [
            edge.QueryRequest(
                limit=r.limit,
                query=edge.Query.Nearest(
                    r.vector if r.using == DENSE else edge.SparseVector(r.vector.indices, r.vector.values), using=r.using
                ),
                filter=self._filter(r.where),
                params=edge.SearchParams(exact=True) if r.using == DENSE and (exact or r.where) else None,
                with_payload=False,
            )
            for r in requests
        ]
        with self._engine():
            responses = shard.query_batch(edge.QueryBatchRequest(batch))
        return [[Hit(point.id, point.score, payloads[point.id]) for point in points] for points in responses]

    def entry_hashes(self, collection: str) -> dict[str, dict[str, int | None]]:
        if not self._is_live(collection):
            return super().entry_hashes(collection)
        return versions_held(self._live_tables()[1].values())

    def _live_tables(self) -> tuple[dict[int, dict[str, Any]], dict[int, Version]]:
        """The live shard's hit fields and versions by point id: read whole once, then kept current by each write."""
        tables = self._tables
        if tables is None:
            tables = ({}, {})
            for point_id, payload in self._records(None, Where(), _TABLE_FIELDS):
                _enter(tables, point_id, payload)
            self._tables = tables
        return tables

    def passages(self, point_ids: list[int]) -> dict[int, dict[str, Any]]:
        if not point_ids:
            return {}
        shard = self._shard(None)
        with self._engine():
            records = shard.retrieve(point_ids, self._edge.PayloadSelector.Exclude(WITHOUT_ENTRY), False)
        return {r.id: r.payload or {} for r in records}

    def _filter(self, where: Where) -> Any:
        return engine_filter(where, self._edge)


_TABLE_FIELDS = list(dict.fromkeys([*HIT_FIELDS, *VERSION_FIELDS]))


def _enter(tables: tuple[dict[int, dict[str, Any]], dict[int, Version]], point_id: int, payload: dict[str, Any]) -> None:
    hits, versions = tables
    hits[point_id] = {name: payload[name] for name in HIT_FIELDS if name in payload}
    versions[point_id] = (payload["entry_id"], payload["entry_hash"], payload["chunk"], payload.get("chunks"))


def _make_folder(path: Path) -> None:
    """The store's folder, or one sentence saying why it cannot be one (nothing of the user's is deleted)."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocking = next((p for p in (path, *path.parents) if p.exists() and not p.is_dir()), path)
        raise StoreError(
            f"The index path {blocking} is a file, not a folder: move or delete that file, or set KB_STORE_PATH "
            "to a folder."
        ) from None
    except OSError as exc:
        raise StoreError(f"The index folder {path} cannot be created ({exc.strerror}): set KB_STORE_PATH to a "
                         "folder this user can write.") from None


def _damaged(root: Path, what: str) -> str:
    return f"The index at {root} is damaged ({what}): run `kb index --rebuild` to build it again from the content folder."


def _read_record(root: Path, collection: str) -> dict[str, Any]:
    """What `shards/<name>.json` says of a shard: the model that built it and, once recorded, what it holds."""
    try:
        record = json.loads((root / "shards" / f"{collection}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


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
