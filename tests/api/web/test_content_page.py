"""Innehåll in a real browser: an author finds the page, reads each problem in Swedish, on a laptop and a phone."""

from pathlib import Path

from kb.api.app import create_app
from tests.api.web.test_pages import browser, open_page, shot  # noqa: F401 - `browser` is a fixture
from tests.support import entry, serve_in_thread, write_files


def test_browser_an_author_reads_what_to_mend(browser, content_kb, content_settings, tmp_path: Path):  # noqa: F811
    from playwright.sync_api import expect

    folder = write_files(tmp_path / "content", {
        "berattelser/gjuteriet.md": entry("case", "Gjuteriet <b>i</b> Sandviken", published="juni 2018"),
        "utbildningar/svets.md": entry("course", "Svets", places="femton", url="javascript:alert(1)"),
        "trasig.md": "---\ntype: case\ntitle: [oavslutad\n---\n",
        "bra.md": entry("program", "Bra program"),
    })
    settings = content_settings.model_copy(update={"content_dir": folder})
    with serve_in_thread(create_app(settings=settings, kb=content_kb)) as url:
        with open_page(browser, url) as page:
            page.goto("/")
            page.get_by_role("link", name="innehållets status").click()  # found from any page's footer
            expect(page).to_have_url(f"{url}/innehall")
            expect(page.get_by_role("heading", level=1)).to_have_text("Innehållets status")
            rejected = page.get_by_role("region", name="Avvisade filer (1)")
            expect(rejected.get_by_role("heading", name="trasig.md")).to_be_visible()
            expect(rejected).to_contain_text("Rad 3: Huvudet går inte att läsa")  # a YAML error has a line, no field
            warned = page.get_by_role("region", name="Varningar (4)")
            svets = warned.locator("li.problem-file", has=page.get_by_role("heading", name="utbildningar/svets.md"))
            expect(svets).to_contain_text("Rad 4, fältet places: Skriv ett heltal, till exempel 15")
            expect(svets).to_contain_text("Rad 5, fältet url:")
            expect(warned).to_contain_text("Skriv ett datum som ÅÅÅÅ-MM-DD")
            expect(warned).to_contain_text("HTML-taggar visas inte")
            assert page.evaluate("typeof alert === 'function' && !window.__xss")  # quoted, never run
            shot(page, "innehall-desktop")
        with open_page(browser, url, width=390, height=844, phone=True) as phone:
            phone.goto("/innehall")
            expect(phone.get_by_role("heading", name="utbildningar/svets.md")).to_be_visible()
            assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll
            shot(phone, "innehall-phone")
