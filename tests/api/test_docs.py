"""/docs (Swagger UI) and /redoc work offline: everything from this server, under its security policy."""

from kb.api.app import create_app
from tests.api.web.test_pages import browser, open_page, shot  # noqa: F401 - `browser` is a fixture
from tests.support import serve_in_thread


def test_the_api_docs_load_from_this_server_alone_and_break_no_policy(browser, content_kb):  # noqa: F811
    from playwright.sync_api import expect

    with serve_in_thread(create_app(kb=content_kb)) as url, open_page(browser, url) as page:
        loaded: list[str] = []
        refused: list[str] = []
        page.on("response", lambda response: loaded.append(response.url))
        page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)

        page.goto("/docs")
        expect(page.locator(".opblock-summary-path", has_text="/api/search")).to_be_visible(timeout=15000)
        expect(page.locator(".opblock-summary-path", has_text="/api/content/problems")).to_be_visible()
        page.locator(".opblock-summary-path", has_text="/api/match").click()  # open one: its schema renders too
        expect(page.get_by_text("MatchRequest").first).to_be_visible()
        shot(page, "docs-swagger-desktop", full_page=False)

        page.goto("/redoc")
        expect(page.get_by_role("heading", name="Smart Industri kunskapsbank")).to_be_visible(timeout=15000)
        expect(page.get_by_text("/api/content/problems").first).to_be_attached()
        shot(page, "docs-redoc-desktop", full_page=False)

    elsewhere = [r for r in loaded if not r.startswith((url, "data:", "blob:"))]
    assert f"{url}/openapi.json" in loaded and elsewhere == [], elsewhere
    # ReDoc asks for one picture of another origin (its maker's logo); the policy refuses it, and ReDoc hides it.
    assert all("cdn.redoc.ly/redoc/logo-mini.svg" in message for message in refused), refused
