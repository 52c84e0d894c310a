"""A live server under load: 16 clients for 30 s on 127.0.0.1, once idle and once while its content changes.

    .venv/bin/python bench/load.py [CONTENT_DIR] [--clients 16] [--seconds 30]

`kb serve` (a process of its own, KB_WATCH on) serves a copy of the content
folder; the clients (threads of this process, each with its own connection)
send varied Swedish searches (eval/dev-queries.jsonl, every mode) and matches
(eval/match-cases.jsonl), three searches to one match. In the second phase a
file is added, edited or deleted every CHANGE_EVERY seconds, and the time until
the server has applied each change is measured (from /api/health `updated`).

Prints per phase: requests, requests/s, p50/p99 latency, errors (the floor is
0), the server's resident memory before and after; and how fast changes were
applied (the floor is 5 s). Only loopback traffic, bounded in count and time.
"""

import argparse
import json
import random
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
from timing import KB, quantile, rss_mb, served

ROOT = Path(__file__).resolve().parent.parent
CHANGE_EVERY = 2.0  # seconds between two changes to the content folder
VISIBLE_FLOOR = 5.0  # seconds: a change is applied within this
MODES = ["hybrid", "hybrid", "semantic", "keyword"]


def requests_to_send() -> list[tuple[str, str, dict]]:
    """(method, path, params or body) for every dev query in every mode and every match case."""
    queries = [json.loads(line) for line in (ROOT / "eval" / "dev-queries.jsonl").read_text().splitlines() if line]
    cases = [json.loads(line) for line in (ROOT / "eval" / "match-cases.jsonl").read_text().splitlines() if line]
    searches = [("GET", "/api/search", {"q": q["query"], "mode": mode}) for q in queries for mode in MODES]
    fields = ("description", "region", "municipality", "company")
    matches = [("POST", "/api/match", {k: c[k] for k in fields if c.get(k)}) for c in cases]
    return searches + matches * max(1, len(searches) // (3 * len(matches)))


class Load:
    """Clients sending requests back to back until the time is up; each latency and each failure kept."""

    def __init__(self, url: str, clients: int, seconds: float, seed: int):
        self.url, self.clients, self.seconds = url, clients, seconds
        self.work = requests_to_send()
        random.Random(seed).shuffle(self.work)
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self._lock = threading.Lock()

    def run(self) -> float:
        deadline = time.monotonic() + self.seconds
        threads = [threading.Thread(target=self._client, args=(i, deadline)) for i in range(self.clients)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return time.monotonic() - started

    def _client(self, number: int, deadline: float) -> None:
        with httpx.Client(base_url=self.url, timeout=60) as client:
            i = number
            while time.monotonic() < deadline:
                method, path, data = self.work[i % len(self.work)]
                i += self.clients
                started = time.perf_counter()
                try:
                    response = client.request(method, path, params=data if method == "GET" else None,
                                              json=data if method == "POST" else None)
                    failed = None if response.status_code == 200 else f"{path} {response.status_code}"
                except httpx.HTTPError as exc:
                    failed = f"{path} {exc!r}"
                elapsed = (time.perf_counter() - started) * 1000
                with self._lock:
                    self.latencies.append(elapsed)
                    if failed:
                        self.errors.append(failed)


class Changes:
    """Adds, edits and deletes an entry in turn; how long the server took to apply each change."""

    def __init__(self, url: str, content: Path):
        self.url, self.content, self.applied = url, content, []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop)

    def _loop(self) -> None:
        step = 0
        with httpx.Client(base_url=self.url, timeout=60) as client:
            while not self.stop.wait(CHANGE_EVERY):
                path = self.content / f"bench-{step // 3}.md"
                if step % 3 == 0:
                    path.write_text(_entry(step // 3, "Nytt"), encoding="utf-8")
                elif step % 3 == 1:
                    path.write_text(_entry(step // 3, "Ändrat"), encoding="utf-8")
                else:
                    path.unlink()
                changed = time.time()
                step += 1
                while not self.stop.is_set() and (client.get("/api/health").json().get("updated") or 0) < changed:
                    time.sleep(0.05)
                if not self.stop.is_set():
                    self.applied.append(time.time() - changed)


def _entry(number: int, word: str) -> str:
    return (f"---\ntype: case\ntitle: {word} exempel {number} om robotsvetsning i Borlänge\nregions: [Dalarna]\n"
            f"summary: {word} exempel på hur ett litet företag i Dalarna kom igång med robotar.\n---\n\n"
            f"Verkstaden i Borlänge började med en svetsrobot och en lärling från YH ({word.lower()}).\n")


def phase(name: str, url: str, pid: int, args: argparse.Namespace, content: Path | None) -> None:
    before = rss_mb(pid)
    changes = Changes(url, content) if content else None
    if changes:
        changes.thread.start()
    load = Load(url, args.clients, args.seconds, seed=len(name))
    took = load.run()
    if changes:
        changes.stop.set()
        changes.thread.join()
    after = rss_mb(pid)
    lat = load.latencies
    print(f"{name:<17} {len(lat):>8} {len(lat) / took:>7.1f} {statistics.median(lat):>7.1f} {quantile(lat, 0.99):>7.1f} "
          f"{len(load.errors):>6}   {before:>6.0f} -> {after:.0f}")
    if load.errors:
        print(f"{'':<17} first errors: {load.errors[:3]}")
    if changes:
        applied = changes.applied
        print(f"{'':<17} {len(applied)} changes applied, median {statistics.median(applied):.2f} s, "
              f"max {max(applied):.2f} s (floor {VISIBLE_FLOOR:.0f} s)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("content", nargs="?", default=str(ROOT / "content"))
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(shutil.copytree(args.content, Path(tmp) / "content"))
        command = [KB, "serve", "--store-path", str(Path(tmp) / "index"), "--content-dir", str(content),
                   "--embedding-cache", str(Path(tmp) / "cache.sqlite")]
        with served(command, "/api/health") as (url, process):
            deadline = time.monotonic() + 600
            while httpx.get(url + "/api/health").json()["status"] != "ok":  # the server builds its index first
                assert time.monotonic() < deadline, "kb serve built no index"
                time.sleep(0.5)
            entries = httpx.get(url + "/api/health").json()["entries"]
            print(f"kb serve on 127.0.0.1, {entries} entries, {args.clients} clients x {args.seconds:.0f} s per phase,"
                  f" {len(requests_to_send())} distinct requests (about 3 searches to 1 match)")
            print(f"{'phase':<17} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}   RSS MB")
            phase("idle", url, process.pid, args, None)
            phase("content changing", url, process.pid, args, content)


if __name__ == "__main__":
    main()
