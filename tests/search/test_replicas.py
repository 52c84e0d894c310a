"""Server mode (KB_QDRANT_URL): several `kb serve` replicas and a `kb index` at once on one Qdrant server.

No server can run here: qdrant-client's local mode stands in, as in the congruence tests. Each replica and
each indexer is its own `KnowledgeBase` or store over the one client, as separate processes would be over
one server; they take turns at the points where processes would interleave (between the indexer's entries).
"""

import shutil
from pathlib import Path

import pytest
from qdrant_client import QdrantClient

from kb.embedding.cache import CachedEmbedder
from kb.indexing.build import build_index
from kb.search.query import SearchQuery
from kb.search.service import KnowledgeBase
from kb.settings import Settings
from kb.store.client import ClientStore
from tests.support import FIXTURES, entry, write_files

QUERY = "robot i gjuteri"


@pytest.fixture()
def server(tmp_path, e5):
    """One server, the content, and a way to open a process's view of the server."""
    client = QdrantClient(":memory:")
    content = Path(shutil.copytree(FIXTURES / "small", tmp_path / "content"))
    settings = Settings(qdrant_url="http://qdrant.invalid:6333", content_dir=content)  # names the engine only
    model = CachedEmbedder(e5, tmp_path / "cache.sqlite")
    yield client, content, settings, model
    client.close()


def store(client: QdrantClient) -> ClientStore:
    return ClientStore(client, "kb", payload_indexes=False)


def found(replica: KnowledgeBase, query: str = QUERY) -> list[str]:
    return [r.id for r in replica.search(SearchQuery(query)).results]


def test_replicas_search_while_another_process_indexes_and_see_its_writes(server):
    client, content, settings, model = server
    build_index(settings, store(client), model, content)
    replicas = [KnowledgeBase(settings, embedder=model, store=store(client)) for _ in range(2)]
    before = {replica.revision() for replica in replicas}
    answers: list[list[str]] = []

    def replicas_search(done: int, total: int) -> None:  # between the indexer's entries
        answers.extend(found(replica) for replica in replicas)

    write_files(content, {"gjuteri.md": entry("case", "Gjuteriet i Torsby som fick robotar", "Robotar i gjuteri.")})
    (content / "svets-yh.md").unlink()
    report = build_index(settings, store(client), model, content, progress=replicas_search)
    assert not report.rebuilt and report.indexed == ["gjuteri"] and report.removed == ["svets-yh"]
    assert answers and all("robotlyftet" in ids for ids in answers)  # every search answered, none empty
    after = {replica.revision() for replica in replicas}
    assert len(before) == len(after) == 1 and before != after  # both noticed the other process's writes
    for replica in replicas:
        assert "gjuteri" in found(replica) and "svets-yh" not in found(replica, "svetsutbildning")
        assert replica.health()["status"] == "ok"


def test_two_rebuilds_at_once_both_finish_and_the_last_one_stays_live(server):
    client, content, settings, model = server
    build_index(settings, store(client), model, content)
    replica = KnowledgeBase(settings, embedder=model, store=store(client))
    other: dict[str, object] = {}

    def meanwhile(done: int, total: int) -> None:
        if not other:  # another process rebuilds from start to end while this one is half-way
            other["report"] = build_index(settings, store(client), model, content, rebuild=True)
        other.setdefault("seen", []).append(found(replica))

    first = build_index(settings, store(client), model, content, rebuild=True, progress=meanwhile)
    assert first.rebuilt and other["report"].rebuilt  # the other's activation did not drop this build
    assert all("robotlyftet" in ids for ids in other["seen"])
    names = [c.name for c in client.get_collections().collections]
    assert names == [store(client).info().collection]  # the replaced builds are gone, nothing half-built left
    assert found(replica)[0] == "robotlyftet" and replica.health()["entries"] == 3
