"""An entry into chunks that each fit the model: a head chunk of its summary and facts, then its sections.

Each chunk carries the entry's title and heading path as context, so a chunk
that says "Ansök senast i maj" still tells the model what it is about.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from kb.content.entries import EntryBase
from kb.content.markdown import is_example_note, sections
from kb.labels import FIELD_LABELS

# The facts that tell what an entry is and where, in the order the head chunk lists them (labelled in Swedish).
HEAD_FACTS = (
    "topics", "regions", "municipalities", "audience", "form", "location", "expertise", "sector", "offers", "needs",
    "wants", "kind", "hashtags",
)
# Coarsest first: paragraphs, lines, sentences, words; each with the glue that rejoins its pieces.
_SEPARATORS = ((re.compile(r"\n\n"), "\n\n"), (re.compile(r"\n"), "\n"), (re.compile(r"(?<=[.!?])\s+"), " "), (re.compile(r"\s+"), " "))
_CONTEXT_MARGIN = 4  # tokens for the join between context and text


@dataclass(frozen=True)
class Chunk:
    index: int
    heading_path: tuple[str, ...]
    text: str  # what a reader sees as snippet
    context: str  # title and heading path, prepended for embedding
    facts: str = ""  # the head chunk's facts (topics, places, audience …): searched, not shown as snippet

    @property
    def embed_text(self) -> str:
        return "\n".join(part for part in (self.context, self.text, self.facts) if part)


@dataclass
class ChunkedEntry:
    chunks: list[Chunk]
    truncated: bool  # the body had more chunks than we embed


def head_facts(entry: EntryBase) -> str:
    """What the entry is and where, one labelled line per fact."""
    lines = []
    for name in HEAD_FACTS:
        value = getattr(entry, name, None)
        if value:
            lines.append(f"{FIELD_LABELS[name]}: {', '.join(value) if isinstance(value, list) else value}")
    return "\n".join(lines)


def chunk_entry(
    entry: EntryBase, count_tokens: Callable[[str], int], max_tokens: int, max_chunks: int
) -> ChunkedEntry:
    """Chunks in reading order; stops at `max_chunks`, so a huge file costs no more than that."""
    chunks = [Chunk(0, (), entry.summary or "", entry.title, head_facts(entry))]
    for section in sections(entry.body):
        path = tuple(h for h in section.heading_path if h.strip() and h.strip() != entry.title.strip())
        blocks = [block for block in section.blocks if not is_example_note(block)]
        for text in _pack(blocks, path, entry.title, count_tokens, max_tokens):
            if len(chunks) == max_chunks:
                return ChunkedEntry(chunks, truncated=True)
            chunks.append(Chunk(len(chunks), path, text, _context(entry.title, path)))
    return ChunkedEntry(chunks, truncated=False)


def _context(title: str, path: tuple[str, ...]) -> str:
    return " > ".join((title, *path))


def _pack(
    blocks: list[str], path: tuple[str, ...], title: str, count_tokens: Callable[[str], int], max_tokens: int
) -> list[str]:
    """Greedily join whole blocks into chunks under the budget; split only blocks that are too long.

    Token counts add up: a text's cost is its count less the model's fixed overhead
    (special tokens, prompt), so each piece is counted once, however long the file.
    """
    overhead = count_tokens("")

    def cost(text: str) -> int:
        return count_tokens(text) - overhead

    budget = max(16, max_tokens - count_tokens(_context(title, path)) - _CONTEXT_MARGIN)
    pieces = [piece for block in blocks for piece in _split(block, cost, budget)]
    return [text for text, _ in _merge(pieces, "\n\n", budget)]


def _split(
    text: str, cost: Callable[[str], int], budget: int, level: int = 0, size: int | None = None
) -> list[tuple[str, int]]:
    """Split at the coarsest separator that makes pieces fit (paragraph, line, sentence, word)."""
    size = cost(text) if size is None else size
    if size <= budget:
        return [(text, size)]
    if level == len(_SEPARATORS):
        return [(piece, cost(piece)) for piece in _hard_cut(text, size, budget)]
    pattern, glue = _SEPARATORS[level]
    parts = [p.strip() for p in pattern.split(text) if p.strip()]
    if len(parts) == 1:  # this separator does not occur: try the next, no need to count again
        return _split(parts[0], cost, budget, level + 1, size)
    return _merge([piece for part in parts for piece in _split(part, cost, budget, level + 1)], glue, budget)


def _merge(pieces: list[tuple[str, int]], glue: str, budget: int) -> list[tuple[str, int]]:
    merged: list[tuple[str, int]] = []
    for text, size in pieces:
        if merged and merged[-1][1] + size <= budget:
            merged[-1] = (merged[-1][0] + glue + text, merged[-1][1] + size)
        else:
            merged.append((text, size))
    return merged


def _hard_cut(text: str, size: int, budget: int) -> list[str]:
    """A single 'word' longer than the budget (a URL, a hash): cut by characters."""
    step = max(1, len(text) * budget // max(size, 1) * 9 // 10)
    return [text[i : i + step] for i in range(0, len(text), step)]
