"""Every damaged store the issue lists: a working server or one sentence, and `kb index --rebuild` recovers.

The server is the real app with its live indexer (it applies the content folder
when it starts), over the real model and a real embedded store in a temporary
folder; each damage is done to a copy of one small index, as a crash, a full
disk or a careless hand would leave it.
"""

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kb.api.app import create_app
from kb.embedding.cache import CachedEmbedder
from kb.indexing.build import index_folder
from kb.search.query import SearchQuery
from kb.search.service import KnowledgeBase
from kb.settings import Settings
from kb.store.base import Model, StoreError
from kb.store.factory import open_store
from tests.support import FIXTURES

QUERY = "robot i gjuteri"


def segment(store: Path) -> Path:
    live = next(p for p in (store / "shards").iterdir() if p.is_dir())
    return next((live / "segments").iterdir())


def missing_shard(store: Path) -> None:
    shutil.rmtree(next(p for p in (store / "shards").iterdir() if p.is_dir()))


def empty_live_json(store: Path) -> None:
    (store / "live.json").write_text("")


def garbage_live_json(store: Path) -> None:
    (store / "live.json").write_bytes(b"\x00{not json")


def truncated_vectors(store: Path) -> None:
    os.truncate(segment(store) / "vector_storage-dense" / "vectors" / "chunk_0.mmap", 0)


def truncated_id_tracker(store: Path) -> None:
    tracker = segment(store) / "mutable_id_tracker.mappings"
    os.truncate(tracker, tracker.stat().st_size // 3)


DAMAGE: dict[str, Callable[[Path], None]] = {
    "live.json names a missing shard": missing_shard,
    "empty live.json": empty_live_json,
    "garbage live.json": garbage_live_json,
    "truncated vector file": truncated_vectors,
    "truncated id tracker": truncated_id_tracker,
}


@pytest.fixture(scope="module")
def model(tmp_path_factory, e5) -> CachedEmbedder:
    """The model with its cache, as `kb` runs it: a repair embeds nothing it has embedded before."""
    return CachedEmbedder(e5, tmp_path_factory.mktemp("recovery-cache") / "cache.sqlite")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory, model) -> tuple[Path, Path, int]:
    """A small content folder and its index, copied by each test before it is damaged."""
    root = tmp_path_factory.mktemp("recovery")
    content = Path(shutil.copytree(FIXTURES / "small", root / "content"))
    report = index_folder(Settings(store_path=root / "index", content_dir=content), model, content)
    return content, root / "index", report.chunks_total


def damaged_copy(pristine, tmp_path: Path, damage: Callable[[Path], None]) -> Settings:
    content, index, _ = pristine
    shutil.copytree(index, tmp_path / "index")
    damage(tmp_path / "index")
    return Settings(store_path=tmp_path / "index", content_dir=content)


@contextmanager
def serving(settings: Settings, model) -> Iterator[TestClient]:
    """The app as `kb serve` runs it, once its first run over the content folder is done."""
    kb = KnowledgeBase(settings, embedder=model)
    app = create_app(kb=kb, live=True)
    try:
        with TestClient(app) as client:
            try:
                app.state.live.update().result(timeout=120)
            except StoreError:
                pass  # the health says why
            yield client
    finally:
        kb.close()


def answers(settings: Settings, model) -> tuple[str, int, list[str]]:
    kb = KnowledgeBase(settings, embedder=model)
    try:
        health = kb.health()
        return health["status"], health["chunks"], [r.id for r in kb.search(SearchQuery(QUERY)).results]
    finally:
        kb.close()


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_damage_is_named_in_one_sentence_until_the_server_repairs_it_as_it_starts(pristine, tmp_path, model, damage):
    settings = damaged_copy(pristine, tmp_path, damage)
    # A server that only reads (no live indexer): health is not ok and says what happened and what to do;
    # a search either still answers from what is left or says the same.
    kb = KnowledgeBase(settings, embedder=model)
    try:
        with TestClient(create_app(kb=kb)) as client:
            health = client.get("/api/health").json()
            assert health["status"] in ("degraded", "error") and health["message"].count(". ") == 0, health
            assert health["message"].endswith("from the content folder."), health
            search = client.get("/api/search", params={"q": QUERY})
            assert search.status_code == 200 or (
                search.status_code == 503 and search.json()["detail"] == health["message"]
            ), search.json()
    finally:
        kb.close()
    # `kb serve` applies its content folder as it starts: the damage is repaired.
    with serving(settings, model) as client:
        health = client.get("/api/health").json()
        assert (health["status"], health["chunks"]) == ("ok", pristine[2]), health
        assert client.get("/api/search", params={"q": QUERY}).json()["results"][0]["id"] == "robotlyftet"


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_rebuild_recovers_every_damaged_index(pristine, tmp_path, model, damage):
    settings = damaged_copy(pristine, tmp_path, damage)
    report = index_folder(settings, model, settings.content_dir, rebuild=True)
    assert report.rebuilt and report.ok and report.chunks_total == pristine[2]
    status, chunks, found = answers(settings, model)
    assert (status, chunks, found[0]) == ("ok", pristine[2], "robotlyftet")
    assert [p.name for p in (settings.store_path / "shards").iterdir() if p.is_dir()] == [report_shard(settings)]


def report_shard(settings: Settings) -> str:
    store = open_store(settings)
    try:
        return store.info().collection
    finally:
        store.close()


def test_a_store_path_that_is_a_file_is_one_sentence_naming_what_to_move(tmp_path, model):
    (tmp_path / "index").write_text("mina anteckningar")
    settings = Settings(store_path=tmp_path / "index", content_dir=tmp_path)
    for attempt in (lambda: KnowledgeBase(settings, embedder=model), lambda: index_folder(settings, model, tmp_path, rebuild=True)):
        with pytest.raises(StoreError, match=r"index path .*index is a file, not a folder: move or delete that file"):
            attempt()
    assert (tmp_path / "index").read_text() == "mina anteckningar"  # nothing of the user's is deleted


def test_a_store_deleted_while_serving_is_not_ok_and_a_rebuild_makes_a_new_one(pristine, tmp_path, model):
    content, _, chunks = pristine
    settings = damaged_copy(pristine, tmp_path, lambda store: None)
    with serving(settings, model) as client:
        assert client.get("/api/health").json()["status"] == "ok"
        shutil.rmtree(settings.store_path)
        health = client.get("/api/health").json()
        assert health["status"] == "degraded" and "was removed or replaced" in health["message"]
        assert "start it again" in health["message"]
        assert client.get("/api/search", params={"q": QUERY}).status_code == 200  # still answers from what it has
        report = index_folder(settings, model, content, rebuild=True)  # the old owner's lock went with the folder
        assert report.rebuilt and report.chunks_total == chunks
        assert client.get("/api/health").json()["status"] == "degraded"  # this server still says: restart me
    assert answers(settings, model)[:2] == ("ok", chunks)


def test_shards_of_killed_rebuilds_never_show_and_go_on_the_next_run_of_any_kind(pristine, tmp_path, model):
    settings = damaged_copy(pristine, tmp_path, lambda store: None)
    store = open_store(settings)
    live = store.info().collection
    store.create_collection(Model.of(model))  # a rebuild killed half-way (its shard and record are left)
    store.close()
    shards = {p.name.removesuffix(".json") for p in (settings.store_path / "shards").iterdir()}
    assert len(shards) == 2
    status, chunks, found = answers(settings, model)  # a search: sees the old index, and cleans up
    assert (status, chunks, found[0]) == ("ok", pristine[2], "robotlyftet")
    assert {p.name.removesuffix(".json") for p in (settings.store_path / "shards").iterdir()} == {live}
