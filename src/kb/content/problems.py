"""Problems found in content files, worded for the people who wrote them.

A problem is a stable `code` and its `params` (plain JSON values), not a sentence: the
same problem is told in English (here) or Swedish (`kb.labels.PROBLEM_MESSAGES`) from
one place, `Problem.describe`, and an API can hand the code to a program.
"""

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from kb import labels
from kb.settings import Language

QUOTED_CHARS = 60  # a value quoted back to its author is cut here


class Severity(str, Enum):
    error = "error"  # the file is rejected
    warning = "warning"  # the file is accepted; something in it needs a look


# Every code, in English; kb.labels.PROBLEM_MESSAGES says the same in Swedish, key for key.
MESSAGES = {
    "file_unreadable": "the file cannot be read: {detail}",
    "file_too_large": "the file is {size:,} bytes; the limit is {limit:,} bytes",
    "file_empty": "the file is empty",
    "file_binary": "this is a binary file, not Markdown text",
    "not_utf8": "not valid UTF-8 (byte 0x{byte:02x}); save the file as UTF-8",
    "no_front_matter": (
        "no front matter: the file must begin with a line '---', "
        "then fields such as 'type:' and 'title:', then a line '---'"
    ),
    "front_matter_unclosed": "the front matter opened at line {opened} is never closed by a line '---'",
    "yaml_syntax": (
        "YAML syntax error in the front matter: {detail} (check indentation, and quote values that contain ':' or '#')"
    ),
    "front_matter_not_fields": "the front matter must be fields written as 'name: value', one per line",
    "missing_field": "missing required field '{field}'",
    "unknown_type": "unknown type '{value}'; expected one of: {types}",
    "bad_id": "'{value}' cannot serve as an id; use lowercase letters, digits and '-'",
    "id_changed": "id '{value}' is used as '{id}' (lowercase, '-' for spaces)",
    "duplicate_id": "duplicate id '{id}': {other} already uses it",
    "unknown_field": "unknown field for type '{type}'; kept, but not used",
    "bad_date": "expected a date written as YYYY-MM-DD, e.g. 2018-06-28, got {value}",
    "bad_number": "expected a whole number, e.g. 15, got {value}",
    "bad_boolean": "expected true or false, got {value}",
    "bad_choice": "input should be {choices}, got {value}",
    "bad_value": "{detail}, got {value}",
    "unsafe_link": (
        "{value} is not a web address (http or https), an e-mail link (mailto) or a relative link; the value is left out"
    ),
    "markup_removed": "HTML tags are not shown; the text is used without them: {value}",
    "title_only_markup": "the title is only HTML tags; write it as plain text",
    "missing_reference": "refers to '{value}', but no entry has that id",
    "bad_share": "expected a share written as a percentage, e.g. 55 %, got {value}; the share is left out",
    "share_out_of_range": "a share must be between 0 and 100 %, got {value}; the share is left out",
    "relation_keys": "unknown key {keys} in a supplier or customer; expected {expected}",
    "relation_unnamed": "a supplier or customer written as fields needs a 'name', got {value}; it is left out",
    "too_many_chunks": (
        "the text is very long: only its first {chunks} chunks are searchable; the whole text is still shown"
    ),
}
_LEFT_OUT = {Language.en: "; the value is left out", Language.sv: labels.PROBLEM_LEFT_OUT}
_FIELD = {Language.en: "field", Language.sv: labels.PROBLEM_FIELD}
_OR = {Language.en: "or", Language.sv: labels.PROBLEM_OR}


def short(text: str) -> str:
    """Text cut to a short prefix, so no message repeats a whole text back to its author."""
    return text if len(text) <= QUOTED_CHARS else text[: QUOTED_CHARS - 1] + "…"


def quoted(value: Any) -> str:
    """A value as its author wrote it (Python's notation: 'text', 15, ['a', 'b']), cut to a short prefix."""
    return short(repr(value))


def _one_of(values: list[Any], word: str) -> str:
    """"'a', 'b' or 'c'" (pydantic's wording), in the language of `word`."""
    items = [f"'{value}'" for value in values]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


@dataclass(frozen=True)
class Problem:
    path: Path
    code: str
    params: dict[str, Any] = field(default_factory=dict)  # JSON values only: they travel over HTTP as they are
    severity: Severity = Severity.error
    line: int | None = None
    field: str | None = None
    dropped: bool = False  # a bad optional value that was left out (the file was kept)

    def __post_init__(self) -> None:
        if self.code not in MESSAGES:
            raise ValueError(f"unknown problem code {self.code!r}")

    def text(self, language: Language = Language.en) -> str:
        """What is wrong and what to write instead, in one sentence of the language asked for."""
        template = MESSAGES[self.code] if language is Language.en else labels.PROBLEM_MESSAGES[self.code]
        params = {k: _one_of(v, _OR[language]) if isinstance(v, list) else v for k, v in self.params.items()}
        text = template.format(field=self.field, **params)
        return text + _LEFT_OUT[language] if self.dropped else text

    @property
    def message(self) -> str:
        return self.text(Language.en)

    def describe(self, language: Language = Language.en) -> str:
        """'file:line: field 'x': message', the line a person reads in a terminal."""
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        name = f" {_FIELD[language]} '{self.field}':" if self.field else ""
        return f"{where}:{name} {self.text(language)}"

    def __str__(self) -> str:
        return self.describe(Language.en)


class ContentError(Exception):
    """A file cannot be accepted; carries the precise problem."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem
