"""Which HTTP server answers our searches fastest: uvicorn (h11 + asyncio, or httptools + uvloop) or granian.

    .venv/bin/python bench/http_servers.py [CONTENT_DIR] [--rounds 2] [--clients 8] [--seconds 15]

The content folder is indexed once into a temporary store; then each server in turn serves the real app
(`kb.api.app:create_app`) on it, in a process of its own, and is measured twice: one client in another
process sending the dev queries one after another (hybrid, the query cache off, so each is encoded; p50 /
p99, against `took_ms`, the search's own time as the server measured it), and `--clients` threads sending
searches and matches back to back (bench/load.py's mix) for `--seconds`: requests/s, p50, p99, errors.
granian is not a dependency of kb (`kb serve` runs uvicorn, which also serves the owner's Unix socket):
`.venv/bin/pip install granian` to measure it too; without it its row is left out.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
from load import Load
from timing import KB, HttpClient, quantile, served

from kb.evaluation.metrics import load_queries

ROOT = Path(__file__).resolve().parent.parent
APP = "kb.api.app:create_app"
SERVERS = {
    "uvicorn, h11 + asyncio": [sys.executable, "-m", "uvicorn", "--factory", APP, "--http", "h11", "--loop", "asyncio"],
    "uvicorn, httptools + uvloop": [sys.executable, "-m", "uvicorn", "--factory", APP, "--http", "httptools",
                                    "--loop", "uvloop"],
    "granian (ASGI), 1 worker": [str(Path(sys.executable).parent / "granian"), "--interface", "asgi", "--factory",
                                 "--workers", "1", APP],
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("content", nargs="?", default=str(ROOT / "content"))
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=15.0)
    args = parser.parse_args()
    queries = [q.query for q in load_queries(ROOT / "eval" / "dev-queries.jsonl")]
    print(f"{'server':<30} {'one client: p50 / p99 ms':>25} {'took_ms p50':>12} {'HTTP beyond it':>15}"
          f" | {args.clients} clients: {'req/s':>6} {'p50':>6} {'p99':>6} errors")
    with tempfile.TemporaryDirectory() as tmp:
        env = {"KB_STORE_PATH": str(Path(tmp) / "index"), "KB_CONTENT_DIR": args.content, "KB_QUERY_CACHE": "0",
               "KB_EMBEDDING_CACHE": str(Path(tmp) / "cache.sqlite"), "KB_MODEL_CACHE": str(Path(tmp) / "model")}
        subprocess.run([KB, "index", args.content], env={**os.environ, **env}, capture_output=True, check=True)
        for name, command in SERVERS.items():
            if not Path(command[0]).exists():
                continue
            with served(command, "/api/health", env) as (url, _):
                for q in queries[:5]:  # warm: the first requests of a process are slower
                    httpx.get(url + "/api/search", params={"q": q})
                client = HttpClient(url)
                times = [client.ms("GET", "/api/search", {"q": q}) for _ in range(args.rounds) for q in queries]
                client.close()
                took = [httpx.get(url + "/api/search", params={"q": q}).json()["took_ms"] for q in queries]
                load = Load(url, args.clients, args.seconds, seed=1)
                seconds = load.run()
            p50, work = statistics.median(times), statistics.median(took)
            lat = load.latencies
            print(f"{name:<30} {p50:>12.1f} / {quantile(times, 0.99):>6.1f}   {work:>12.1f} {p50 - work:>15.1f}"
                  f" | {'':>{len(str(args.clients)) + 9}}{len(lat) / seconds:>6.1f} {statistics.median(lat):>6.1f}"
                  f" {quantile(lat, 0.99):>6.1f} {len(load.errors)}")


if __name__ == "__main__":
    main()
