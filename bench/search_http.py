"""Index time for a content folder and search latency over HTTP (uvicorn on 127.0.0.1).

    .venv/bin/python bench/search_http.py [CONTENT_DIR] [--rounds N]

Prints: full index time, no-op reindex time, and per search mode the median /
p95 latency of the dev queries (eval/dev-queries.jsonl) in-process and over
HTTP (GET /api/search from a client thread over real TCP).
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent

from api.app import create_app
from api.background import serve_in_thread  # noqa: E402
from indexer import index_folder  # noqa: E402
from kb.embedding import load_embedder  # noqa: E402
from kb.evaluation import load_queries  # noqa: E402
from kb.retrieval import Mode  # noqa: E402
from kb.search import KnowledgeBase, SearchQuery  # noqa: E402
from kb.settings import Settings  # noqa: E402

QUERIES = [q.query for q in load_queries(ROOT / "eval" / "dev-queries.jsonl")]


def timed_index(settings: Settings, embedder, folder: Path) -> tuple[float, int]:
    report = index_folder(settings, embedder, folder)
    return report.seconds, report.chunks_embedded


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("content", nargs="?", default=str(ROOT / "content"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(store_path=Path(tmp) / "index", embedding_cache=Path(tmp) / "cache.sqlite")
        embedder = load_embedder(settings)
        full, chunks = timed_index(settings, embedder, Path(args.content))
        noop, _ = timed_index(settings, embedder, Path(args.content))

        in_process: dict[Mode, list[float]] = {}
        # Latency of a query seen for the first time: the model itself, not the query cache in front of it.
        kb = KnowledgeBase(settings, embedder=getattr(embedder, "inner", embedder))
        for mode in Mode:
            in_process[mode] = []
            for _ in range(args.rounds):
                for query in QUERIES:
                    started = time.perf_counter()
                    kb.search(SearchQuery(query, mode=mode))
                    in_process[mode].append((time.perf_counter() - started) * 1000)

        over_http: dict[Mode, list[float]] = {}
        with serve_in_thread(create_app(kb=kb)) as url, httpx.Client(base_url=url) as client:
            for mode in Mode:
                over_http[mode] = []
                for _ in range(args.rounds):
                    for query in QUERIES:
                        started = time.perf_counter()
                        client.get("/api/search", params={"q": query, "mode": mode.value}).raise_for_status()
                        over_http[mode].append((time.perf_counter() - started) * 1000)
        kb.close()

    print(f"model                  {embedder.name}")
    print(f"full index             {full:.1f} s  ({chunks} chunks, {chunks / full:.1f} chunks/s)")
    print(f"no-op reindex          {noop:.2f} s")
    for mode in Mode:
        for where, values in (("in-process", in_process[mode]), ("HTTP", over_http[mode])):
            print(f"{mode.value:<9} {where:<10} {len(values)} queries  median {statistics.median(values):6.1f} ms"
                  f"  p95 {percentile(values, 95):6.1f} ms")


if __name__ == "__main__":
    main()
