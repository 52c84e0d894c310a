"""Which fusion of the lexical and semantic sides ranks best: measured, not assumed.

    .venv/bin/python bench/fusion_sweep.py eval/dev-queries.jsonl [CONTENT_DIR]

Indexes the folder once (aside), then prints nDCG@10 / Recall@10 / MRR@10 for
each single side and for each fusion variant. The chosen default lives in
kb.search.fusion.Fusion; docs/relevance.md records the table.
"""

import sys
from pathlib import Path

from kb.evaluation.metrics import METRICS, evaluate, load_queries
from kb.evaluation.scratch import ScratchIndex, ranked_ids
from kb.search.fusion import KEYWORD_SIDE, SEMANTIC_SIDE, Fusion
from kb.search.mode import Mode
from kb.settings import Settings

VARIANTS = {
    "rrf k=60": Fusion("rrf", {SEMANTIC_SIDE: 1.0, KEYWORD_SIDE: 1.0}, 60),
    "rrf k=60 sem 2:1": Fusion("rrf", {SEMANTIC_SIDE: 2.0, KEYWORD_SIDE: 1.0}, 60),
    "rrf k=10 sem 2:1": Fusion("rrf", {SEMANTIC_SIDE: 2.0, KEYWORD_SIDE: 1.0}, 10),
    **{
        f"convex sem {a:.1f}": Fusion("convex", {SEMANTIC_SIDE: a, KEYWORD_SIDE: round(1 - a, 2)})
        for a in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
    },
    **{
        f"convex sem {a:.1f} ngram {n}": Fusion("convex", {SEMANTIC_SIDE: a, KEYWORD_SIDE: round(1 - a, 2)}, ngram_weight=n)
        for a in (0.5, 0.6, 0.7)
        for n in (0.2, 0.3, 0.4)
    },
}
KEYWORD_VARIANTS = {f"keyword ngram {n}": Fusion(ngram_weight=n) for n in (0.2, 0.3, 0.4)}


def main() -> None:
    queries = load_queries(Path(sys.argv[1]))
    folder = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("content")
    print(f"{len(queries)} queries over {folder}")
    print(f"{'variant':<30}" + "".join(f"{name:>12}" for name in METRICS))
    with ScratchIndex(Settings(), folder) as kb:
        rows = {mode.value: (mode, Fusion()) for mode in (Mode.keyword, Mode.semantic)}
        rows.update({name: (Mode.keyword, fusion) for name, fusion in KEYWORD_VARIANTS.items()})
        rows.update({name: (Mode.hybrid, fusion) for name, fusion in VARIANTS.items()})
        for name, (mode, fusion) in rows.items():
            kb.fusion = fusion
            scores = evaluate(queries, lambda q: ranked_ids(kb, q, mode))
            print(f"{name:<30}" + "".join(f"{scores[m]:>12.3f}" for m in METRICS))


if __name__ == "__main__":
    main()
