"""Hostile requests: NaN and infinities, lone surrogates, a 100 MB body, 9.4 million targets. Never a 500.

The huge bodies are streamed from a generator (a 64 KB piece sent again and again), so no test holds
them in memory; the server must refuse them having read at most its limit and one piece.
"""

import asyncio
import json
import socket
import threading
from collections.abc import Iterator

import pytest

from kb.api.app import create_app
from kb.api.errors import SHOWN_INPUT_CHARS
from tests.support import serve_in_thread

LIMIT = 64 * 1024
PIECE = 64 * 1024
HUNDRED_MB = 100 * 1024 * 1024
STRING_FIELDS = ("description", "region", "municipality", "company")
ALL_FIELDS = (*STRING_FIELDS, "targets", "limit", "include_closed")


def body_with(field: str, raw: str) -> str:
    """A match request whose `field` holds `raw` (JSON text as written, valid or not)."""
    base = {"description": "Litet gjuteri i Sandviken som vill börja med robotar"}
    value = f"[{raw}]" if field == "targets" else raw
    parts = [f'"{k}": {json.dumps(v)}' for k, v in base.items() if k != field]
    return "{" + ", ".join([*parts, f'"{field}": {value}']) + "}"


def post_raw(client, text: str | bytes):
    return client.post("/api/match", content=text, headers={"content-type": "application/json"})


@pytest.mark.parametrize("field", ALL_FIELDS)
@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "9" * 5000])
def test_numbers_json_does_not_have_are_422_in_every_field(client, field, number):
    response = post_raw(client, body_with(field, number))
    assert response.status_code == 422, response.text
    [error] = response.json()["detail"]
    assert error["type"] == "json_invalid" and len(response.content) < 500


@pytest.mark.parametrize("field", [*STRING_FIELDS, "targets"])
@pytest.mark.parametrize("surrogate", ["\\ud800", "\\udfff", "x\\udbffy"])
def test_a_lone_surrogate_in_any_string_is_422(client, field, surrogate):
    response = post_raw(client, body_with(field, f'"{surrogate}"'))
    assert response.status_code == 422, response.text
    assert "lone surrogate" in response.json()["detail"][0]["ctx"]["error"]


def test_a_surrogate_pair_is_text_and_other_broken_bodies_are_422(client):
    pair = post_raw(client, body_with("description", '"Gjuteri \\ud83e\\udd16 robotar"'))  # 🤖, written as a pair
    assert pair.status_code == 200
    for text in [b'{"description": "G\xe4vle"}', '{"\\ud800": 1, "description": "x"}', "[" * 30000 + "]" * 30000,
                 '{"description": "x",}', ""]:
        response = post_raw(client, text)
        assert response.status_code == 422, (text[:40], response.text)


def test_errors_repeat_only_a_short_prefix_of_what_was_sent(client):
    long_text = post_raw(client, json.dumps({"description": "x" * 60_000}))
    assert long_text.status_code == 422 and len(long_text.content) < 1000
    assert long_text.json()["detail"][0]["input"] == "x" * SHOWN_INPUT_CHARS + "…"
    many = post_raw(client, json.dumps({"description": "robotar", "targets": ["course"] * 5000}))  # 50 KB of targets
    assert many.status_code == 422 and len(many.content) < 1000
    assert "at most 8 items" in many.json()["detail"][0]["msg"]
    query = client.get("/api/search", params={"q": "svets", "limit": "9" * 20_000})
    assert query.status_code == 422 and len(query.content) < 1000


def test_lists_are_capped(client):
    assert post_raw(client, json.dumps({"description": "robotar", "targets": ["course"] * 9})).status_code == 422
    assert post_raw(client, json.dumps({"description": "robotar", "targets": ["course"] * 8})).status_code == 200
    many_types = [("q", "svets")] + [("region", f"r{i}") for i in range(21)]
    assert client.get("/api/search", params=many_types).status_code == 422
    assert client.get("/api/stories", params=[("topic", f"t{i}") for i in range(21)]).status_code == 422


# ---------------------------------------------------------------- bodies too large, read in the app's own process


def _call_app(app, headers: list[tuple[bytes, bytes]], pieces: Iterator[bytes]) -> tuple[int, dict, bytes, int]:
    """One POST /api/match straight into the ASGI app; returns status, headers, body and the bytes it read."""
    read = 0
    answer: dict = {"body": b""}

    async def receive() -> dict:
        nonlocal read
        piece = next(pieces, None)
        if piece is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        read += len(piece)
        return {"type": "http.request", "body": piece, "more_body": True}

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start":
            answer.update(status=message["status"], headers={k.decode(): v.decode() for k, v in message["headers"]})
        elif message["type"] == "http.response.body":
            answer["body"] += message.get("body", b"")

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": "/api/match", "raw_path": b"/api/match", "query_string": b"", "root_path": "",
        "headers": [(b"host", b"localhost"), (b"content-type", b"application/json"), *headers],
        "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 8000), "state": {},
    }
    asyncio.run(app(scope, receive, send))
    return answer["status"], answer["headers"], answer["body"], read


def _targets_body() -> Iterator[bytes]:
    """9.4 million targets (about 94 MB), made piece by piece as they are sent."""
    yield b'{"description": "robotar", "targets": ["course"'
    piece = b', "course"' * (PIECE // 10)
    for _ in range(9_400_000 // (PIECE // 10)):
        yield piece
    yield b"]}"


@pytest.mark.parametrize(
    ("name", "pieces"),
    [("100 MB of one string", lambda: iter([b'{"description": "'] + [b"x" * PIECE] * (HUNDRED_MB // PIECE))),
     ("9.4 million targets", _targets_body)],
)
def test_a_streamed_body_past_the_limit_is_refused_having_read_little(content_kb, name, pieces):
    status, headers, body, read = _call_app(create_app(kb=content_kb), [], pieces())  # chunked: no length given
    assert status == 413, (name, body[:200])
    assert json.loads(body) == {"detail": f"the request body is larger than {LIMIT} bytes"}
    assert read <= LIMIT + PIECE, read  # the rest was never read
    assert headers["connection"] == "close" and headers["x-content-type-options"] == "nosniff"


def test_a_declared_100_mb_body_is_refused_before_reading_any(content_kb):
    status, _, body, read = _call_app(
        create_app(kb=content_kb), [(b"content-length", str(HUNDRED_MB).encode())], iter([b"x" * PIECE] * 1600)
    )
    assert (status, read) == (413, 0) and b"larger than 65536 bytes" in body


# ---------------------------------------------------------------- the same over real HTTP (uvicorn)


@pytest.fixture(scope="module")
def server(content_kb) -> Iterator[tuple[str, int]]:
    with serve_in_thread(create_app(kb=content_kb)) as url:
        host, port = url.removeprefix("http://").split(":")
        yield host, int(port)


def _response(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data or len(data) < data.find(b"\r\n\r\n") + 60:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def test_over_http_a_declared_100_mb_body_gets_413_without_sending_it(server):
    with socket.create_connection(server, timeout=10) as sock:
        sock.sendall(
            b"POST /api/match HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {HUNDRED_MB}\r\n\r\n".encode()
        )
        answer = _response(sock)
    assert answer.startswith(b"HTTP/1.1 413 ") and b"larger than 65536 bytes" in answer


def test_over_http_a_chunked_100_mb_body_is_cut_off_at_the_limit(server):
    sent = 0
    done = threading.Event()
    with socket.create_connection(server, timeout=10) as sock:
        sock.sendall(
            b"POST /api/match HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        chunk = f"{PIECE:x}\r\n".encode() + b"x" * PIECE + b"\r\n"

        def stream() -> None:
            nonlocal sent
            try:
                while sent < HUNDRED_MB and not done.is_set():
                    sock.sendall(chunk)
                    sent += PIECE
            except OSError:  # the server answered and closed the connection: stop sending
                pass

        writer = threading.Thread(target=stream, daemon=True)
        writer.start()
        answer = _response(sock)
        done.set()
        writer.join(timeout=10)
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]
    assert b"connection: close" in answer.lower()
    assert sent < HUNDRED_MB // 4, sent  # refused long before the end (what was sent sat in socket buffers)


def test_the_admin_body_is_strict_json_too(client):
    """Every route with a JSON body reads it strictly: a body nested too deep is 422, not an undocumented 400."""
    response = client.post("/api/admin/reindex", content="[" * 30000 + "]" * 30000,
                           headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json()["detail"][0]["type"] == "json_invalid"
