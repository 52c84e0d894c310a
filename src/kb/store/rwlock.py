"""One writer or many readers of an index at a time, so a search never sees half of a change.

A search asks the store several things in a row (hits, then the passages to
show); an update writes several things in a row (an entry's new chunks, then
the removal of its old ones). Under this lock each search reads one state of
the index: the one before the update or the one after it.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class ReadWriteLock:
    """Readers share; a writer waits for the readers in progress and holds new ones back until it is done
    (writers go first, so a steady stream of searches cannot starve an update).

    Reentrant per thread: a reader may read again (a façade call made inside another), and a writer may
    read or write again. A reader may not start writing: it would wait for itself.
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._readers = 0  # threads holding a read
        self._writers_waiting = 0
        self._writer: int | None = None  # the thread holding the write, by ident
        self._writes = 0  # how deep the writer is
        self._local = threading.local()  # this thread's read depth

    @contextmanager
    def reading(self) -> Iterator[None]:
        depth = getattr(self._local, "depth", 0)
        if depth or self._writer == threading.get_ident():
            self._local.depth = depth + 1  # already inside: waiting for a queued writer would deadlock
            try:
                yield
            finally:
                self._local.depth = depth
            return
        with self._changed:
            while self._writer is not None or self._writers_waiting:
                self._changed.wait()
            self._readers += 1
        self._local.depth = 1
        try:
            yield
        finally:
            self._local.depth = 0
            with self._changed:
                self._readers -= 1
                if not self._readers:
                    self._changed.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        me = threading.get_ident()
        with self._changed:
            if self._writer != me:
                if getattr(self._local, "depth", 0):
                    raise RuntimeError("a reader of the index cannot start writing to it")
                self._writers_waiting += 1
                try:
                    while self._writer is not None or self._readers:
                        self._changed.wait()
                finally:
                    self._writers_waiting -= 1
                self._writer = me
            self._writes += 1
        try:
            yield
        finally:
            with self._changed:
                self._writes -= 1
                if not self._writes:
                    self._writer = None
                    self._changed.notify_all()
