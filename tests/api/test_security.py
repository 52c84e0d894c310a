"""Security headers on every response (API, static files, docs, errors), and only the allowed hosts answered."""

import pytest
from fastapi.testclient import TestClient

from kb.api.app import create_app
from kb.api.headers import DOCS_HEADERS, SECURITY_HEADERS
from kb.settings import Settings
from tests.api.web.test_pages import _BrokenKB

STRICT = SECURITY_HEADERS["Content-Security-Policy"]


def assert_secured(response, policy: str = STRICT) -> None:
    headers = response.headers
    assert headers["content-security-policy"] == policy, response.url
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/api/search?q=svets", 200), ("GET", "/api/health", 200), ("GET", "/api/stories", 200),
        ("GET", "/api/content/problems", 200), ("GET", "/openapi.json", 200), ("GET", "/static/site.css", 200),
        ("GET", "/docs-assets/swagger-ui.css", 200), ("GET", "/", 200), ("GET", "/innehall", 200),
        ("GET", "/api/search", 422), ("GET", "/api/entries/finns-inte", 404), ("GET", "/api/finns-inte", 404),
        ("GET", "/finns-inte", 404), ("GET", "/static/finns-inte.css", 404), ("DELETE", "/api/search", 405),
        ("POST", "/api/match", 422),
    ],
)
def test_every_response_carries_the_security_headers(client, method, url, status):
    response = client.request(method, url)
    assert response.status_code == status
    assert_secured(response)


def test_the_docs_allow_inline_styles_and_nothing_from_elsewhere(client):
    for url in ("/docs", "/redoc"):
        response = client.get(url)
        assert response.status_code == 200 and "cdn" not in response.text.lower()
        policy = DOCS_HEADERS["Content-Security-Policy"]
        assert_secured(response, policy)
        assert "script-src 'self';" in policy and "https:" not in policy and "*" not in policy
        assert "<script>" not in response.text  # no inline script: the start is a file (/static/swagger-start.js)


def test_a_body_too_large_and_a_server_error_carry_them_too(client):
    too_large = client.post("/api/match", content=b"x" * (70 * 1024), headers={"content-type": "application/json"})
    assert too_large.status_code == 413 and too_large.json()["detail"].startswith("the request body is larger")
    assert_secured(too_large)
    with TestClient(create_app(kb=_BrokenKB(RuntimeError("hemlig detalj"))), raise_server_exceptions=False) as broken:
        failed = broken.get("/api/search", params={"q": "robotar"})
        assert failed.status_code == 500 and "hemlig" not in failed.text
        assert_secured(failed)


def test_only_the_allowed_hosts_are_answered(content_kb, content_settings):
    settings = content_settings.model_copy(update={"allowed_hosts": "kunskapsbank.example.se, *.smartindustri.example"})
    with TestClient(create_app(settings=settings, kb=content_kb), base_url="http://kunskapsbank.example.se") as own:
        assert own.get("/api/health").status_code == 200
        assert own.get("/api/health", headers={"host": "www.smartindustri.example"}).status_code == 200
        refused = own.get("/api/health", headers={"host": "angripare.example"})
        assert refused.status_code == 400 and refused.text == "Invalid host header"
        assert_secured(refused)
        assert own.get("/", headers={"host": "localhost"}).status_code == 400  # not in this server's list


def test_by_default_localhost_is_answered_and_other_names_are_not(content_kb, content_settings):
    settings = content_settings.model_copy(update={"allowed_hosts": Settings.model_fields["allowed_hosts"].default})
    with TestClient(create_app(settings=settings, kb=content_kb), base_url="http://localhost:8000") as local:
        for host in ("localhost:8000", "127.0.0.1:8000", "[::1]:8000"):
            assert local.get("/api/health", headers={"host": host}).status_code == 200, host
        assert local.get("/api/health", headers={"host": "rebinding.example:8000"}).status_code == 400
