"""The content survey parses a folder again only when a file in it is added, changed or removed."""

import os
import time
from pathlib import Path

import pytest

from kb.content import survey as survey_module
from kb.content.survey import ContentSurvey
from tests.support import entry, write_files

LIMIT = 10 * 1024 * 1024


@pytest.fixture()
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every folder the survey parses, in order (the real load_content does the parsing)."""
    seen: list[Path] = []
    real = survey_module.load_content

    def counted(folder: Path, max_bytes: int, *kept):
        seen.append(folder)
        return real(folder, max_bytes, *kept)

    monkeypatch.setattr(survey_module, "load_content", counted)
    return seen


def test_an_unchanged_folder_is_not_parsed_again(tmp_path: Path, parses: list[Path]):
    folder = write_files(tmp_path / "content", {"a.md": entry("case", "A"), "tom.md": ""})
    survey = ContentSurvey(folder, LIMIT, recheck_seconds=0)  # look at the folder on every call
    first = survey.current()
    assert (first.files, first.entries, [p.code for p in first.rejected]) == (2, 1, ["file_empty"])
    assert survey.current() is first and len(parses) == 1

    write_files(folder, {"tom.md": entry("case", "Inte tom längre")})  # edited: another size
    assert survey.current().rejected == [] and len(parses) == 2
    os.utime(folder / "a.md", ns=(1, 1))  # same size, another modification time
    survey.current()
    write_files(folder, {"b.md": entry("case", "B", places="x")})  # added
    assert survey.current().entries == 3 and len(parses) == 4
    (folder / "b.md").unlink()  # removed
    assert survey.current().entries == 2 and len(parses) == 5
    assert survey.current().entries == 2 and len(parses) == 5


def test_no_folder_is_no_report(tmp_path: Path):
    assert ContentSurvey(tmp_path / "finns-inte", LIMIT).current() is None


def test_the_folder_is_looked_at_at_most_once_a_second(tmp_path: Path, parses: list[Path]):
    folder = write_files(tmp_path / "content", {"a.md": entry("case", "A")})
    survey = ContentSurvey(folder, LIMIT, recheck_seconds=0.5)
    assert survey.current().entries == 1
    write_files(folder, {"b.md": entry("case", "B")})
    assert survey.current().entries == 1  # a burst of requests costs one look
    time.sleep(0.6)
    assert survey.current().entries == 2 and len(parses) == 2
