"""The `kb` command as a user runs it: real processes, exit codes, one clear sentence on errors."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from kb.indexing.build import index_folder
from kb.settings import Settings
from tests.support import write_files

KB = str(Path(sys.executable).parent / "kb")


def kb(*args: str, store: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "COLUMNS": "200"}
    if store:
        env["KB_STORE_PATH"] = str(store)
    return subprocess.run([KB, *args], capture_output=True, text=True, env=env, timeout=120)


def test_validate_exit_codes(fixture_content):
    ok = kb("validate", str(fixture_content))
    assert ok.returncode == 0, ok.stderr
    assert "3 entries accepted, 0 files rejected" in ok.stderr
    write_files(fixture_content, {"trasig.md": "---\ntype: case\ntitle: [oavslutad\n---\n"})
    bad = kb("validate", str(fixture_content))
    assert bad.returncode == 1
    assert "trasig.md:3: YAML syntax error" in bad.stderr and "Traceback" not in bad.stderr


def test_index_and_search_exit_codes_and_json(tmp_path, fixture_content):
    store = tmp_path / "index"
    done = kb("index", str(fixture_content), store=store)
    assert done.returncode == 0, done.stderr
    assert "3 entries indexed, 0 unchanged, 0 removed" in done.stderr

    write_files(fixture_content, {"tom.md": ""})
    partial = kb("index", str(fixture_content), "--store-path", str(store))  # the flag works as the env var does
    assert partial.returncode == 1
    assert "tom.md: the file is empty" in partial.stderr and "0 entries indexed, 3 unchanged" in partial.stderr

    found = kb("search", "svetsutbildning", "--type", "course", "--json", store=store)
    assert found.returncode == 0, found.stderr
    body = json.loads(found.stdout)
    assert [r["id"] for r in body["results"]] == ["svets-yh"]

    empty = kb("search", " ", store=store)
    assert empty.returncode == 2 and "the query is empty" in empty.stderr


@pytest.mark.parametrize("command", [["index", "content"], ["search", "svets"], ["serve", "--port", "1"]])
def test_a_model_that_cannot_load_is_one_sentence(tmp_path, command):
    result = kb(*command, "--embedding-model", str(tmp_path / "ingen-modell"), store=tmp_path / "index")
    assert result.returncode == 2, result.stderr
    assert "cannot load embedding model" in result.stderr and "Traceback" not in result.stderr


def test_missing_content_folder(tmp_path):
    result = kb("index", str(tmp_path / "saknas"), store=tmp_path / "index")
    assert result.returncode == 2 and "content folder not found" in result.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def served_store(tmp_path, fixture_content):
    """`kb serve` running on an indexed embedded store."""
    store = tmp_path / "index"
    assert kb("index", str(fixture_content), store=store).returncode == 0
    port = free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "KB_STORE_PATH": str(store)}
    server = subprocess.Popen([KB, "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "kb serve did not start"
                time.sleep(0.2)
        yield store, port
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_serve_answers_and_index_while_serving_says_what_to_do(served_store, fixture_content):
    store, port = served_store
    health = httpx.get(f"http://127.0.0.1:{port}/api/health").json()
    assert (health["status"], health["entries"]) == ("ok", 3)
    hits = httpx.get(f"http://127.0.0.1:{port}/api/search", params={"q": "robot i gjuteri"}).json()["results"]
    assert hits[0]["id"] == "robotlyftet"

    busy = kb("index", str(fixture_content), store=store)
    assert busy.returncode == 2
    assert "in use by another process" in busy.stderr and "Traceback" not in busy.stderr
    assert len(busy.stderr.strip().splitlines()) <= 2  # one sentence (the terminal may wrap it)
    # the server was not disturbed
    again = httpx.get(f"http://127.0.0.1:{port}/api/search", params={"q": "robot i gjuteri"}).json()["results"]
    assert again == hits


def test_serve_on_a_busy_store_fails_with_a_sentence(served_store):
    store, _ = served_store
    result = kb("serve", "--port", str(free_port()), store=store)
    assert result.returncode == 2 and "in use by another process" in result.stderr



def test_network_command_prints_the_network_as_json(tmp_path, e5):
    store, folder = tmp_path / "index", Path(__file__).parent / "fixtures" / "network"
    assert index_folder(Settings(store_path=store), e5, folder).ok  # in this process: one `kb` process is enough
    printed = kb("network", "--format", "json", "--region", "Gävleborg", store=store)
    assert printed.returncode == 0, printed.stderr
    body = json.loads(printed.stdout)
    assert [c["id"] for c in body["companies"]] == ["alfa-gjuteri"] and body["companies"][0]["exposure"] == "high"
