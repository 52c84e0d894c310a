"""Incremental indexing, rebuilds aside, model checks: all against a real embedded Qdrant."""

from pathlib import Path

import pytest

from kb.content.loader import load_content
from kb.indexing.build import chunk_as_indexed, index_folder
from kb.search.query import SearchQuery
from kb.search.service import KnowledgeBase
from kb.settings import Settings
from kb.store.base import (
    DENSE,
    Contents,
    IndexMismatchError,
    Model,
    NoIndexError,
    SearchRequest,
    Where,
)
from kb.store.factory import open_store
from tests.support import entry, write_files


def index(settings: Settings, embedder, folder: Path, rebuild: bool = False):
    return index_folder(settings, embedder, folder, rebuild=rebuild)


def search_ids(settings: Settings, embedder, text: str, **filters: list[str]) -> list[str]:
    kb = KnowledgeBase(settings, embedder=embedder)
    try:
        return [r.id for r in kb.search(SearchQuery(text, filters)).results]
    finally:
        kb.close()


def filtered_ids(settings: Settings, embedder, text: str, **filters: list[str]) -> list[str]:
    """Every entry the store's filter lets through, ranked, with no cutoff: what the filters alone decide."""
    kb = KnowledgeBase(settings, embedder=embedder)
    try:
        return [c.entry_id for c in kb.rank_groups(text, {"": filters}, cut=False)[""]]
    finally:
        kb.close()


def chunk_texts(settings: Settings, entry_id: str) -> list[str]:
    store = open_store(settings)
    try:
        return [payload["text"] for payload in store.scroll(None, Where({"entry_id": [entry_id]}), ["text"])]
    finally:
        store.close()


def test_first_index_then_unchanged_then_changed_then_deleted(settings, e5, fixture_content):
    first = index(settings, e5, fixture_content)
    assert first.rebuilt and first.ok
    assert sorted(first.indexed) == ["robotlyftet", "stangd-program", "svets-yh"]
    assert first.chunks_total == first.chunks_embedded > 3

    again = index(settings, e5, fixture_content)
    assert not again.rebuilt and again.indexed == [] and again.chunks_embedded == 0
    assert sorted(again.unchanged) == ["robotlyftet", "stangd-program", "svets-yh"]

    path = fixture_content / "svets-yh.md"
    path.write_text(path.read_text().replace("Lär dig svetsteknik", "Lär dig TIG-svetsning"), encoding="utf-8")
    changed = index(settings, e5, fixture_content)
    assert changed.indexed == ["svets-yh"] and sorted(changed.unchanged) == ["robotlyftet", "stangd-program"]
    texts = " ".join(chunk_texts(settings, "svets-yh"))
    assert "TIG-svetsning" in texts and "Lär dig svetsteknik" not in texts  # old chunks replaced
    assert changed.chunks_total == first.chunks_total

    (fixture_content / "robotlyftet.md").unlink()
    removed = index(settings, e5, fixture_content)
    assert removed.removed == ["robotlyftet"] and chunk_texts(settings, "robotlyftet") == []
    assert "robotlyftet" not in search_ids(settings, e5, "robotar i gjuteri")


def test_chunks_embedded_across_entries_land_with_their_own_entry(settings, e5, fixture_content, monkeypatch):
    """Calls hold chunks of several entries, and an entry's chunks may straddle two calls."""
    monkeypatch.setattr("kb.indexing.build.BATCH", 3)
    progress: list[tuple[int, int]] = []
    report = index_folder(settings, e5, fixture_content, progress=lambda done, total: progress.append((done, total)))
    assert report.ok and sorted(report.indexed) == ["robotlyftet", "stangd-program", "svets-yh"]
    assert sum(done for done, _ in progress) == report.chunks_embedded and max(done for done, _ in progress) == 3
    assert {total for _, total in progress} == {report.chunks_total}
    entries = load_content(fixture_content, settings.max_file_bytes).entries.values()
    chunks = [(e.id, c) for e in entries for c in chunk_as_indexed(e, settings, e5).chunks]
    assert len(chunks) == report.chunks_total > 3
    vectors = e5.embed_passages([c.embed_text for _, c in chunks])
    store = open_store(settings)
    try:
        found = store.search([SearchRequest(DENSE, v.tolist(), Where(), 1) for v in vectors])
    finally:
        store.close()
    for (entry_id, chunk), [hit] in zip(chunks, found, strict=True):  # each chunk's own vector is stored with it
        assert (hit.payload["entry_id"], hit.payload["chunk"]) == (entry_id, chunk.index)
        assert hit.score > 0.9999


def test_bad_files_are_rejected_and_good_ones_indexed(settings, e5, fixture_content):
    write_files(fixture_content, {"trasig.md": "---\ntype: case\n", "tom.md": ""})
    report = index(settings, e5, fixture_content)
    assert not report.ok
    assert sorted(str(p.path) for p in report.rejected) == ["tom.md", "trasig.md"]
    assert len(report.indexed) == 3


def test_a_rebuild_is_built_aside_and_switched_in_one_step(settings, e5, fixture_content):
    index(settings, e5, fixture_content)
    store = open_store(settings)
    try:
        live = store.info().collection
        store.create_collection(Model.of(e5))  # as if a rebuild died half-way
        assert store.info().collection == live  # searches still see the old index
    finally:
        store.close()
    assert search_ids(settings, e5, "svetsutbildning")[0] == "svets-yh"

    report = index(settings, e5, fixture_content, rebuild=True)
    assert report.rebuilt and len(report.indexed) == 3
    store = open_store(settings)
    try:
        names = {path.name for path in (settings.store_path / "shards").iterdir() if path.is_dir()}
        assert names == {store.info().collection} and live != store.info().collection
    finally:
        store.close()


def test_filters_or_within_a_key_and_across_keys(settings, e5, fixture_content):
    index(settings, e5, fixture_content)
    assert filtered_ids(settings, e5, "stöd", type=["course"]) == ["svets-yh"]
    assert sorted(filtered_ids(settings, e5, "stöd", type=["course", "program"])) == [
        "robotlyftet", "stangd-program", "svets-yh"]
    assert filtered_ids(settings, e5, "stöd", type=["program"], status=["closed"]) == ["stangd-program"]
    assert filtered_ids(settings, e5, "stöd", municipality=["gävle"]) == ["robotlyftet"]  # any case
    assert filtered_ids(settings, e5, "stöd", region=["Dalarna"], topic=["svetsning"]) == []


def test_searching_with_another_model_is_a_clear_error(settings, e5, minilm, fixture_content):
    index(settings, minilm, fixture_content)
    with pytest.raises(IndexMismatchError, match="all-MiniLM-L6-v2.*multilingual-e5-small.*--rebuild"):
        search_ids(settings, e5, "svets")
    report = index(settings, e5, fixture_content)  # another model: the index is rebuilt, not mixed
    assert report.rebuilt and len(report.indexed) == 3
    assert search_ids(settings, e5, "svetsutbildning")[0] == "svets-yh"


def test_searching_before_indexing_says_what_to_do(settings, e5):
    with pytest.raises(NoIndexError, match="kb index"):
        search_ids(settings, e5, "svets")


def test_a_huge_entry_is_indexed_with_a_warning(tmp_path, e5):
    settings = Settings(store_path=tmp_path / "index", max_chunks_per_entry=5)
    paragraph = "Gjuteriet i Sandviken automatiserar efterbearbetningen med robotar. " * 30
    body = "\n\n".join(f"## Del {i}\n\n{paragraph}" for i in range(3000))  # about 6 MB
    folder = write_files(tmp_path / "content", {"stor.md": entry("report", "Stor rapport", body)})
    report = index(settings, e5, folder)
    assert report.ok and report.indexed == ["stor"] and report.chunks_total == 5
    assert any("only its first 5 chunks" in w.message for w in report.warnings)


def test_an_entry_missing_chunks_is_embedded_again_and_a_store_that_lost_points_is_rebuilt(settings, e5, fixture_content):
    first = index(settings, e5, fixture_content)
    store = open_store(settings)
    try:
        live = store.info().collection
        store.delete(live, Where({"entry_id": ["svets-yh"], "chunk": [1]}))
        store.record_contents(live, Contents(store.count_entries(), store.count()))  # a loss the record missed
    finally:
        store.close()
    mended = index(settings, e5, fixture_content)
    assert not mended.rebuilt and mended.indexed == ["svets-yh"] and mended.chunks_total == first.chunks_total

    store = open_store(settings)
    try:
        store.delete(store.info().collection, Where({"entry_id": ["robotlyftet"]}))  # behind the record's back
        assert store.problem().startswith("The index holds 2 of the 3 entries")
    finally:
        store.close()
    rebuilt = index(settings, e5, fixture_content)
    assert rebuilt.rebuilt and rebuilt.chunks_total == first.chunks_total


def test_indexing_embeds_companies_needs_and_offers_for_the_network_map(tmp_path, e5):
    """The map a server builds after `kb index` reads the needs' and offers' vectors back instead of embedding them."""
    from kb.embedding.cache import CachedEmbedder
    from kb.network.service import NetworkService
    from tests.embedding.test_cache import Counting

    folder = write_files(tmp_path / "content", {
        "verkstad.md": entry("company", "Verkstad AB", "Svetsning i Mora.\n", regions="[Dalarna]",
                             needs="[kranförare med behörighet]", offers="[laserskärning på legotillverkning]"),
        "gjuteri.md": entry("company", "Gjuteri AB", "Gjuteri i Avesta.\n", regions="[Dalarna]",
                            needs="[personal med kranförarbevis]"),
    })
    cache = tmp_path / "cache.sqlite"
    settings = Settings(store_path=tmp_path / "index", content_dir=folder, embedding_cache=cache)
    indexer = Counting(e5)
    index(settings, CachedEmbedder(indexer, cache), folder)
    assert indexer.queries == 3  # the three texts, on the query side the map compares them by

    class Recording(Counting):
        def __init__(self, model):
            super().__init__(model)
            self.asked: list[str] = []

        def embed_queries(self, texts):
            self.asked += texts
            return super().embed_queries(texts)

    server = Recording(e5)  # a server started afterwards: its own memory, the same disk
    kb = KnowledgeBase(settings, embedder=CachedEmbedder(server, cache))
    try:
        network = NetworkService(kb).current()
        assert not set(server.asked) & {"kranförare med behörighet", "personal med kranförarbevis"}
        assert any(o.kind == "shared-need" for o in network.found)  # the vectors read back are the ones that match
    finally:
        kb.close()


def test_a_build_aside_is_optimized_before_it_goes_live_and_answers_the_same(settings, e5, fixture_content, monkeypatch):
    """Edge builds its HNSW graph only when asked: a build aside asks (above EXACT_DENSE_POINTS, here 0), an
    incremental run does not, and the optimized shard answers as the plain one did."""
    import kb.store.edge as edge

    index(settings, e5, fixture_content)
    before = search_ids(settings, e5, "robotar och svetsning i Gävleborg")
    optimized: list[str] = []
    real = edge.EdgeStore.optimize
    monkeypatch.setattr(edge.EdgeStore, "optimize", lambda self, c: (optimized.append(c), real(self, c))[1])
    monkeypatch.setattr(edge, "EXACT_DENSE_POINTS", 0)
    index(settings, e5, fixture_content)  # nothing changed: no build aside
    assert optimized == []
    index(settings, e5, fixture_content, rebuild=True)
    store = open_store(settings)
    try:
        assert optimized == [store.info().collection]  # the new live shard, optimized before the switch
    finally:
        store.close()
    assert search_ids(settings, e5, "robotar och svetsning i Gävleborg") == before
