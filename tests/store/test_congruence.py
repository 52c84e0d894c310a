"""The same store calls against both engines: Qdrant Edge (embedded) and qdrant-client (a server's calls).

No Qdrant server runs here, so qdrant-client's local mode stands in for one:
it takes the same calls `ClientStore` makes of a server. Each scenario runs on
both engines and the answers must agree, as qdrant-client's own congruence
tests do for its local and remote clients.
"""

import random
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
    ChunkPoint,
    Model,
    SearchRequest,
    Store,
    StoreBusyError,
    Where,
    facet_filter,
)
from kb.store.client import ClientStore
from kb.store.edge import EdgeStore
from kb.text.lexical import document_vector, query_vector

DIMENSION = 16
WORDS = (
    "svetsning robot gjuteri energi effektivisering digitalisering kompetens utbildning yrkeshögskola "
    "automation sensorer underhåll logistik hållbarhet cirkulär ekonomi plåt bearbetning laser ledarskap"
).split()
TYPES = ["program", "expert", "course", "case"]
REGIONS = ["dalarna", "gävleborg", "värmland"]


def make_points(seed: int = 7, entries: int = 40, version: str = "v1") -> list[ChunkPoint]:
    rng = random.Random(seed)
    vectors = np.random.default_rng(seed).normal(size=(entries * 3, DIMENSION)).astype(np.float32)
    points = []
    for e in range(entries):
        facets = {"type": TYPES[e % 4], "region": [REGIONS[e % 3]], "municipality": [], "topic": [], "status": None}
        for c in range(3):
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 30)))
            payload = {"entry_id": f"e{e:02d}", "entry_hash": version, "chunk": c, "text": text, "facets": facets}
            if c == 0:
                payload["entry"] = {"id": f"e{e:02d}", "title": f"Post {e}"}
            points.append(ChunkPoint(f"e{e:02d}", version, c, vectors[e * 3 + c].tolist(), document_vector(text), payload))
    return points


def edge_store(path: Path) -> Store:
    return EdgeStore(Settings(store_path=path))


def client_store(path: Path) -> Store:
    return ClientStore(QdrantClient(path=str(path)), "kb", payload_indexes=False)


ENGINES: dict[str, Callable[[Path], Store]] = {"edge": edge_store, "client": client_store}


def built(store: Store, points: list[ChunkPoint]) -> Store:
    collection = store.create_collection(Model("test-model", DIMENSION, "test-model:v1"))
    store.upsert(collection, points)
    store.activate(collection)
    return store


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
    assert (chunks, entries) == (120, 40) and versions[0] == ("e00", {"v1"})


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


def test_the_embedded_store_has_one_owner(tmp_path):
    first = edge_store(tmp_path)
    with pytest.raises(StoreBusyError, match="in use by another process"):
        edge_store(tmp_path)
    first.close()
    edge_store(tmp_path).close()  # free again once the owner closed it
