"""Speed at scale: index and answer a generated corpus, each figure beside its floor.

    .venv/bin/python bench/scale.py --entries 1000 [--queries 40]

The corpus is made from content/ (seeded, reproducible): each generated entry
takes the front matter of a real one, a new id and place, and a body of
sentences drawn from all bodies. Prints one table: full index time and
chunks/s against the embedder's raw throughput; no-op and one-entry reindex;
search latency (median / p95) per mode, in-process and over HTTP, with and
without a filter, against the floor (query encode + numpy brute force over all
dense vectors); match latency; peak RSS; store size on disk.
"""

import argparse
import random
import re
import resource
import statistics
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np
import yaml

from api.app import create_app
from api.background import serve_in_thread
from indexer import build_index
from kb.chunking import chunk_entry
from kb.embedding import load_embedder
from kb.evaluation import load_queries
from kb.geography import MUNICIPALITIES
from kb.loader import load_content
from kb.matching import Matcher, MatchRequest
from kb.retrieval import Mode
from kb.search import KnowledgeBase, SearchQuery
from kb.settings import Settings
from kb.store import DENSE, Store

ROOT = Path(__file__).resolve().parent.parent


def generate(target: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    loaded = load_content(ROOT / "content", 10**8)
    entries = list(loaded.entries.values())
    sentences = [s for e in entries for s in re.split(r"(?<=[.!?])\s+", " ".join(e.body.split())) if len(s) > 40]
    places = [(region, name) for region, names in MUNICIPALITIES.items() for name in names.split()]
    target.mkdir(parents=True)
    for i in range(count):
        model = rng.choice(entries)
        source = (ROOT / "content").joinpath(model.path).read_text(encoding="utf-8")
        front = yaml.safe_load(source.split("---", 2)[1])
        region, municipality = rng.choice(places)
        front.update(regions=[region], municipalities=[municipality], title=f"{front['title']} {i}")
        front.pop("related", None)
        for key in ("organizations", "provider", "organizer", "organization", "programs", "companies"):
            front.pop(key, None)
        sections = []
        for heading in ("Om", "Innehåll", "Så går det till"):
            sections.append(f"## {heading}\n\n" + " ".join(rng.sample(sentences, rng.randint(3, 8))))
        body = f"# {front['title']}\n\n" + "\n\n".join(sections)
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n" + body + "\n"
        (target / f"{model.id}-{i}.md").write_text(text, encoding="utf-8")


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(values):7.1f} / {p95:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=40)
    args = parser.parse_args()
    queries = [q.query for q in load_queries(ROOT / "eval" / "dev-queries.jsonl")][: args.queries]
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "content"
        generate(folder, args.entries)
        settings = Settings(store_path=Path(tmp) / "index", embedding_cache=None)
        embedder = load_embedder(settings).inner  # no cache: every figure is the model's own work

        store = Store(settings)
        seconds, report = timed(build_index, settings, store, embedder, folder)
        chunks = report.chunks_embedded
        # The floor for indexing: the model alone on the same kind of passages (all chunks of 10 entries).
        sample_entries = list(load_content(folder, settings.max_file_bytes).entries.values())[:10]
        sample = [
            c.embed_text
            for e in sample_entries
            for c in chunk_entry(e, embedder.count_tokens, min(settings.chunk_tokens, embedder.max_tokens), 200).chunks
        ]
        raw_seconds, _ = timed(embedder.embed_passages, sample)
        raw_rate = len(sample) / raw_seconds
        rows.append(("full index", f"{seconds:.1f} s, {chunks / seconds:.1f} chunks/s ({chunks} chunks)",
                     f"raw embedder {raw_rate:.1f} passages/s; ratio {chunks / seconds / raw_rate:.2f}"))
        noop, _ = timed(build_index, settings, store, embedder, folder)
        rows.append(("no-op reindex", f"{noop:.2f} s", ""))
        changed = sorted(folder.glob("*.md"))[0]
        changed.write_text(changed.read_text(encoding="utf-8") + "\nEn ny mening om svetsning.\n", encoding="utf-8")
        one, _ = timed(build_index, settings, store, embedder, folder)
        rows.append(("one-entry change reindex", f"{one:.2f} s", ""))

        vectors = []
        offset = None
        while True:
            batch, offset = store.client.scroll(settings.collection, limit=1024, offset=offset, with_vectors=[DENSE])
            vectors.extend(p.vector[DENSE] for p in batch)
            if offset is None:
                break
        matrix = np.asarray(vectors, dtype=np.float32)
        floor = []
        for query in queries:
            started = time.perf_counter()
            q = embedder.embed_queries([query])[0]
            np.argpartition(-(matrix @ q), 10)[:10]
            floor.append((time.perf_counter() - started) * 1000)
        rows.append(("floor: encode + brute force", percentiles(floor), f"{len(matrix)} vectors"))
        store.close()

        kb = KnowledgeBase(settings, embedder=embedder)
        for mode in Mode:
            for label, filters in (("", {}), (" +filter", {"type": ["program"]})):
                times = [timed(kb.search, SearchQuery(q, filters, mode=mode))[0] * 1000 for q in queries]
                rows.append((f"search {mode.value}{label}, in-process", percentiles(times),
                             f"ratio to floor {statistics.median(times) / statistics.median(floor):.1f}"))
        match_times = [timed(Matcher(kb).match, MatchRequest(description=q))[0] * 1000 for q in queries[:15]]
        rows.append(("match (three groups)", percentiles(match_times), ""))

        with serve_in_thread(create_app(kb=kb)) as url, httpx.Client(base_url=url) as client:
            for mode in Mode:
                for label, extra in (("", {}), (" +filter", {"type": "program"})):
                    times = []
                    for q in queries:
                        started = time.perf_counter()
                        client.get("/api/search", params={"q": q, "mode": mode.value, **extra}).raise_for_status()
                        times.append((time.perf_counter() - started) * 1000)
                    rows.append((f"search {mode.value}{label}, HTTP", percentiles(times),
                                 f"ratio to floor {statistics.median(times) / statistics.median(floor):.1f}"))
        kb.close()
        size = sum(p.stat().st_size for p in (Path(tmp) / "index").rglob("*") if p.is_file())
        rows.append(("store on disk", f"{size / 1e6:.1f} MB", ""))
        rows.append(("peak RSS", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", ""))

    print(f"{args.entries} generated entries, {embedder.name}, embedded Qdrant (qdrant-client)")
    for name, value, note in rows:
        print(f"{name:<36} {value:<34} {note}")


if __name__ == "__main__":
    main()
