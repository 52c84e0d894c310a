"""Loading a folder again and again (the live server): only files that changed are parsed again."""

from kb.content import loader
from kb.content.loader import ParsedFiles, load_content
from tests.support import entry, write_files


class Counting:
    def __init__(self, monkeypatch):
        self.paths: list[str] = []
        parse = loader.parse_file
        monkeypatch.setattr(loader, "parse_file", lambda path, data, limit: (self.paths.append(str(path)), parse(path, data, limit))[1])


def test_settled_files_are_parsed_once_until_they_change(tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "SETTLED_SECONDS", -1.0)  # every file counts as settled (see ParsedFiles)
    write_files(tmp_path, {"a.md": entry("case", "Robotar i gjuteri"), "b.md": entry("course", "Svetsning"),
                           "trasig.md": "---\ntype: case\ntitle: [oavslutad\n---\n"})  # fmt: skip
    parsed, counting = ParsedFiles(), Counting(monkeypatch)
    first = load_content(tmp_path, 10_000, parsed)
    again = load_content(tmp_path, 10_000, parsed)
    assert sorted(counting.paths) == ["a.md", "b.md", "trasig.md"]  # the second load parsed nothing
    assert again.entries.keys() == first.entries.keys() == {"a", "b"}
    assert [str(p) for p in again.rejected] == [str(p) for p in first.rejected] and len(again.rejected) == 1

    write_files(tmp_path, {"a.md": entry("case", "Robotar i smedja")})
    (tmp_path / "b.md").unlink()
    changed = load_content(tmp_path, 10_000, parsed)
    assert counting.paths[3:] == ["a.md"] and changed.entries["a"].title == "Robotar i smedja" and "b" not in changed.entries


def test_a_file_written_just_now_is_parsed_every_time(tmp_path, monkeypatch):
    write_files(tmp_path, {"a.md": entry("case", "Robotar i gjuteri")})
    parsed, counting = ParsedFiles(), Counting(monkeypatch)
    load_content(tmp_path, 10_000, parsed)
    load_content(tmp_path, 10_000, parsed)
    assert counting.paths == ["a.md", "a.md"]  # a second write within one clock tick would not show in its stat
