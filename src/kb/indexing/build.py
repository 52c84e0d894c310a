"""A content folder into the index: only what changed is embedded, nothing half-built is ever searched."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kb.content.entries import EntryBase
from kb.content.loader import load_content
from kb.content.problems import Problem, Severity
from kb.embedding.base import Embedder
from kb.indexing.chunking import Chunk, ChunkedEntry, chunk_entry
from kb.indexing.payload import chunk_payload, entry_hash
from kb.settings import Settings
from kb.store.base import SCHEMA_VERSION, ChunkPoint, Model, Store
from kb.store.factory import open_store
from kb.text.lexical import ENTRY_AVERAGE_TERMS, SparseVector, document_vector

BATCH = 16  # passages per embedding call: small enough for steady progress, even for the model's threads
Progress = Callable[[int, int], None]  # (chunks done now, chunks to do in all)


@dataclass
class IndexReport:
    indexed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    chunks_embedded: int = 0
    chunks_total: int = 0
    warnings: list[Problem] = field(default_factory=list)
    rejected: list[Problem] = field(default_factory=list)
    rebuilt: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.rejected


def chunking(settings: Settings, embedder: Embedder) -> dict[str, int]:
    """How entries are cut into chunks; part of each entry's hash, so a change re-embeds them."""
    return {
        "max_tokens": min(settings.chunk_tokens, embedder.max_tokens),
        "max_chunks": settings.max_chunks_per_entry,
        "schema": SCHEMA_VERSION,
    }


def chunk_as_indexed(entry: EntryBase, settings: Settings, embedder: Embedder) -> ChunkedEntry:
    """An entry's chunks as the index holds them (benchmarks and tests cut them the same way)."""
    how = chunking(settings, embedder)
    return chunk_entry(entry, embedder.count_tokens, how["max_tokens"], how["max_chunks"])


def build_index(
    settings: Settings,
    store: Store,
    embedder: Embedder,
    content_dir: Path,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> IndexReport:
    started = time.perf_counter()
    loaded = load_content(content_dir, settings.max_file_bytes)
    report = IndexReport(rejected=loaded.rejected, warnings=loaded.warnings)

    live = store.info()
    model = Model.of(embedder)
    report.rebuilt = rebuild or live is None or live.mismatch(model) is not None
    target = store.create_collection(model) if report.rebuilt else live.collection
    stored = {} if report.rebuilt else store.entry_hashes(target)

    how = chunking(settings, embedder)
    todo: list[tuple[EntryBase, str, ChunkedEntry]] = []
    for entry in loaded.entries.values():
        version = entry_hash(entry, how)
        if stored.get(entry.id) == {version}:
            report.unchanged.append(entry.id)
            continue
        chunked = chunk_as_indexed(entry, settings, embedder)
        if chunked.truncated:
            report.warnings.append(
                Problem(Path(entry.path), "too_many_chunks", {"chunks": len(chunked.chunks)}, Severity.warning)
            )
        todo.append((entry, version, chunked))

    _embed_and_store(store, embedder, target, todo, report, progress)

    report.removed = sorted(set(stored) - set(loaded.entries))
    store.delete_entries(target, report.removed)
    if report.rebuilt:
        store.activate(target)
    report.chunks_total = store.count()
    report.seconds = time.perf_counter() - started
    return report


def index_folder(
    settings: Settings, embedder: Embedder, content_dir: Path, rebuild: bool = False, progress: Progress | None = None
) -> IndexReport:
    """Open the store, index the folder, close the store: the embedded store is held only while writing."""
    store = open_store(settings)
    try:
        return build_index(settings, store, embedder, content_dir, rebuild=rebuild, progress=progress)
    finally:
        store.close()


def _embed_and_store(
    store: Store,
    embedder: Embedder,
    collection: str,
    todo: list[tuple[EntryBase, str, ChunkedEntry]],
    report: IndexReport,
    progress: Progress | None,
) -> None:
    """Chunks are embedded BATCH at a time across entries, so every call fills the model's threads (most
    entries have 3 to 6 chunks); each entry is stored once all its chunks are embedded."""
    queue = [(entry, version, chunked, chunk) for entry, version, chunked in todo for chunk in chunked.chunks]
    embedded: dict[str, list[list[float]]] = {}
    for start in range(0, len(queue), BATCH):
        batch = queue[start : start + BATCH]
        vectors = embedder.embed_passages([chunk.embed_text for *_, chunk in batch])
        for (entry, version, chunked, _), vector in zip(batch, vectors, strict=True):
            done = embedded.setdefault(entry.id, [])
            done.append(vector.tolist())
            if len(done) == len(chunked.chunks):
                _store(store, collection, entry, version, chunked, embedded.pop(entry.id))
                report.indexed.append(entry.id)
        report.chunks_embedded += len(batch)
        if progress:
            progress(len(batch), len(queue))


def _store(
    store: Store, collection: str, entry: EntryBase, version: str, chunked: ChunkedEntry, vectors: list[list[float]]
) -> None:
    """New chunks go in before the old version's leave, so the entry never vanishes from search."""
    whole = "\n".join(c.embed_text for c in chunked.chunks)

    def lexical(chunk: Chunk) -> SparseVector:
        # The head chunk stands for the whole entry on the lexical side: a query's words may sit in different sections.
        return document_vector(whole, ENTRY_AVERAGE_TERMS) if chunk.index == 0 else document_vector(chunk.embed_text)

    store.upsert(
        collection,
        [
            ChunkPoint(entry.id, version, c.index, vector, lexical(c), chunk_payload(entry, c, version))
            for c, vector in zip(chunked.chunks, vectors, strict=True)
        ],
    )
    store.delete_stale(collection, entry.id, version)
