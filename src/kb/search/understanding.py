"""What a query says beyond its words: the places it names, what a school asks for, its language.

Shown to the user (each place a chip that can be taken away), and used to steer the ranking
(`search/ranking.py`), never as a hard filter.
"""

from pydantic import BaseModel

from kb.text.glossary import translations
from kb.text.intents import intents_in, language_of
from kb.text.lexical import terms
from kb.text.places import gazetteer


class PlaceMention(BaseModel):
    name: str  # "Borlänge"
    kind: str  # "municipality" or "region"
    region: str  # the region it lies in
    text: str  # as the query wrote it: "Borlänges"
    start: int
    end: int


class Translated(BaseModel):
    term: str  # English, as the query wrote it
    swedish: list[str]  # what the keyword side also looks for


class Understanding(BaseModel):
    places: list[PlaceMention] = []
    intents: list[str] = []  # wants a company may hold: lia, exjobb, studiebesök, branschråd, samarbete …
    language: str = "sv"
    translated: list[Translated] = []  # for an English query: the Swedish words of its terms

    def alternatives(self, query: str) -> list[frozenset[str]]:
        """Each word of the query (a stem) with the stems that stand in for it: an English term's Swedish words."""
        stand_ins: dict[str, set[str]] = {}
        for t in self.translated:
            swedish = {stem for word in t.swedish for stem in terms(word)}
            for stem in terms(t.term):
                stand_ins.setdefault(stem, set()).update(swedish)
        return [frozenset({stem, *stand_ins.get(stem, ())}) for stem in dict.fromkeys(terms(query))]

    def keywords(self, query: str) -> str:
        """What the keyword side looks for: the query, and the Swedish words of an English query's terms."""
        return " ".join([query, *(word for t in self.translated for word in t.swedish)])

    def without_place(self, query: str, mention: PlaceMention) -> str:
        """The query with one place taken out (what a chip's ✕ searches for): "yh svetsning dalarna" → "yh svetsning"."""
        before = query[: mention.start].rstrip()
        for word in (" i", " från", " in", " near"):  # the preposition goes with the place
            if before.lower().endswith(word):
                before = before[: -len(word)]
        return " ".join(f"{before} {query[mention.end:].lstrip(' ,')}".split())


def understand(query: str) -> Understanding:
    mentions = gazetteer().find(query)
    places = [
        PlaceMention(name=m.place.name, kind=m.place.kind, region=m.place.region, text=query[m.start : m.end],
                     start=m.start, end=m.end)
        for m in mentions
    ]
    words_only = "".join(query[i] for i in range(len(query)) if not any(m.start <= i < m.end for m in mentions))
    language = language_of(words_only)
    translated = [Translated(term=t.term, swedish=list(t.swedish)) for t in translations(query)] if language == "en" else []
    return Understanding(places=places, intents=list(intents_in(query)), language=language, translated=translated)
