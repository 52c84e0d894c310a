"""Never embed the same text twice: passages persist on disk, queries stay in memory.

Keys are the model's fingerprint (engine, weights, prompts: everything that
changes a vector) and the SHA-256 of the text, so a rebuild, a moved file or a
metadata-only edit re-embeds nothing that was embedded before, and two engines
or prompts never share vectors, even under one model name.
"""

import hashlib
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import numpy as np

from kb.embedding.base import Embedder

QUERY_SIDE = "|query"  # kept query vectors are stored under the fingerprint and this: never mistaken for passages


def embed_short_texts(embedder: Embedder, texts: list[str]) -> np.ndarray:
    """Unit vectors (one row per text) of short texts compared with each other, such as companies' needs and
    offers: the query side of the model, which told like needs from unlike ones better than the passage side
    did (docs/network.md). Kept on disk when the embedder has a cache, so what `kb index` embedded, a server's
    network map reads back instead of embedding it at its start."""
    if not texts:
        return np.empty((0, embedder.dimension), np.float32)
    if isinstance(embedder, CachedEmbedder):
        return np.asarray(embedder.embed_queries(list(texts), keep=True), dtype=np.float32)
    return np.asarray(embedder.embed_queries(list(texts)), dtype=np.float32)


class CachedEmbedder:
    """Wraps any embedder; same interface."""

    def __init__(self, inner: Embedder, path: Path | None, queries: int = 2048):
        self.inner = inner
        self._query_slots = queries
        self.name, self.fingerprint = inner.name, inner.fingerprint
        self.dimension, self.max_tokens = inner.dimension, inner.max_tokens
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self._db = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False)
            self._db.execute("CREATE TABLE IF NOT EXISTS vectors (model TEXT, hash BLOB, vector BLOB, PRIMARY KEY (model, hash))")

    @property
    def persistent(self) -> bool:
        """Whether what it embeds outlives this process (a cache on disk, not only in memory)."""
        return self._db is not None

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def embed_queries(self, texts: list[str], keep: bool = False) -> np.ndarray:
        """Query vectors, from memory when seen lately. `keep`: also from and to disk, for short texts that every
        process compares again (companies' needs and offers, which the network map embeds at each start)."""
        if keep and self._db is not None:
            return self._embed_kept(texts, self.fingerprint + QUERY_SIDE, self.inner.embed_queries)
        with self._lock:
            known = {t: self._queries[t] for t in dict.fromkeys(texts) if t in self._queries}
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        if missing:  # the model runs outside the lock: a search never waits for another's encode or the indexer's
            known.update(zip(missing, self.inner.embed_queries(missing), strict=True))
        with self._lock:
            for text, vector in known.items():
                self._queries[text] = vector
                self._queries.move_to_end(text)
            while len(self._queries) > self._query_slots:
                self._queries.popitem(last=False)
        return np.stack([known[t] for t in texts])

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if self._db is None:
            return self.inner.embed_passages(texts)
        return self._embed_kept(texts, self.fingerprint, self.inner.embed_passages)

    def _embed_kept(self, texts: list[str], model: str, embed: Callable[[list[str]], np.ndarray]) -> np.ndarray:
        """Vectors from disk by `model` (the fingerprint, and which side) and text hash; the missing ones embedded
        and written there."""
        keys = [hashlib.sha256(t.encode("utf-8")).digest() for t in texts]
        # The lock guards the database and the memory; the model runs outside it, since the live indexer embeds
        # in the server's process, beside its searches.
        with self._lock:
            found = dict(self._lookup(keys, model))
        missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in found}
        if missing:
            vectors = embed(list(missing.values()))
            rows = [(model, key, vector.astype(np.float32).tobytes()) for key, vector in zip(missing, vectors, strict=True)]
            with self._lock:  # two runs that embedded one text write the same row
                self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)
                self._db.commit()
            found.update({key: vector.astype(np.float32) for key, vector in zip(missing, vectors, strict=True)})
        return np.stack([found[key] for key in keys]) if keys else np.empty((0, self.dimension), np.float32)

    def _lookup(self, keys: list[bytes], model: str):
        for start in range(0, len(keys), 500):
            part = keys[start : start + 500]
            marks = ",".join("?" * len(part))
            for key, blob in self._db.execute(
                f"SELECT hash, vector FROM vectors WHERE model = ? AND hash IN ({marks})", [model, *part]
            ):
                yield key, np.frombuffer(blob, dtype=np.float32)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
