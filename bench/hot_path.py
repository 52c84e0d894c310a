"""Where an in-process search's time goes beyond the query encode, stage by stage, on a kept index.

    .venv/bin/python bench/scale.py --entries 2300 --keep /tmp/kb10k   # once: ~10k chunks, kept
    .venv/bin/python bench/hot_path.py /tmp/kb10k/index [--mode hybrid] [--filter] [--rounds 3]

The knowledge base runs with its query cache, and every dev query is searched once before timing, so each
timed search finds its query vector cached: what is timed is all the work beyond the encode (the figure
issue 15 sets at <= 1.5 ms for hybrid at 10k chunks). Each stage is timed by wrapping the function that does
it (in this process only); a stage called once per group or per result is summed per search.
"""

import argparse
import collections
import gc
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kb.evaluation.metrics import load_queries
from kb.search import cutoff, facets, retrieval, service
from kb.search.mode import Mode
from kb.search.query import SearchQuery
from kb.settings import Settings
from kb.store import edge

ROOT = Path(__file__).resolve().parent.parent
STAGES: list[tuple[Any, str, str]] = [  # (owner, attribute, what it does)
    (edge.EdgeStore, "search", "store: dense and lexical searches"),
    (edge.EdgeStore, "passages", "store: the shown results' payloads"),
    (retrieval, "_fused", "fusion"),
    (service, "understand", "what the query says (place, intent)"),
    (service, "steer", "steering by place, intent, language"),
    (cutoff.Cutoff, "apply", "relevance cutoff"),
    (facets, "count", "facet counts"),
    (service, "_result", "snippets and reasons, per result"),
]


def timing(spent: dict[str, list[float]], label: str, function: Callable) -> Callable:
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label].append((time.perf_counter() - started) * 1000)

    return timed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("store_path", type=Path)
    parser.add_argument("--mode", type=Mode, default=Mode.hybrid)
    parser.add_argument("--filter", action="store_true", help="only programs (type=program)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    spent: dict[str, list[float]] = collections.defaultdict(list)
    for owner, name, label in STAGES:
        setattr(owner, name, timing(spent, label, getattr(owner, name)))
    kb = service.KnowledgeBase(Settings(store_path=args.store_path, embedding_cache=None))
    filters = {"type": ["program"]} if args.filter else {}
    queries = [q.query for q in load_queries(ROOT / "eval" / "dev-queries.jsonl")]
    for query in queries:  # every query vector cached; every lazy table built
        kb.search(SearchQuery(query, filters, mode=args.mode))
    gc.freeze()
    spent.clear()
    whole = []
    for _ in range(args.rounds):
        for query in queries:
            started = time.perf_counter()
            kb.search(SearchQuery(query, filters, mode=args.mode))
            whole.append((time.perf_counter() - started) * 1000)
    chunks = kb.store.count()
    kb.close()
    searches = len(whole)
    print(f"{args.mode.value}{' +filter' if args.filter else ''}, {searches} searches on {args.store_path} ({chunks} chunks)")
    print(f"{'whole search beyond the encode, p50':<44} {statistics.median(whole):7.2f} ms   (target <= 1.5 ms for hybrid at 10k chunks)")
    print(f"{'  mean':<44} {statistics.fmean(whole):7.2f} ms")
    for _, _, label in STAGES:
        if spent[label]:
            print(f"  {label:<42} {sum(spent[label]) / searches:7.3f} ms a search ({len(spent[label]) / searches:.1f} calls)")


if __name__ == "__main__":
    main()
