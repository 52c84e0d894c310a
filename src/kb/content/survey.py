"""The problems of a content folder as its authors should see them, parsed again only when the folder changes.

A page or a health check asks often; parsing every file each time would cost a request as much as
`kb validate`. The folder's state (each file's path, size and modification time) is cheaper to read
(4 ms for 79 files), and a parse is reused while it stays the same; when it changes, only the files
whose stat changed are parsed again (`ParsedFiles`, as the live indexer does). The state itself is read
at most once a second, so a burst of health checks costs one look and a change shows within a second.
A server that indexes the folder itself may instead hand in the problems its indexing found
(`ContentProblems` is all a reader needs).
"""

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from kb.content.loader import ParsedFiles, content_files, load_content
from kb.content.problems import Problem

FolderState = tuple[tuple[str, int, int], ...]  # (relative path, size, mtime in ns) per file


@dataclass(frozen=True)
class ContentProblems:
    """What authors need to know of their folder: which files were rejected, what needs a look."""

    files: int
    entries: int
    rejected: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def folder_state(folder: Path) -> FolderState:
    state = []
    for path in content_files(folder):
        try:
            stat = path.stat()
        except OSError:  # gone since it was listed: the next look sees the change
            continue
        state.append((path.relative_to(folder).as_posix(), stat.st_size, stat.st_mtime_ns))
    return tuple(state)


class ContentSurvey:
    """`load_content` of one folder, kept until the folder's state changes."""

    def __init__(self, folder: Path, max_file_bytes: int, recheck_seconds: float = 1.0):
        self.folder = folder
        self.max_file_bytes = max_file_bytes
        self.recheck_seconds = recheck_seconds
        self._lock = threading.Lock()  # one look at a time; a request arriving meanwhile gets its result
        self._state: FolderState | None = None
        self._parsed = ParsedFiles()  # what each file parsed to: a change re-parses only the files it touched
        self._problems: ContentProblems | None = None
        self._looked_at = -float("inf")

    def current(self) -> ContentProblems | None:
        """The folder's problems now, or None when there is no such folder (a server may serve without one)."""
        if not self.folder.is_dir():
            return None
        with self._lock:
            if self._problems is not None and time.monotonic() - self._looked_at < self.recheck_seconds:
                return self._problems
            try:
                self._looked_at = time.monotonic()
                state = folder_state(self.folder)
                if state != self._state or self._problems is None:
                    loaded = load_content(self.folder, self.max_file_bytes, self._parsed)
                    self._problems = ContentProblems(
                        loaded.files_seen, len(loaded.entries), loaded.rejected, loaded.warnings
                    )
                    self._state = state
            except FileNotFoundError:  # the folder went away meanwhile
                return None
            return self._problems
