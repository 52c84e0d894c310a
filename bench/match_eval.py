"""Matching on the match dev set: hit@3 and nDCG@5 per group, with each adviser rule on and off.

    .venv/bin/python bench/match_eval.py [eval/match-cases.jsonl] [CONTENT_DIR]

A rule is kept only if switching it off makes these numbers worse (docs/matching.md).
"""

import json
import sys
from dataclasses import replace
from pathlib import Path

from kb.evaluation.metrics import hit, ndcg
from kb.evaluation.scratch import ScratchIndex
from kb.matching.matcher import Matcher
from kb.matching.models import MatchRequest
from kb.matching.rules import WEIGHTS, MatchWeights
from kb.settings import Settings

VARIANTS = {
    "all rules (default)": WEIGHTS,
    "relevance only": replace(
        WEIGHTS, same_municipality=0, same_region=0, distance_course=0, audience_fit=0, audience_mismatch=0, wants=0,
        program_elsewhere=0,
    ),
    "- program elsewhere": replace(WEIGHTS, program_elsewhere=0),
    "- municipality": replace(WEIGHTS, same_municipality=0),
    "- region": replace(WEIGHTS, same_region=0),
    "- distance": replace(WEIGHTS, distance_course=0),
    "- audience fit": replace(WEIGHTS, audience_fit=0),
    "- audience mismatch": replace(WEIGHTS, audience_mismatch=0),
    "- wants": replace(WEIGHTS, wants=0),
    "no floor": replace(WEIGHTS, semantic_floor=0),
}


def run(kb, cases: list[dict], weights: MatchWeights) -> dict[str, dict[str, float]]:
    matcher = Matcher(kb, weights)
    per_group: dict[str, dict[str, float]] = {}
    found = total = 0
    for case in cases:
        request = MatchRequest(**{k: v for k, v in case.items() if k in MatchRequest.model_fields and v is not None}, limit=5)
        groups = matcher.match(request).groups
        for group, ideal in case["ideal"].items():
            if not ideal:
                continue
            ranked = [item.id for item in groups.get(group, [])]
            row = per_group.setdefault(group, {"cases": 0, "hit@3": 0.0, "nDCG@5": 0.0})
            row["cases"] += 1
            row["hit@3"] += hit(ranked, ideal, 3)
            row["nDCG@5"] += ndcg(ranked, ideal, 5)
            found += len(set(ranked[:5]) & set(ideal))
            total += len(ideal)
    for row in per_group.values():
        row["hit@3"] /= row["cases"]
        row["nDCG@5"] /= row["cases"]
    hits = sum(r["hit@3"] * r["cases"] for r in per_group.values()) / sum(r["cases"] for r in per_group.values())
    per_group["all groups"] = {"cases": sum(r["cases"] for r in per_group.values()), "hit@3": hits,
                               "nDCG@5": sum(r["nDCG@5"] * r["cases"] for r in per_group.values()) / sum(r["cases"] for r in per_group.values()),
                               "ideal in top 5": found / total}
    return per_group


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("eval/match-cases.jsonl")
    folder = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("content")
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    print(f"{len(cases)} match cases over {folder}")
    with ScratchIndex(Settings(), folder) as kb:
        for name, weights in VARIANTS.items():
            rows = run(kb, cases, weights)
            summary = rows.pop("all groups")
            cells = "  ".join(f"{g} {r['hit@3']:.2f}/{r['nDCG@5']:.2f}" for g, r in sorted(rows.items()))
            print(f"{name:<22} all hit@3 {summary['hit@3']:.3f} nDCG@5 {summary['nDCG@5']:.3f} "
                  f"ideal-in-top5 {summary['ideal in top 5']:.3f} | {cells}")


if __name__ == "__main__":
    main()
