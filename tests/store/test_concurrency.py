"""Qdrant Edge from several threads, as `kb serve` uses it: the web server's thread pool searches while the
indexer's thread writes.

Checked, not assumed: the engine itself survives concurrent reads and writes on one shard (its segments sit
under a read-write lock, its write-ahead log under a mutex), and through `Store.reading` / `Store.writing`
every search sees one version of each entry, with a passage for every hit, while entries are rewritten.
(qdrant-client's local mode, which stands in for a server here, is not made for threads: a real server
takes concurrent requests itself, so only Edge is tested this way.)
"""

import threading
import time
from collections.abc import Callable

import numpy as np

from kb.settings import Settings
from kb.store.base import DENSE, LEXICAL, SearchRequest, Store, Where
from kb.store.edge import EdgeStore
from kb.text.lexical import query_vector
from tests.support import DIMENSION, built, make_points

SECONDS = 0.8
CHANGING = [f"e{e:02d}" for e in range(1, 9)]  # rewritten over and over while the readers read


def run_together(work: dict[str, Callable[[], None]], seconds: float = SECONDS) -> dict[str, list[BaseException]]:
    """Each function called in a loop on a thread of its own for `seconds`; the exceptions each one raised."""
    stop = threading.Event()
    errors: dict[str, list[BaseException]] = {name: [] for name in work}
    counts = dict.fromkeys(work, 0)

    def loop(name: str) -> None:
        while not stop.is_set():
            try:
                work[name]()
                counts[name] += 1
            except BaseException as exc:  # noqa: BLE001 - collected and asserted on
                errors[name].append(exc)
                return

    threads = [threading.Thread(target=loop, args=(name,)) for name in work]
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join(timeout=10)
    assert all(counts[name] > 0 for name in work), counts
    return errors


def rewrite(store: Store, versions: list[str]) -> Callable[[], None]:
    """The indexer's step for a changed entry: new chunks in, old ones out, under the write lock."""
    turn = iter(range(10**9))

    def step() -> None:
        version = versions[next(turn) % len(versions)]
        live = store.info().collection
        points = [p for p in make_points(seed=len(version), version=version) if p.entry_id in CHANGING]
        with store.writing():
            store.upsert(live, points)
            for entry_id in CHANGING:
                store.delete_stale(live, entry_id, version)

    return step


def test_the_engine_takes_reads_and_writes_from_several_threads(tmp_path):
    """The shard's own calls, with no lock of ours (the store's hit table is ours, so it is left out)."""
    store = built(EdgeStore(Settings(store_path=tmp_path / "index")), make_points())
    edge, shard = store._edge, store._shard(None)
    query = np.random.default_rng(1).normal(size=DIMENSION).tolist()
    words = query_vector("robot svetsning")
    dense = edge.QueryRequest(limit=20, query=edge.Query.Nearest(query, using=DENSE), with_payload=True)
    lexical = edge.QueryRequest(
        limit=20, query=edge.Query.Nearest(edge.SparseVector(words.indices, words.values), using=LEXICAL)
    )
    try:
        errors = run_together({
            "dense": lambda: shard.query_batch(edge.QueryBatchRequest([dense])),
            "lexical": lambda: shard.query_batch(edge.QueryBatchRequest([lexical])),
            "scroll": lambda: list(store.scroll(None, Where(), ["entry_id"])),
            "count": lambda: shard.count(edge.CountRequest(exact=True)),
            "write": rewrite(store, ["v1", "v2", "v3"]),
        })
        assert errors == {name: [] for name in errors}
        assert store.count() == 120
    finally:
        store.close()


def test_each_search_sees_one_version_of_every_entry_and_a_passage_for_every_hit(tmp_path):
    store = built(EdgeStore(Settings(store_path=tmp_path / "index")), make_points())
    query = np.random.default_rng(2).normal(size=DIMENSION).tolist()
    seen: set[str] = set()

    def read() -> None:
        with store.reading():
            hits = store.search([SearchRequest(DENSE, query, Where(), 120)])[0]
            passages = store.passages([h.point_id for h in hits])
            total = store.count()
        assert len(hits) == 120 and total == 120  # never both versions, never neither
        assert set(passages) == {h.point_id for h in hits}
        versions = {p["entry_hash"] for p in passages.values() if p["entry_id"] in CHANGING}
        assert len(versions) == 1, versions  # the changed entries were rewritten together: one state
        seen.update(versions)

    try:
        errors = run_together({"reader 1": read, "reader 2": read, "reader 3": read, "write": rewrite(store, ["v2", "v3"])})
        assert errors == {name: [] for name in errors}
        assert seen >= {"v2", "v3"}  # the readers did see the writes
    finally:
        store.close()
