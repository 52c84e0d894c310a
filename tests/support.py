"""What the tests share beside their fixtures: entry files written in a line, the app served in a thread, and
chunk points with random vectors for the store's own tests (no model needed)."""

import random
import socket
import textwrap
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import uvicorn
from fastapi import FastAPI

from kb.store.base import ChunkPoint, Model, Store
from kb.text.lexical import document_vector

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def entry(type_: str, title: str, body: str = "", **fields: str) -> str:
    """A small entry file's text."""
    lines = ["---", f"type: {type_}", f"title: {title}", *(f"{k}: {v}" for k, v in fields.items()), "---", ""]
    return "\n".join(lines) + textwrap.dedent(body)


def write_files(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


@contextmanager
def serve_in_thread(app: FastAPI) -> Iterator[str]:
    """The app under uvicorn on a free port of 127.0.0.1 (for the browser): yields the base URL, stops on exit."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


# --- chunk points for the store's own tests --------------------------------

DIMENSION = 16
WORDS = (
    "svetsning robot gjuteri energi effektivisering digitalisering kompetens utbildning yrkeshögskola "
    "automation sensorer underhåll logistik hållbarhet cirkulär ekonomi plåt bearbetning laser ledarskap"
).split()
TYPES = ["program", "expert", "course", "case"]
REGIONS = ["dalarna", "gävleborg", "värmland"]


def make_points(seed: int = 7, entries: int = 40, version: str = "v1") -> list[ChunkPoint]:
    rng = random.Random(seed)
    vectors = np.random.default_rng(seed).normal(size=(entries * 3, DIMENSION)).astype(np.float32)
    points = []
    for e in range(entries):
        facets = {"type": TYPES[e % 4], "region": [REGIONS[e % 3]], "municipality": [], "topic": [], "status": None}
        for c in range(3):
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 30)))
            payload = {"entry_id": f"e{e:02d}", "entry_hash": version, "chunk": c, "chunks": 3, "text": text, "facets": facets}
            if c == 0:
                payload["entry"] = {"id": f"e{e:02d}", "title": f"Post {e}"}
            points.append(ChunkPoint(f"e{e:02d}", version, c, vectors[e * 3 + c].tolist(), document_vector(text), payload))
    return points


def built(store: Store, points: list[ChunkPoint]) -> Store:
    collection = store.create_collection(Model("test-model", DIMENSION, "test-model:v1"))
    store.upsert(collection, points)
    store.activate(collection)
    return store
