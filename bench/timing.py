"""What the benchmarks share: timing, nearest-rank quantiles, a server and an HTTP client in processes of their own."""

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

KB = str(Path(sys.executable).parent / "kb")


def timed(function: Callable[..., Any], *args: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def ms(function: Callable[..., Any], *args: Any) -> float:
    return timed(function, *args)[0] * 1000


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# The client runs in a process of its own: in the server's process it shares the GIL and doubled the figures.
_CLIENT = """
import json, sys, time, httpx
client = httpx.Client(base_url=sys.argv[1], timeout=60)
for line in sys.stdin:
    request = json.loads(line)
    started = time.perf_counter()
    client.request(request["method"], request["path"], params=request["params"], json=request["json"]).raise_for_status()
    print((time.perf_counter() - started) * 1000, flush=True)
"""


class HttpClient:
    def __init__(self, url: str):
        self.process = subprocess.Popen(
            [sys.executable, "-c", _CLIENT, url], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def ms(self, method: str, path: str, params: dict | None = None, json_body: dict | None = None) -> float:
        """One request's round trip, as the client process timed it."""
        self.process.stdin.write(json.dumps({"method": method, "path": path, "params": params, "json": json_body}) + "\n")
        self.process.stdin.flush()
        return float(self.process.stdout.readline())

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


@contextmanager
def server(command: list[str], ready_path: str = "/", env: dict[str, str] | None = None) -> Iterator[str]:
    """`command --port N` in a process of its own, as a user runs it; yields its URL once it answers `ready_path`."""
    with served(command, ready_path, env) as (url, _):
        yield url


def settled(url: str, timeout: float = 600) -> float:
    """Wait until `kb serve` has applied its content folder once (its start-up run, in the background: at 25k
    entries it reads every file again for ~50 s, and searches meanwhile share the CPU with it); the seconds waited."""
    started = time.monotonic()
    while httpx.get(url + "/api/health", timeout=30).json().get("updated") is None:
        if time.monotonic() - started > timeout:
            raise RuntimeError(f"{url} did not finish its start-up run in {timeout:.0f} s")
        time.sleep(0.5)
    return time.monotonic() - started


@contextmanager
def served(
    command: list[str], ready_path: str = "/", env: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen]]:
    """As `server`, and the process too (for its memory)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [*command, "--port", str(port)], env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(url + ready_path, timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{' '.join(command)} did not start") from None
                time.sleep(0.1)
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def rss_mb(pid: int) -> float:
    """A process's resident memory now, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def kb_serve(
    store_path: Path, content_dir: Path, model_cache: Path | None = None, embedding_cache: Path | None = None
) -> list[str]:
    """`kb serve` on an embedded store indexed from `content_dir` (the server applies that folder when it starts, so
    it must be the one indexed), with no query cache: every query is encoded as if seen for the first time. No
    embedding cache unless given (the network's needs and offers are kept there, as `kb index` wrote them)."""
    cache = ["--model-cache", str(model_cache)] if model_cache else []
    return [KB, "serve", "--store-path", str(store_path), "--content-dir", str(content_dir), "--query-cache", "0",
            "--embedding-cache", str(embedding_cache or ""), *cache]
