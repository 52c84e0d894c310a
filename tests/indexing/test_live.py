"""The live indexer in this process: runs one at a time, a large change built aside and switched in one step."""

import shutil
import threading
from pathlib import Path

from kb.embedding.cache import CachedEmbedder
from kb.indexing.build import LARGE_CHANGE_MIN
from kb.indexing.live import LiveIndexer
from kb.settings import Settings
from kb.store.factory import open_store
from tests.support import FIXTURES, entry, write_files


def test_a_large_change_is_built_aside_so_searches_see_the_old_index_or_the_new_one(tmp_path, e5):
    content = Path(shutil.copytree(FIXTURES / "small", tmp_path / "content"))
    settings = Settings(store_path=tmp_path / "index", content_dir=content)
    store = open_store(settings)
    live = LiveIndexer(settings, store, CachedEmbedder(e5, tmp_path / "cache.sqlite"), content)
    try:
        live.start(watch=False)
        assert live.update().result(timeout=60).ok and not live.watching
        many = LARGE_CHANGE_MIN + 1
        write_files(content, {f"kurs-{i}.md": entry("course", f"Kurs {i} i robotsvetsning", f"Om svetsrobot {i}.")
                              for i in range(many)})
        seen: set[int] = set()
        done = threading.Event()

        def count_entries() -> None:
            while not done.is_set():
                with store.reading():
                    seen.add(store.count_entries())

        reader = threading.Thread(target=count_entries)
        reader.start()
        report = live.update().result(timeout=120)
        done.set()
        reader.join(timeout=10)
        assert report.rebuilt and len(report.indexed) == 3 + many
        assert seen <= {3, 3 + many} and 3 in seen  # the old index whole, then the new one whole
        assert store.count_entries() == 3 + many and live.problem is None and live.updated is not None
    finally:
        live.stop()
        store.close()


def test_a_failed_run_is_remembered_for_health_until_one_succeeds(tmp_path, e5):
    content = Path(shutil.copytree(FIXTURES / "small", tmp_path / "content"))
    settings = Settings(store_path=tmp_path / "index", content_dir=content)
    store = open_store(settings)
    live = LiveIndexer(settings, store, e5, content)
    try:
        shutil.move(content, tmp_path / "elsewhere")
        assert live.update().exception(timeout=60) is not None
        assert live.problem == f"content folder not found: {content}"
        shutil.move(tmp_path / "elsewhere", content)
        assert live.update().result(timeout=60).ok and live.problem is None
    finally:
        live.stop()
        store.close()
