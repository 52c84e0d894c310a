"""The API over HTTP (TestClient drives the real app, model and embedded store)."""

import pytest

from kb.matching.matcher import Matcher
from kb.matching.models import MatchRequest
from kb.search.query import SearchQuery


def test_search_returns_entry_level_results(client):
    response = client.get("/api/search", params={"q": "yh svetsning", "limit": 5})
    assert response.status_code == 200
    body = response.json()
    assert {"query", "results", "took_ms", "mode", "facets", "total", "understood"} == set(body)
    assert body["query"] == "yh svetsning"
    first = body["results"][0]
    assert {"id", "type", "title", "summary", "url", "regions", "municipalities", "topics", "score", "snippet"} <= set(first)
    assert first["id"] == "yh-svetsteknik-iws-sandviken" and first["type"] == "course"
    ids = [r["id"] for r in body["results"]]
    assert len(ids) == len(set(ids)) == 5  # one result per entry, however many chunks matched
    scores = [r["score"] for r in body["results"]]
    assert scores == sorted(scores, reverse=True)


def test_filters_are_repeatable_or_within_and_across(client):
    params = [("q", "utbildning"), ("type", "course"), ("type", "program"), ("region", "Värmland"), ("limit", 50)]
    results = client.get("/api/search", params=params).json()["results"]
    assert results and all(r["type"] in ("course", "program") and "Värmland" in r["regions"] for r in results)
    closed = client.get("/api/search", params={"q": "processmognad", "type": "program", "status": "closed"}).json()
    assert closed["results"][0]["id"] == "processmognad-salj-och-marknad"
    for result in closed["results"]:
        assert client.get(f"/api/entries/{result['id']}").json()["metadata"]["status"] == "closed"
    sandviken = client.get("/api/search", params={"q": "svets", "municipality": "sandviken", "topic": "svetsning"}).json()
    assert sandviken["results"] and all("Sandviken" in r["municipalities"] for r in sandviken["results"])


def test_offset_pages_through_the_same_ranking(client):
    whole = [r["id"] for r in client.get("/api/search", params={"q": "robotar", "limit": 6}).json()["results"]]
    second = client.get("/api/search", params={"q": "robotar", "limit": 3, "offset": 3}).json()["results"]
    assert [r["id"] for r in second] == whole[3:]


def test_bad_searches_are_422_with_a_message(client):
    for params, words in [
        ({"q": ""}, "at least 1 character"),
        ({"q": "   "}, "should match pattern"),
        ({}, "Field required"),
        ({"q": "x" * 501}, "at most 500 characters"),
        ({"q": "svets", "type": "nyhet"}, "Input should be 'case', 'report'"),
    ]:
        response = client.get("/api/search", params=params)
        assert response.status_code == 422, params
        [error] = response.json()["detail"]  # one shape for every 422, as the OpenAPI schema says
        assert words in error["msg"] and error["loc"][0] == "query", error
    assert client.get("/api/search", params={"q": "svets", "limit": 51}).status_code == 422
    assert client.get("/api/search", params={"q": "x" * 500}).status_code == 200


def test_entry_is_whole_with_safe_html_and_resolved_related(client):
    response = client.get("/api/entries/case-gjuteriet-som-borjade-med-robotar")
    assert response.status_code == 200
    body = response.json()
    assert body["type"] == "case" and body["title"].startswith("Gjuteriet som började med robotar")
    assert body["body_markdown"].lstrip().startswith("# ")
    assert "<h1>" in body["body_html"] and "<script" not in body["body_html"]
    assert body["metadata"]["example"] is True and "densmartaindustrin" in body["metadata"]["hashtags"]
    related = {r["id"]: r for r in body["related"]}
    assert related and all(set(r) == {"id", "type", "title"} for r in related.values())
    assert "gavle-gjuteri-exempel" in related and related["gavle-gjuteri-exempel"]["type"] == "company"


def test_unknown_entry_is_404_json(client):
    response = client.get("/api/entries/finns-inte")
    assert response.status_code == 404 and response.json() == {"detail": "no entry with id 'finns-inte'"}


def test_health_reports_counts_model_and_store(client, content_report):
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["model"] == "multilingual-e5-small" and body["store"] == "embedded"
    assert body["entries"] == len(content_report.indexed) and body["chunks"] == content_report.chunks_total


def test_openapi_docs_are_served(client):
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/search", "/api/entries/{entry_id}", "/api/health"} <= set(paths)


@pytest.mark.parametrize(
    ("payload", "status", "words"),
    [
        ({"description": "   "}, 422, "describe your company"),
        ({}, 422, "describe your company"),
        ({"company": "finns-inte"}, 404, "no company with id 'finns-inte'"),
        ({"company": "kickstart-digitalisering"}, 404, "is a program, not a company"),
        ({"description": "robotar", "targets": ["nyhet"]}, 422, "targets"),
        ({"description": "robotar", "limit": 0}, 422, "limit"),
    ],
)
def test_bad_match_requests(client, payload, status, words):
    response = client.post("/api/match", json=payload)
    assert response.status_code == status
    assert words in str(response.json()["detail"])


def test_match_and_stories_over_http(client):
    body = client.post("/api/match", json={"description": "Litet gjuteri i Sandviken som vill börja med robotar"}).json()
    assert list(body["groups"]) == ["program", "expert", "course"] and body["municipality"] == "Sandviken"
    assert {"id", "type", "title", "summary", "url", "score", "reasons"} <= set(body["groups"]["program"][0])
    found = client.get("/api/stories", params={"q": "kvinnor som svetsar"}).json()
    assert found[0]["id"] == "case-svetsarna-i-hofors" and found[0]["markdown"].startswith("## ")


def test_admin_endpoints_are_off_over_http_without_a_token(client):
    response = client.post("/api/admin/reindex", json={})
    assert response.status_code == 401 and "off over HTTP" in response.json()["detail"]  # no credentials: 401
    response = client.post("/api/admin/reindex", json={}, headers={"Authorization": "Bearer gissning"})
    assert response.status_code == 403 and "KB_ADMIN_TOKEN" in response.json()["detail"]
    schema = client.get("/openapi.json").json()
    health = schema["components"]["schemas"]["HealthOut"]["properties"]
    assert health["status"]["enum"] == ["ok", "degraded", "no-index", "error"] and "watching" in health
    assert set(schema["paths"]["/api/admin/reindex"]["post"]["responses"]) >= {"200", "401", "403", "409", "503"}


def test_search_and_match_answer_exactly_the_core_models(client, content_kb):
    """The routes send pydantic's own JSON (kb.api.serialize): the same as the models FastAPI would have encoded."""
    found = client.get("/api/search", params={"q": "svetsning i Dalarna", "type": ["course", "program"]})
    expected = content_kb.search(SearchQuery("svetsning i Dalarna", {"type": ["course", "program"]})).model_dump(mode="json")
    assert found.headers["content-type"] == "application/json"
    assert {**found.json(), "took_ms": 0} == {**expected, "took_ms": 0} and expected["results"]
    need = {"description": "Litet gjuteri i Sandviken som vill börja med robotar"}
    assert client.post("/api/match", json=need).json() == Matcher(content_kb).match(MatchRequest(**need)).model_dump(mode="json")
