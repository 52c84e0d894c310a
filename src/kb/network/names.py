"""Names of suppliers and customers as authors write them: one key per actor, groups told apart, foreign forms.

`Kopparbergs Legering`, `Kopparbergs Legering AB` and `kopparbergs-legering` are one actor: case,
spacing, punctuation, a trailing remark in brackets and legal forms do not split it. A description of
many ("Stålgrossister i Mellansverige", "ett par grossister i Norden") is a group, never one actor.
"""

import re
from functools import lru_cache

# Legal forms, as words of a name (after punctuation is gone; "a/s" is read before that).
LEGAL_FORMS = frozenset({
    "ab", "aktiebolag", "publ", "hb", "kb", "handelsbolag", "kommanditbolag", "oy", "oyj", "as", "asa",
    "aps", "gmbh", "ag", "kg", "ltd", "limited", "plc", "inc", "llc", "corp", "sa", "sas", "srl", "spa", "bv", "nv",
})
# Legal forms that say the actor is abroad, and where (None: abroad, but not which country).
FOREIGN_FORMS = {
    "oy": "Finland", "oyj": "Finland", "as": "Norge", "asa": "Norge", "a/s": "Danmark", "aps": "Danmark",
    "gmbh": "Tyskland", "ltd": None, "limited": None, "plc": None, "inc": None, "llc": None, "corp": None,
    "sa": None, "sas": None, "srl": None, "spa": None, "bv": "Nederländerna", "nv": None,
}
SWEDEN = frozenset({"sverige", "sweden", "se"})
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_TRAILING_REMARK = re.compile(r"\s*\([^)]*\)\s*$")
_NOT_WORD = re.compile(r"[^\w]+|_")
_RAW_WORD = re.compile(r"[\w/&.-]+")
# A group: a word that counts or describes many, first ("ett par grossister", "kommunala fastighetsbolag") …
_MANY_FIRST = frozenset({
    "ett", "en", "några", "flera", "olika", "många", "diverse", "andra", "övriga", "alla", "kommunala", "lokala",
    "regionala", "statliga", "privata", "mindre", "större", "små", "svenska", "nordiska", "utländska",
})
# … or a plural or collective noun followed by where or what ("Stålgrossister i Mellansverige").
_COLLECTIVE_ENDINGS = ("er", "or", "ar", "are", "bolag", "företag", "bruk", "verk", "industrin", "kommuner")
_PLACE_WORDS = frozenset({"i", "inom", "av", "från", "på", "runt", "kring", "utanför", "över", "för"})
# Small words a proper name may hold in lower case ("Mora Trä & Metall", "Bröderna Ek i Mora AB").
_CONNECTORS = frozenset({"i", "och", "&", "av", "för", "på", "med", "till", "de", "la", "le", "von", "van", "der",
                         "den", "det", "und", "of", "the", "y", "-"})


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The actor a name means, as one key: lower case, no brackets, punctuation or legal forms, '&' as 'och'."""
    text = _BRACKETS.sub(" ", name.casefold()).replace("&", " och ").replace("a/s", " ")
    words = [w for w in _NOT_WORD.split(text) if w]
    kept = [w for w in words if w not in LEGAL_FORMS]
    return " ".join(kept or words)


def display(name: str) -> str:
    """A name as a sentence shows it: without a trailing remark in brackets ("Gävle Gjuteri AB (exempelföretag)")."""
    return _TRAILING_REMARK.sub("", name).strip() or name


def slug(key: str) -> str:
    return key.replace(" ", "-")


def _raw_words(name: str) -> list[str]:
    return _RAW_WORD.findall(_BRACKETS.sub(" ", name))


def legal_forms(name: str) -> list[str]:
    return [w.casefold().strip(".") for w in _raw_words(name) if w.casefold().strip(".") in {*LEGAL_FORMS, "a/s"}]


def is_group(name: str) -> bool:
    """True for a description of many actors rather than one actor's name."""
    words = _raw_words(name)
    if not words or legal_forms(name):
        return False
    first = words[0]
    if first[0].islower() and (len(words) > 1 or first.casefold() in _MANY_FIRST):
        return True  # "ett par grossister i Norden", "kommunala fastighetsbolag i Gävleborg"
    if any(w[0].islower() and w.casefold() not in _CONNECTORS for w in words[1:]):
        return True  # "Leverantörer av glasfiber", "Exempelkunder inom fordonsindustrin"
    return (
        len(words) > 1 and first.casefold().endswith(_COLLECTIVE_ENDINGS) and words[1].casefold() in _PLACE_WORDS
    )


def abroad(name: str, country: str | None) -> tuple[bool, str | None]:
    """Whether an actor is abroad and where: the author's `country` first, else what its legal form tells."""
    if country:
        return country.casefold().strip() not in SWEDEN, country.strip()
    for form in legal_forms(name):
        if form in FOREIGN_FORMS:
            return True, FOREIGN_FORMS[form]
    return False, None
