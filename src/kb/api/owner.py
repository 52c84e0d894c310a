"""The store owner's channel: a Unix socket in the embedded store's folder, through which the local `kb`
commands reach the `kb serve` that owns the store (it holds the store's lock, so they cannot open it).

The socket is created owner-only (0600): only the user who owns the store can
connect, so a request that comes through it may write (`POST /api/admin/reindex`)
without the token that HTTP needs. It speaks the same HTTP API as the TCP port. (Every `kb` command imports this module: no FastAPI here, and
httpx only once a server is there to talk to.)
A Qdrant server has no single owner, so there is no socket then: every process
uses the server directly.
"""

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.settings import Settings

if TYPE_CHECKING:
    import httpx

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

    def call(self, method: str, url: str, timeout: float | None = 60.0, **kwargs: Any) -> Any:
        """The JSON answer; Unreachable when no server answers, Refused with its message when it says no."""
        import httpx

        with _address(self.path) as address, httpx.Client(
            transport=httpx.HTTPTransport(uds=address), base_url="http://localhost",
            timeout=httpx.Timeout(timeout, connect=CONNECT_SECONDS),
        ) as client:
            try:
                response = client.request(method, url, **kwargs)
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                raise Unreachable(str(exc)) from None
        if response.is_error:
            raise Refused(_detail(response))
        return response.json()


def reach(settings: Settings) -> OwnerClient | None:
    """The server that owns the store, if one may be running (its socket is there)."""
    path = socket_path(settings)
    return OwnerClient(path) if path is not None and path.is_socket() else None


def _detail(response: "httpx.Response") -> str:
    try:
        detail = response.json().get("detail")
    except ValueError:
        return f"the server answered {response.status_code}"
    if isinstance(detail, list):  # a validation error: where and what
        return "; ".join(f"{'.'.join(map(str, e.get('loc', [])))}: {e.get('msg')}" for e in detail)
    return str(detail)
