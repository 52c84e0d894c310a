"""What a model derives from its weights at every start, kept on disk: built once, then read in milliseconds.

One file per model and build. A header says what the file was built from (its key), where each array
lies and the SHA-256 of the arrays; the arrays follow, each memory-mapped when read. A file whose key
differs (another pack, another version of kb's build or of a library) or whose bytes do not hash to
the header's digest is never trusted: it is built again and replaced, atomically (written aside,
fsynced, renamed), so a reader sees the old file or the new one, never half of one.
"""

import hashlib
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

MAGIC = b"kb-model-cache 1\n"
_ALIGN = 64  # every array starts on a cache line
Arrays = dict[str, np.ndarray]
Built = tuple[Arrays, dict[str, Any]]  # the arrays, and facts that fit in JSON
log = logging.getLogger(__name__)


def cached(path: Path | None, key: dict[str, Any], build: Callable[[], Built]) -> Built:
    """The file at `path` when it was built from `key` and is whole; else `build()`, written there for next
    time. With no path, or a folder that cannot be written, the model is built in memory."""
    if path is not None:
        found = read(path, key)
        if found is not None:
            return found
    built = build()
    if path is not None:
        try:
            write(path, key, *built)
        except OSError as exc:  # a read-only folder costs the next start its build time, nothing more
            log.warning("the model cache %s cannot be written (%s): the model is built at every start", path, exc)
    return built


def read(path: Path, key: dict[str, Any]) -> Built | None:
    """The arrays (memory-mapped) and facts of the file, or None when it is missing, foreign or damaged."""
    try:
        with path.open("rb") as f:
            if f.read(len(MAGIC)) != MAGIC:
                return _distrust(path, "not a model cache")
            header = json.loads(f.read(int.from_bytes(f.read(8), "little")))
            start = f.tell()
        if header.get("key") != key:
            return _distrust(path, "built from something else")
        raw = np.memmap(path, np.uint8, "r")
        data = raw[start:]
        if hashlib.sha256(data).hexdigest() != header["sha256"]:
            return _distrust(path, "damaged")
        arrays = {
            name: data[offset : offset + nbytes].view(np.dtype(dtype)).reshape(shape)
            for name, (offset, nbytes, dtype, shape) in header["arrays"].items()
        }
        return arrays, header["facts"]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:  # truncated, unreadable, a header that is not ours
        return _distrust(path, f"unreadable: {exc}")


def write(path: Path, key: dict[str, Any], arrays: Arrays, facts: dict[str, Any]) -> None:
    layout, parts, offset = {}, [], 0
    for name, array in arrays.items():
        padding = -offset % _ALIGN
        parts += [bytes(padding), np.ascontiguousarray(array).reshape(-1).view(np.uint8)]
        offset += padding
        layout[name] = (offset, array.nbytes, array.dtype.str, list(array.shape))
        offset += array.nbytes
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    header = json.dumps({"key": key, "arrays": layout, "facts": facts, "sha256": digest.hexdigest()}).encode()
    header += b" " * (-(len(MAGIC) + 8 + len(header)) % _ALIGN)  # the arrays start on a cache line too
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as f:
            f.write(MAGIC + len(header).to_bytes(8, "little") + header)
            for part in parts:
                f.write(part)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _distrust(path: Path, why: str) -> None:
    log.info("the model cache %s is %s: building the model again", path, why)
    return None
