"""Speed at scale: index and answer a generated corpus, each figure beside its floor.

    .venv/bin/python bench/scale.py --entries 1000

The corpus is made from content/ (seeded, reproducible): each generated entry
takes the front matter of a real one, a new id and place, and a body of
sentences drawn from all bodies. Prints one table: full index time and
chunks/s against the embedder's raw throughput on passages of the same corpus;
no-op and one-entry reindex; search latency (p50 / p95 / p99) per mode,
in-process and over HTTP, with and without a filter, against the floor (query
encode + numpy brute force over the same dense vectors, or over the filtered
ones); match latency; peak RSS; store size on disk.

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
from timing import HttpClient, kb_serve, ms, quantile, server, timed

from kb.content.loader import load_content
from kb.embedding.base import Embedder
from kb.embedding.cache import CachedEmbedder
from kb.embedding.factory import load_embedder
from kb.evaluation.metrics import load_queries
from kb.indexing.build import chunk_as_indexed, index_folder
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2, help="passes over the queries per figure")
    args = parser.parse_args()
    queries = [q.query for q in load_queries(ROOT / "eval" / "dev-queries.jsonl")]
    cases = [json.loads(line) for line in (ROOT / "eval" / "match-cases.jsonl").read_text().splitlines() if line.strip()]
    needs = [MatchRequest(description=c["description"], region=c["region"], municipality=c["municipality"])
             for c in cases if c["description"]]
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "content"
        generate(folder, args.entries)
        settings = Settings(store_path=Path(tmp) / "index", embedding_cache=Path(tmp) / "cache.sqlite")
        model = load_embedder(settings.model_copy(update={"embedding_cache": None})).inner
        timed_model = TimedModel(model)
        embedder = CachedEmbedder(timed_model, settings.embedding_cache)  # as `kb index` runs it, starting empty

        texts = chunk_texts(folder, settings, model)
        entries = load_content(folder, settings.max_file_bytes).entries
        sample = random.Random(1).sample([t for e in entries for t in texts[e]], 64)
        raw_seconds, _ = timed(model.embed_passages, sample)
        raw_rate = len(sample) / raw_seconds

        seconds, report = timed(index_folder, settings, embedder, folder)
        chunks = report.chunks_embedded
        inside = timed_model.passages / timed_model.seconds
        rows.append(("full index", f"{seconds:.1f} s, {chunks / seconds:.1f} chunks/s ({chunks} chunks)",
                     f"the model inside the run {inside:.1f} passages/s: ratio {chunks / seconds / inside:.2f}; "
                     f"alone on 64 of the passages before it {raw_rate:.1f}/s"))
        noop, _ = timed(index_folder, settings, embedder, folder)
        rows.append(("no-op reindex", f"{noop:.2f} s", f"{len(entries)} entries"))

        # The floor: the bare model encodes the query, numpy scans every vector (or the filtered ones).
        # It is timed beside every search (the same query just before), so both see the machine alike.
        ids = [e for e in entries for _ in texts[e]]
        matrix = embedder.embed_passages([t for e in entries for t in texts[e]])  # from the cache, as indexed
        programs = np.asarray([entries[e].type.value == "program" for e in ids])
        scanned = {"": matrix, " +filter": matrix[programs]}

        def floor(query: str, label: str) -> float:
            started = time.perf_counter()
            np.argpartition(-(scanned[label] @ model.embed_queries([query])[0]), 10)[:10]
            return (time.perf_counter() - started) * 1000

        def paired(name: str, label: str, search_ms) -> None:
            """A search's times and the floor's, one pair per query and round."""
            pairs = [(floor(q, label), search_ms(q)) for _ in range(args.rounds) for q in queries]
            floors[label].extend(f for f, _ in pairs)
            searches.append((name, [t for _, t in pairs], [f for f, _ in pairs]))

        changed = sorted(folder.glob("*.md"))[0]
        changed.write_text(changed.read_text(encoding="utf-8") + "\nEn ny mening om svetsning.\n", encoding="utf-8")
        one, _ = timed(index_folder, settings, embedder, folder)
        rows.append(("one-entry change reindex", f"{one:.2f} s", ""))
        embedder.close()

        kb = KnowledgeBase(settings, embedder=model)
        gc.freeze()  # as the app does at start-up: long-lived objects out of the collector's full passes
        filters = {"": {}, " +filter": {"type": ["program"]}}
        floors: dict[str, list[float]] = {"": [], " +filter": []}
        searches: list[tuple[str, list[float], list[float]]] = []
        for mode in Mode:
            for label, narrowed in filters.items():
                paired(f"search {mode.value}{label}, in-process", label,
                       lambda q: ms(kb.search, SearchQuery(q, narrowed, mode=mode)))
        match_times = [ms(Matcher(kb).match, need) for need in needs]

        kb.close()  # the embedded store has one owner: now the server's
        with server(kb_serve(settings.store_path), "/api/health") as url:
            client = HttpClient(url)
            for mode in Mode:
                for label, narrowed in filters.items():
                    extra = {key: values[0] for key, values in narrowed.items()}
                    paired(f"search {mode.value}{label}, HTTP", label,
                           lambda q: client.ms("GET", "/api/search", {"q": q, "mode": mode.value, **extra}))
            http_match = [client.ms("POST", "/api/match", json_body=need.model_dump(mode="json")) for need in needs]
            client.close()
        # The same client against a route that only works as long as an in-process hybrid search takes.
        work = statistics.median(searches[0][1])
        busy = [sys.executable, "-m", "uvicorn", "--app-dir", str(ROOT / "bench"), "--factory", "scale:busy_app",
                "--log-level", "warning"]
        with server(busy, "/busy?ms=0") as url:
            client = HttpClient(url)
            tax = [client.ms("GET", "/busy", {"ms": work}) - work for _ in range(args.rounds) for _ in queries]
            client.close()
        for label, floor_times in floors.items():
            rows.append((f"floor: encode + brute force{label}", latency(floor_times),
                         f"{len(scanned[label])} vectors"))
        rows += [(name, latency(times), against(times, floor_times)) for name, times, floor_times in searches]
        rows.append(("HTTP alone: a bare route busy as long", latency(tax),
                     f"beyond its {work:.1f} ms of work (the in-process hybrid p50)"))
        rows.append(("match (three groups), in-process", latency(match_times), ""))
        rows.append(("match (three groups), HTTP", latency(http_match), "target p50 < 60 ms"))
        size = sum(p.stat().st_blocks * 512 for p in (Path(tmp) / "index").rglob("*") if p.is_file())  # files are sparse
        rows.append(("store on disk", f"{size / 1e6:.1f} MB", ""))
        rows.append(("peak RSS", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", ""))

    print(f"{args.entries} generated entries, {model.name} ({type(model).__name__}), Qdrant Edge embedded")
    print(f"{'':<38} {'p50 / p95 / p99 or value':<36} floor, ratio")
    for name, value, note in rows:
        print(f"{name:<38} {value:<36} {note}")


if __name__ == "__main__":
    main()
