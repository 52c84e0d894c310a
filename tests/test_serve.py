"""`kb serve` as a user runs it, live: it owns its store, applies every change in its content folder while it
answers, and the `kb` commands beside it hand their work to it. One server (a process of its own, on a copy
of the small fixture folder) is shared by the whole module: starting one costs seconds.
"""

import json
import os
import shutil
import stat
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support import FIXTURES, entry
from tests.test_cli import KB, free_port, kb

TOKEN = "hemlig-nyckel-for-test"
VISIBLE_WITHIN = 5.0  # seconds, from saving a file to a search that shows it
STABLE = {"robot i gjuteri": "robotlyftet", "svetsutbildning i Sandviken": "svets-yh"}


class Server:
    def __init__(self, url: str, content: Path, store: Path):
        self.url, self.content, self.store = url, content, store

    def get(self, path: str, **params: str) -> httpx.Response:
        return httpx.get(self.url + path, params=params, timeout=30)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("serve")
    content = Path(shutil.copytree(FIXTURES / "small", root / "content"))
    store, port = root / "index", free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "KB_STORE_PATH": str(store), "KB_CONTENT_DIR": str(content),
           "KB_ADMIN_TOKEN": TOKEN}
    process = subprocess.Popen([KB, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    running = Server(f"http://127.0.0.1:{port}", content, store)
    try:
        deadline = time.monotonic() + 90
        while True:  # up, and done with its first run over the content folder (it builds the index)
            try:
                if running.get("/api/health").json()["status"] == "ok":
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, "kb serve did not start"
            time.sleep(0.2)
        yield running
    finally:
        process.terminate()
        process.wait(timeout=30)


class Searching:
    """Clients searching and matching in a loop (each its own thread and connection); every answer that is
    not a 200 with results is a failure."""

    def __init__(self, server: Server, clients: int = 2):
        self.server, self.stop, self.failures, self.answered = server, threading.Event(), [], 0
        self.threads = [threading.Thread(target=self._loop, daemon=True) for _ in range(clients)]

    def __enter__(self) -> "Searching":
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=30)

    def _loop(self) -> None:
        with httpx.Client(base_url=self.server.url, timeout=30) as client:
            while not self.stop.is_set():
                for query, expected in STABLE.items():
                    try:
                        found = client.get("/api/search", params={"q": query})
                        ids = [r["id"] for r in found.json()["results"]] if found.status_code == 200 else []
                        match = client.post("/api/match", json={"description": "Litet gjuteri som vill ha robotar"})
                    except httpx.HTTPError as exc:
                        self.failures.append(repr(exc))
                        continue
                    if expected not in ids or match.status_code != 200:
                        self.failures.append((query, found.status_code, ids, match.status_code))
                    self.answered += 2


def seconds_until(check, within: float = VISIBLE_WITHIN) -> float:
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < within, "not visible in time"
        time.sleep(0.05)
    return time.monotonic() - started


def top_id(server: Server, query: str) -> str | None:
    results = server.get("/api/search", q=query).json()["results"]
    return results[0]["id"] if results else None


def test_changes_are_searchable_within_seconds_while_searches_never_fail(server):
    expert = server.content / "karin.md"
    text = entry("expert", "Karin Lasersvets", "Karin hjälper verkstäder.", id="karin", regions="[Dalarna]",
                 summary="Expert på lasersvetsning av tunnplåt för små verkstäder i Borlänge.")
    with Searching(server) as searching:
        expert.write_text(text, encoding="utf-8")
        added = seconds_until(lambda: top_id(server, "lasersvetsning av tunnplåt") == "karin")

        expert.write_text(expert.read_text(encoding="utf-8").replace("Karin Lasersvets", "Karin Pulssvets"))
        edited = seconds_until(lambda: server.get("/api/entries/karin").json().get("title") == "Karin Pulssvets")

        indexed = kb("index", str(server.content), store=server.store)  # beside the server: handed to it
        assert indexed.returncode == 0, indexed.stderr
        assert "Updated index in" in indexed.stderr and "0 entries indexed, 4 unchanged, 0 removed" in indexed.stderr

        expert.unlink()
        deleted = seconds_until(lambda: server.get("/api/entries/karin").status_code == 404)
        time.sleep(0.5)  # a few more rounds after the last change
    assert searching.failures == [] and searching.answered > 20
    assert max(added, edited, deleted) < VISIBLE_WITHIN
    print(f"visible after: added {added:.2f} s, edited {edited:.2f} s, deleted {deleted:.2f} s; "
          f"{searching.answered} answers, none failed")


def test_kb_index_beside_the_server_prints_its_summary_and_exit_code(server):
    broken = server.content / "trasig.md"
    broken.write_text("---\ntype: case\ntitle: [oavslutad\n---\n", encoding="utf-8")
    try:
        rejected = kb("index", str(server.content), store=server.store)
        assert rejected.returncode == 1
        assert "trasig.md:3: YAML syntax error" in rejected.stderr and "1 files rejected" in rejected.stderr
    finally:
        broken.unlink()
    rebuilt = kb("index", str(server.content), "--rebuild", store=server.store)
    assert rebuilt.returncode == 0 and "Rebuilt index in" in rebuilt.stderr and "3 entries indexed" in rebuilt.stderr
    assert server.get("/api/health").json()["status"] == "ok"


def test_kb_search_and_match_answer_through_the_server(server):
    searched = kb("search", "svetsutbildning", "--type", "course", "--json", store=server.store)
    assert searched.returncode == 0, searched.stderr
    over_http = server.get("/api/search", q="svetsutbildning", type="course").json()
    assert [r["id"] for r in json.loads(searched.stdout)["results"]] == [r["id"] for r in over_http["results"]] == ["svets-yh"]
    matched = kb("match", "Litet gjuteri i Sandviken som vill börja med robotar", "--json", store=server.store)
    assert matched.returncode == 0, matched.stderr
    assert json.loads(matched.stdout)["groups"]["program"][0]["id"] == "robotlyftet"


def test_refusals_name_what_to_do_before_any_model_loads(server, tmp_path):
    """A model that cannot load would say so: these answers come first."""
    nowhere = ["--embedding-model", str(tmp_path / "ingen-modell")]
    started = time.monotonic()
    other = kb("index", str(tmp_path), *nowhere, store=server.store)
    took = time.monotonic() - started
    assert other.returncode == 2 and "The running server indexes" in other.stderr
    assert f"not {tmp_path}" in other.stderr and "cannot load embedding model" not in other.stderr
    second = kb("serve", "--port", str(free_port()), *nowhere, store=server.store)
    assert second.returncode == 2 and "in use by another process" in second.stderr
    assert "cannot load embedding model" not in second.stderr and "Traceback" not in second.stderr
    print(f"refusal of kb index in {took:.2f} s (a whole process: Python and kb's imports)")


def test_writes_over_http_need_the_admin_token_and_the_socket_is_owner_only(server):
    url = server.url + "/api/admin/reindex"
    assert httpx.post(url, json={}).status_code == 401
    wrong = httpx.post(url, json={}, headers={"Authorization": "Bearer fel"})
    assert wrong.status_code == 401 and "KB_ADMIN_TOKEN" in wrong.json()["detail"]
    done = httpx.post(url, json={}, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
    assert done.status_code == 200 and done.json()["rejected"] == [] and sorted(done.json()["unchanged"]) == [
        "robotlyftet", "stangd-program", "svets-yh"]
    mode = (server.store / "serve.sock").stat().st_mode
    assert stat.S_ISSOCK(mode) and stat.S_IMODE(mode) == 0o600
