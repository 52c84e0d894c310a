"""Fusing the lexical and the semantic ranking into one, at entry level: the functions and their settings.

Each side gives entries with their best chunk's score, best first. Which
function and which weights are used is decided by `kb eval` on the dev set
(docs/relevance.md, bench/fusion_sweep.py), not assumed.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from kb.choice import Choice

Ranking = list[tuple[str, float]]  # (entry id, score), best first
SEMANTIC_SIDE = "semantic"
KEYWORD_SIDE = "keyword"


def rrf(rankings: Mapping[str, Ranking], weights: Mapping[str, float], k: int = 60) -> Ranking:
    """Weighted reciprocal rank fusion: sum of weight / (k + rank)."""
    fused: dict[str, float] = {}
    for side, ranking in rankings.items():
        for rank, (entry_id, _) in enumerate(ranking, start=1):
            fused[entry_id] = fused.get(entry_id, 0.0) + weights.get(side, 1.0) / (k + rank)
    return sorted(fused.items(), key=lambda item: -item[1])


def convex(rankings: Mapping[str, Ranking], weights: Mapping[str, float]) -> Ranking:
    """Weighted sum of scores scaled to [0, 1] per side; an entry a side did not find scores 0 there.

    The keyword side is scaled by its best score alone (BM25 has no fixed floor: 0 is "no match"); the
    semantic side from its lowest to its best cosine, since every entry has some cosine.
    """
    fused: dict[str, float] = {}
    for side, ranking in rankings.items():
        if not ranking:
            continue
        top = ranking[0][1] or 1.0
        low = min(score for _, score in ranking) if side == SEMANTIC_SIDE else 0.0
        span = (top - low) or 1.0
        for entry_id, score in ranking:
            fused[entry_id] = fused.get(entry_id, 0.0) + weights.get(side, 1.0) * (score - low) / span
    return sorted(fused.items(), key=lambda item: -item[1])


class FusionMethod(Choice):
    convex = "convex"
    rrf = "rrf"


@dataclass(frozen=True)
class Fusion:
    """How the lexical query is weighted and the two sides combined. The defaults are what the dev set
    supported: the middle of a flat plateau of the sweep (docs/relevance.md)."""

    method: FusionMethod = FusionMethod.convex
    weights: dict[str, float] = field(default_factory=lambda: {SEMANTIC_SIDE: 0.6, KEYWORD_SIDE: 0.4})
    k: int = 60  # for rrf: the usual constant, which the sweep found no better value for
    ngram_weight: float = 0.3  # weight of character n-grams in the lexical query, beside words (1.0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "method", FusionMethod.from_str(str(getattr(self.method, "value", self.method))))

    def fuse(self, rankings: Mapping[str, Ranking]) -> Ranking:
        if self.method is FusionMethod.rrf:
            return rrf(rankings, self.weights, self.k)
        return convex(rankings, self.weights)
