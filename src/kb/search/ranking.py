"""After fusion: what the query's places, intents and language say about each candidate.

Each rule adds to the fused score (0–1) and is a weight in `RankWeights`, 0 switching it off; the
defaults were chosen on the tuning half of the dev set and are reported on its holdout half
(docs/relevance.md, bench/ranking_sweep.py).
"""

from dataclasses import dataclass

from kb.search.retrieval import Candidate
from kb.search.understanding import Understanding


@dataclass(frozen=True)
class RankWeights:
    # The dev set is flat for places from 0.05/0.03 to 0.20/0.12 (tuning half ±0.002): the middle of that
    # plateau, so a place the user names lifts the entries there by a clear step.
    same_municipality: float = 0.15  # the entry is in a municipality the query names
    same_region: float = 0.10  # … or in the region the query names, or the named municipality lies in
    # Tuning half: 0.848 at 0, 0.877 at 0.3, 0.880 at 0.5; the smallest weight within 0.005 of the best.
    wants: float = 0.30  # a company that wants what the query asks for (LIA, exjobb, branschråd …)
    # A tie-breaker between entries that are close: a Swedish query, a Swedish entry (tuning half unmoved).
    same_language: float = 0.03


RANKING = RankWeights()


def steer(candidates: list[Candidate], understood: Understanding, weights: RankWeights = RANKING) -> list[Candidate]:
    """The candidates with each rule's bonus added, best first (ties keep the fused order)."""
    if not candidates:
        return candidates
    towns = {p.name.lower() for p in understood.places if p.kind == "municipality"}
    regions = {p.region.lower() for p in understood.places}
    wanted = set(understood.intents)
    swedish = understood.language == "sv"
    adjusted = []
    for candidate in candidates:  # hundreds a search: each rule reads the hit only when the query can use it
        hit = candidate.shown.payload
        bonus = 0.0
        if towns and towns & {m.lower() for m in hit.get("municipalities") or []}:
            bonus += weights.same_municipality
        elif regions and regions & {r.lower() for r in hit.get("regions") or []}:
            bonus += weights.same_region
        if wanted and wanted & set(hit.get("wants") or []):
            bonus += weights.wants
        if swedish and (hit.get("language") or "sv") == "sv":
            bonus += weights.same_language
        adjusted.append(candidate.lifted(bonus) if bonus else candidate)
    return sorted(adjusted, key=lambda c: -c.score)
