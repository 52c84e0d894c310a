"""Fusing the lexical and the semantic ranking into one, at entry level.

Each side gives entries with their best chunk's score, best first. Which
function and which weights are used is decided by `kb eval` on the dev set
(docs/relevance.md), not assumed.
"""

from collections.abc import Mapping

Ranking = list[tuple[str, float]]  # (entry id, score), best first


def rrf(rankings: Mapping[str, Ranking], weights: Mapping[str, float], k: int = 60) -> Ranking:
    """Weighted reciprocal rank fusion: sum of weight / (k + rank)."""
    fused: dict[str, float] = {}
    for side, ranking in rankings.items():
        for rank, (entry_id, _) in enumerate(ranking, start=1):
            fused[entry_id] = fused.get(entry_id, 0.0) + weights.get(side, 1.0) / (k + rank)
    return sorted(fused.items(), key=lambda item: -item[1])


def convex(rankings: Mapping[str, Ranking], weights: Mapping[str, float]) -> Ranking:
    """Weighted sum of scores scaled to [0, 1] per side (by the side's best score; an absent entry scores 0)."""
    fused: dict[str, float] = {}
    for side, ranking in rankings.items():
        if not ranking:
            continue
        top = ranking[0][1] or 1.0
        low = min(score for _, score in ranking) if side == "semantic" else 0.0
        span = (top - low) or 1.0
        for entry_id, score in ranking:
            fused[entry_id] = fused.get(entry_id, 0.0) + weights.get(side, 1.0) * (score - low) / span
    return sorted(fused.items(), key=lambda item: -item[1])
