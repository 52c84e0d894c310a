"""A content folder into the index: only what changed is embedded, nothing half-built is ever searched.

An incremental run changes the live index one entry at a time, each in one step
under the store's write lock (its new chunks in, its old ones out, the record of
what the index holds), so a search sees an entry before or after its change,
never half-way. A rebuild, no index yet, another model, a store that disagrees
with its own record, or a change too large to show piecemeal (`large_change`)
fills a new collection aside and switches to it in one step.
"""

import functools
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from kb.content.entries import CompanyEntry, EntryBase
from kb.content.loader import ParsedFiles, load_content
from kb.content.problems import Problem, Severity
from kb.embedding.base import Embedder
from kb.embedding.cache import CachedEmbedder, embed_short_texts
from kb.indexing.chunking import Chunk, ChunkedEntry, chunk_entry
from kb.indexing.payload import chunk_payload, entry_hash
from kb.settings import Settings
from kb.store.base import SCHEMA_VERSION, ChunkPoint, Contents, Model, Store
from kb.store.factory import open_store
from kb.text.lexical import ENTRY_AVERAGE_TERMS, SparseVector, document_vector

BATCH = 16  # passages per embedding call: small enough for steady progress, even for the model's threads
# An incremental run that would change more entries than large_change() is built aside instead, so that
# searches keep seeing the old index whole until the new one is: a quarter of the index, and never fewer than this.
LARGE_CHANGE_MIN = 20
Progress = Callable[[int, int], None]  # (chunks done now, chunks to do in all); raising stops the run
Commit = Callable[[Callable[[], None]], None]  # applies one entry's writes to the target collection


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


def large_change(entries: int) -> int:
    """How many entries an incremental run over an index of `entries` may change before it builds aside."""
    return max(LARGE_CHANGE_MIN, entries // 4)


def build_index(
    settings: Settings,
    store: Store,
    embedder: Embedder,
    content_dir: Path,
    rebuild: bool = False,
    progress: Progress | None = None,
    parsed: ParsedFiles | None = None,
) -> IndexReport:
    """`parsed`: the files parsed by earlier runs of this process, so that only changed ones are parsed again."""
    started = time.perf_counter()
    loaded = load_content(content_dir, settings.max_file_bytes, parsed)
    report = IndexReport(rejected=loaded.rejected, warnings=loaded.warnings)
    how = chunking(settings, embedder)
    versions = {entry.id: entry_hash(entry, how) for entry in loaded.entries.values()}

    live = store.info()
    model = Model.of(embedder)
    aside = rebuild or live is None or live.mismatch(model) is not None or store.problem() is not None
    stored = {} if aside else store.entry_hashes(live.collection)
    held = {entry_id: n for entry_id, version in versions.items() if (n := _held_whole(stored.get(entry_id), version))}
    report.removed = sorted(set(stored) - set(versions))
    if not aside and len(versions) - len(held) + len(report.removed) > large_change(len(stored)):
        aside, held, report.removed = True, {}, []
    report.rebuilt = aside
    report.unchanged = list(held)
    target = store.create_collection(model) if aside else live.collection

    def commit(write: Callable[[], None]) -> None:
        """Writes to the live index are one step, with the record of what it then holds; a build aside is
        not searched, so it takes no lock and is recorded once, whole."""
        with nullcontext() if aside else store.writing():
            write()
            if not aside:
                store.record_contents(target, Contents(store.count_entries(), store.count()))

    if report.removed:
        commit(lambda: store.delete_entries(target, report.removed))
    todo: list[tuple[EntryBase, str, ChunkedEntry]] = []
    for entry in loaded.entries.values():
        if entry.id in held:
            continue
        version = versions[entry.id]
        chunked = chunk_as_indexed(entry, settings, embedder)
        if chunked.truncated:
            report.warnings.append(
                Problem(Path(entry.path), "too_many_chunks", {"chunks": len(chunked.chunks)}, Severity.warning)
            )
        todo.append((entry, version, chunked))

    _embed_and_store(store, embedder, target, todo, report, progress, commit)
    if isinstance(embedder, CachedEmbedder) and embedder.persistent:
        # Companies' needs and offers as the network map compares them, kept beside the passages: a server that
        # builds the map after this run reads them instead of embedding them at its start (where nothing is
        # kept, embedding them here would only be thrown away).
        embed_short_texts(embedder, [t for entry, *_ in todo if isinstance(entry, CompanyEntry) for t in entry.needs_and_offers()])
    if aside:
        held.update((entry.id, len(chunked.chunks)) for entry, _, chunked in todo)
        store.record_contents(target, Contents.of(held))
        store.optimize(target)  # searches go on meanwhile, on the live index
        with store.writing():
            store.activate(target)
    report.chunks_total = store.count()
    report.seconds = time.perf_counter() - started
    return report


def _held_whole(versions: dict[str, int | None] | None, version: str) -> int | None:
    """How many chunks the index holds of the entry, when it holds this version whole and no other."""
    if versions and set(versions) == {version}:
        return versions[version]
    return None


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
    commit: Commit,
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
                vectors = embedded.pop(entry.id)
                commit(functools.partial(_store, store, collection, entry, version, chunked, vectors))
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
            ChunkPoint(entry.id, version, c.index, vector, lexical(c), chunk_payload(entry, c, version, len(chunked.chunks)))
            for c, vector in zip(chunked.chunks, vectors, strict=True)
        ],
    )
    store.delete_stale(collection, entry.id, version)
