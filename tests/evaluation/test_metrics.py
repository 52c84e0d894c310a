"""The metrics against cases computed by hand."""

import json
import math

import pytest

from kb.evaluation.metrics import (
    GradedQuery,
    evaluate,
    hit,
    load_queries,
    mrr,
    ndcg,
    recall,
)


def test_ndcg_by_hand():
    relevant = {"a": 3, "b": 2, "c": 1}
    # ranked b, x, a: DCG = 2/log2(2) + 0 + 3/log2(4) = 2 + 1.5 = 3.5
    # ideal a, b, c:  IDCG = 3 + 2/log2(3) + 1/log2(4) = 3 + 1.26186 + 0.5 = 4.76186
    assert ndcg(["b", "x", "a"], relevant) == pytest.approx(3.5 / (3 + 2 / math.log2(3) + 0.5))
    assert ndcg(["a", "b", "c"], relevant) == pytest.approx(1.0)
    assert ndcg(["x", "y"], relevant) == 0.0
    assert ndcg(["c"] + ["x"] * 9 + ["a"], relevant) == pytest.approx(1 / (3 + 2 / math.log2(3) + 0.5))  # a is 11th


def test_recall_and_mrr_by_hand():
    relevant = {"a": 3, "b": 1, "c": 2, "d": 1}
    assert recall(["x", "b", "y", "a"], relevant) == 0.5
    assert recall(["x"] * 10 + ["a"], relevant) == 0.0  # beyond the cut-off
    assert mrr(["x", "y", "c"], relevant) == pytest.approx(1 / 3)
    assert mrr(["x"] * 10 + ["a"], relevant) == 0.0


def test_evaluate_averages_over_queries():
    queries = [GradedQuery("1", "q", {"a": 1}), GradedQuery("2", "q", {"b": 1})]
    scores = evaluate(queries, lambda q: ["a", "b"])
    assert scores["MRR@10"] == pytest.approx((1 + 0.5) / 2)
    assert scores["Recall@10"] == 1.0


def test_query_files_are_read_and_bad_lines_named(tmp_path):
    good = tmp_path / "q.jsonl"
    good.write_text(json.dumps({"id": "q1", "query": "svets", "filters": {"type": ["course"]}, "relevant": {"a": 3}}) + "\n\n")
    assert load_queries(good) == [GradedQuery("q1", "svets", {"a": 3}, {"type": ["course"]})]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "q1", "query": "x", "relevant": {"a": 1}}\n{"id": "q2"}\n')
    with pytest.raises(ValueError, match="bad.jsonl:2"):
        load_queries(bad)


def test_hit_by_hand():
    assert hit(["x", "y", "a"], {"a": 1}) == 1.0
    assert hit(["x", "y", "z", "a"], {"a": 1}) == 0.0
    assert hit(["x", "a"], {"a": 0}) == 0.0
    assert ndcg(["b", "a"], {"a": 3, "b": 1}, k=5) == pytest.approx((1 + 3 / math.log2(3)) / (3 + 1 / math.log2(3)))
