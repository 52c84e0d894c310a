"""Problems are codes with parameters, told in Swedish or English from one place; links and markup are checked."""

import json
from pathlib import Path

import pytest

from kb import labels
from kb.content.loader import load_content
from kb.content.parsing import parse_file
from kb.content.problems import MESSAGES, ContentError, Problem, Severity
from kb.settings import Language
from tests.support import entry, write_files

LIMIT = 10 * 1024 * 1024

# One file for each way a file can be rejected or warned about, and what the Swedish text must say.
BAD_FILES = {
    "tom.md": ("", "file_empty", "Filen är tom"),
    "bild.md": (b"\x89PNG\x00\x00", "file_binary", "ingen textfil"),
    "latin1.md": ("---\ntype: case\ntitle: T\n---\n".encode() + b"G\xe4vle\n", "not_utf8", "UTF-8"),
    "rubrik.md": ("# Bara en rubrik\n", "no_front_matter", "saknar huvud"),
    "oavslutad.md": ("---\ntype: case\ntitle: T\n", "front_matter_unclosed", "rad 1 avslutas aldrig"),
    "yaml.md": ("---\ntype: case\ntitle: [T\n---\n", "yaml_syntax", "citattecken"),
    "lista.md": ("---\n- a\n---\n", "front_matter_not_fields", "'namn: värde'"),
    "utan-typ.md": ("---\ntitle: T\n---\n", "missing_field", "Fältet 'type' saknas"),
    "nyhet.md": ("---\ntype: nyhet\ntitle: T\n---\n", "unknown_type", "Okänd typ 'nyhet'. Skriv en av: case"),
    "html-titel.md": ("---\ntype: case\ntitle: <b></b>\n---\n", "title_only_markup", "vanlig text"),
}


def test_every_code_is_told_in_both_languages():
    assert set(labels.PROBLEM_MESSAGES) == set(MESSAGES)
    with pytest.raises(ValueError, match="unknown problem code"):
        Problem(Path("x.md"), "no_such_code")


def test_each_rejection_names_file_line_and_field_in_swedish_and_english(tmp_path: Path):
    folder = write_files(tmp_path / "content", {name: data for name, (data, _, _) in BAD_FILES.items()})
    result = load_content(folder, LIMIT)
    assert not result.entries and len(result.rejected) == len(BAD_FILES)  # every bad file named, none lost
    for problem in result.rejected:
        _, code, swedish = BAD_FILES[str(problem.path)]
        assert problem.code == code and problem.severity is Severity.error
        assert swedish in problem.text(Language.sv), problem.text(Language.sv)
        assert problem.text(Language.en) == problem.message != problem.text(Language.sv)
        json.dumps(problem.params)  # the parameters travel over HTTP as they are
        line = f":{problem.line}" if problem.line else ""
        field = f" fält '{problem.field}':" if problem.field else ""
        assert problem.describe(Language.sv).startswith(f"{problem.path}{line}:{field} ")
    yaml_problem = next(p for p in result.rejected if p.code == "yaml_syntax")
    assert yaml_problem.line == 3 and yaml_problem.params["detail"]  # PyYAML's own words are kept as a parameter


def test_a_bad_value_says_what_to_write_instead_and_that_it_was_left_out():
    text = entry("course", "K", places="femton", language="de", distance="kanske", start="2019-08")
    warnings = {w.field: w for w in parse_file(Path("k.md"), text.encode(), LIMIT).warnings}
    assert {name: w.code for name, w in warnings.items()} == {
        "places": "bad_number", "language": "bad_choice", "distance": "bad_boolean",
    }
    assert warnings["places"].message == "expected a whole number, e.g. 15, got 'femton'; the value is left out"
    assert warnings["places"].text(Language.sv) == (
        "Skriv ett heltal, till exempel 15 (nu står det 'femton'). Värdet används inte."
    )
    assert warnings["language"].message == "input should be 'sv' or 'en', got 'de'; the value is left out"
    assert warnings["language"].text(Language.sv).startswith("Skriv 'sv' eller 'en' (nu står det 'de')")


def test_a_long_value_is_quoted_only_as_a_short_prefix():
    parsed = parse_file(Path("k.md"), entry("course", "K", places="x" * 5000).encode(), LIMIT)
    [warning] = parsed.warnings
    assert len(warning.message) < 200 and warning.params["value"].endswith("…")


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,<b>x</b>",
             "vbscript:x", "file:///etc/passwd"],
)
def test_a_link_that_is_not_web_mail_or_relative_is_dropped_with_a_warning(link: str):
    text = entry("organization", "O", url=json.dumps(link), website=json.dumps(link),
                 contact=json.dumps({"name": "Anna", "url": link}))
    parsed = parse_file(Path("o.md"), text.encode(), LIMIT)
    org = parsed.entry
    assert org.url is None and org.website is None and org.contact.name == "Anna"
    assert "url" not in org.contact.model_dump()
    assert [(w.field, w.line, w.code) for w in parsed.warnings] == [
        ("url", 4, "unsafe_link"), ("website", 5, "unsafe_link"), ("contact.url", 6, "unsafe_link"),
    ]
    assert "https://" in parsed.warnings[0].text(Language.sv)


def test_web_mail_and_relative_links_are_kept():
    case = parse_file(Path("c.md"), entry("case", "C", url="https://www.example.se/a?b=c", image="images/gjuteri.jpg").encode(), LIMIT)
    assert case.warnings == [] and (case.entry.url, case.entry.image) == ("https://www.example.se/a?b=c", "images/gjuteri.jpg")
    org = parse_file(Path("o.md"), entry("organization", "O", website="mailto:info@example.se", url="/om-oss").encode(), LIMIT)
    assert org.warnings == [] and (org.entry.website, org.entry.url) == ("mailto:info@example.se", "/om-oss")


def test_titles_summaries_and_quotes_become_plain_text_with_a_warning():
    text = entry(
        "case", json.dumps('Farlig <script>alert(1)</script> <img src=x onerror="y"> titel'), "Brödtext.\n",
        summary=json.dumps("R&amp;D <b>och</b> &lt;i&gt;robotar&lt;/i&gt;"), quote=json.dumps("Bra!<br>Mycket bra"),
    )
    parsed = parse_file(Path("c.md"), text.encode(), LIMIT)
    case = parsed.entry
    assert (case.title, case.summary, case.quote) == ("Farlig titel", "R&D och robotar", "Bra!Mycket bra")
    assert [(w.field, w.code) for w in parsed.warnings] == [
        ("title", "markup_removed"), ("summary", "markup_removed"), ("quote", "markup_removed"),
    ]
    untouched = parse_file(Path("d.md"), entry("case", "Företag < 50 anställda & R&D", summary="'a > b'").encode(), LIMIT)
    assert untouched.warnings == [] and untouched.entry.title == "Företag < 50 anställda & R&D"


def test_a_summary_taken_from_the_body_is_plain_text_too():
    parsed = parse_file(Path("c.md"), entry("case", "C", "Gjuteri <b>med</b> robotar.\n").encode(), LIMIT)
    assert parsed.entry.summary == "Gjuteri med robotar." and parsed.warnings == []


def test_a_file_that_cannot_be_read_is_rejected_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = write_files(tmp_path / "content", {"bra.md": entry("case", "Bra"), "last.md": entry("case", "Låst")})
    real_read = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path.name == "last.md":
            raise PermissionError(13, "Permission denied")
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = load_content(folder, LIMIT)
    assert list(result.entries) == ["bra"]
    [problem] = result.rejected
    assert (str(problem.path), problem.code, problem.message) == ("last.md", "file_unreadable", "the file cannot be read: Permission denied")


def test_a_content_error_carries_its_problem():
    with pytest.raises(ContentError) as caught:
        parse_file(Path("tom.md"), b"", LIMIT)
    assert str(caught.value) == "tom.md: the file is empty" and caught.value.problem.code == "file_empty"
