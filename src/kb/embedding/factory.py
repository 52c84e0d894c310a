"""The configured model, behind the embedding cache."""

from kb.embedding.base import Embedder
from kb.embedding.cache import CachedEmbedder
from kb.embedding.onnx_e5 import OnnxE5Embedder
from kb.embedding.sentence_transformer import SentenceTransformerEmbedder
from kb.settings import DEFAULT_MODEL, Settings


def load_embedder(settings: Settings) -> CachedEmbedder:
    """multilingual-e5-small through onnxruntime by default; any other name through sentence-transformers."""
    if settings.embedding_model == DEFAULT_MODEL:
        model: Embedder = OnnxE5Embedder(cache=settings.model_cache)
    else:
        model = SentenceTransformerEmbedder(
            settings.embedding_model,
            query_prompt=settings.query_prompt,
            passage_prompt=settings.passage_prompt,
            expected_sha256=settings.embedding_sha256,
        )
    return CachedEmbedder(model, settings.embedding_cache, settings.query_cache)
