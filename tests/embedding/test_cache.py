"""The embedding cache: the real model is asked only for texts it has not embedded before."""

from pathlib import Path

import numpy as np

from kb.embedding.cache import CachedEmbedder
from kb.embedding.onnx_e5 import OnnxE5Embedder
from kb.embedding.sentence_transformer import SentenceTransformerEmbedder
from kb.settings import Settings


class Counting:
    """The real e5 model, counting the texts it is asked to embed."""

    def __init__(self, model, fingerprint: str | None = None):
        self.model = model
        self.name, self.dimension, self.max_tokens = model.name, model.dimension, model.max_tokens
        self.fingerprint = fingerprint or model.fingerprint
        self.passages = self.queries = 0

    def embed_passages(self, texts):
        self.passages += len(texts)
        return self.model.embed_passages(texts)

    def embed_queries(self, texts):
        self.queries += len(texts)
        return self.model.embed_queries(texts)

    def count_tokens(self, text):
        return self.model.count_tokens(text)


def test_passages_are_embedded_once_across_processes(tmp_path, e5):
    path = tmp_path / "cache.sqlite"
    first = CachedEmbedder(Counting(e5), path)
    vectors = first.embed_passages(["svetsning i Sandviken", "robotar i gjuteri"])
    first.close()

    again = Counting(e5)
    reopened = CachedEmbedder(again, path)  # as a later run would
    repeat = reopened.embed_passages(["robotar i gjuteri", "svetsning i Sandviken", "ny text"])
    assert again.passages == 1  # only "ny text"
    assert np.allclose(repeat[0], vectors[1]) and np.allclose(repeat[1], vectors[0])
    assert np.allclose(repeat[2], e5.embed_passages(["ny text"])[0], atol=1e-6)


def test_the_cache_is_per_model(tmp_path, e5, minilm):
    path = tmp_path / "cache.sqlite"
    CachedEmbedder(e5, path).embed_passages(["svetsning"])
    other = Counting(minilm)
    CachedEmbedder(other, path).embed_passages(["svetsning"])
    assert other.passages == 1


def test_two_engines_or_prompts_of_one_model_never_share_vectors(tmp_path, e5):
    """The cache keys on the fingerprint, not the name: all three e5 engines are named multilingual-e5-small."""
    path = tmp_path / "cache.sqlite"
    CachedEmbedder(e5, path).embed_passages(["svetsning"])
    same = Counting(e5)
    CachedEmbedder(same, path).embed_passages(["svetsning"])
    other_engine = Counting(e5, fingerprint=e5.fingerprint + ":another-engine")
    CachedEmbedder(other_engine, path).embed_passages(["svetsning"])
    assert (same.name, other_engine.name) == (e5.name, e5.name)
    assert (same.passages, other_engine.passages) == (0, 1)


def test_fingerprints_tell_engines_and_prompts_apart(e5, minilm):
    exact = OnnxE5Embedder(exact=True)
    assert exact.name == e5.name and exact.fingerprint != e5.fingerprint
    prompted = SentenceTransformerEmbedder(minilm.name, passage_prompt="passage: ")
    assert prompted.name == minilm.name and prompted.fingerprint != minilm.fingerprint


def test_kept_queries_are_embedded_once_across_processes_and_apart_from_passages(tmp_path, e5):
    path = tmp_path / "cache.sqlite"
    first = Counting(e5)
    kept = CachedEmbedder(first, path).embed_queries(["kranförare med behörighet", "rekrytera svetsare"], keep=True)
    again = Counting(e5)
    reopened = CachedEmbedder(again, path)  # as a restarted server would
    repeat = reopened.embed_queries(["rekrytera svetsare", "kranförare med behörighet"], keep=True)
    assert (first.queries, again.queries) == (2, 0)
    assert np.array_equal(repeat[0], kept[1]) and np.array_equal(repeat[1], kept[0])
    assert np.allclose(kept[0], e5.embed_queries(["kranförare med behörighet"])[0], atol=1e-6)
    passage = reopened.embed_passages(["rekrytera svetsare"])  # the passage side is its own vector
    assert again.passages == 1 and not np.allclose(passage[0], repeat[0])


def test_queries_are_remembered_in_memory(e5):
    counting = Counting(e5)
    cached = CachedEmbedder(counting, None)
    first = cached.embed_queries(["yh svetsning"])
    second = cached.embed_queries(["yh svetsning", "lia mora"])
    assert counting.queries == 2 and np.allclose(first[0], second[0])


def test_an_empty_setting_turns_the_cache_off():
    assert Settings(embedding_cache="").embedding_cache is None
    assert Settings(embedding_cache=Path("")).embedding_cache is None  # what an empty --embedding-cache gives
    assert Settings(embedding_cache="off").embedding_cache is None
