"""How soon an edited entry is searchable after its file is saved, with `kb serve` watching a large folder.

    .venv/bin/python bench/live_edit.py --entries 2300 [--edits 10]

Generates a corpus as bench/scale.py does (2,300 entries are ~10k chunks), lets `kb serve` build its index
(the first run, with a fresh embedding cache: minutes), then edits one entry at a time: a new word in its
body, saved as an editor saves (written aside, renamed over the file). From the save, it searches for the
new word every 20 ms (keyword mode: a made-up word means nothing to the model) until the entry answers first; the seconds are printed beside the target (1 s).
The corpus, index and caches live in a temporary folder (`--keep DIR` keeps them, so a second run reuses
the index).
"""

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

import httpx
import yaml
from scale import generate
from timing import KB, served

TARGET = 1.0  # seconds from saving a file to a search that shows it


def save(path: Path, text: str) -> None:
    """As an editor saves: a temporary file beside it, renamed over it."""
    aside = path.with_name(f".{path.name}.tmp")
    aside.write_text(text, encoding="utf-8")
    os.replace(aside, path)


def wait_until_built(url: str) -> None:
    while True:
        health = httpx.get(url + "/api/health", timeout=60).json()
        if health["status"] == "ok" and health.get("updated"):
            return
        time.sleep(1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=2300)
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="a folder for the corpus, index and caches, kept for the next run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        content = root / "content"
        if not content.exists():
            generate(content, args.entries)
        env = {"KB_STORE_PATH": str(root / "index"), "KB_CONTENT_DIR": str(content),
               "KB_EMBEDDING_CACHE": str(root / "cache.sqlite"), "KB_MODEL_CACHE": str(root / "model-cache")}
        files = sorted(content.glob("*.md"))
        seconds = []
        with served([KB, "serve"], "/api/health", env) as (url, _):
            wait_until_built(url)
            client = httpx.Client(base_url=url, timeout=60)
            chunks = client.get("/api/health").json()["chunks"]
            for i in range(args.edits):
                path = files[i * len(files) // args.edits]
                rng = random.Random(f"{i} {time.time()}")
                word = "".join(rng.choice("bdfgjklmnprstvxz") for _ in range(12))  # in no entry
                title = yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])["title"]
                save(path, path.read_text(encoding="utf-8") + f"\nHär nämns ordet {word} en gång.\n")
                saved = time.perf_counter()
                while True:
                    results = client.get("/api/search", params={"q": word, "limit": 1, "mode": "keyword"}).json()["results"]
                    if results and results[0]["title"] == title:  # each generated entry has a title of its own
                        break
                    if time.perf_counter() - saved > 30:
                        raise RuntimeError(f"{path.name} was not searchable 30 s after it was saved")
                    time.sleep(0.02)
                seconds.append(time.perf_counter() - saved)
                print(f"  {path.name}: {seconds[-1]:.2f} s", flush=True)
            client.close()
    print(f"{args.entries} entries, {chunks} chunks: an edited entry searchable after a median "
          f"{statistics.median(seconds):.2f} s, max {max(seconds):.2f} s, of {len(seconds)} edits "
          f"(target <= {TARGET:.0f} s)")


if __name__ == "__main__":
    main()
