"""How hybrid search ranks after fusion, and what it cuts: measured on the tuning half, reported on the holdout.

    .venv/bin/python bench/ranking_sweep.py [eval/dev-queries.jsonl] [CONTENT_DIR]

Indexes the folder once (aside), then prints for each variant of the steering weights (places, wants,
language), the cutoff and the fusion: hybrid nDCG@10 on the tuning half, on the holdout half and for
the school persona; how many graded queries still find something; the median result count; and how
many off-topic queries (eval/off-topic.jsonl) find nothing. The defaults in kb.search.ranking,
kb.search.cutoff and kb.search.fusion are the variants chosen on the tuning half (docs/relevance.md).
"""

import statistics
import sys
from dataclasses import replace
from pathlib import Path

from kb.evaluation.metrics import load_off_topic, load_queries, ndcg
from kb.evaluation.scratch import ScratchIndex
from kb.search.cutoff import Cutoff
from kb.search.fusion import Fusion
from kb.search.mode import Mode
from kb.search.query import SearchQuery
from kb.search.ranking import RANKING, RankWeights
from kb.settings import Settings

OFF = RankWeights(0, 0, 0, 0)
NO_CUT = Cutoff(semantic_gap=1, semantic_floor=0, semantic_lift=-1, keyword_share=0, answer_cosine=0, answer_coverage=0)
VARIANTS: dict[str, tuple[Fusion, RankWeights, Cutoff]] = {
    "no steering, no cutoff (before)": (Fusion(), OFF, NO_CUT),
    "defaults": (Fusion(), RANKING, Cutoff()),
    "defaults, no cutoff": (Fusion(), RANKING, NO_CUT),
    **{f"place {m}/{r}": (Fusion(), replace(RANKING, same_municipality=m, same_region=r), Cutoff())
       for m, r in ((0, 0), (0.05, 0.03), (0.10, 0.06), (0.15, 0.10), (0.20, 0.12))},
    **{f"wants {w}": (Fusion(), replace(RANKING, wants=w), Cutoff()) for w in (0, 0.05, 0.10, 0.20, 0.30, 0.40, 0.50)},
    **{f"language {w}": (Fusion(), replace(RANKING, same_language=w), Cutoff()) for w in (0, 0.03, 0.05, 0.10, 0.15)},
    **{f"cut gap {g} share {s}": (Fusion(), RANKING, replace(Cutoff(), semantic_gap=g, keyword_share=s))
       for g in (0.03, 0.04, 0.05, 0.06) for s in (0.2, 0.3, 0.4)},
    **{f"cut lift {lift}": (Fusion(), RANKING, replace(Cutoff(), semantic_lift=lift)) for lift in (0.01, 0.02, 0.03)},
    **{f"answer cosine {a} coverage {c}": (Fusion(), RANKING, replace(Cutoff(), answer_cosine=a, answer_coverage=c))
       for a in (0.85, 0.86, 0.87) for c in (0.5, 0.6, 0.67)},
}


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("eval/dev-queries.jsonl")
    folder = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("content")
    queries = load_queries(path)
    off_topic = load_off_topic(path.with_name("off-topic.jsonl"))
    only = sys.argv[3] if len(sys.argv) > 3 else ""
    print(f"{len(queries)} graded queries, {len(off_topic)} off-topic, over {folder}")
    print(f"{'variant':<36}{'tune':>7}{'holdout':>9}{'school':>8}{'answered':>10}{'median n':>10}{'off empty':>11}")
    with ScratchIndex(Settings(), folder) as kb:
        for name, (fusion, ranking, cutoff) in VARIANTS.items():
            if only and only not in name:
                continue
            kb.fusion, kb.ranking, kb.cutoffs[Mode.hybrid] = fusion, ranking, cutoff
            scores, totals = {}, []
            for q in queries:
                response = kb.search(SearchQuery(q.query, q.filters, limit=10))
                scores[q.id] = ndcg([r.id for r in response.results], q.relevant)
                totals.append(response.total)

            def mean(keep) -> float:
                chosen = [scores[q.id] for q in queries if keep(q)]
                return sum(chosen) / len(chosen)

            empty = sum(kb.search(SearchQuery(text, limit=1)).total == 0 for text in off_topic)
            print(f"{name:<36}{mean(lambda q: q.split == 'tune'):7.3f}{mean(lambda q: q.split == 'holdout'):9.3f}"
                  f"{mean(lambda q: q.persona == 'school'):8.3f}{sum(t > 0 for t in totals):6d}/{len(totals)}"
                  f"{statistics.median(totals):10g}{empty:7d}/{len(off_topic)}")


if __name__ == "__main__":
    main()
