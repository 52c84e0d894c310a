"""One file's bytes into one typed entry, or a precise reason why not.

Authors are not programmers: every rejection names the file, the line and the
field, and says what was expected. Optional fields with a bad value are a
warning (the value is left out), never a reason to lose the whole file.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kb.content.entries import (
    ENTRY_CLASSES,
    ID_CHARACTERS,
    EntryBase,
    EntryType,
    front_matter_fields,
)
from kb.content.links import check_links
from kb.content.markdown import first_paragraph, plain_text
from kb.content.problems import ContentError, Problem, Severity, quoted, short

_FENCE = "---"
_REQUIRED = ("type", "title")
_SLUG_JUNK = re.compile(f"[^{ID_CHARACTERS}]+")
_TYPE_NAMES = ", ".join(t.value for t in EntryType)
_PLAIN_FIELDS = ("title", "summary", "quote")  # shown as text everywhere, so never markup
_QUOTED_CHOICE = re.compile(r"'([^']*)'")


@dataclass
class ParsedFile:
    entry: EntryBase
    warnings: list[Problem] = field(default_factory=list)


def slugify(name: str) -> str:
    return _SLUG_JUNK.sub("-", name.strip().lower()).strip("-")


def check_size(path: Path, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise ContentError(Problem(path, "file_too_large", {"size": size, "limit": max_bytes}))


def decode(path: Path, data: bytes, max_bytes: int) -> str:
    """Bytes to text, rejecting what is not a UTF-8 Markdown file of a sane size."""
    check_size(path, len(data), max_bytes)
    if not data.strip():
        raise ContentError(Problem(path, "file_empty"))
    if b"\x00" in data[:8192]:
        raise ContentError(Problem(path, "file_binary"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ContentError(Problem(path, "not_utf8", {"byte": data[exc.start]}, line=line)) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(path: Path, text: str) -> tuple[str, int, str]:
    """Return (yaml text, line number of its first line, body)."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip())
    if lines[start].rstrip() != _FENCE:
        raise ContentError(Problem(path, "no_front_matter", line=start + 1))
    for end in range(start + 1, len(lines)):
        if lines[end].rstrip() in (_FENCE, "..."):
            return "\n".join(lines[start + 1 : end]), start + 2, "\n".join(lines[end + 1 :])
    raise ContentError(Problem(path, "front_matter_unclosed", {"opened": start + 1}, line=start + 1))


# libyaml's parser when PyYAML was built with it: a no-op reindex spent three quarters of its time in PyYAML's own.
_FAST_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse_yaml(source: str) -> tuple[Any, yaml.Node | None]:
    """The data and its node tree (for each key's line). A file libyaml rejects is parsed again by PyYAML's
    own parser, whose messages name the offending character or alias."""
    try:
        return _parse_with(_FAST_YAML_LOADER, source)
    except yaml.YAMLError:
        return _parse_with(yaml.SafeLoader, source)


def _parse_with(loader_class: type, source: str) -> tuple[Any, yaml.Node | None]:
    loader = loader_class(source)
    try:
        node = loader.get_single_node()  # one parse gives both
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


def load_yaml(path: Path, source: str, first_line: int) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse front matter; also return the line each top-level field is on."""
    try:
        data, node = _parse_yaml(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark else first_line
        detail = getattr(exc, "problem", None) or str(exc)
        raise ContentError(Problem(path, "yaml_syntax", {"detail": detail}, line=line)) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError(Problem(path, "front_matter_not_fields", line=first_line))
    lines = {}
    if isinstance(node, yaml.MappingNode):
        for key, _ in node.value:
            lines[str(key.value)] = first_line + key.start_mark.line
    return {str(k): v for k, v in data.items()}, lines


def parse_file(path: Path, data: bytes, max_bytes: int) -> ParsedFile:
    """Parse one entry file. Raises ContentError when the file must be rejected."""
    text = decode(path, data, max_bytes)
    source, first_line, body = split_front_matter(path, text)
    fields, lines = load_yaml(path, source, first_line)

    def problem(name: str, code: str, severity: Severity = Severity.error, dropped: bool = False, **params: Any) -> Problem:
        return Problem(path, code, params, severity, lines.get(name.split(".")[0], first_line - 1), name, dropped)

    for name in _REQUIRED:
        if fields.get(name) in (None, ""):
            raise ContentError(problem(name, "missing_field"))
    try:
        entry_type = EntryType(str(fields["type"]).strip().lower())
    except ValueError:
        raise ContentError(problem("type", "unknown_type", value=short(str(fields["type"])), types=_TYPE_NAMES)) from None

    warnings: list[Problem] = []
    entry_id = _entry_id(path, fields, problem, warnings)
    known = front_matter_fields(entry_type)
    extra = {name: value for name, value in fields.items() if name not in known}
    for name in extra:
        warnings.append(problem(name, "unknown_field", Severity.warning, type=entry_type.value))
    values = {name: value for name, value in fields.items() if name in known}
    for name, link in check_links(values):
        warnings.append(problem(name, "unsafe_link", Severity.warning, value=quoted(link)))
    values.update(id=entry_id, type=entry_type, path=str(path), body=body, extra=extra)
    entry = _validate(ENTRY_CLASSES[entry_type], values, problem, warnings)
    _as_plain_text(entry, problem, warnings)
    if not entry.summary:
        summary = first_paragraph(body)
        entry.summary = plain_text(summary) if summary else None
    return ParsedFile(entry, warnings)


def _as_plain_text(entry: EntryBase, problem, warnings: list[Problem]) -> None:
    """Titles, summaries and quotes are text wherever they go (JSON, a post to copy): tags are taken out."""
    for name in _PLAIN_FIELDS:
        text = getattr(entry, name, None)
        if not isinstance(text, str) or plain_text(text) == text:
            continue
        clean = " ".join(plain_text(text).split())
        if name == "title" and not clean:
            raise ContentError(problem(name, "title_only_markup"))
        setattr(entry, name, clean or None)
        warnings.append(problem(name, "markup_removed", Severity.warning, value=quoted(clean)))


def _entry_id(path: Path, fields: dict[str, Any], problem, warnings: list[Problem]) -> str:
    given = fields.get("id")
    raw = str(given) if given not in (None, "") else path.stem
    entry_id = slugify(raw)
    if not entry_id:
        raise ContentError(problem("id", "bad_id", value=short(raw)))
    if entry_id != raw:
        warnings.append(problem("id", "id_changed", Severity.warning, value=short(raw), id=short(entry_id)))
    return entry_id


def _validate(cls: type[EntryBase], values: dict[str, Any], problem, warnings: list[Problem]) -> EntryBase:
    """Validate; a bad optional field is dropped with a warning, a bad title rejects the file."""
    while True:
        notes: list[tuple[str, str, dict[str, Any]]] = []  # what validators found in values they kept (a share)
        try:
            entry = cls.model_validate(values, context={"notes": notes})
            warnings.extend(problem(name, code, Severity.warning, **params) for name, code, params in notes)
            return entry
        except ValidationError as exc:
            bad = {str(error["loc"][0]): error for error in exc.errors()}  # first error per field
            for name, error in bad.items():
                code, params = _expected(error)
                params["value"] = quoted(values.get(name))
                if name in _REQUIRED or name not in values:
                    raise ContentError(problem(name, code, **params)) from None
                warnings.append(problem(name, code, Severity.warning, dropped=True, **params))
                values.pop(name)


def _expected(error: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The problem code for what was expected: plain words where authors most often slip, else pydantic's."""
    kind = str(error["type"])
    if kind.startswith(("date", "datetime")) or "YYYY-MM-DD" in str(error["msg"]):
        return "bad_date", {}
    if kind.startswith("int"):
        return "bad_number", {}
    if kind.startswith("bool"):
        return "bad_boolean", {}
    if kind == "literal_error":
        return "bad_choice", {"choices": _QUOTED_CHOICE.findall(str(error.get("ctx", {}).get("expected", "")))}
    return "bad_value", {"detail": str(error["msg"]).lower()}
