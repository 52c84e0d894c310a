"""A content folder into accepted entries, rejected files and warnings."""

import re
from dataclasses import dataclass, field
from pathlib import Path

from kb.content.entries import ID_CHARACTERS, EntryBase
from kb.content.parsing import ParsedFile, check_size, parse_file
from kb.content.problems import ContentError, Problem, Severity, short

MARKDOWN_SUFFIXES = {".md", ".markdown"}
# A reference that looks like an id (not a plain name such as "Sandvik AB").
_ID_LIKE = re.compile(f"^[a-z0-9][{ID_CHARACTERS}]*$")


@dataclass
class LoadResult:
    entries: dict[str, EntryBase] = field(default_factory=dict)
    rejected: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    files_seen: int = 0

    @property
    def ok(self) -> bool:
        return not self.rejected


def content_files(content_dir: Path) -> list[Path]:
    """Markdown files below the folder, in a stable order; hidden files and folders skipped."""
    files = []
    for path in content_dir.rglob("*"):
        relative = path.relative_to(content_dir)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.suffix.lower() in MARKDOWN_SUFFIXES and path.is_file():
            files.append(path)
    return sorted(files, key=lambda p: p.relative_to(content_dir).as_posix())


def load_content(content_dir: Path, max_file_bytes: int) -> LoadResult:
    """Parse every file; the first file by path keeps an id, later duplicates are rejected."""
    if not content_dir.is_dir():
        raise FileNotFoundError(f"content folder not found: {content_dir}")
    result = LoadResult()
    owners: dict[str, Path] = {}
    for path in content_files(content_dir):
        result.files_seen += 1
        shown = path.relative_to(content_dir)
        try:
            parsed = _read_and_parse(path, shown, max_file_bytes)
        except ContentError as exc:
            result.rejected.append(exc.problem)
            continue
        except OSError as exc:  # unreadable (permissions, vanished meanwhile): named, never a crash
            result.rejected.append(Problem(shown, "file_unreadable", {"detail": exc.strerror or str(exc)}))
            continue
        entry = parsed.entry
        if entry.id in owners:
            result.rejected.append(
                Problem(shown, "duplicate_id", {"id": entry.id, "other": str(owners[entry.id])}, field="id")
            )
            continue
        owners[entry.id] = shown
        result.entries[entry.id] = entry
        result.warnings.extend(parsed.warnings)
    result.warnings.extend(missing_references(result.entries))
    return result


def _read_and_parse(path: Path, shown: Path, max_file_bytes: int) -> ParsedFile:
    check_size(shown, path.stat().st_size, max_file_bytes)  # before reading a huge file
    return parse_file(shown, path.read_bytes(), max_file_bytes)


def missing_references(entries: dict[str, EntryBase]) -> list[Problem]:
    """Warn where a reference looks like an id but no entry has it."""
    warnings = []
    for entry in entries.values():
        for name, values in entry.references().items():
            for value in values:
                if _ID_LIKE.match(value) and value not in entries:
                    warnings.append(
                        Problem(Path(entry.path), "missing_reference", {"value": short(value)}, Severity.warning, field=name)
                    )
    return warnings
