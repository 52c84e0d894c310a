"""Matching on the match dev set: hit@3, nDCG@5 and recall@5 per group, split and persona, each rule on and off.

    .venv/bin/python bench/match_eval.py [eval/match-cases.jsonl] [CONTENT_DIR]

A rule is kept only if switching it off makes these numbers worse on the tuning half (docs/matching.md);
the holdout half is reported, never tuned on.
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
        program_elsewhere=0, other_language=0,
    ),
    "- program elsewhere": replace(WEIGHTS, program_elsewhere=0),
    "- municipality": replace(WEIGHTS, same_municipality=0),
    "- region": replace(WEIGHTS, same_region=0),
    "- distance": replace(WEIGHTS, distance_course=0),
    "- audience fit": replace(WEIGHTS, audience_fit=0),
    "- audience mismatch": replace(WEIGHTS, audience_mismatch=0),
    "- wants": replace(WEIGHTS, wants=0),
    "- other language": replace(WEIGHTS, other_language=0),
    "no floor": replace(WEIGHTS, semantic_floor=0),
}
Row = dict[str, float]


def scored_groups(kb, cases: list[dict], weights: MatchWeights) -> list[tuple[dict, str, Row]]:
    """(case, target group, its hit@3 / nDCG@5 / recall@5) for every group a case grades."""
    matcher = Matcher(kb, weights)
    rows = []
    for case in cases:
        fields = {k: v for k, v in case.items() if k in MatchRequest.model_fields and v is not None}
        groups = matcher.match(MatchRequest(**fields, limit=5)).groups
        for group, ideal in case["ideal"].items():
            if ideal:
                ranked = [item.id for item in groups.get(group, [])]
                scores = {"hit@3": hit(ranked, ideal, 3), "nDCG@5": ndcg(ranked, ideal, 5),
                          "recall@5": len(set(ranked[:5]) & set(ideal)) / len(ideal)}
                rows.append((case, group, scores))
    return rows


def summary(rows: list[tuple[dict, str, Row]]) -> Row:
    n = len(rows)
    return {"groups": n, **{m: sum(r[m] for _, _, r in rows) / n for m in ("hit@3", "nDCG@5", "recall@5")}} if n else {"groups": 0}


def line(name: str, rows: list[tuple[dict, str, Row]]) -> str:
    s = summary(rows)
    if not s["groups"]:
        return f"{name:<24} (no groups)"
    return f"{name:<24} {s['groups']:3d} groups  hit@3 {s['hit@3']:.3f}  nDCG@5 {s['nDCG@5']:.3f}  recall@5 {s['recall@5']:.3f}"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("eval/match-cases.jsonl")
    folder = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("content")
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    print(f"{len(cases)} match cases over {folder}")
    with ScratchIndex(Settings(), folder) as kb:
        for name, weights in VARIANTS.items():
            rows = scored_groups(kb, cases, weights)
            by_split = "  ".join(
                f"{split} {summary([r for r in rows if r[0].get('split') == split]).get('hit@3', 0):.3f}"
                for split in ("tune", "holdout")
            )
            print(f"{line(name, rows)}  | hit@3 {by_split}")
            if weights is WEIGHTS:
                for split in ("tune", "holdout"):
                    print("  " + line(f"split {split}", [r for r in rows if r[0].get("split") == split]))
                for persona in sorted({c.get("persona", "") for c in cases} - {""}):
                    print("  " + line(f"persona {persona}", [r for r in rows if r[0].get("persona") == persona]))
                for group in sorted({g for _, g, _ in rows}):
                    print("  " + line(f"group {group}", [r for r in rows if r[1] == group]))


if __name__ == "__main__":
    main()
