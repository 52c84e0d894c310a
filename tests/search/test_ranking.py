"""Steering after fusion, model-free: each rule's bonus on hand-made candidates, and 0 switching it off."""

from dataclasses import replace

import pytest

from kb.search.ranking import RANKING, steer
from kb.search.retrieval import Candidate
from kb.search.understanding import understand
from kb.store.base import Hit


def candidate(entry_id: str, score: float, **payload) -> Candidate:
    fields = {"entry_id": entry_id, "chunk": 0, "regions": [], "municipalities": [], "wants": None, "language": None}
    return Candidate(entry_id, score, Hit(1, score, {**fields, **payload}), {}, {})


def scores(candidates: list[Candidate]) -> dict[str, float]:
    return {c.entry_id: round(c.score, 4) for c in candidates}


def test_a_named_municipality_lifts_its_entries_more_than_its_region():
    found = steer(
        [candidate("far", 0.80, regions=["Skåne"]), candidate("region", 0.78, regions=["Dalarna"]),
         candidate("town", 0.76, regions=["Dalarna"], municipalities=["Borlänge"])],
        understand("automationsutbildning i Borlänge"), replace(RANKING, same_language=0),
    )
    assert scores(found) == pytest.approx({"far": 0.80, "region": 0.78 + RANKING.same_region,
                                           "town": 0.76 + RANKING.same_municipality})
    assert [c.entry_id for c in found] == ["town", "region", "far"]


def test_wants_steer_toward_companies_that_want_what_is_asked():
    found = steer([candidate("course", 0.9), candidate("company", 0.8, wants=["lia", "exjobb"])],
                  understand("LIA-platser för automationstekniker"), replace(RANKING, same_language=0))
    assert [c.entry_id for c in found] == ["company", "course"]
    off = steer([candidate("course", 0.9), candidate("company", 0.8, wants=["lia"])],
                understand("LIA-platser"), replace(RANKING, wants=0, same_language=0))
    assert [c.entry_id for c in off] == ["course", "company"]


def test_a_swedish_query_prefers_a_close_swedish_entry_an_english_one_nothing():
    close = [candidate("english", 0.80, language="en"), candidate("swedish", 0.79)]
    assert [c.entry_id for c in steer(close, understand("stöd för små företag"))] == ["swedish", "english"]
    assert [c.entry_id for c in steer(close, understand("support for small companies"))] == ["english", "swedish"]
    apart = [candidate("english", 0.90, language="en"), candidate("swedish", 0.70)]
    assert [c.entry_id for c in steer(apart, understand("stöd för små företag"))] == ["english", "swedish"]
