"""English words our users type, and the Swedish words the knowledge base writes for them (`data/glossary-en-sv.tsv`).

Most entries are Swedish. The semantic side is multilingual, but the keyword side of an English query
matched only the few English entries, on words such as "for" and "small": so the keyword side of an
English query also looks for the Swedish words of the glossary's terms.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "glossary-en-sv.tsv"


@dataclass(frozen=True)
class Translation:
    term: str  # the English words, as the query wrote them
    swedish: tuple[str, ...]


@lru_cache(maxsize=1)
def _glossary() -> tuple[dict[str, tuple[str, ...]], re.Pattern[str]]:
    terms = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            english, swedish = line.split("\t")
            terms[english] = tuple(swedish.split())
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return terms, re.compile(rf"(?<![\w-])({alternatives})(?![\w-])", re.IGNORECASE)


def translations(text: str) -> list[Translation]:
    """The glossary's terms in `text`, longest first where they overlap ("energy efficiency", not "energy")."""
    terms, pattern = _glossary()
    return [Translation(found.group(1), terms[found.group(1).lower()]) for found in pattern.finditer(text)]
