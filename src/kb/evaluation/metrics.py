"""Retrieval metrics and the graded query sets they run on.

A query file has one JSON object per line:
{"id": "q01", "query": "...", "filters": {"type": ["course"]}, "relevant": {"entry-id": 3}}
with grades 1 (related) to 3 (exactly what the user wants).
"""

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

K = 10


@dataclass(frozen=True)
class GradedQuery:
    id: str
    query: str
    relevant: dict[str, int]
    filters: dict[str, list[str]] = field(default_factory=dict)


def load_queries(path: Path) -> list[GradedQuery]:
    queries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            queries.append(
                GradedQuery(str(raw["id"]), str(raw["query"]), {str(k): int(v) for k, v in raw["relevant"].items()},
                            {str(k): list(v) for k, v in (raw.get("filters") or {}).items()})
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"{path}:{number}: not a graded query ({exc})") from None
    return queries


def dcg(gains: Iterable[float]) -> float:
    return sum(gain / math.log2(rank + 1) for rank, gain in enumerate(gains, start=1))


def ndcg(ranked: list[str], relevant: dict[str, int], k: int = K) -> float:
    """Graded (linear) gain, log2 discount, normalised by the ideal ordering of the judged entries."""
    ideal = dcg(sorted(relevant.values(), reverse=True)[:k])
    return dcg(relevant.get(entry_id, 0) for entry_id in ranked[:k]) / ideal if ideal else 0.0


def recall(ranked: list[str], relevant: dict[str, int], k: int = K) -> float:
    wanted = {entry_id for entry_id, grade in relevant.items() if grade > 0}
    return len(wanted & set(ranked[:k])) / len(wanted) if wanted else 0.0


def mrr(ranked: list[str], relevant: dict[str, int], k: int = K) -> float:
    for rank, entry_id in enumerate(ranked[:k], start=1):
        if relevant.get(entry_id, 0) > 0:
            return 1.0 / rank
    return 0.0


def hit(ranked: list[str], relevant: dict[str, int], k: int = 3) -> float:
    """1 when any relevant entry is in the top k."""
    return 1.0 if any(relevant.get(entry_id, 0) > 0 for entry_id in ranked[:k]) else 0.0


METRICS: dict[str, Callable[[list[str], dict[str, int]], float]] = {
    f"nDCG@{K}": ndcg,
    f"Recall@{K}": recall,
    f"MRR@{K}": mrr,
}


def evaluate(queries: list[GradedQuery], rank: Callable[[GradedQuery], list[str]]) -> dict[str, float]:
    """Mean of each metric over the queries, for one way of ranking."""
    totals = dict.fromkeys(METRICS, 0.0)
    for query in queries:
        ranked = rank(query)
        for name, metric in METRICS.items():
            totals[name] += metric(ranked, query.relevant)
    return {name: total / len(queries) for name, total in totals.items()} if queries else totals
