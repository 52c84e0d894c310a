"""The index of a running server, kept current: one writer thread, fed by a watcher of the content folder
and by requests (a `kb index` handed to the server).

Runs are the ordinary `build_index`, one at a time, so everything it promises
holds here too: an incremental run changes each entry in one step under the
store's write lock, a large change or a rebuild is built aside and switched in
one step, and searches read the old state until the new one is complete.

Changes are debounced: the watcher waits for a short quiet spell (or at most
DEBOUNCE_MS) and asks for a run; a run already queued and not yet started
covers any later change too, since a run reads the whole folder when it starts.
"""

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import watchfiles

from kb.content.loader import ParsedFiles
from kb.embedding.base import Embedder
from kb.indexing.build import IndexReport, build_index
from kb.settings import Settings
from kb.store.base import Store, StoreError

QUIET_MS = 50  # a change is applied once the folder has been quiet this long (an editor's save takes ~1 ms) ...
DEBOUNCE_MS = 1000  # ... or this long after the first change, whichever comes first
log = logging.getLogger(__name__)


class IndexStopped(RuntimeError):
    """The server is stopping: the run ends between two entries, each of them written whole or not at all."""


class LiveIndexer:
    """The one writer of a served index: runs in order on a thread of their own, from changes and requests."""

    def __init__(self, settings: Settings, store: Store, embedder: Embedder, folder: Path):
        self.settings = settings
        self.store = store
        self.embedder = embedder
        self.folder = folder
        self._parsed = ParsedFiles()  # what the files parsed to at the last run: a change parses only what changed
        self._runs = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kb-index")
        self._queued: Future[IndexReport] | None = None  # an incremental run not yet started
        self._queue_lock = threading.Lock()
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        self.problem: str | None = None  # why the last run failed, until one succeeds
        self.updated: float | None = None  # when the last run finished, as time.time()

    # --- life ----------------------------------------------------------

    def start(self, watch: bool) -> None:
        """Apply what changed while the server was down, then (if `watch`) every change as it happens."""
        self.update()
        if watch:
            self._watcher = threading.Thread(target=self._watch, name="kb-watch", daemon=True)
            self._watcher.start()

    def stop(self) -> None:
        """Stop watching and end the run in progress at its next entry; wait for it."""
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=10)
        self._runs.shutdown(wait=True, cancel_futures=True)

    @property
    def watching(self) -> bool:
        return self._watcher is not None and self._watcher.is_alive()

    # --- runs ----------------------------------------------------------

    def update(self) -> "Future[IndexReport]":
        """An incremental run of the whole folder; one queued and not yet started covers this call too."""
        with self._queue_lock:
            if self._queued is None:
                self._queued = self._submit(False)
            return self._queued

    def rebuild(self) -> "Future[IndexReport]":
        """A fresh index built aside, then switched to."""
        return self._submit(True)

    def _submit(self, rebuild: bool) -> "Future[IndexReport]":
        if self._stop.is_set():
            raise IndexStopped("the server is stopping: run this again once it is back")
        return self._runs.submit(self._run, rebuild)

    def _run(self, rebuild: bool) -> IndexReport:
        if not rebuild:
            with self._queue_lock:
                self._queued = None  # changes from now on need a run of their own
        try:
            report = build_index(
                self.settings, self.store, self.embedder, self.folder, rebuild, self._stopping, self._parsed
            )
            self.store.flush()
        except IndexStopped:
            raise
        except (StoreError, OSError) as exc:  # a damaged store, a missing folder: the message says what to do
            self.problem = str(exc)
            log.error("indexing %s failed: %s", self.folder, exc)
            raise
        except Exception as exc:
            self.problem = f"indexing failed ({type(exc).__name__}: {exc}); the log of `kb serve` has the details"
            log.exception("indexing %s failed", self.folder)
            raise
        self.problem, self.updated = None, time.time()
        if report.indexed or report.removed or report.rebuilt:
            log.info(
                "%s index: %d indexed, %d removed, %d unchanged, %d files rejected",
                "rebuilt" if report.rebuilt else "updated", len(report.indexed), len(report.removed),
                len(report.unchanged), len(report.rejected),
            )
        return report

    def _stopping(self, done: int, total: int) -> None:
        """The progress callback: where a run stops when the server does."""
        if self._stop.is_set():
            raise IndexStopped("the server is stopping")

    def _watch(self) -> None:
        try:
            for _ in watchfiles.watch(
                self.folder, debounce=DEBOUNCE_MS, step=QUIET_MS, stop_event=self._stop, raise_interrupt=False
            ):
                self.update()
        except Exception as exc:  # the folder vanished, or the system's watch limit: say so on /api/health
            self.problem = f"The content folder {self.folder} can no longer be watched ({exc}): restart `kb serve`."
            log.exception("watching %s failed", self.folder)
