"""The small fixture network (tests/fixtures/network), indexed once for the whole run with the real model and store."""

from collections.abc import Iterator

import pytest

from kb.indexing.build import index_folder
from kb.network.service import Network, network_service
from kb.search.service import KnowledgeBase
from kb.settings import Settings
from tests.support import FIXTURES

NETWORK_FIXTURES = FIXTURES / "network"


@pytest.fixture(scope="session")
def network_kb(tmp_path_factory: pytest.TempPathFactory, e5) -> Iterator[KnowledgeBase]:
    settings = Settings(store_path=tmp_path_factory.mktemp("network-index"), content_dir=NETWORK_FIXTURES)
    report = index_folder(settings, e5, NETWORK_FIXTURES)
    assert report.ok and not report.warnings, report
    kb = KnowledgeBase(settings, embedder=e5)
    yield kb
    kb.close()


@pytest.fixture(scope="session")
def fixture_network(network_kb: KnowledgeBase) -> Network:
    return network_service(network_kb).current()
