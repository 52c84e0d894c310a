"""The fusion functions and their settings, model-free, on hand-computed rankings."""

import pytest

from kb.search.fusion import (
    KEYWORD_SIDE,
    SEMANTIC_SIDE,
    Fusion,
    FusionMethod,
    convex,
    rrf,
)

SEMANTIC = [("a", 0.90), ("b", 0.85), ("c", 0.80)]
KEYWORD = [("c", 12.0), ("d", 6.0)]


def test_convex_scales_each_side_then_weighs():
    fused = dict(convex({SEMANTIC_SIDE: SEMANTIC, KEYWORD_SIDE: KEYWORD}, {SEMANTIC_SIDE: 0.6, KEYWORD_SIDE: 0.4}))
    # semantic from its lowest to its best cosine: a 1, b 0.5, c 0; keyword by its best score: c 1, d 0.5
    assert fused == pytest.approx({"a": 0.6, "b": 0.3, "c": 0.4, "d": 0.2})


def test_convex_orders_best_first_and_an_absent_side_counts_zero():
    fused = convex({SEMANTIC_SIDE: SEMANTIC, KEYWORD_SIDE: []}, {SEMANTIC_SIDE: 0.6, KEYWORD_SIDE: 0.4})
    assert [entry for entry, _ in fused] == ["a", "b", "c"]
    assert dict(fused) == pytest.approx({"a": 0.6, "b": 0.3, "c": 0.0})


def test_convex_with_one_score_on_a_side_does_not_divide_by_zero():
    assert convex({SEMANTIC_SIDE: [("a", 0.8)]}, {SEMANTIC_SIDE: 1.0}) == [("a", 0.0)]
    assert convex({KEYWORD_SIDE: [("a", 0.0)]}, {KEYWORD_SIDE: 1.0}) == [("a", 0.0)]


def test_rrf_sums_weight_over_k_plus_rank():
    fused = dict(rrf({SEMANTIC_SIDE: SEMANTIC, KEYWORD_SIDE: KEYWORD}, {SEMANTIC_SIDE: 2.0, KEYWORD_SIDE: 1.0}, k=10))
    assert fused == pytest.approx({"a": 2 / 11, "b": 2 / 12, "c": 2 / 13 + 1 / 11, "d": 1 / 12})
    assert next(iter(fused)) == "c"


def test_fusion_dispatches_on_its_method():
    rankings = {SEMANTIC_SIDE: SEMANTIC, KEYWORD_SIDE: KEYWORD}
    assert Fusion().fuse(rankings) == convex(rankings, Fusion().weights)
    assert Fusion(FusionMethod.rrf, k=5).fuse(rankings) == rrf(rankings, Fusion().weights, 5)


def test_a_fusion_method_is_strict():
    assert Fusion("RRF").method is FusionMethod.rrf  # spelled in any case
    assert FusionMethod.from_str(" convex ") is FusionMethod.convex
    with pytest.raises(ValueError, match="unknown fusion method 'rrff'; expected one of: convex, rrf"):
        Fusion("rrff")
