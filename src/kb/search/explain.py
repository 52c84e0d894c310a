"""Why a result matched: highlighted snippets and short reasons, from the query's terms."""

import html
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from pydantic import BaseModel

from kb import labels
from kb.content.markdown import is_example_note
from kb.text.lexical import Token, terms, tokens

SNIPPET_CHARS = 300
_LEAD = 40  # characters of context before the first match shown
_SENTENCE_REACH = 160  # begin at the match's sentence when it starts no further back than this
# Words that match but explain nothing: the example disclaimer, and the filler of a description of a need
# ("stöd", "hjälper", "industriföretag"). Stems, so every inflection is left out.
UNTELLING_STEMS = frozenset(terms(
    "exempel exempelföretag exempelpost exempelprofil exempelberättelse exempelperson exempelprogram exempelkunder "
    "stöd hjälp hjälper hjälpa företag industriföretag industri verksamhet program vill behöver arbete jobb "
    "anställda personal region kommun små medelstora stora nya bra mer fler erbjuder erbjuds erbjudande"
))
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
        # `stem in lowered` first: most fields a result shows (a title, each topic) hold none of the stems
        for start in sorted({i for stem in self.stems if stem in lowered for i in _occurrences(lowered, stem)}):
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

    def telling_words(self, text: str) -> list[str]:
        """The matched words that explain something: those matching the query's words but the example disclaimer
        and a need's filler words ("nyanställda" matches "anställda", which tells nothing)."""
        return [w for w in self._telling.matched_words(text) if not w.lower().startswith("exempel")]  # "Exempelerbjudande"

    @cached_property
    def _telling(self) -> "QueryTerms":
        return QueryTerms(self.stems - UNTELLING_STEMS)  # once per query, not once per field of every result


def _occurrences(text: str, part: str) -> Iterator[int]:
    at = text.find(part)
    while at != -1:
        yield at
        at = text.find(part, at + 1)


def readable(text: str) -> str:
    """A chunk's text as one line a snippet can show: list items kept apart by " · " (not run together as
    "- a - b"), and the example disclaimer ("Exempelpost: ett påhittat …") left out."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not is_example_note(line)]
    joined, after_item = "", False
    for line in lines:
        item = line.startswith("- ")
        if joined:
            if item and not joined.endswith(":"):
                joined += " · "
            elif after_item and not item:
                joined += ". "  # a paragraph after a list begins anew
            else:
                joined += " "
        joined += line[2:] if item else line
        after_item = item
    return " ".join(joined.split())


def snippet(text: str, query: QueryTerms, limit: int = SNIPPET_CHARS) -> Snippet:
    """The window of the text with the most matched words, from the start of their sentence when that is near,
    cut at word boundaries."""
    flat = readable(text)
    hits = query.find(flat)
    start = _best_window(hits, limit)
    if start > 0:
        sentence = max(flat.rfind(". ", 0, start + _LEAD), flat.rfind(" · ", 0, start + _LEAD))
        if sentence != -1 and start + _LEAD - sentence <= _SENTENCE_REACH:
            start = sentence + (2 if flat[sentence] == "." else 3)  # the sentence or list item that holds the match
        else:  # begin after a space, never mid-word
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
    best = max(hits, key=lambda h: sum(1 for other in hits if h.start <= other.start < h.start + limit - _LEAD))
    return max(0, best.start - _LEAD)


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
    for field, text in (("title", title), ("topics", None), ("body", body)):
        # a topic is named whole ("opc-ua", shown as "OPC UA"), never as its words one by one
        words = [topic for topic in topics if query.telling_words(topic)] if text is None else query.telling_words(text)
        if words:
            found.append(
                Reason(kind="terms", field=field, terms=words, text=labels.matched_in(field, words))
            )
    if semantic:
        found.append(Reason(kind="semantic", text=labels.SIMILAR_TO_QUERY))
    return found
