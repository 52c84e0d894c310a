"""Chunks in a vector store: one interface, Qdrant Edge embedded on disk, qdrant-client for a server.

Searches read the live index; a full rebuild fills a new collection aside and
then makes it live in one step, so a half-built index is never what a search
sees. The live index records the model and dimension that built it.

The two engines (`kb.store.edge`, `kb.store.client`) implement a few
primitives; everything the indexer and search ask of the store is written once
here, on top of them, with filters in one engine-neutral form (`Where`).
"""

import hashlib
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from kb.settings import Settings
from kb.store.rwlock import ReadWriteLock
from kb.text.lexical import SparseVector

DENSE = "dense"
LEXICAL = "lexical"
# 2: a BM25 sparse vector beside the dense one; 3: head chunk text is the summary alone;
# 4: head chunks are found by `chunk == 0` (Qdrant Edge does not match booleans);
# 5: the lexical index is walked even for filters that match few points (SPARSE_FULL_SCAN_THRESHOLD);
# 6: every chunk carries its entry's wants and language, which the ranking reads from hits;
# 7: an example entry's note that it is made up is not indexed (content.markdown.is_example_note);
# 8: every chunk records how many chunks its entry has, and the index how many entries and chunks it holds;
# 9: a company's suppliers and customers are stored as relations ({name, share, supplies, country}), not strings
SCHEMA_VERSION = 9
# Below this many matching points a filtered lexical search scores each of them in full; above, it walks the
# inverted index. A match description has ~90 query terms (words and n-grams): scoring the 2,000 programs of
# 10k chunks took 9.5 ms that way, against 0.8 ms through the index (Qdrant's default threshold is 5,000).
SPARSE_FULL_SCAN_THRESHOLD = 200
# Payload keys that filters use; values are lowercased so "dalarna" finds "Dalarna".
FILTER_KEYS = ("type", "region", "municipality", "topic", "status")
KEYWORD_INDEXES = ("entry_id", "entry_hash", *(f"facets.{key}" for key in FILTER_KEYS))
INTEGER_INDEXES = ("chunk",)
WITHOUT_ENTRY = ["entry"]  # passages to show do not carry the whole entry the head chunk holds
# What a search hit carries: enough to rank, pick the passage to show and count facets. The rest of a
# chunk's payload is fetched only for the passages shown (`Store.passages`): payloads are read whole.
HIT_FIELDS = ["entry_id", "chunk", "type", "regions", "municipalities", "topics", "wants", "language"]
# What tells which versions of each entry an index holds, whole or not (Store.entry_hashes).
VERSION_FIELDS = ("entry_id", "entry_hash", "chunk", "chunks")
Version = tuple[str, str, int, int | None]  # one chunk's VERSION_FIELDS


class StoreError(RuntimeError):
    """The index cannot be used as asked; the message says what to do."""


class StoreBusyError(StoreError):
    pass


class NoIndexError(StoreError):
    pass


class StoreDamagedError(StoreError):
    """The index's files cannot be read as they should; the message says what happened and the fix."""


class IndexMismatchError(StoreError):
    """The live index was built by another model, engine or version of kb than this process runs."""


NO_INDEX = "There is no index yet: run `kb index` first."


def busy_error(settings: Settings) -> StoreBusyError:
    return StoreBusyError(
        f"The index at {settings.store_path} is in use by another process (another `kb index`, or a `kb serve` "
        "this command cannot reach through its socket): wait for it or stop it, and run this command again."
    )


@dataclass(frozen=True)
class Contents:
    """How many entries and chunks an index holds by its own record, so a store that lost some is noticed."""

    entries: int
    chunks: int

    @classmethod
    def of(cls, chunks_per_entry: Mapping[str, int]) -> "Contents":
        return cls(len(chunks_per_entry), sum(chunks_per_entry.values()))

    @classmethod
    def from_record(cls, record: Any) -> "Contents | None":
        if not isinstance(record, dict):
            return None
        return cls(int(record.get("entries", 0)), int(record.get("chunks", 0)))

    def record(self) -> dict[str, int]:
        return {"entries": self.entries, "chunks": self.chunks}


@dataclass(frozen=True)
class Model:
    """What an index's vectors depend on: the model's name and dimension, and its fingerprint (engine,
    weights, prompts), which tells apart two engines or prompts of one model."""

    name: str
    dimension: int
    fingerprint: str

    @classmethod
    def of(cls, embedder: Any) -> "Model":
        """Of any embedder (`kb.embedding.base.Embedder`): the store needs only these three of its facts."""
        return cls(embedder.name, embedder.dimension, embedder.fingerprint)


@dataclass(frozen=True)
class IndexInfo:
    collection: str
    model: str
    dimension: int
    schema: int
    fingerprint: str = ""

    @classmethod
    def new(cls, alias: str, model: Model) -> "IndexInfo":
        """A new collection's name, unique beside the live one, and what will build it."""
        name = f"{alias}-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
        return cls(name, model.name, model.dimension, SCHEMA_VERSION, model.fingerprint)

    @classmethod
    def from_record(cls, collection: str, record: dict[str, Any]) -> "IndexInfo":
        return cls(
            collection, str(record.get("model")), int(record.get("dimension", 0)), int(record.get("schema", 1)),
            str(record.get("fingerprint", "")),
        )

    def record(self) -> dict[str, Any]:
        """What an engine stores beside the collection, so a later process can check its model."""
        return {"model": self.model, "dimension": self.dimension, "schema": self.schema, "fingerprint": self.fingerprint}

    def mismatch(self, model: Model) -> str | None:
        """Why a process with `model` cannot search this index or add to it (with the fix), or None when it can."""
        if self.schema != SCHEMA_VERSION:
            return "The index was built by an older version of kb: run `kb index --rebuild`."
        if (self.model, self.dimension) != (model.name, model.dimension):
            return (
                f"The index was built with model '{self.model}' (dimension {self.dimension}), but this process "
                f"uses '{model.name}' (dimension {model.dimension}): run `kb index --rebuild`, "
                f"or set KB_EMBEDDING_MODEL={self.model}."
            )
        if self.fingerprint != model.fingerprint:
            return (
                f"The index was built with another engine or prompt of '{self.model}' than this process uses "
                f"({self.fingerprint or 'unrecorded'}, not {model.fingerprint}): run `kb index --rebuild`."
            )
        return None


@dataclass(frozen=True)
class ChunkPoint:
    entry_id: str
    entry_hash: str
    chunk: int
    vector: list[float]
    lexical: SparseVector
    payload: dict[str, Any]

    @property
    def point_id(self) -> int:
        """Stable across runs; an integer, because a search turns every UUID id it returns into a Python object."""
        digest = hashlib.blake2b(f"{self.entry_id}:{self.entry_hash}:{self.chunk}".encode(), digest_size=8).digest()
        return int.from_bytes(digest) >> 1  # 63 bits: collisions are beyond reach at millions of chunks


class Hit(NamedTuple):  # a tuple: searches make hundreds of these
    point_id: int
    score: float
    payload: dict[str, Any]  # HIT_FIELDS only


@dataclass(frozen=True)
class Where:
    """A payload filter both engines understand: each key in `must` matches one of its values
    (keys AND-ed, values OR-ed); no key in `must_not` matches any of its values."""

    must: dict[str, list[str | int]] = field(default_factory=dict)
    must_not: dict[str, list[str | int]] = field(default_factory=dict)

    def __and__(self, other: "Where") -> "Where":
        return Where({**self.must, **other.must}, {**self.must_not, **other.must_not})

    def __bool__(self) -> bool:
        return bool(self.must or self.must_not)


HEADS = Where({"chunk": [0]})


def facet_filter(filters: dict[str, list[str]]) -> Where:
    """Values of one key are OR-ed, different keys AND-ed."""
    return Where({f"facets.{key}": [v.lower() for v in values] for key, values in filters.items() if values})


def versions_held(chunks: "Iterable[Version]") -> dict[str, dict[str, int | None]]:
    """Per entry, per version, the number of chunks held, or None when the version is not whole."""
    held: dict[tuple[str, str], set[int]] = {}
    expected: dict[tuple[str, str], int | None] = {}
    for entry_id, entry_hash, chunk, chunks_of_entry in chunks:
        held.setdefault((entry_id, entry_hash), set()).add(chunk)
        expected[(entry_id, entry_hash)] = chunks_of_entry
    versions: dict[str, dict[str, int | None]] = {}
    for (entry_id, entry_hash), found in held.items():
        whole = len(found) == expected[(entry_id, entry_hash)]
        versions.setdefault(entry_id, {})[entry_hash] = len(found) if whole else None
    return versions


def engine_filter(where: Where, api: Any) -> Any:
    """`where` in an engine's own classes: `qdrant_client.models` and `qdrant_edge` name them alike."""
    if not where:
        return None

    def conditions(keys: dict[str, list[str | int]]) -> list[Any]:
        return [api.FieldCondition(key=key, match=api.MatchAny(any=values)) for key, values in keys.items()]

    return api.Filter(must=conditions(where.must), must_not=conditions(where.must_not))


@dataclass(frozen=True)
class SearchRequest:
    using: str  # DENSE or LEXICAL
    vector: Any  # list[float] for DENSE, SparseVector for LEXICAL
    where: Where
    limit: int


class Store(ABC):
    """What the indexer and search need of an index; engines implement the abstract primitives.

    A search reads under `reading()`, a change to the live index is written under `writing()`: see
    `kb.store.rwlock`. The engines' own calls are safe from several threads; the lock makes a run of them one step.
    """

    def __init__(self) -> None:
        self.lock = ReadWriteLock()

    def reading(self) -> AbstractContextManager[None]:
        return self.lock.reading()

    def writing(self) -> AbstractContextManager[None]:
        return self.lock.writing()

    # --- engine primitives ---------------------------------------------

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def info(self) -> IndexInfo | None:
        """The live index, or None when nothing has been built yet."""

    @abstractmethod
    def create_collection(self, model: Model) -> str:
        """A new, empty collection beside the live one; not searched until activated."""

    @abstractmethod
    def activate(self, collection: str) -> None:
        """Make `collection` the live index in one step, then drop what it replaced."""

    def optimize(self, collection: str) -> None:
        """Make a collection built aside fast to search, before it goes live (and outside the write lock: it may
        take minutes). A Qdrant server optimizes its collections by itself; Edge overrides this."""

    @abstractmethod
    def upsert(self, collection: str, points: list[ChunkPoint]) -> None: ...

    @abstractmethod
    def delete(self, collection: str, where: Where) -> None: ...

    @abstractmethod
    def scroll(self, collection: str | None, where: Where, fields: list[str] | None) -> Iterator[dict[str, Any]]:
        """Payloads of every matching point (only `fields` of them, or all); None means the live index."""

    @abstractmethod
    def revision(self) -> str:
        """A token that changes whenever the index changes (a write, a rebuilt index made live): what caches
        of things derived from the whole index, such as the network map, key on."""

    @abstractmethod
    def count(self, where: Where = Where()) -> int:
        """Matching points in the live index, exactly."""

    @abstractmethod
    def search(self, requests: list[SearchRequest]) -> list[list[Hit]]:
        """Several chunk searches of the live index in one call, best chunk first in each."""

    @abstractmethod
    def passages(self, point_ids: list[int]) -> dict[int, dict[str, Any]]:
        """Whole chunk payloads (but the entry record) of the live index, by point id: what a result shows."""

    @abstractmethod
    def record_contents(self, collection: str, contents: Contents) -> None:
        """Record what the collection holds, beside it, in the same step as the writes that changed it."""

    @abstractmethod
    def recorded_contents(self) -> Contents | None:
        """What the live index recorded that it holds (None: nothing recorded)."""

    @abstractmethod
    def damage(self) -> str | None:
        """What the engine found broken in the live index's files (with the fix), or None: cheap, no reading."""

    @abstractmethod
    def check_vectors(self) -> None:
        """Read every vector of the live index once; raises StoreDamagedError when some cannot be read."""

    @abstractmethod
    def flush(self) -> None:
        """Everything written so far is on disk: a copy of the store taken now is whole."""

    # --- built on them -------------------------------------------------

    def delete_stale(self, collection: str, entry_id: str, keep_hash: str) -> None:
        """Remove chunks of older versions of an entry, after the new ones are in."""
        self.delete(collection, Where({"entry_id": [entry_id]}, {"entry_hash": [keep_hash]}))

    def delete_entries(self, collection: str, entry_ids: list[str]) -> None:
        if entry_ids:
            self.delete(collection, Where({"entry_id": list(entry_ids)}))

    def entry_hashes(self, collection: str) -> dict[str, dict[str, int | None]]:
        """Which versions of each entry the collection holds, each with its number of chunks, or None when
        some of its chunks are missing (so it is embedded again)."""
        return versions_held(
            (p["entry_id"], p["entry_hash"], p["chunk"], p.get("chunks"))
            for p in self.scroll(collection, Where(), list(VERSION_FIELDS))
        )

    def heads(self, entry_ids: list[str] | None = None, filters: dict[str, list[str]] | None = None) -> list[dict[str, Any]]:
        """Head-chunk payloads (which hold the whole entry) of the given entries, or of all that pass `filters`."""
        where = HEADS & facet_filter(filters or {})
        if entry_ids is not None:
            if not entry_ids:
                return []
            where = where & Where({"entry_id": list(entry_ids)})
        return list(self.scroll(None, where, None))

    def count_entries(self) -> int:
        return self.count(HEADS)

    def problem(self, held: Contents | None = None) -> str | None:
        """Why the live index cannot be trusted as it is (one sentence with the fix), or None when it can.
        `held`: what the store holds now, when the caller has just counted it."""
        if self.info() is None:
            return self.damage()
        try:
            self.check_vectors()
        except StoreDamagedError as exc:
            return str(exc)
        recorded = self.recorded_contents()
        held = held if held is not None else Contents(self.count_entries(), self.count())
        if recorded is not None and held != recorded:
            return (
                f"The index holds {held.entries} of the {recorded.entries} entries and {held.chunks} of the "
                f"{recorded.chunks} chunks it recorded: run `kb index` to build it again from the content folder."
            )
        return self.damage()

