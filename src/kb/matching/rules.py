"""What a human adviser weighs beyond relevance: each rule a weight in `MatchWeights`, 0 switches it off.

A rule was kept only where the match dev set supported it (docs/matching.md, bench/match_eval.py).
"""

from dataclasses import dataclass

from kb import labels
from kb.content.entries import EntryBase, EntryType
from kb.matching.asker import Asker
from kb.matching.audience import audience_fits, audience_reason


@dataclass(frozen=True)
class MatchWeights:
    """Added to the fused relevance score (0–1) of each candidate."""

    same_municipality: float = 0.10
    same_region: float = 0.08
    distance_course: float = 0.15  # a distance course counts as local everywhere
    audience_fit: float = 0.10
    audience_mismatch: float = -0.30
    program_elsewhere: float = -1.0  # a regional program does not serve companies in other regions: last, if at all
    wants: float = 0.10
    other_language: float = -0.20  # an English entry for a Swedish description (or the other way round)
    semantic_floor: float = 0.80  # below this cosine, and with no lexical match either, a candidate is not offered


WEIGHTS = MatchWeights()


def elsewhere(asker: Asker, entry: EntryBase) -> bool:
    """A regional program for regions other than the asker's: it does not serve the asker's company."""
    return (
        entry.type is EntryType.program and bool(asker.region and entry.regions)
        and asker.region.lower() not in {r.lower() for r in entry.regions}
    )


def adviser(asker: Asker, entry: EntryBase, weights: MatchWeights = WEIGHTS) -> tuple[float, list[str]]:
    """The bonus (or penalty) the rules give `entry` for this asker, and the reasons a person reads."""
    w = weights
    bonus, reasons = 0.0, []
    municipalities = {m.lower() for m in entry.municipalities}
    if getattr(entry, "distance", False) and w.distance_course:
        bonus += w.distance_course
        reasons.append(labels.DISTANCE_COURSE)
    elif asker.municipality and asker.municipality.lower() in municipalities and w.same_municipality:
        bonus += w.same_municipality
        reasons.append(labels.same_municipality(asker.municipality))
    elif asker.region and asker.region.lower() in {r.lower() for r in entry.regions} and w.same_region:
        bonus += w.same_region
        reasons.append(labels.same_region(asker.region))
    elif elsewhere(asker, entry) and w.program_elsewhere:
        bonus += w.program_elsewhere  # for companies in other regions only
    fits = audience_fits(entry, asker)
    if fits is True and w.audience_fit:
        bonus += w.audience_fit
        reasons.append(audience_reason(entry))
    elif fits is False:
        bonus += w.audience_mismatch
    if entry.language != asker.language and w.other_language:
        bonus += w.other_language
    wanted = [want for want in asker.intents if want in getattr(entry, "wants", [])]
    if wanted and w.wants:
        bonus += w.wants
        reasons.extend(labels.WANT_REASONS[want] for want in wanted)
    return bonus, reasons
