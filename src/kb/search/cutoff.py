"""Which candidates fit the query at all: a result list and its count hold only those, and an off-topic
query gets none.

Either side can vouch for an entry: the semantic side when the entry is nearly as close in meaning as
the best one, the keyword side when the entry scores a fair share of the best BM25 score. Every entry
has *some* cosine, so closeness alone cannot tell an off-topic query ("xyzzy qwertyuiop": best cosine
0.81) from a terse real one ("cobot": 0.83); what tells them apart is whether any entry holds most of
the query's words. So a query is answered when its best cosine is high, or the best keyword entries
hold most of its words. The thresholds were measured on the tuning half of the dev set and the
off-topic queries (docs/relevance.md, bench/ranking_sweep.py).
"""

import difflib
from collections.abc import Callable
from dataclasses import dataclass

from kb.search.explain import QueryTerms
from kb.search.fusion import KEYWORD_SIDE, SEMANTIC_SIDE
from kb.search.mode import Mode
from kb.search.retrieval import Candidate
from kb.text.lexical import terms

EntryTexts = Callable[[list[str]], dict[str, str]]  # entry ids -> all their searchable text
COVERAGE_ENTRIES = 3  # the best keyword entries whose words are counted
PREFIX_MIN = 4  # a stem this long counts at the start of a longer word ("bil" does not begin "bild")
TYPO_MIN = 6  # a stem this long may be misspelt …
TYPO_SIMILARITY = 0.85  # … and still count when a word of the entry is this similar (difflib's ratio)


@dataclass(frozen=True)
class Cutoff:
    semantic_gap: float = 0.05  # close in meaning: within this of the best cosine …
    semantic_floor: float = 0.80  # … and at least this …
    semantic_lift: float = 0.01  # … and standing this far above the median candidate (the pool's own level)
    keyword_share: float = 0.30  # sharing the query's words: at least this share of the best BM25 score
    answer_cosine: float = 0.86  # a query is answered when its best cosine reaches this …
    answer_coverage: float = 0.60  # … or one of the best keyword entries holds this share of its words

    def apply(self, candidates: list[Candidate], words: list[frozenset[str]], texts: EntryTexts) -> list[Candidate]:
        """The candidates that fit, in their order; none when nothing answers the query. `words`: the query's
        stems, each with the stems that also count for it (`Understanding.alternatives`)."""
        if not candidates or not self._answered(candidates, words, texts):
            return []
        cosines = sorted(c.scores[SEMANTIC_SIDE] for c in candidates if SEMANTIC_SIDE in c.scores)
        best_keyword = max((c.scores.get(KEYWORD_SIDE, 0.0) for c in candidates), default=0.0)
        close = 1.0
        if cosines:  # the best one always stands out from the pool, however small the pool
            lifted = min(cosines[len(cosines) // 2] + self.semantic_lift, cosines[-1])
            close = max(self.semantic_floor, cosines[-1] - self.semantic_gap, lifted)
        return [
            c for c in candidates
            if (SEMANTIC_SIDE in c.scores and c.scores[SEMANTIC_SIDE] >= close)
            or (KEYWORD_SIDE in c.scores and c.scores[KEYWORD_SIDE] > 0 and c.scores[KEYWORD_SIDE] >= self.keyword_share * best_keyword)
        ]

    def _answered(self, candidates: list[Candidate], words: list[frozenset[str]], texts: EntryTexts) -> bool:
        if max((c.scores.get(SEMANTIC_SIDE, 0.0) for c in candidates), default=0.0) >= self.answer_cosine:
            return True
        if not words:
            return False
        lexical = sorted((c for c in candidates if KEYWORD_SIDE in c.scores), key=lambda c: -c.scores[KEYWORD_SIDE])
        best = lexical or candidates  # in semantic mode, the entries closest in meaning
        found = texts([c.entry_id for c in best[:COVERAGE_ENTRIES]])
        return any(coverage(words, text) >= self.answer_coverage for text in found.values())


def coverage(words: list[frozenset[str]], text: str) -> float:
    """The share of the query's words that `text` holds: as a stem, a stand-in, inside a compound, at the start
    of a longer word (Snowball leaves "svets" as "svet", which begins "svetsning"), or misspelt by a letter
    or two in a long word ("automatiserng")."""
    exact = QueryTerms(frozenset().union(*words)).covered(text)
    stems: set[str] | None = None
    held = 0
    for alternatives in words:
        if alternatives & exact:
            held += 1
            continue
        stems = stems if stems is not None else set(terms(text))
        if any(_begins_or_resembles(s, stems) for s in alternatives):
            held += 1
    return held / len(words)


def _begins_or_resembles(stem: str, stems: set[str]) -> bool:
    if len(stem) >= PREFIX_MIN and any(other.startswith(stem) for other in stems):
        return True
    return len(stem) >= TYPO_MIN and bool(difflib.get_close_matches(stem, stems, n=1, cutoff=TYPO_SIMILARITY))


# One cutoff per mode, each chosen on the tuning half (bench/ranking_sweep.py, docs/relevance.md): alone, the
# semantic side needs a wider gap (it has no keyword side to vouch for the rest), and the keyword side a lower
# share of the query's words (its entries must hold the words themselves).
CUTOFFS = {
    Mode.hybrid: Cutoff(),
    Mode.semantic: Cutoff(semantic_gap=0.07, semantic_lift=0.0),
    Mode.keyword: Cutoff(answer_coverage=0.34),
}
