"""Sweden's regions and municipalities (shipped as data, `data/places.tsv`): found in text, checked, corrected.

Search reads the places a query names (in any case, and in the genitive: "Borlänges", "i Dalarna");
matching checks a region or municipality a user gave against the complete list and suggests the
nearest name for a misspelling. A few municipality names are everyday words ("Mark", "Berg", "Kil",
"Vara", "Lund"): in running text those count as places only when written with a capital or after
"i" / "från".
"""

import difflib
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "places.tsv"
# The program's own three regions: the ones its content is about, and its forms offer.
PROGRAM_REGIONS = ("Dalarna", "Gävleborg", "Värmland")
# Municipality names that are also common words, which a lowercase query uses as words.
_COMMON_WORDS = frozenset({"ale", "berg", "boden", "eda", "hjo", "kil", "lund", "mark", "nora", "sala", "vara"})
_PLACE_CONTEXT = re.compile(r"(?:\bi|\bfrån)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    name: str  # as it is written: "Borlänge", "Dalarna"
    kind: str  # "municipality" or "region"
    region: str  # the region it lies in (a region's own name for a region)


@dataclass(frozen=True)
class Mention:
    """A place a text names, and where."""

    place: Place
    start: int
    end: int


class Gazetteer:
    """The list, read once; names are matched without regard to case."""

    def __init__(self, rows: list[tuple[str, list[str], list[str]]]):
        self.regions = {region: Place(region, "region", region) for region, _, _ in rows}
        self.municipalities = {m: Place(m, "municipality", region) for region, _, towns in rows for m in towns}
        names: dict[str, Place] = {}
        for region, aliases, _ in rows:
            for alias in (region, *aliases):
                names[alias.lower()] = self.regions[region]
        # A name that is both (Stockholm, Uppsala, Gotland …) is the municipality: the narrower place.
        names.update({name.lower(): place for name, place in self.municipalities.items()})
        self._names = names

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        alternatives = "|".join(re.escape(name) for name in sorted(self._names, key=len, reverse=True))
        return re.compile(rf"(?<![\w-])({alternatives})(s)?(?![\w-])", re.IGNORECASE)

    def lookup(self, name: str) -> Place | None:
        """The place a name (or "X kommun", or a genitive) is, exactly; None when no place has it."""
        key = re.sub(r"\s+kommun$", "", " ".join(name.split()).lower())
        return self._names.get(key) or (self._names.get(key[:-1]) if key.endswith("s") else None)

    def find(self, text: str) -> list[Mention]:
        """The places a text names, in order."""
        found = []
        for match in self._pattern.finditer(text):
            word = match.group(1)
            if word.lower() in _COMMON_WORDS and not (word[0].isupper() or _PLACE_CONTEXT.search(text[: match.start()])):
                continue
            found.append(Mention(self._names[word.lower()], match.start(), match.end()))
        return found

    def nearest(self, name: str, kind: str | None = None) -> Place | None:
        """The place whose name is closest to a misspelt one ("Hedemor" → Hedemora), if any is close."""
        pool = {key: place for key, place in self._names.items() if kind is None or place.kind == kind}
        close = difflib.get_close_matches(name.strip().lower(), pool, n=1, cutoff=0.75)
        return pool[close[0]] if close else None

    def municipalities_in(self, region: str) -> list[str]:
        return sorted(m for m, place in self.municipalities.items() if place.region == region)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    rows = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            region, aliases, towns = line.split("\t")
            rows.append((region, [a for a in aliases.split(",") if a], towns.split(",")))
    return Gazetteer(rows)


def region_of(municipality: str) -> str | None:
    place = gazetteer().lookup(municipality)
    return place.region if place and place.kind == "municipality" else None


def municipality_in(text: str) -> str | None:
    """The first municipality a text names ("ett gjuteri i Sandviken")."""
    return next((m.place.name for m in gazetteer().find(text) if m.place.kind == "municipality"), None)
