"""Retrieval metrics and the graded query sets they run on.

A query file has one JSON object per line:
{"id": "q01", "query": "...", "persona": "school", "split": "tune", "filters": {"type": ["course"]},
 "relevant": {"entry-id": 3}}
with grades 1 (related) to 3 (exactly what the user wants). `persona` (who asks: company, school,
communicator, keyword) and `split` (tune: what choices are tuned on; holdout: what they are reported on)
are optional, for the breakdowns `kb eval` prints.
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
    persona: str = ""
    split: str = ""


def load_queries(path: Path) -> list[GradedQuery]:
    queries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            queries.append(
                GradedQuery(str(raw["id"]), str(raw["query"]), {str(k): int(v) for k, v in raw["relevant"].items()},
                            {str(k): list(v) for k, v in (raw.get("filters") or {}).items()},
                            str(raw.get("persona") or ""), str(raw.get("split") or ""))
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"{path}:{number}: not a graded query ({exc})") from None
    return queries


def load_off_topic(path: Path) -> list[str]:
    """Queries nothing in the knowledge base answers, one JSON object a line: {"query": "...", "split": "tune"}."""
    try:
        return [str(json.loads(line)["query"]) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: not a list of off-topic queries ({exc})") from None


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
    return evaluate_groups(queries, rank)["all"]


def groups(queries: list[GradedQuery]) -> dict[str, list[GradedQuery]]:
    """All queries, then each split, then each persona the queries name: the rows `kb eval` reports."""
    found = {"all": list(queries)}
    for label, key in (("split", "split"), ("persona", "persona")):
        for value in sorted({getattr(q, key) for q in queries} - {""}):
            found[f"{label} {value}"] = [q for q in queries if getattr(q, key) == value]
    return found


def evaluate_groups(
    queries: list[GradedQuery], rank: Callable[[GradedQuery], list[str]]
) -> dict[str, dict[str, float]]:
    """Mean of each metric per group of queries; each query is ranked once."""
    scores = {q.id: {name: metric(rank(q), q.relevant) for name, metric in METRICS.items()} for q in queries}
    return {
        group: {name: sum(scores[q.id][name] for q in members) / len(members) if members else 0.0 for name in METRICS}
        for group, members in groups(queries).items()
    }
