"""What the benchmarks share: timing, nearest-rank quantiles, and an HTTP client in a process of its own."""

import json
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any


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
