"""Index time for a content folder and search latency over HTTP (uvicorn on 127.0.0.1).

    .venv/bin/python bench/search_http.py [CONTENT_DIR] [--rounds N]

Prints: full index time, no-op reindex time, and per search mode the median /
p95 latency of the dev queries (eval/dev-queries.jsonl) in-process and over
HTTP (GET /api/search over real TCP to `kb serve`, from a client in a process of its own).
"""

import argparse
import statistics
import tempfile
from pathlib import Path

from timing import HttpClient, kb_serve, ms, quantile, server

from kb.embedding.factory import load_embedder
from kb.evaluation.metrics import load_queries
from kb.indexing.build import index_folder
from kb.search.mode import Mode
from kb.search.query import SearchQuery
from kb.search.service import KnowledgeBase
from kb.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [q.query for q in load_queries(ROOT / "eval" / "dev-queries.jsonl")]


def timed_index(settings: Settings, embedder, folder: Path) -> tuple[float, int]:
    report = index_folder(settings, embedder, folder)
    return report.seconds, report.chunks_embedded


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

        # Latency of a query seen for the first time: the model itself, not the query cache in front of it.
        kb = KnowledgeBase(settings, embedder=getattr(embedder, "inner", embedder))
        in_process = {mode: [ms(kb.search, SearchQuery(q, mode=mode)) for _ in range(args.rounds) for q in QUERIES]
                      for mode in Mode}  # fmt: skip
        kb.close()  # the embedded store has one owner: now the server's
        with server(kb_serve(settings.store_path, Path(args.content)), "/api/health") as url:
            client = HttpClient(url)
            over_http = {
                mode: [client.ms("GET", "/api/search", {"q": q, "mode": mode.value})
                       for _ in range(args.rounds) for q in QUERIES]  # fmt: skip
                for mode in Mode
            }
            client.close()

    print(f"model                  {embedder.name}")
    print(f"full index             {full:.1f} s  ({chunks} chunks, {chunks / full:.1f} chunks/s)")
    print(f"no-op reindex          {noop:.2f} s")
    for mode in Mode:
        for where, values in (("in-process", in_process[mode]), ("HTTP", over_http[mode])):
            print(f"{mode.value:<9} {where:<10} {len(values)} queries  median {statistics.median(values):6.1f} ms"
                  f"  p95 {quantile(values, 0.95):6.1f} ms")


if __name__ == "__main__":
    main()
