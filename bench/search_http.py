"""Index time for a content folder and search latency over HTTP (uvicorn on 127.0.0.1).

    .venv/bin/python bench/search_http.py [CONTENT_DIR] [--rounds N]

Prints: full index time, no-op reindex time, and median / p95 of GET /api/search
for the development queries in tests/test_search_quality.py, measured from a
client in another thread over real TCP.
"""

import argparse
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from api.app import create_app  # noqa: E402
from indexer import build_index  # noqa: E402
from kb.embedding import load_embedder  # noqa: E402
from kb.settings import Settings  # noqa: E402
from kb.store import Store  # noqa: E402
from test_search_quality import QUERIES  # noqa: E402


def timed_index(settings: Settings, embedder, folder: Path) -> tuple[float, int]:
    store = Store(settings)
    try:
        report = build_index(settings, store, embedder, folder)
        return report.seconds, report.chunks_embedded
    finally:
        store.close()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("content", nargs="?", default=str(ROOT / "content"))
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(store_path=Path(tmp) / "index")
        embedder = load_embedder(settings)
        full, chunks = timed_index(settings, embedder, Path(args.content))
        noop, _ = timed_index(settings, embedder, Path(args.content))

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        latencies = []
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            client.get("/api/search", params={"q": "uppvärmning"})
            for _ in range(args.rounds):
                for query, _expected in QUERIES:
                    started = time.perf_counter()
                    client.get("/api/search", params={"q": query}).raise_for_status()
                    latencies.append((time.perf_counter() - started) * 1000)
        server.should_exit = True
        thread.join()

    print(f"model                  {embedder.name}")
    print(f"full index             {full:.1f} s  ({chunks} chunks, {chunks / full:.1f} chunks/s)")
    print(f"no-op reindex          {noop:.2f} s")
    print(f"HTTP search, {len(latencies)} requests  median {statistics.median(latencies):.1f} ms  "
          f"p95 {percentile(latencies, 95):.1f} ms")


if __name__ == "__main__":
    main()
