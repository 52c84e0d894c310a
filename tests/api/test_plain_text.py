"""Titles, summaries and quotes reach the JSON and the copy-ready story text as plain text; bad links never."""

import json
import re
from pathlib import Path

from fastapi.testclient import TestClient

from kb.api.app import create_app
from kb.indexing.build import index_folder
from kb.search.service import KnowledgeBase
from kb.settings import Settings
from tests.support import entry, write_files

TAG = re.compile(r"<\s*/?\s*[a-z!]", re.I)


def test_the_json_api_and_the_story_text_carry_no_markup_and_no_unsafe_link(tmp_path: Path, e5):
    content = write_files(tmp_path / "content", {
        "gjuteri.md": entry(
            "case", json.dumps('Gjuteriet <script>alert(1)</script>som <b>började</b> med robotar'),
            "Robotar i gjuteriet.\n", summary=json.dumps('Robotar <img src=x onerror="alert(2)"> i Sandviken'),
            quote=json.dumps("Det gick <i>fort</i>"), url=json.dumps("javascript:alert(3)"),
            image=json.dumps("data:text/html,<script>alert(4)</script>"), hashtags="[densmartaindustrin]",
            topics="[robotik]", published="2024-05-01",
        ),
    })
    settings = Settings(store_path=tmp_path / "index", content_dir=content)
    report = index_folder(settings, e5, content)
    assert report.indexed == ["gjuteri"] and {w.code for w in report.warnings} == {"markup_removed", "unsafe_link"}
    kb = KnowledgeBase(settings, embedder=e5)
    try:
        with TestClient(create_app(kb=kb)) as client:
            [story] = client.get("/api/stories").json()
            assert story["title"] == "Gjuteriet som började med robotar"
            assert (story["summary"], story["quote"]) == ("Robotar i Sandviken", "Det gick fort")
            assert story["url"] is None and story["image"] is None
            assert story["markdown"].startswith("## Gjuteriet som började med robotar\n\nRobotar i Sandviken\n\n> Det gick fort")
            answers = [client.get("/api/search", params={"q": "robotar gjuteri"}).text,
                       client.get("/api/entries/gjuteri").json()["title"], json.dumps(story)]
            for text in answers:
                assert not TAG.search(text.replace("<mark>", "").replace("</mark>", "")), text
                assert "javascript:" not in text and "alert(" not in text
    finally:
        kb.close()
