"""Which candidates fit: model-free rules on hand-made candidates, then the real model on real and off-topic
queries (every graded dev query keeps a result; every off-topic one gets none)."""

import pytest

from kb.evaluation.metrics import load_off_topic, load_queries
from kb.search.cutoff import Cutoff, coverage
from kb.search.fusion import KEYWORD_SIDE, SEMANTIC_SIDE
from kb.search.query import SearchQuery
from kb.search.retrieval import Candidate
from kb.search.understanding import understand
from kb.store.base import Hit
from tests.support import ROOT


def candidate(entry_id: str, cosine: float | None = None, bm25: float | None = None) -> Candidate:
    sides = {side: score for side, score in ((SEMANTIC_SIDE, cosine), (KEYWORD_SIDE, bm25)) if score is not None}
    return Candidate(entry_id, 0.0, Hit(1, 0.0, {"entry_id": entry_id}), {}, sides)


def words(query: str) -> list[frozenset[str]]:
    return understand(query).alternatives(query)


def test_coverage_counts_stems_compounds_beginnings_typos_and_stand_ins():
    assert coverage(words("robotar gjuteri"), "Gjuterier i Gävle") == 0.5
    assert coverage(words("robotar gjuteri"), "Gjuterier som robotiserar") == 1.0  # "robot" begins "robotiserar"
    assert coverage(words("gjuteri"), "gjuteriföretaget") == 1.0  # inside a compound
    assert coverage(words("svets"), "svetsning och svetsare") == 1.0  # Snowball's "svet" begins "svetsning"
    assert coverage(words("automatiserng av gradning"), "automatisering av gradning") == 1.0  # a typo
    assert coverage(words("köpa begagnad bil"), "begagnade maskiner") == pytest.approx(1 / 3)
    assert coverage(words("thesis on steel"), "exjobb om stål") == 1.0  # an English term's Swedish words


def test_nearly_as_close_or_a_fair_share_of_the_words_fits():
    cut = Cutoff(semantic_gap=0.05, semantic_floor=0.80, keyword_share=0.3, answer_cosine=0.86)
    found = cut.apply(
        [candidate("best", 0.90, 20.0), candidate("close", 0.86), candidate("words", 0.70, 7.0),
         candidate("faint", 0.84, 5.0), candidate("far", 0.81)],
        words("svetsning"), lambda ids: {},
    )
    assert [c.entry_id for c in found] == ["best", "close", "words"]


def test_a_query_nothing_answers_gets_nothing():
    cut = Cutoff(answer_cosine=0.86, answer_coverage=0.6)
    texts = {"a": "begagnade maskiner", "b": "en bil"}
    weak = [candidate("a", 0.83, 7.0), candidate("b", 0.82, 6.0)]
    assert cut.apply(weak, words("köpa begagnad bil"), lambda ids: {i: texts[i] for i in ids}) == []
    held = {"a": "köp av begagnade maskiner och bilar"}
    assert cut.apply(weak[:1], words("köpa begagnad bil"), lambda ids: held) != []  # the words are there
    assert cut.apply([candidate("a", 0.87)], words("xyzzy"), lambda ids: {}) != []  # close enough in meaning


def test_off_topic_queries_find_nothing_and_every_dev_query_something(content_kb):
    for text in load_off_topic(ROOT / "eval" / "off-topic.jsonl"):
        response = content_kb.search(SearchQuery(text))
        assert (response.total, response.results, response.facets["type"]) == (0, [], {}), text
    for query in load_queries(ROOT / "eval" / "dev-queries.jsonl"):
        assert content_kb.search(SearchQuery(query.query, query.filters, limit=1)).total > 0, query.query


def test_a_real_query_counts_only_what_fits(content_kb):
    response = content_kb.search(SearchQuery("yh svetsning dalarna", limit=50))
    assert 3 <= response.total < 40  # of all entries: the welding ones, not every entry in Dalarna
    assert sum(response.facets["type"].values()) == response.total
    assert {"yh-svetsteknik-iws-sandviken", "iwe-svetsingenjor-smedjebacken"} <= {r.id for r in response.results}
