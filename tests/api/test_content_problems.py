"""Authors see their problems: /api/content/problems, the counts in /api/health, and the Swedish page /innehall."""

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kb.api.app import create_app
from tests.support import CONTENT, entry, write_files

PROBLEM_FILES = {
    "bra.md": entry("case", "Bra berättelse"),
    "tom.md": "",
    "kurser/fel.md": entry("course", "Kurs", places="femton", url="javascript:alert(1)"),
}


@pytest.fixture()
def problem_client(tmp_path: Path, content_kb, content_settings) -> TestClient:
    """The bundled index, with a content folder of its own whose files have problems."""
    folder = write_files(tmp_path / "content", PROBLEM_FILES)
    settings = content_settings.model_copy(update={"content_dir": folder})
    with TestClient(create_app(settings=settings, kb=content_kb)) as client:
        yield client


def test_problems_name_file_line_field_and_what_to_write_in_swedish(problem_client: TestClient):
    body = problem_client.get("/api/content/problems").json()
    assert (body["folder_found"], body["language"], body["files"], body["entries"]) == (True, "sv", 3, 2)
    [rejected] = body["rejected"]
    assert rejected == {
        "file": "tom.md", "line": None, "field": None, "severity": "error", "code": "file_empty", "params": {},
        "message": "Filen är tom. Skriv ett huvud med 'type:' och 'title:' mellan två rader '---', eller ta bort filen.",
    }
    warnings = {w["field"]: w for w in body["warnings"]}
    assert set(warnings) == {"places", "url"} and {w["file"] for w in body["warnings"]} == {"kurser/fel.md"}
    assert warnings["places"]["line"] == 4 and warnings["places"]["code"] == "bad_number"
    assert warnings["places"]["message"] == "Skriv ett heltal, till exempel 15 (nu står det 'femton'). Värdet används inte."
    assert warnings["url"]["line"] == 5 and "https://" in warnings["url"]["message"]
    english = problem_client.get("/api/content/problems", params={"language": "en"}).json()
    assert english["rejected"][0]["message"] == "the file is empty"
    assert problem_client.get("/api/content/problems", params={"language": "de"}).status_code == 422


def test_health_counts_rejected_files_and_warnings(problem_client: TestClient, client: TestClient):
    body = problem_client.get("/api/health").json()
    assert (body["status"], body["rejected_files"], body["warnings"]) == ("ok", 1, 2)
    assert (client.get("/api/health").json()["rejected_files"], client.get("/api/health").json()["warnings"]) == (0, 0)


def test_a_change_to_the_folder_shows_within_a_second(problem_client: TestClient, tmp_path: Path):
    assert problem_client.get("/api/health").json()["rejected_files"] == 1
    write_files(tmp_path / "content", {"tom.md": entry("case", "Nu med innehåll")})
    time.sleep(1.1)
    assert problem_client.get("/api/health").json()["rejected_files"] == 0


def test_without_a_content_folder_there_is_nothing_to_report(tmp_path: Path, content_kb, content_settings):
    settings = content_settings.model_copy(update={"content_dir": tmp_path / "finns-inte"})
    with TestClient(create_app(settings=settings, kb=content_kb)) as client:
        assert client.get("/api/content/problems").json()["folder_found"] is False
        health = client.get("/api/health").json()
        assert health["status"] == "ok" and health["rejected_files"] is None and health["warnings"] is None
        assert "ingen innehållsmapp" in client.get("/innehall").text


def test_the_page_lists_problems_by_file_in_swedish(problem_client: TestClient):
    response = problem_client.get("/innehall")
    assert response.status_code == 200 and response.headers["x-robots-tag"] == "noindex"
    html = response.text
    assert '<html lang="sv">' in html and "Avvisade filer (1)" in html and "Varningar (2)" in html
    assert "<code>tom.md</code>" in html and "<code>kurser/fel.md</code>" in html
    assert "Rad 4, fältet <code>places</code>:" in html and "nu står det &#39;femton&#39;" in html
    assert html.index("Rad 4,") < html.index("Rad 5,")  # a file's problems in line order
    assert "javascript:alert" not in html.split("Varningar")[0]  # quoted only as text, in the warnings


def test_a_clean_folder_says_so(client: TestClient):
    html = client.get("/innehall").text
    files = sum(1 for _ in CONTENT.rglob("*.md"))
    assert "Allt ser bra ut." in html and f"{files} filer i innehållsmappen" in html
