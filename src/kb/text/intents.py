"""What a school asks a company for, and the language a query is written in: read from the words used.

An intent is a value a company entry's `wants` may hold (lia, exjobb, studiebesök, branschråd,
samarbete, gästföreläsning); the words that ask for it come in Swedish and English, in any inflection
or compound ("LIA-platser", "praktikplatser", "examensarbeten", "internships", "thesis").
"""

import re

INTENT_WORDS = {
    "lia": r"lia|praktik\w*|lärande i arbete|internships?|work placements?|apprentic\w*",
    "exjobb": r"exjobb\w*|examensarbet\w*|thesis|theses|degree projects?|master'?s projects?",
    "studiebesök": r"studiebesök\w*|företagsbesök\w*|study visits?|company visits?|site visits?",
    "branschråd": r"branschråd\w*|ledningsgrupp\w*|advisory boards?|industry boards?",
    "samarbete": r"samarbet\w*|samverka\w*|partner\w*|collaborat\w*|cooperat\w*",
    "gästföreläsning": r"gästföreläs\w*|guest lectur\w*|guest speakers?",
}
_INTENTS = {want: re.compile(rf"(?<![\w-])(?:{words})(?!\w)", re.IGNORECASE) for want, words in INTENT_WORDS.items()}

# Words that tell English from Swedish in a short query: each language's most common function words and
# the domain words our users type. A query is English when it has more English than Swedish of these.
_ENGLISH = frozenset(
    """
    the a an of for in on to and or with by at from is are be how what which who where can do does my our we
    you it this that there their about into near company companies support training course courses students
    student small business businesses industry industrial manufacturing manufacturers engineering energy
    efficiency steel mill plant security control systems investing investors survey digital going welding
    internship internships thesis visit partners partner school schools jobs job workers hiring funding grant
    help looking need find best new
    """.split()
)
_SWEDISH = frozenset(
    """
    och i på för med att som av till en ett är om vi de den det har kan vill ska hur vad vilka vilken var
    finns någon något inom från efter utan hos oss våra vår mellan eller inte mot kurs utbildning stöd företag
    företaget hjälp söker behöver industrin
    """.split()
)
_WORD = re.compile(r"[^\W\d_]+")


def intents_in(text: str) -> tuple[str, ...]:
    """The wants a text asks for, in the order of INTENT_WORDS."""
    return tuple(want for want, pattern in _INTENTS.items() if pattern.search(text))


def language_of(text: str) -> str:
    """"en" or "sv" (the default: most of our users and content are Swedish)."""
    words = [w.lower() for w in _WORD.findall(text)]
    return "en" if sum(w in _ENGLISH for w in words) > sum(w in _SWEDISH for w in words) else "sv"
