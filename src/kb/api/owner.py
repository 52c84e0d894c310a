"""The store owner's channel: a Unix socket in the embedded store's folder, through which the local `kb`
commands reach the `kb serve` that owns the store (it holds the store's lock, so they cannot open it).

The socket is created owner-only (0600): only the user who owns the store can
connect, so a request that comes through it may write (`POST /api/admin/reindex`)
without the token that HTTP needs. It speaks the same HTTP API as the TCP port. (Every `kb` command imports
this module, and `kb search` through a server should answer in well under a second: the client is the
standard library's `http.client`, ~20 ms to import where httpx took ~0.2 s; no FastAPI here.)
A Qdrant server has no single owner, so there is no socket then: every process
uses the server directly.
"""

import http.client
import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from kb.settings import Settings

SOCKET_NAME = "serve.sock"
MAX_ADDRESS = 100  # bytes a Unix socket's address may hold (107 on Linux); deeper folders go by /proc/self/fd
CONNECT_SECONDS = 1.0  # a refusal comes in under a second


class Unreachable(Exception):
    """No server answers on the socket (none runs, or one died and left it behind)."""


class Refused(Exception):
    """The server answered with an error; the message is its own sentence."""


def socket_path(settings: Settings) -> Path | None:
    return None if settings.qdrant_url else settings.store_path / SOCKET_NAME


@contextmanager
def _address(path: Path) -> Iterator[str]:
    """An address for `path` that fits a Unix socket, however deep its folder is."""
    full = str(path.absolute())
    if len(full.encode()) <= MAX_ADDRESS:
        yield full
        return
    folder = os.open(path.parent, os.O_PATH)
    try:
        yield f"/proc/self/fd/{folder}/{path.name}"
    finally:
        os.close(folder)


# --- the server's side -----------------------------------------------------


def bind(settings: Settings) -> socket.socket | None:
    """The owner's socket, for the server that holds the store's lock (so any socket there is a dead one's)."""
    path = socket_path(settings)
    if path is None:
        return None
    path.unlink(missing_ok=True)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with _address(path) as address:
        umask = os.umask(0o177)  # created owner-only, with no moment when others could connect
        try:
            sock.bind(address)
        finally:
            os.umask(umask)
    return sock


def unbind(settings: Settings) -> None:
    path = socket_path(settings)
    if path is not None:
        path.unlink(missing_ok=True)


def came_through(scope: dict[str, Any], address: str | None) -> bool:
    """Whether an ASGI request came through the owner's socket at `address`: uvicorn names a Unix socket's
    server by its address alone, with no port, where a TCP listener has (host, port)."""
    return address is not None and scope.get("server") == (address, None)


# --- the local commands' side ----------------------------------------------


class OwnerClient:
    """The running server that owns the store, reached through its socket."""

    def __init__(self, path: Path):
        self.path = path

    def call(
        self, method: str, url: str, timeout: float | None = 60.0, params: Any = None, json_body: Any = None
    ) -> Any:
        """The JSON answer; Unreachable when no server answers, Refused with its message when it says no."""
        target = f"{url}?{urlencode(params)}" if params else url
        body = json.dumps(json_body).encode() if json_body is not None else None
        headers = {"Content-Type": "application/json"} if body is not None else {}
        with _address(self.path) as address:
            connection = _UnixConnection(address, timeout)
            try:
                try:
                    connection.connect()
                except OSError as exc:  # no one listens: refused, gone, or not answering within a second
                    raise Unreachable(str(exc)) from None
                connection.request(method, target, body=body, headers=headers)
                response = connection.getresponse()
                status, data = response.status, response.read()
            finally:
                connection.close()
        if status >= 400:
            raise Refused(_detail(status, data))
        return json.loads(data)


class _UnixConnection(http.client.HTTPConnection):
    """HTTP over the owner's Unix socket: connected within CONNECT_SECONDS, then waiting `timeout` for the answer."""

    def __init__(self, address: str, timeout: float | None):
        super().__init__("localhost", timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(CONNECT_SECONDS)
        self.sock.connect(self.address)
        self.sock.settimeout(self.timeout)


def reach(settings: Settings) -> OwnerClient | None:
    """The server that owns the store, if one may be running (its socket is there)."""
    path = socket_path(settings)
    return OwnerClient(path) if path is not None and path.is_socket() else None


def _detail(status: int, data: bytes) -> str:
    try:
        detail = json.loads(data).get("detail")
    except (ValueError, AttributeError):
        return f"the server answered {status}"
    if isinstance(detail, list):  # a validation error: where and what
        return describe_errors(detail)
    return str(detail)


def describe_errors(errors: list) -> str:
    """Pydantic's validation errors (a server's 422 `detail`, or a local model's) as one line: where and what."""
    return "; ".join(f"{'.'.join(map(str, e.get('loc', [])))}: {e.get('msg')}" for e in errors)
