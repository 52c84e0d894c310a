"""Why a result matched: highlighted snippets and short reasons, from the query's terms."""

import html
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from pydantic import BaseModel

from kb import labels
from kb.text.lexical import Token, terms, tokens

SNIPPET_CHARS = 300
_COMPOUND_MIN = 5  # a query stem this long also matches inside a compound: "gjuteri" in "gjuteriföretaget"


class Snippet(BaseModel):
    text: str
    html: str  # escaped, matched words in <mark>
    highlights: list[tuple[int, int]]  # [start, end) offsets into text


class Reason(BaseModel):
    kind: str  # "terms" or "semantic"
    field: str | None = None  # title, topics or body, for kind "terms"
    terms: list[str] = []
    text: str  # for people, in Swedish


@dataclass(frozen=True)
class QueryTerms:
    stems: frozenset[str]

    @classmethod
    def of(cls, query: str) -> "QueryTerms":
        return cls(frozenset(terms(query)))

    @cached_property
    def _compound_parts(self) -> tuple[str, ...]:
        return tuple(s for s in self.stems if len(s) >= _COMPOUND_MIN)

    def matches(self, token: Token) -> bool:
        if token.stem in self.stems:
            return True
        return any(s in token.stem for s in self._compound_parts)

    def find(self, text: str) -> list[Token]:
        """The words of `text` that match: `[t for t in tokens(text) if self.matches(t)]`, sooner.

        Snowball's Swedish stemmer only cuts endings, so a word's stem begins it and a word that
        matches holds a query stem: only the words around the stems' occurrences are stemmed and
        checked, not every word of every passage shown (that was a third of a search's Python time).
        """
        lowered = text.lower()
        if len(lowered) != len(text):  # a letter that lowercases to two would shift the offsets
            return [t for t in tokens(text) if self.matches(t)]
        found: list[Token] = []
        end = 0
        for start in sorted({i for stem in self.stems for i in _occurrences(lowered, stem)}):
            if start < end:  # inside the word just read
                continue
            end = start
            while start > 0 and text[start - 1].isalnum():  # str.isalnum is the regex class [^\W_]
                start -= 1
            while end < len(text) and text[end].isalnum():
                end += 1
            found.extend(t for t in tokens(text[start:end], start) if self.matches(t))
        return found

    def covered(self, text: str) -> set[str]:
        """The query's stems that some word of `text` matches."""
        found = self.find(text)
        return {s for s in self.stems if any(t.stem == s or (s in self._compound_parts and s in t.stem) for t in found)}

    def matched_words(self, text: str) -> list[str]:
        return list(dict.fromkeys(t.surface.lower() for t in self.find(text)))


def _occurrences(text: str, part: str) -> Iterator[int]:
    at = text.find(part)
    while at != -1:
        yield at
        at = text.find(part, at + 1)


def snippet(text: str, query: QueryTerms, limit: int = SNIPPET_CHARS) -> Snippet:
    """The window of the text with the most matched words, cut at word boundaries."""
    flat = " ".join(text.split())
    hits = query.find(flat)
    start = _best_window(hits, limit)
    if start > 0:  # begin after a space, never mid-word
        space = flat.find(" ", start)
        start = space + 1 if space != -1 else 0
    end = len(flat) if start + limit >= len(flat) else flat.rfind(" ", start, start + limit)
    if end <= start:
        end = min(len(flat), start + limit)
    window = flat[start:end]
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(flat) else ""
    spans = [(t.start - start + len(prefix), t.end - start + len(prefix)) for t in hits if start <= t.start and t.end <= end]
    text_out = prefix + window + suffix
    return Snippet(text=text_out, html=_mark(text_out, spans), highlights=spans)


def _best_window(hits: list[Token], limit: int) -> int:
    """Start a little before the match that begins the densest window."""
    if not hits:
        return 0
    best = max(hits, key=lambda h: sum(1 for other in hits if h.start <= other.start < h.start + limit - 40))
    return max(0, best.start - 40)


def _mark(text: str, spans: list[tuple[int, int]]) -> str:
    parts, last = [], 0
    for start, end in spans:
        parts.append(html.escape(text[last:start]))
        parts.append(f"<mark>{html.escape(text[start:end])}</mark>")
        last = end
    parts.append(html.escape(text[last:]))
    return "".join(parts)


def reasons(query: QueryTerms, title: str, topics: list[str], body: str, semantic: bool) -> list[Reason]:
    found = []
    for field, text in (("title", title), ("topics", " ".join(topics)), ("body", body)):
        words = query.matched_words(text)
        if words:
            found.append(
                Reason(kind="terms", field=field, terms=words, text=labels.matched_in(field, words))
            )
    if semantic:
        found.append(Reason(kind="semantic", text=labels.SIMILAR_TO_QUERY))
    return found
