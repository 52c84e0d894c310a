"""Every kind of bad input is rejected with file, line and field; good files are kept."""

from pathlib import Path

import pytest

from kb.content.entries import (
    CourseEntry,
    EventEntry,
    ProgramEntry,
    entry_from_record,
    entry_to_record,
)
from kb.content.loader import load_content
from kb.content.parsing import parse_file
from kb.content.problems import ContentError, Severity
from tests.support import ROOT, entry, write_files

LIMIT = 10 * 1024 * 1024


def reject(data: bytes | str, name: str = "bad.md", limit: int = LIMIT):
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with pytest.raises(ContentError) as caught:
        parse_file(Path(name), raw, limit)
    return caught.value.problem


def test_a_full_course_entry_is_typed():
    text = entry(
        "course", "Robot- och CNC-tekniker",
        "# Robot\n\nFörsta stycket.\n",
        regions="[Dalarna]", municipalities="Mora, Orsa", topics="[Automation, CNC]",
        places="15", distance="true", start="2019-08", credits="200", provider="mora-gymnasium",
    )
    parsed = parse_file(Path("robot-cnc.md"), text.encode(), LIMIT)
    course = parsed.entry
    assert isinstance(course, CourseEntry)
    assert course.id == "robot-cnc"
    assert course.municipalities == ["Mora", "Orsa"]  # comma-separated string is a list
    assert course.topics == ["automation", "cnc"]  # tags are lowercase
    assert (course.places, course.credits, course.distance, course.start) == (15, 200, True, "2019-08")
    assert course.summary == "Första stycket."  # no summary: the first paragraph serves
    assert parsed.warnings == []


def test_id_field_overrides_file_name():
    parsed = parse_file(Path("x.md"), entry("report", "R", id="rapport-2018").encode(), LIMIT)
    assert parsed.entry.id == "rapport-2018"


def test_unknown_field_is_kept_with_a_warning_naming_line_and_field():
    parsed = parse_file(Path("p.md"), entry("program", "P", färg="blå", status="active").encode(), LIMIT)
    assert isinstance(parsed.entry, ProgramEntry)
    assert parsed.entry.extra == {"färg": "blå"}
    [warning] = parsed.warnings
    assert (warning.severity, warning.field, warning.line) == (Severity.warning, "färg", 4)
    assert "unknown field" in warning.message


def test_bad_optional_value_is_a_warning_not_a_rejection():
    parsed = parse_file(Path("e.md"), entry("event", "E", starts="juni 2018", location="Borlänge").encode(), LIMIT)
    assert isinstance(parsed.entry, EventEntry)
    assert parsed.entry.starts is None and parsed.entry.location == "Borlänge"
    [warning] = parsed.warnings
    assert warning.field == "starts" and warning.line == 4
    assert "YYYY-MM-DD" in warning.message and "juni 2018" in warning.message


def test_no_front_matter():
    problem = reject("# Bara en rubrik\n\nText.\n")
    assert problem.line == 1 and "no front matter" in problem.message


def test_unclosed_front_matter():
    problem = reject("---\ntype: case\ntitle: T\n\n# Rubrik\n")
    assert problem.line == 1 and "never closed" in problem.message


def test_yaml_syntax_error_names_the_line():
    problem = reject("---\ntype: case\ntitle: T\nregions: [Dalarna\nsummary: x\n---\n")
    assert "YAML syntax error" in problem.message
    assert problem.line in (4, 5)  # the unclosed list, as the YAML parser reports it


def test_yaml_syntax_error_names_the_character():
    """libyaml parses first (fast); a rejected file gets PyYAML's own message, which names the character."""
    problem = reject("---\ntype: case\ntitle: T\n\tregions: [Dalarna]\n---\n")
    assert problem.line == 4 and "found character '\\t' that cannot start any token" in problem.message


def test_front_matter_that_is_not_fields():
    problem = reject("---\n- a\n- b\n---\n")
    assert "name: value" in problem.message


def test_missing_type():
    problem = reject("---\ntitle: T\n---\n")
    assert problem.field == "type" and "missing required field" in problem.message


def test_unknown_type_lists_the_types():
    problem = reject("---\ntype: nyhet\ntitle: T\n---\n")
    assert (problem.field, problem.line) == ("type", 2)
    assert "unknown type 'nyhet'" in problem.message and "course" in problem.message


def test_missing_title():
    problem = reject("---\ntype: case\n---\n")
    assert problem.field == "title"


def test_empty_file():
    assert "empty" in reject(b"").message
    assert "empty" in reject(b"  \n\n").message


def test_binary_file():
    assert "binary" in reject(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").message


def test_invalid_utf8_names_the_line():
    data = "---\ntype: case\ntitle: Gävle\n---\n".encode() + b"Latin-1 text: G\xe4vle\n"
    problem = reject(data)
    assert problem.line == 5 and "UTF-8" in problem.message


def test_file_over_the_size_limit():
    problem = reject(entry("case", "T", "x" * 200), limit=100)
    assert "limit is 100 bytes" in problem.message


def test_windows_line_endings_and_bom_are_fine():
    data = "\ufeff---\r\ntype: case\r\ntitle: T\r\n---\r\nText\r\n".encode()
    assert parse_file(Path("w.md"), data, LIMIT).entry.title == "T"


def test_folder_keeps_good_files_and_rejects_bad_ones(tmp_path: Path):
    folder = write_files(
        tmp_path / "content",
        {
            "a/dubbel.md": entry("case", "Först"),
            "b/dubbel.md": entry("case", "Sedan"),
            "good.md": entry("expert", "Expert", organization="finns-inte", related="[dubbel, Sandvik AB]"),
            "broken.md": "no front matter",
            "image.png": b"\x89PNG\x00",  # not a .md file: not content
            ".hidden/x.md": "ignored",
        },
    )
    result = load_content(folder, LIMIT)
    assert sorted(result.entries) == ["dubbel", "good"]
    assert result.entries["dubbel"].title == "Först"  # the first file by path keeps the id
    rejected = {str(p.path): p.message for p in result.rejected}
    assert set(rejected) == {"b/dubbel.md", "broken.md"}
    assert "duplicate id 'dubbel'" in rejected["b/dubbel.md"] and "a/dubbel.md" in rejected["b/dubbel.md"]
    [missing] = result.warnings
    assert (str(missing.path), missing.field) == ("good.md", "organization")
    assert "finns-inte" in missing.message  # "Sandvik AB" is a plain name, not a missing id


def test_a_large_valid_file_is_accepted(tmp_path: Path):
    paragraph = "Gjuteriet i Sandviken automatiserar efterbearbetningen med robotar och ny kompetens. " * 20
    body = "\n\n".join(f"## Avsnitt {i}\n\n{paragraph}" for i in range(2000))  # about 3.5 MB
    folder = write_files(tmp_path / "content", {"stor.md": entry("report", "Stor rapport", body)})
    result = load_content(folder, LIMIT)
    assert result.ok and (folder / "stor.md").stat().st_size > 3_000_000
    assert len(result.entries["stor"].body) > 3_000_000


def test_suppliers_and_customers_are_relations_with_an_optional_share():
    text = entry(
        "company", "Ludvika Mekaniska", "",
        suppliers='"Bergslagens Stålservice AB, kopparbergs-legering (ca 55,5 %)"',
        customers="\n  - kopparbergs-legering (55 %)\n  - {name: Siljan Kran AB, share: 30, supplies: smide}\n  - Exempelkunder i Norden",
    )
    parsed = parse_file(Path("c.md"), text.encode(), LIMIT)
    company = parsed.entry
    assert [(r.name, r.share) for r in company.suppliers] == [("Bergslagens Stålservice AB", None), ("kopparbergs-legering", 55.5)]
    assert [(r.name, r.share, r.supplies) for r in company.customers] == [
        ("kopparbergs-legering", 55.0, None), ("Siljan Kran AB", 30.0, "smide"), ("Exempelkunder i Norden", None, None),
    ]
    assert parsed.warnings == []
    assert company.references()["customers"] == ["kopparbergs-legering", "Siljan Kran AB", "Exempelkunder i Norden"]
    assert entry_from_record(entry_to_record(company)) == company  # the index gives back the same relations


def test_a_share_outside_0_to_100_or_not_a_percentage_is_a_warning_and_the_relation_is_kept():
    text = entry(
        "company", "C", "",
        customers="\n  - {name: A AB, share: 120 %}\n  - {name: B AB, share: mycket}\n  - \"C AB (-5 %)\"\n  - {share: 3 %}",
    )
    parsed = parse_file(Path("c.md"), text.encode(), LIMIT)
    assert [(r.name, r.share) for r in parsed.entry.customers] == [("A AB", None), ("B AB", None), ("C AB", None)]
    messages = [(w.severity, w.field, w.line, w.message) for w in parsed.warnings]
    assert [m[:3] for m in messages] == [(Severity.warning, "customers", 4)] * 4
    assert "between 0 and 100 %, got '120 %'" in messages[0][3] and "got '-5 %'" in messages[2][3]
    assert "expected a share written as a percentage, e.g. 55 %, got 'mycket'" in messages[1][3]
    assert "needs a 'name'" in messages[3][3]


def test_every_bundled_and_fixture_file_is_still_accepted():
    for folder in [ROOT / "content", *(p for p in (ROOT / "tests" / "fixtures").iterdir() if p.is_dir())]:
        loaded = load_content(folder, LIMIT)
        assert loaded.ok and loaded.rejected == [], folder
        assert [w for w in loaded.warnings if w.field in ("suppliers", "customers")] == [], folder
