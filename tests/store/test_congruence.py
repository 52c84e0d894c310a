"""The same store calls against both engines: Qdrant Edge (embedded) and qdrant-client (a server's calls).

No Qdrant server runs here, so qdrant-client's local mode stands in for one:
it takes the same calls `ClientStore` makes of a server. Each scenario runs on
both engines and the answers must agree, as qdrant-client's own congruence
tests do for its local and remote clients.
"""

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from qdrant_client import QdrantClient

from kb.settings import Settings
from kb.store.base import (
    DENSE,
    HIT_FIELDS,
    LEXICAL,
    SPARSE_FULL_SCAN_THRESHOLD,
    Contents,
    Model,
    SearchRequest,
    Store,
    StoreBusyError,
    Where,
    facet_filter,
)
from kb.store.client import ABANDONED_AFTER, ClientStore
from kb.store.edge import EdgeStore
from kb.text.lexical import query_vector
from tests.support import DIMENSION, REGIONS, built, make_points


def edge_store(path: Path) -> Store:
    return EdgeStore(Settings(store_path=path))


def client_store(path: Path) -> Store:
    return ClientStore(QdrantClient(path=str(path)), "kb", payload_indexes=False)


ENGINES: dict[str, Callable[[Path], Store]] = {"edge": edge_store, "client": client_store}


@pytest.fixture()
def stores(tmp_path: Path) -> Iterator[dict[str, Store]]:
    opened = {name: built(make(tmp_path / name), make_points()) for name, make in ENGINES.items()}
    yield opened
    for store in opened.values():
        store.close()


def answers(store: Store, requests: list[SearchRequest]) -> list[list[tuple[str, int, float]]]:
    return [[(h.payload["entry_id"], h.payload["chunk"], h.score) for h in hits] for hits in store.search(requests)]


def same(a: object, b: object) -> bool:
    """Equal, with scores equal to single precision (the engines sum in different orders)."""
    if isinstance(a, float) and isinstance(b, float):
        return a == pytest.approx(b, rel=1e-5, abs=1e-6)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def assert_congruent(stores: dict[str, Store], ask: Callable[[Store], object]) -> object:
    edge, client = (ask(stores[name]) for name in ENGINES)
    assert same(edge, client), f"edge: {edge}\nclient: {client}"
    return edge


def test_dense_and_lexical_searches_agree_with_and_without_filters(stores):
    query = np.random.default_rng(99).normal(size=DIMENSION).tolist()
    words = query_vector("svetsning robot energieffektivisering", ngram_weight=0.3)
    only_courses = facet_filter({"type": ["course"]})
    requests = [
        SearchRequest(DENSE, query, Where(), 10),
        SearchRequest(DENSE, query, only_courses, 10),
        SearchRequest(LEXICAL, words, Where(), 10),
        SearchRequest(LEXICAL, words, only_courses & facet_filter({"region": ["Dalarna"]}), 10),
        SearchRequest(DENSE, query, facet_filter({"type": ["ingen-sådan-typ"]}), 10),
    ]
    dense, courses, lexical, narrowed, nothing = assert_congruent(stores, lambda s: answers(s, requests))
    assert len(dense) == len(courses) == len(lexical) == 10 and nothing == []
    assert {entry for entry, _, _ in courses} <= {f"e{e:02d}" for e in range(2, 40, 4)}
    assert narrowed and all(int(entry[1:]) % 4 == 2 and int(entry[1:]) % 3 == 0 for entry, _, _ in narrowed)


def test_filtered_lexical_searches_agree_whether_the_index_is_walked_or_each_match_scored(tmp_path):
    """Filters matching more points than SPARSE_FULL_SCAN_THRESHOLD walk Edge's inverted index; fewer are
    scored one by one. qdrant-client's local mode scores every point in Python: both must give its answers."""
    points = make_points(entries=400)
    courses = facet_filter({"type": ["course"]})
    few = courses & facet_filter({"region": ["Dalarna"]})
    matching = [sum(1 for p in points if p.payload["facets"]["type"] == "course" and region in p.payload["facets"]["region"])
                for region in REGIONS]  # fmt: skip
    assert sum(matching) > SPARSE_FULL_SCAN_THRESHOLD > matching[0]
    words = query_vector("svetsning robot energieffektivisering laserbearbetning", ngram_weight=0.3)
    opened = {name: built(make(tmp_path / name), points) for name, make in ENGINES.items()}
    try:
        walked, scored = assert_congruent(
            opened, lambda s: answers(s, [SearchRequest(LEXICAL, words, f, 50) for f in (courses, few)])
        )
    finally:
        for store in opened.values():
            store.close()
    assert len(walked) == len(scored) == 50


def test_a_filtered_dense_search_finds_every_match_exactly(stores):
    """Full recall under a filter: the same top ten as a brute-force scan of the matching chunks."""
    query = np.random.default_rng(5).normal(size=DIMENSION)
    points = [p for p in make_points() if p.payload["facets"]["type"] == "expert"]
    vectors = np.asarray([p.vector for p in points])
    cosine = vectors @ query / np.linalg.norm(vectors, axis=1) / np.linalg.norm(query)
    expected = [(points[i].entry_id, points[i].chunk) for i in np.argsort(-cosine)[:10]]
    for store in stores.values():
        hits = store.search([SearchRequest(DENSE, query.tolist(), facet_filter({"type": ["expert"]}), 10)])[0]
        assert [(h.payload["entry_id"], h.payload["chunk"]) for h in hits] == expected


def test_hits_carry_few_fields_and_passages_the_rest_but_the_entry(stores):
    def read(store: Store) -> tuple:
        hits = store.search([SearchRequest(DENSE, [1.0] * DIMENSION, Where({"chunk": [0]}), 5)])[0]
        passages = store.passages([h.point_id for h in hits])
        return [h.payload for h in hits], [passages[h.point_id] for h in hits], store.passages([])

    hits, passages, none = assert_congruent(stores, read)
    assert len(hits) == 5 and all(set(h) <= set(HIT_FIELDS) and h["chunk"] == 0 for h in hits)
    assert all(p["text"] and "entry" not in p and p["entry_id"] == h["entry_id"] for p, h in zip(passages, hits))
    assert none == {}


def test_heads_counts_and_versions_agree(stores):
    def read(store: Store) -> tuple:
        return (
            sorted(h["entry"]["id"] for h in store.heads(filters={"type": ["program"], "region": ["värmland"]})),
            [h["entry"]["title"] for h in store.heads(["e03"])],
            store.heads([]),
            store.count(),
            store.count_entries(),
            sorted(store.entry_hashes(store.info().collection).items()),
        )

    heads, one, none, chunks, entries, versions = assert_congruent(stores, read)
    assert heads == ["e08", "e20", "e32"] and one == ["Post 3"] and none == []
    assert (chunks, entries) == (120, 40) and versions[0] == ("e00", {"v1": 3})


def test_new_versions_in_then_stale_chunks_and_removed_entries_out(stores):
    def change(store: Store) -> tuple:
        live = store.info().collection
        store.upsert(live, [p for p in make_points(seed=8, version="v2") if p.entry_id == "e01"])
        both = sorted(store.entry_hashes(live)["e01"])
        store.delete_stale(live, "e01", "v2")
        store.delete_entries(live, ["e02", "e03"])
        store.delete_entries(live, [])
        hashes = store.entry_hashes(live)
        return both, sorted(hashes["e01"]), "e02" in hashes or "e03" in hashes, store.count()

    assert assert_congruent(stores, change) == (["v1", "v2"], ["v2"], False, 114)


def test_an_entry_missing_chunks_holds_no_whole_version(stores):
    def partial(store: Store) -> tuple:
        live = store.info().collection
        store.delete(live, Where({"entry_id": ["e04"], "chunk": [1]}))
        return store.entry_hashes(live)["e04"], store.entry_hashes(live)["e05"]

    assert assert_congruent(stores, partial) == ({"v1": None}, {"v1": 3})


def test_what_the_index_records_it_holds_is_checked_against_what_it_holds(stores, monkeypatch):
    monkeypatch.setattr("kb.store.client.SETTLE_SECONDS", -1.0)  # as if the writes below were long ago

    def check(store: Store) -> tuple:
        live = store.info().collection
        unrecorded = (store.recorded_contents(), store.problem())
        store.record_contents(live, Contents(40, 120))
        agreed = (store.recorded_contents(), store.problem())
        store.delete_entries(live, ["e07"])  # behind the record's back, as a damaged file would
        return unrecorded, agreed, store.problem()

    unrecorded, agreed, disagreed = assert_congruent(stores, check)
    assert unrecorded == (None, None) and agreed == (Contents(40, 120), None)
    assert disagreed.startswith("The index holds 39 of the 40 entries and 117 of the 120 chunks") and "kb index" in disagreed


def test_a_rebuild_is_invisible_until_activated_and_replaces_the_old_index(stores):
    def rebuild(store: Store) -> tuple:
        old = store.info()
        aside = store.create_collection(Model("other-model", DIMENSION, "other-model:v1"))
        store.upsert(aside, make_points(seed=9, entries=5, version="v9"))
        before = (store.info() == old, store.count())
        store.activate(aside)
        after = store.info()
        return before, (after.collection == aside, after.model, after.dimension, store.count())

    assert assert_congruent(stores, rebuild) == ((True, 120), (True, "other-model", DIMENSION, 15))


def test_the_revision_changes_with_every_write_and_only_then(stores):
    def revisions(store: Store) -> list[bool]:
        seen = [store.revision()]
        live = store.info().collection
        store.heads(["e01"]), store.count(), store.search([SearchRequest(DENSE, [0.5] * DIMENSION, Where(), 5)])
        seen.append(store.revision())  # reads change nothing
        store.upsert(live, [p for p in make_points(seed=8, version="v2") if p.entry_id == "e01"])
        seen.append(store.revision())
        store.delete_stale(live, "e01", "v2")
        seen.append(store.revision())
        aside = store.create_collection(Model("test-model", DIMENSION, "test-model:v1"))
        store.upsert(aside, make_points(seed=9, entries=5))
        store.activate(aside)
        seen.append(store.revision())
        return [a != b for a, b in zip(seen, seen[1:])]

    assert assert_congruent(stores, revisions) == [False, True, True, True]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_index_survives_closing_and_reopening(tmp_path, engine):
    make = ENGINES[engine]
    store = built(make(tmp_path), make_points())
    info, before = store.info(), answers(store, [SearchRequest(DENSE, [0.5] * DIMENSION, Where(), 5)])
    store.close()
    store = make(tmp_path)
    try:
        assert store.info() == info
        assert same(answers(store, [SearchRequest(DENSE, [0.5] * DIMENSION, Where(), 5)]), before)
    finally:
        store.close()


def test_an_empty_store_has_no_index(tmp_path):
    for name, make in ENGINES.items():
        store = make(tmp_path / name)
        try:
            assert store.info() is None and store.count() == 0
        finally:
            store.close()


def test_a_server_keeps_a_build_in_progress_and_drops_an_abandoned_one(tmp_path, monkeypatch):
    """Several processes may build on one server: a young build that is not live may be another's in progress."""
    store = built(client_store(tmp_path), make_points(entries=3))
    model = Model("test-model", DIMENSION, "test-model:v1")
    others = store.create_collection(model), store.create_collection(model)
    store.client.update_collection(others[0], metadata={"written": time.time() - ABANDONED_AFTER - 1})
    try:
        built(store, make_points(entries=2))  # a build of this process: creates, fills and activates one more
        names = {c.name for c in store.client.get_collections().collections}
        assert others[1] in names and others[0] not in names and store.count_entries() == 2
    finally:
        store.close()


def test_the_embedded_store_has_one_owner(tmp_path):
    first = edge_store(tmp_path)
    with pytest.raises(StoreBusyError, match="in use by another process"):
        edge_store(tmp_path)
    first.close()
    edge_store(tmp_path).close()  # free again once the owner closed it


def test_hits_after_writes_to_the_live_index_carry_what_a_fresh_read_does(tmp_path):
    """Edge keeps its hits' fields and chunks' versions in memory and patches them on every write: after new
    versions, new entries and deletes, a search and the versions held answer as the same store opened afresh
    does, and as qdrant-client does."""
    opened = {name: built(make(tmp_path / name), make_points()) for name, make in ENGINES.items()}
    query = [SearchRequest(DENSE, np.random.default_rng(3).normal(size=DIMENSION).tolist(), Where(), 60)]
    try:
        for store in opened.values():
            store.search(query)  # the table is read whole here, then patched below
            live = store.info().collection
            with store.writing():
                store.upsert(live, make_points(seed=8, entries=12, version="v2"))  # e00–e11 again, new texts
                for entry in ("e00", "e01"):
                    store.delete_stale(live, entry, "v2")
                store.delete_entries(live, ["e05", "e30"])
        after = assert_congruent(opened, lambda s: answers(s, query))
        versions = assert_congruent(opened, lambda s: sorted(s.entry_hashes(s.info().collection).items()))
    finally:
        for store in opened.values():
            store.close()
    fresh = edge_store(tmp_path / "edge")
    try:
        assert answers(fresh, query) == after and not {"e05", "e30"} & {entry for entry, _, _ in after[0]}
        assert sorted(fresh.entry_hashes(fresh.info().collection).items()) == versions
        assert dict(versions)["e00"] == {"v2": 3} and dict(versions)["e02"] == {"v1": 3, "v2": 3}
    finally:
        fresh.close()
