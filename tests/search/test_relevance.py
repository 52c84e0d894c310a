"""Hybrid search over the bundled content: modes, highlights that never cut words, true reasons, facets."""

import re
from collections import Counter

import pytest

from kb import labels
from kb.content.loader import load_content
from kb.evaluation.metrics import load_queries
from kb.search.explain import QueryTerms, snippet
from kb.search.mode import Mode
from kb.search.query import SearchQuery
from kb.text.lexical import tokens
from tests.support import ROOT


def test_matched_words_are_the_tokens_that_match():
    """QueryTerms.find reads only the words around the query's stems; it must find what reading every word finds."""
    root = ROOT
    texts = [e.body for e in load_content(root / "content", 10**7).entries.values()]
    texts += ["SVETSNING_svets svetsningen, Svetsaren!", "İstanbul svetsar", "robot2robotar 3D-skrivare", ""]
    queries = [q.query for q in load_queries(root / "eval" / "dev-queries.jsonl")] + ["svets robot", "3d", "och"]
    for query in queries:
        terms_ = QueryTerms.of(query)
        for text in texts:
            assert terms_.find(text) == [t for t in tokens(text) if terms_.matches(t)], (query, text[:60])


def test_snippet_marks_matches_and_never_cuts_a_word():
    text = ("Inledning om regionen. " * 30) + "Här lär du dig svetsning och robotar i gjuteriet. " + ("Avslutning. " * 30)
    shown = snippet(text, QueryTerms.of("svetsning gjuteri"))
    assert len(shown.text) <= 300 + 4
    assert shown.text.startswith("… ") and shown.text.endswith(" …")
    inner = shown.text.removeprefix("… ").removesuffix(" …")
    assert inner in " ".join(text.split())
    words = set(" ".join(text.split()).split(" "))
    assert all(word in words for word in inner.split(" "))  # whole words only
    marked = [shown.text[a:b] for a, b in shown.highlights]
    assert marked == ["svetsning", "gjuteriet"]
    assert "<mark>svetsning</mark>" in shown.html and "<mark>gjuteriet</mark>" in shown.html


def test_snippet_escapes_html_from_content():
    shown = snippet("<script>alert(1)</script> svetsning", QueryTerms.of("svetsning"))
    assert "<script>" not in shown.html and "&lt;script&gt;" in shown.html


@pytest.mark.parametrize("mode", list(Mode))
def test_every_mode_finds_the_welding_course(content_kb, mode):
    response = content_kb.search(SearchQuery("svetsutbildning IWS Sandviken", mode=mode, limit=3))
    assert response.mode is mode
    assert "yh-svetsteknik-iws-sandviken" in [r.id for r in response.results]


def test_keyword_mode_finds_nothing_for_unknown_words(content_kb):
    response = content_kb.search(SearchQuery("qqqqqq zzzzzz", mode=Mode.keyword))
    assert response.results == [] and response.total == 0


def test_reasons_are_true(content_kb):
    response = content_kb.search(SearchQuery("robotar gjuteri", limit=10))
    query = QueryTerms.of("robotar gjuteri")
    semantic_first_page = {c.entry_id for c in content_kb.rank("robotar gjuteri", mode=Mode.semantic)[:10]}
    entries = content_kb.entries([r.id for r in response.results])
    kinds = set()
    for result in response.results:
        entry = entries[result.id]
        sources = {"title": entry.title, "topics": " ".join(entry.topics), "body": f"{entry.summary} {entry.body}"}
        for reason in result.reasons:
            kinds.add(reason.field or reason.kind)
            assert reason.kind in ("terms", "semantic"), reason
            if reason.kind == "semantic":
                assert reason.text == labels.SIMILAR_TO_QUERY and result.id in semantic_first_page
                continue
            assert reason.terms and all(labels.tag(t) in reason.text for t in reason.terms)
            if reason.field == "topics":  # whole topics, each one that the query's words match
                assert all(t in entry.topics and query.matched_words(t) for t in reason.terms), (result.id, reason)
            else:
                assert set(reason.terms) <= set(query.matched_words(sources[reason.field])), (result.id, reason)
    assert {"title", "topics", "body", "semantic"} <= kinds  # every kind of reason was checked
    top = response.results[0]
    assert any(r.field == "title" for r in top.reasons)
    assert any(r.kind == "semantic" for r in top.reasons)


def test_facets_count_the_candidates(content_kb):
    response = content_kb.search(SearchQuery("utbildning", limit=5))
    facets = response.facets
    assert set(facets) == {"type", "region", "municipality", "topic"}
    assert facets["type"].get("course", 0) >= 3
    assert sum(facets["type"].values()) == min(response.total, 100)
    filtered = content_kb.search(SearchQuery("utbildning", {"type": ["course"]}, limit=50))
    assert filtered.results and {r.type for r in filtered.results} == {"course"}
    # A chosen filter's own counts ignore it, so the other values stay there to add; the rest count within it.
    assert filtered.facets["type"] == facets["type"]
    assert filtered.total == len(filtered.results) < 50
    regions = Counter(region for result in filtered.results for region in result.regions)
    assert filtered.facets["region"] == dict(sorted(regions.items(), key=lambda kv: (-kv[1], kv[0])))


def test_api_offers_the_facet_counts_the_page_shows(client):
    """/api/search and the page count alike: a chosen filter's values as if it were not chosen."""
    both = client.get("/api/search", params={"q": "utbildning", "type": "course"}).json()["facets"]
    unfiltered = client.get("/api/search", params={"q": "utbildning"}).json()["facets"]
    assert both["type"] == unfiltered["type"] and set(both["type"]) > {"course"}


def test_api_modes_and_highlights(client):
    body = client.get("/api/search", params={"q": "svetsning", "mode": "keyword"}).json()
    assert body["mode"] == "keyword"
    first = body["results"][0]
    assert re.search(r"<mark>[^<]*svets[^<]*</mark>", first["snippet_html"], re.IGNORECASE)
    assert first["highlights"] and all("svets" in first["snippet"][a:b].lower() for a, b in first["highlights"])
    assert client.get("/api/search", params={"q": "svets", "mode": "magic"}).status_code == 422


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("svetsnig kurs", "yh-svetsteknik-iws-sandviken"),  # typo
        ("underhållsteknikerutbildning", "yh-underhallstekniker-ludvika"),  # compound
        ("gjuteriets energi", "energikartlaggning-gjuterier"),  # inflection the stemmer leaves apart
    ],
)
def test_keyword_side_survives_typos_compounds_and_inflections(content_kb, query, expected):
    top = [r.id for r in content_kb.search(SearchQuery(query, mode=Mode.keyword, limit=3)).results]
    assert expected in top
