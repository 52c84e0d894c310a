"""An entry into chunks that each fit the model: a head chunk of its facts, then its sections.

Each chunk carries the entry's title and heading path as context, so a chunk
that says "Ansök senast i maj" still tells the model what it is about.
"""

from collections.abc import Callable
from dataclasses import dataclass

from kb.entries import EntryBase
from kb.markdown import sections

# Swedish labels for the facts that describe what an entry is and where.
_FACT_LABELS = {
    "topics": "Ämnen",
    "regions": "Region",
    "municipalities": "Kommun",
    "audience": "Målgrupp",
    "form": "Utbildningsform",
    "location": "Ort",
    "expertise": "Kompetens",
    "sector": "Bransch",
    "offers": "Erbjuder",
    "needs": "Behöver",
    "wants": "Söker",
    "kind": "Typ av organisation",
    "hashtags": "Hashtaggar",
}
_SEPARATORS = ("\n\n", "\n", ". ", " ")
_CONTEXT_MARGIN = 4  # tokens for the join between context and text


@dataclass(frozen=True)
class Chunk:
    index: int
    heading_path: tuple[str, ...]
    text: str  # what a reader sees as snippet
    context: str  # title and heading path, prepended for embedding

    @property
    def embed_text(self) -> str:
        return f"{self.context}\n{self.text}" if self.text else self.context


@dataclass
class ChunkedEntry:
    chunks: list[Chunk]
    truncated: bool  # the body had more chunks than we embed


def head_text(entry: EntryBase) -> str:
    """The entry's summary and facts, as one short passage."""
    lines = [entry.summary or ""]
    for name, label in _FACT_LABELS.items():
        value = getattr(entry, name, None)
        if value:
            lines.append(f"{label}: {', '.join(value) if isinstance(value, list) else value}")
    return "\n".join(line for line in lines if line)


def chunk_entry(
    entry: EntryBase, count_tokens: Callable[[str], int], max_tokens: int, max_chunks: int
) -> ChunkedEntry:
    pieces: list[tuple[tuple[str, ...], str]] = [((), head_text(entry))]
    for section in sections(entry.body):
        path = tuple(h for h in section.heading_path if h.strip() and h.strip() != entry.title.strip())
        pieces.extend((path, text) for text in _pack(section.blocks, path, entry.title, count_tokens, max_tokens))
    chunks = []
    for path, text in pieces:
        if not text and chunks:
            continue
        if len(chunks) == max_chunks:
            return ChunkedEntry(chunks, truncated=True)
        chunks.append(Chunk(len(chunks), path, text, _context(entry.title, path)))
    return ChunkedEntry(chunks, truncated=False)


def _context(title: str, path: tuple[str, ...]) -> str:
    return " > ".join((title, *path))


def _pack(
    blocks: list[str], path: tuple[str, ...], title: str, count_tokens: Callable[[str], int], max_tokens: int
) -> list[str]:
    """Greedily join whole blocks into chunks under the budget; split only blocks that are too long."""
    budget = max(16, max_tokens - count_tokens(_context(title, path)) - _CONTEXT_MARGIN)
    parts = [(piece, count_tokens(piece)) for block in blocks for piece in _split(block, count_tokens, budget)]
    chunks: list[str] = []
    current: list[str] = []
    used = 0
    for piece, size in parts:
        if current and used + size > budget:
            chunks.append("\n\n".join(current))
            current, used = [], 0
        current.append(piece)
        used += size
    if current:
        chunks.append("\n\n".join(current))
    return chunks


def _split(text: str, count_tokens: Callable[[str], int], budget: int, level: int = 0) -> list[str]:
    """Split at the coarsest separator that makes pieces fit (paragraph, line, sentence, word)."""
    if count_tokens(text) <= budget:
        return [text]
    if level == len(_SEPARATORS):
        return _hard_cut(text, count_tokens, budget)
    separator = _SEPARATORS[level]
    pieces: list[str] = []
    current = ""
    for part in text.split(separator):
        candidate = f"{current}{separator}{part}" if current else part
        if current and count_tokens(candidate) > budget:
            pieces.append(current)
            current = part
        else:
            current = candidate
    pieces.append(current)
    return [p for piece in pieces if piece.strip() for p in _split(piece.strip(), count_tokens, budget, level + 1)]


def _hard_cut(text: str, count_tokens: Callable[[str], int], budget: int) -> list[str]:
    """A single 'word' longer than the budget (a URL, a hash): cut by characters."""
    size = max(1, len(text) * budget // max(count_tokens(text), 1))
    return [text[i : i + size] for i in range(0, len(text), size)]
