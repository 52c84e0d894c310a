"""A content folder into accepted entries, rejected files and warnings."""

import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from kb.content.entries import ID_CHARACTERS, EntryBase
from kb.content.parsing import ParsedFile, check_size, parse_file
from kb.content.problems import ContentError, Problem, Severity, short

MARKDOWN_SUFFIXES = {".md", ".markdown"}
SETTLED_SECONDS = 2.0  # a file written more recently than this is parsed every time (see ParsedFiles)
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


class ParsedFiles:
    """What each file parsed to, kept by what its stat says (inode, size, times), so that a process loading one
    folder again and again (`kb serve`, at every change) parses only the files that changed: at 2,300 entries,
    parsing them all took a second of every change's run.

    A file written within the last SETTLED_SECONDS is parsed every time and not kept: a second write within
    one tick of the file system's clock could leave its stat as it was. One written earlier cannot change
    without its change time moving on.
    """

    def __init__(self) -> None:
        self._known: dict[Path, tuple[tuple[int, int, int, int], ParsedFile | ContentError]] = {}

    def parse(self, path: Path, shown: Path, max_file_bytes: int) -> ParsedFile:
        stat = path.stat()
        key = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
        known = self._known.get(path)
        if known is None or known[0] != key:
            try:
                outcome: ParsedFile | ContentError = _read_and_parse(path, shown, max_file_bytes, stat)
            except ContentError as exc:
                outcome = exc
            settled = time.time() - max(stat.st_mtime, stat.st_ctime) > SETTLED_SECONDS
            if settled:
                self._known[path] = (key, outcome)
            else:
                self._known.pop(path, None)
        else:
            outcome = known[1]
        if isinstance(outcome, ContentError):
            raise outcome
        return outcome

    def keep_only(self, paths: set[Path]) -> None:
        """Forget files that are gone."""
        for path in self._known.keys() - paths:
            del self._known[path]


def load_content(content_dir: Path, max_file_bytes: int, parsed: ParsedFiles | None = None) -> LoadResult:
    """Parse every file (or take it from `parsed`, when it has not changed since); the first file by path keeps
    an id, later duplicates are rejected."""
    if not content_dir.is_dir():
        raise FileNotFoundError(f"content folder not found: {content_dir}")
    result = LoadResult()
    owners: dict[str, Path] = {}
    files = content_files(content_dir)
    for path in files:
        result.files_seen += 1
        shown = path.relative_to(content_dir)
        try:
            found = parsed.parse(path, shown, max_file_bytes) if parsed is not None else _read_and_parse(path, shown, max_file_bytes)
        except ContentError as exc:
            result.rejected.append(exc.problem)
            continue
        except OSError as exc:  # unreadable (permissions, vanished meanwhile): named, never a crash
            result.rejected.append(Problem(shown, "file_unreadable", {"detail": exc.strerror or str(exc)}))
            continue
        entry = found.entry
        if entry.id in owners:
            result.rejected.append(
                Problem(shown, "duplicate_id", {"id": entry.id, "other": str(owners[entry.id])}, field="id")
            )
            continue
        owners[entry.id] = shown
        result.entries[entry.id] = entry
        result.warnings.extend(found.warnings)
    result.warnings.extend(missing_references(result.entries))
    if parsed is not None:
        parsed.keep_only(set(files))
    return result


def _read_and_parse(path: Path, shown: Path, max_file_bytes: int, stat: os.stat_result | None = None) -> ParsedFile:
    check_size(shown, (stat or path.stat()).st_size, max_file_bytes)  # before reading a huge file
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
