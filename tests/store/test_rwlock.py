"""The index's read-write lock: readers share, a writer is alone, writers are not starved, re-entry is safe."""

import threading
import time

import pytest

from kb.store.rwlock import ReadWriteLock


def test_readers_share_and_a_writer_waits_for_them_then_holds_new_readers_back():
    lock = ReadWriteLock()
    events: list[str] = []
    inside, release = threading.Barrier(3), threading.Event()

    def reader(name: str) -> None:
        with lock.reading():
            inside.wait(timeout=5)  # both readers are in at once
            release.wait(timeout=5)
            events.append(f"{name} out")

    def writer() -> None:
        with lock.writing():
            events.append("write")

    readers = [threading.Thread(target=reader, args=(n,)) for n in ("r1", "r2")]
    for t in readers:
        t.start()
    inside.wait(timeout=5)
    w = threading.Thread(target=writer)
    w.start()
    time.sleep(0.05)
    late_reader_done = threading.Event()

    def late_reader() -> None:
        with lock.reading():
            events.append("late read")
        late_reader_done.set()

    late = threading.Thread(target=late_reader)
    late.start()
    time.sleep(0.05)
    assert events == []  # the writer waits for the readers; the late reader waits behind the writer
    release.set()
    for t in (*readers, w, late):
        t.join(timeout=5)
    assert sorted(events[:2]) == ["r1 out", "r2 out"] and events[2:] == ["write", "late read"]


def test_reentry_reads_inside_reads_and_writes_inside_writes_even_with_a_writer_queued():
    lock = ReadWriteLock()
    queued, done = threading.Event(), []

    def writer() -> None:
        queued.set()
        with lock.writing():
            done.append("write")

    with lock.reading():
        t = threading.Thread(target=writer)
        t.start()
        queued.wait(timeout=5)
        time.sleep(0.05)
        with lock.reading():  # a façade call inside another: must not wait behind the queued writer
            done.append("nested read")
    t.join(timeout=5)
    assert done == ["nested read", "write"]
    with lock.writing(), lock.writing(), lock.reading():
        done.append("all in one thread")
    assert done[-1] == "all in one thread"


def test_a_reader_cannot_start_writing():
    lock = ReadWriteLock()
    with lock.reading(), pytest.raises(RuntimeError, match="cannot start writing"):
        with lock.writing():
            pass
    with lock.writing():  # and the lock is still usable
        pass
