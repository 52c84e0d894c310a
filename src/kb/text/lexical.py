"""The lexical side: Swedish-normalised terms as BM25-weighted sparse vectors.

Qdrant multiplies each query term by its IDF (the sparse vector's IDF
modifier), so the document side carries BM25's saturated term frequency and
length normalisation, and the query side a weight of one per term. The same
vectors work in the embedded store and on a server.
"""

import re
import zlib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

# Snowball's Swedish stop words, and the few English ones our English users type.
STOPWORDS = frozenset(
    """
    och det att i en jag hon som han på den med var sig för så till är men ett om hade de av icke mig du
    henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde något från ut när efter upp
    vi dem vara vad över än dig kan sina här ha mot alla under någon eller allt mycket sedan ju denna själv
    detta åt utan varit hur ingen mitt ni bli blev oss din dessa några deras blir mina samma vilken er sådan
    vår blivit dess inom mellan sådant varför varje vilka ditt vem vilket sitta sådana vart dina vars vårt
    våra ert era vilkas vill ska skall får fått finns också även bara mer mest många hela
    the a an of for in on to and or is are was be with by at from there which what how who that this it as
    """.split()
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
K1 = 1.2  # BM25's usual term-frequency saturation
B = 0.75  # and its usual weight of length normalisation
# Typical terms per chunk and per whole entry, which BM25's length normalisation is relative to. Fixed, not
# measured per corpus, so an incremental index never has to re-weight every stored chunk when the corpus
# grows. content/ measures 34 and 168: with those, dev-set nDCG@10 is 0.8745 hybrid / 0.8127 keyword against
# 0.8739 / 0.8113 with these, the same within a query's swing.
AVERAGE_TERMS = 60.0
ENTRY_AVERAGE_TERMS = 250.0
NGRAM = 4  # character n-grams of each word, for compounds and typos: "svetsnig" still shares "svet", "vets" …
NGRAM_MARK = "\x1f"  # keeps n-gram terms apart from word terms in the one sparse vector


@dataclass(frozen=True)
class Token:
    surface: str  # as written
    start: int
    end: int
    stem: str


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("swedish")


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def tokens(text: str, offset: int = 0) -> list[Token]:
    """Words with their offsets (plus `offset`); stemmed, stop words left out. å, ä, ö stay as they are."""
    found = []
    for match in _WORD.finditer(text):
        word = match.group().lower()
        if word not in STOPWORDS:
            found.append(Token(match.group(), offset + match.start(), offset + match.end(), stem(word)))
    return found


def terms(text: str) -> list[str]:
    return [t.stem for t in tokens(text)]


def ngrams(text: str) -> list[str]:
    """Character n-grams of each word, with word boundaries marked."""
    grams = []
    for token in tokens(text):
        word = f"#{token.surface.lower()}#"
        grams.extend(NGRAM_MARK + word[i : i + NGRAM] for i in range(max(1, len(word) - NGRAM + 1)))
    return grams


def term_id(term: str) -> int:
    """A stable 32-bit id: no vocabulary to store, the same on every machine."""
    return zlib.crc32(term.encode("utf-8"))


@dataclass(frozen=True)
class SparseVector:
    indices: list[int]
    values: list[float]


def document_vector(text: str, average_terms: float = AVERAGE_TERMS) -> SparseVector:
    """BM25 term-frequency weights of words and, separately normalised, of their n-grams."""
    weights: dict[int, float] = {}
    for units, average in ((terms(text), average_terms), (ngrams(text), average_terms * 6)):
        counts = Counter(units)
        norm = K1 * (1 - B + B * sum(counts.values()) / average)
        for unit, tf in counts.items():
            index = term_id(unit)
            weights[index] = weights.get(index, 0.0) + tf * (K1 + 1) / (tf + norm)
    return SparseVector(list(weights), list(weights.values()))


def query_vector(text: str, ngram_weight: float = 0.0) -> SparseVector:
    """Each word weighs one (Qdrant multiplies in its IDF); each n-gram `ngram_weight`."""
    weights = {term_id(term): 1.0 for term in terms(text)}
    if ngram_weight > 0:
        for gram in set(ngrams(text)):
            weights.setdefault(term_id(gram), ngram_weight)
    ids = sorted(weights)
    return SparseVector(ids, [weights[i] for i in ids])
