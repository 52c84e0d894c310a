"""The `kb` command as a user runs it: real processes, exit codes, one clear sentence on errors."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from kb.indexing.build import index_folder
from kb.settings import Settings
from tests.support import write_files

KB = str(Path(sys.executable).parent / "kb")


def kb(*args: str, store: Path | None = None, language: str | None = "en") -> subprocess.CompletedProcess:
    """`kb` as a user runs it; in English unless asked (the assertions read English), or in the default language."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "COLUMNS": "200"}
    env.pop("KB_LANGUAGE", None)
    if language:
        env["KB_LANGUAGE"] = language
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


def test_validate_speaks_swedish_by_default_and_english_when_asked(fixture_content):
    write_files(fixture_content, {"trasig.md": "---\ntype: case\ntitle: [oavslutad\n---\n", "tom.md": ""})
    swedish = kb("validate", str(fixture_content), language=None)
    assert swedish.returncode == 1
    assert "Avvisade filer (2):" in swedish.stderr and "tom.md: Filen är tom." in swedish.stderr
    assert "trasig.md:3: Huvudet går inte att läsa" in swedish.stderr
    assert "3 poster godkända, 2 filer avvisade, 0 varningar." in swedish.stderr
    english = kb("validate", str(fixture_content), "--language", "en", language="sv")  # the flag wins
    assert "Rejected files (2):" in english.stderr and "tom.md: the file is empty" in english.stderr


def test_index_and_search_exit_codes_and_json(tmp_path, fixture_content):
    store = tmp_path / "index"
    done = kb("index", str(fixture_content), store=store)
    assert done.returncode == 0, done.stderr
    assert "3 entries indexed, 0 unchanged, 0 removed" in done.stderr

    write_files(fixture_content, {"tom.md": ""})
    partial = kb("index", str(fixture_content), "--store-path", str(store))  # the flag works as the env var does
    assert partial.returncode == 1
    assert "tom.md: the file is empty" in partial.stderr and "0 entries indexed, 3 unchanged" in partial.stderr
    swedish = kb("index", str(fixture_content), store=store, language=None)  # Swedish unless asked
    assert swedish.returncode == 1 and "0 poster indexerade, 3 oförändrade" in swedish.stderr
    assert "Filen är tom" in swedish.stderr

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


@pytest.mark.parametrize("command", [["serve", "--port", "1"], ["index", "content"], ["index", "content", "--rebuild"]])
def test_a_store_path_that_is_a_file_is_one_sentence_before_the_model_loads(tmp_path, command):
    (tmp_path / "index").write_text("inte ett index")
    result = kb(*command, "--embedding-model", str(tmp_path / "ingen-modell"), store=tmp_path / "index")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "is a file, not a folder: move or delete that file" in result.stderr


def test_network_command_prints_the_network_as_json(tmp_path, e5):
    store, folder = tmp_path / "index", Path(__file__).parent / "fixtures" / "network"
    assert index_folder(Settings(store_path=store), e5, folder).ok  # in this process: one `kb` process is enough
    printed = kb("network", "--format", "json", "--region", "Gävleborg", store=store)
    assert printed.returncode == 0, printed.stderr
    body = json.loads(printed.stdout)
    assert [c["id"] for c in body["companies"]] == ["alfa-gjuteri"] and body["companies"][0]["exposure"] == "high"


def test_the_served_port_sends_without_waiting_for_acks():
    """kb serve hands uvicorn a socket it bound itself, on which uvicorn sets no TCP_NODELAY: without it, every
    answer on a kept-alive connection waited ~40 ms for the client's delayed ACK."""
    from kb.cli import without_delay

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        assert without_delay(listening).getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        with socket.create_connection(listening.getsockname()), listening.accept()[0] as accepted:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)  # inherited by each connection
