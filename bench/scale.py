"""Speed at scale: index and answer a generated corpus, each figure beside its floor or target.

    .venv/bin/python bench/scale.py --entries 1000       # ~4 min; 2300 entries are ~10k chunks
    .venv/bin/python bench/scale.py --entries 25000      # ~100k chunks: ~45-90 min of both cores, unattended

The corpus is made from content/ (seeded, reproducible): each generated entry
takes the front matter of a real one, a new id and place, and a body of
sentences drawn from all bodies. It, the index and the caches live in a
temporary folder, removed at the end (or in `--keep DIR`, kept, and measured
again without indexing by a later run with the same folder). Rows are printed as they are measured
(a long run cut short keeps what it printed): full index time and chunks/s
against the model's throughput inside the same run; no-op and one-entry
reindex; search latency (p50 / p95 / p99) per mode, in-process and over HTTP,
with and without a filter, against the floor (query encode + numpy brute
force over the same dense vectors, or over the filtered ones) and, for
hybrid, the work beyond the encode; match latency; the server's and the
bench's peak memory; the store on disk. Last, the same corpus's first
`--local-entries` entries in qdrant-client's local mode, for comparison (it
scores sparse vectors in Python, so it is measured where it can still answer).

Queries are the dev queries (eval/dev-queries.jsonl) and the match cases'
descriptions (eval/match-cases.jsonl); the search side runs the bare model, no
query cache, so every query is encoded as if seen for the first time.
"""

import argparse
import gc
import json
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml
from fastapi import FastAPI
from timing import HttpClient, kb_serve, ms, quantile, rss_mb, served, server, settled, timed

from kb.content.loader import load_content
from kb.embedding.base import Embedder
from kb.embedding.cache import CachedEmbedder
from kb.embedding.factory import load_embedder
from kb.evaluation.metrics import load_queries
from kb.indexing.build import build_index, chunk_as_indexed, index_folder
from kb.matching.matcher import Matcher
from kb.matching.models import MatchRequest
from kb.search.mode import Mode
from kb.search.query import SearchQuery
from kb.search.service import KnowledgeBase
from kb.settings import Settings
from kb.text.places import PROGRAM_REGIONS, gazetteer

ROOT = Path(__file__).resolve().parent.parent


def generate(target: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    loaded = load_content(ROOT / "content", 10**8)
    entries = list(loaded.entries.values())
    sentences = [s for e in entries for s in re.split(r"(?<=[.!?])\s+", " ".join(e.body.split())) if len(s) > 40]
    places = [(region, name) for region in PROGRAM_REGIONS for name in gazetteer().municipalities_in(region)]
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


def latency(values: list[float]) -> str:
    return f"{statistics.median(values):6.1f} / {quantile(values, 0.95):6.1f} / {quantile(values, 0.99):6.1f} ms"


def against(values: list[float], floor: list[float]) -> str:
    p50 = statistics.median(values)
    return f"p50 {p50 / statistics.median(floor):.2f} x floor; p99 {quantile(values, 0.99) / p50:.2f} x p50"


class TimedModel:
    """The model with the time spent inside it counted, so the indexer's own share is measured in the same
    run: this machine's speed swings by 1.5x over minutes, which makes a separate raw run a poor floor."""

    def __init__(self, model: Embedder):
        self.model, self.seconds, self.passages = model, 0.0, 0

    def __getattr__(self, name: str):
        return getattr(self.model, name)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        started = time.perf_counter()
        vectors = self.model.embed_passages(texts)
        self.seconds += time.perf_counter() - started
        self.passages += len(texts)
        return vectors


def busy_app() -> FastAPI:
    """A bare route that keeps the CPU busy for `ms` and answers {}: what HTTP itself costs here, beside a search."""
    app = FastAPI()

    @app.get("/busy")
    def busy(ms: float) -> dict:
        until = time.perf_counter() + ms / 1000
        while time.perf_counter() < until:
            pass
        return {}

    return app


def chunk_texts(folder: Path, settings: Settings, embedder: Embedder) -> dict[str, list[str]]:
    """Every entry's passages, as the indexer embeds them: the floor scans the same vectors."""
    entries = load_content(folder, settings.max_file_bytes).entries.values()
    return {e.id: [c.embed_text for c in chunk_as_indexed(e, settings, embedder).chunks] for e in entries}


def show(name: str, value: str, note: str = "") -> None:
    print(f"{name:<40} {value:<36} {note}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2, help="passes over the queries per figure")
    parser.add_argument("--local-entries", type=int, default=300, help="entries for qdrant-client's local mode (0: skip)")
    parser.add_argument("--keep", type=Path, help="a folder for the corpus, index and caches, kept: a later run with "
                        "the same folder measures that index again without building it")
    args = parser.parse_args()
    queries = [q.query for q in load_queries(ROOT / "eval" / "dev-queries.jsonl")]
    cases = [json.loads(line) for line in (ROOT / "eval" / "match-cases.jsonl").read_text().splitlines() if line.strip()]
    needs = [MatchRequest(description=c["description"], region=c["region"], municipality=c["municipality"])
             for c in cases if c["description"]]
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        folder, indexed = root / "content", (root / "index").exists()
        if not folder.exists():
            generate(folder, args.entries)
        settings = Settings(store_path=root / "index", embedding_cache=root / "cache.sqlite",
                            model_cache=root / "model-cache")
        model = load_embedder(settings.model_copy(update={"embedding_cache": None})).inner
        print(f"{args.entries} generated entries, {model.name} ({type(model).__name__}), Qdrant Edge embedded", flush=True)
        print(f"{'':<40} {'p50 / p95 / p99 or value':<36} floor or target, ratio", flush=True)
        timed_model = TimedModel(model)
        embedder = CachedEmbedder(timed_model, settings.embedding_cache)  # as `kb index` runs it, starting empty

        texts = chunk_texts(folder, settings, model)
        entries = load_content(folder, settings.max_file_bytes).entries
        sample = random.Random(1).sample([t for e in entries for t in texts[e]], 64)
        raw_seconds, _ = timed(model.embed_passages, sample)
        raw_rate = len(sample) / raw_seconds

        if indexed:
            show("full index", "not measured", f"the index in {root} was built by an earlier run")
        else:
            seconds, report = timed(index_folder, settings, embedder, folder)
            chunks = report.chunks_embedded
            inside = timed_model.passages / timed_model.seconds
            show("full index", f"{seconds:.1f} s, {chunks / seconds:.1f} chunks/s ({chunks} chunks)",
                 f"the model inside the run {inside:.1f} passages/s: ratio {chunks / seconds / inside:.2f} "
                 f"(target >= 0.8); alone on 64 of the passages before it {raw_rate:.1f}/s")
            if timed_model.passages < chunks:  # a cut-short earlier run left vectors in a kept folder's cache
                embedded = timed_model.passages
                show("  of which the model embedded", f"{embedded} chunks in {timed_model.seconds:.1f} s",
                     f"the other {chunks - embedded} came from the embedding cache; without it the index would "
                     f"take ~{seconds + (chunks - embedded) / inside:.0f} s")
        noop, _ = timed(index_folder, settings, embedder, folder)
        show("no-op reindex", f"{noop:.2f} s", f"{len(entries)} entries (target < 3 s at 1k entries)")

        # The floor: the bare model encodes the query, numpy scans every vector (or the filtered ones).
        # It is timed beside every search (the same query just before), so both see the machine alike.
        ids = [e for e in entries for _ in texts[e]]
        matrix = embedder.embed_passages([t for e in entries for t in texts[e]])  # from the cache, as indexed
        programs = np.asarray([entries[e].type.value == "program" for e in ids])
        scanned = {"": matrix, " +filter": matrix[programs]}
        encodes: list[float] = []

        def floor(query: str, label: str) -> float:
            started = time.perf_counter()
            vector = model.embed_queries([query])[0]
            encoded = time.perf_counter()
            np.argpartition(-(scanned[label] @ vector), 10)[:10]
            encodes.append((encoded - started) * 1000)
            return (time.perf_counter() - started) * 1000

        def paired(name: str, label: str, search_ms) -> list[float]:
            """A search's times and the floor's, one pair per query and round."""
            pairs = [(floor(q, label), search_ms(q)) for _ in range(args.rounds) for q in queries]
            floors[label].extend(f for f, _ in pairs)
            times = [t for _, t in pairs]
            show(name, latency(times), against(times, [f for f, _ in pairs]))
            return times

        changed = sorted(folder.glob("*.md"))[0]
        changed.write_text(changed.read_text(encoding="utf-8") + "\nEn ny mening om svetsning.\n", encoding="utf-8")
        one, _ = timed(index_folder, settings, embedder, folder)
        show("one-entry change reindex", f"{one:.2f} s")
        embedder.close()

        kb = KnowledgeBase(settings, embedder=model)
        gc.freeze()  # as the app does at start-up: long-lived objects out of the collector's full passes
        filters = {"": {}, " +filter": {"type": ["program"]}}
        floors: dict[str, list[float]] = {"": [], " +filter": []}
        hybrid: list[float] = []
        for mode in Mode:
            for label, narrowed in filters.items():
                encodes.clear()
                times = paired(f"search {mode.value}{label}, in-process", label,
                               lambda q: ms(kb.search, SearchQuery(q, narrowed, mode=mode)))
                if mode is not Mode.keyword:
                    beyond = statistics.median(times) - statistics.median(encodes)
                    show(f"  beyond the query encode ({statistics.median(encodes):.1f} ms)", f"{beyond:6.1f} ms",
                         "p50 less the encode's p50" + (" (target <= 1.5 ms)" if mode is Mode.hybrid else ""))
                if not hybrid:
                    hybrid = times
        match_times = [ms(Matcher(kb).match, need) for need in needs]
        show("match (three groups), in-process", latency(match_times))
        kb.close()  # the embedded store has one owner: now the server's
        with served(kb_serve(settings.store_path, folder, settings.model_cache), "/api/health") as (url, process):
            show("kb serve's start-up run", f"{settled(url):.1f} s", "the folder applied once, in the background; "
                 "the searches below start after it")
            client = HttpClient(url)
            for mode in Mode:
                for label, narrowed in filters.items():
                    extra = {key: values[0] for key, values in narrowed.items()}
                    paired(f"search {mode.value}{label}, HTTP", label,
                           lambda q: client.ms("GET", "/api/search", {"q": q, "mode": mode.value, **extra}))
            http_match = [client.ms("POST", "/api/match", json_body=need.model_dump(mode="json")) for need in needs]
            show("match (three groups), HTTP", latency(http_match), "target p50 < 60 ms")
            client.close()
            show("kb serve's memory after the searches", f"{rss_mb(process.pid):.0f} MB", "resident")
        # The same client against a route that only works as long as an in-process hybrid search takes.
        work = statistics.median(hybrid)
        busy = [sys.executable, "-m", "uvicorn", "--app-dir", str(ROOT / "bench"), "--factory", "scale:busy_app",
                "--log-level", "warning"]
        with server(busy, "/busy?ms=0") as url:
            client = HttpClient(url)
            tax = [client.ms("GET", "/busy", {"ms": work}) - work for _ in range(args.rounds) for _ in queries]
            client.close()
        show("HTTP alone: a bare route busy as long", latency(tax), f"beyond its {work:.1f} ms of work (the in-process hybrid p50)")
        for label, floor_times in floors.items():
            show(f"floor: encode + brute force{label}", latency(floor_times), f"{len(scanned[label])} vectors")
        size = sum(p.stat().st_blocks * 512 for p in (root / "index").rglob("*") if p.is_file())  # files are sparse
        show("store on disk", f"{size / 1e6:.1f} MB")
        show("peak RSS of this bench", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB",
             "the corpus, its vectors twice (for the floor), the model, the store")
        if args.local_entries:
            local_mode(Path(tmp), args.local_entries, settings, model, queries, needs)


def local_mode(tmp: Path, count: int, settings: Settings, model: Embedder, queries: list[str], needs: list) -> None:
    """The corpus's first `count` entries (the same seed makes the same entries) in qdrant-client's local mode,
    embedded from the cache the main run filled, so only the store is measured; ten queries per mode."""
    from qdrant_client import QdrantClient

    from kb.store.client import ClientStore

    folder = tmp / "local-content"
    generate(folder, count)
    store = ClientStore(QdrantClient(path=str(tmp / "local")), "kb", payload_indexes=False)
    cached = CachedEmbedder(model, settings.embedding_cache)
    seconds, report = timed(build_index, settings, store, cached, folder)
    cached.close()
    print(f"qdrant-client local mode, the first {count} entries ({report.chunks_total} chunks):", flush=True)
    show("  index (vectors from the cache)", f"{seconds:.1f} s")
    kb = KnowledgeBase(settings, embedder=model, store=store)
    for mode in Mode:
        show(f"  search {mode.value}, in-process", latency([ms(kb.search, SearchQuery(q, mode=mode)) for q in queries[:10]]))
    show("  match (three groups), in-process", latency([ms(Matcher(kb).match, need) for need in needs[:10]]))
    kb.close()


if __name__ == "__main__":
    main()
