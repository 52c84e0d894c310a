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
from kb.content.markdown import first_paragraph
from kb.content.problems import ContentError, Problem, Severity

_FENCE = "---"
_REQUIRED = ("type", "title")
_SLUG_JUNK = re.compile(f"[^{ID_CHARACTERS}]+")
_TYPE_NAMES = ", ".join(t.value for t in EntryType)


@dataclass
class ParsedFile:
    entry: EntryBase
    warnings: list[Problem] = field(default_factory=list)


def slugify(name: str) -> str:
    return _SLUG_JUNK.sub("-", name.strip().lower()).strip("-")


def check_size(path: Path, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise ContentError(Problem(path, f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes"))


def decode(path: Path, data: bytes, max_bytes: int) -> str:
    """Bytes to text, rejecting what is not a UTF-8 Markdown file of a sane size."""
    check_size(path, len(data), max_bytes)
    if not data.strip():
        raise ContentError(Problem(path, "the file is empty"))
    if b"\x00" in data[:8192]:
        raise ContentError(Problem(path, "this is a binary file, not Markdown text"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ContentError(
            Problem(
                path,
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
                line=line,
            )
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(path: Path, text: str) -> tuple[str, int, str]:
    """Return (yaml text, line number of its first line, body)."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip())
    if lines[start].rstrip() != _FENCE:
        raise ContentError(
            Problem(
                path,
                "no front matter: the file must begin with a line '---', "
                "then fields such as 'type:' and 'title:', then a line '---'",
                line=start + 1,
            )
        )
    for end in range(start + 1, len(lines)):
        if lines[end].rstrip() in (_FENCE, "..."):
            return "\n".join(lines[start + 1 : end]), start + 2, "\n".join(lines[end + 1 :])
    raise ContentError(
        Problem(
            path,
            f"the front matter opened at line {start + 1} is never closed by a line '---'",
            line=start + 1,
        )
    )


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
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError(
            Problem(
                path,
                f"YAML syntax error in the front matter: {problem} "
                "(check indentation, and quote values that contain ':' or '#')",
                line=line,
            )
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError(
            Problem(
                path,
                "the front matter must be fields written as 'name: value', one per line",
                line=first_line,
            )
        )
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

    def problem(name: str, message: str, severity: Severity = Severity.error) -> Problem:
        return Problem(path, message, severity, lines.get(name, first_line - 1), name)

    for name in _REQUIRED:
        if fields.get(name) in (None, ""):
            raise ContentError(problem(name, f"missing required field '{name}'"))
    try:
        entry_type = EntryType(str(fields["type"]).strip().lower())
    except ValueError:
        raise ContentError(
            problem("type", f"unknown type '{fields['type']}'; expected one of: {_TYPE_NAMES}")
        ) from None

    warnings: list[Problem] = []
    entry_id = _entry_id(path, fields, problem, warnings)
    known = front_matter_fields(entry_type)
    extra = {name: value for name, value in fields.items() if name not in known}
    for name in extra:
        warnings.append(
            problem(name, f"unknown field for type '{entry_type.value}'; kept, but not used", Severity.warning)
        )
    values = {name: value for name, value in fields.items() if name in known}
    values.update(id=entry_id, type=entry_type, path=str(path), body=body, extra=extra)
    entry = _validate(ENTRY_CLASSES[entry_type], values, problem, warnings)
    if not entry.summary:
        entry.summary = first_paragraph(body)
    return ParsedFile(entry, warnings)


def _entry_id(path: Path, fields: dict[str, Any], problem, warnings: list[Problem]) -> str:
    given = fields.get("id")
    raw = str(given) if given not in (None, "") else path.stem
    entry_id = slugify(raw)
    if not entry_id:
        raise ContentError(problem("id", f"'{raw}' cannot serve as an id; use lowercase letters, digits and '-'"))
    if entry_id != raw:
        warnings.append(
            problem("id", f"id '{raw}' is used as '{entry_id}' (lowercase, '-' for spaces)", Severity.warning)
        )
    return entry_id


def _validate(cls: type[EntryBase], values: dict[str, Any], problem, warnings: list[Problem]) -> EntryBase:
    """Validate; a bad optional field is dropped with a warning, a bad title rejects the file."""
    while True:
        notes: list[tuple[str, str]] = []  # warnings the validators found in values they kept (a share out of range)
        try:
            entry = cls.model_validate(values, context={"notes": notes})
            warnings.extend(problem(name, message, Severity.warning) for name, message in notes)
            return entry
        except ValidationError as exc:
            bad = {str(error["loc"][0]): error for error in exc.errors()}  # first error per field
            for name, error in bad.items():
                message = f"{_expected(error)}, got {values.get(name)!r}"
                if name in _REQUIRED or name not in values:
                    raise ContentError(problem(name, message)) from None
                warnings.append(problem(name, f"{message}; the value is left out", Severity.warning))
                values.pop(name)


def _expected(error: dict[str, Any]) -> str:
    """Pydantic's message, or plainer words where authors most often slip."""
    kind = str(error["type"])
    if kind.startswith(("date", "datetime")) or "YYYY-MM-DD" in str(error["msg"]):
        return "expected a date written as YYYY-MM-DD, e.g. 2018-06-28"
    if kind.startswith("int"):
        return "expected a whole number, e.g. 15"
    if kind.startswith("bool"):
        return "expected true or false"
    return str(error["msg"]).lower()
