"""What each chunk stores beside its vector: what filters and result cards need.

The head chunk (index 0) also holds the whole entry, so the API serves entries
from the index alone, and a Qdrant server needs no copy of the content folder.
"""

import hashlib
import json
from typing import Any

from kb.content.entries import EntryBase, entry_to_record
from kb.indexing.chunking import Chunk

# Result-card fields copied onto every chunk (wants and language also steer the ranking: search/ranking.py).
CARD_FIELDS = ("type", "title", "summary", "url", "regions", "municipalities", "topics", "status", "wants", "language")


def entry_hash(entry: EntryBase, chunking: dict[str, Any]) -> str:
    """Changes when the entry or the way it is chunked changes; then it is re-embedded."""
    blob = json.dumps({"entry": entry_to_record(entry), "chunking": chunking}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def chunk_payload(entry: EntryBase, chunk: Chunk, version: str, chunks: int) -> dict[str, Any]:
    """`chunks`, the entry's number of chunks, is on every chunk: an entry that lost some is noticed and
    embedded again."""
    record = entry_to_record(entry)
    payload: dict[str, Any] = {
        "entry_id": entry.id,
        "entry_hash": version,
        "chunk": chunk.index,
        "chunks": chunks,
        "heading_path": list(chunk.heading_path),
        "text": chunk.text,
        **{name: record.get(name) for name in CARD_FIELDS},
        "facets": {
            "type": entry.type.value,
            "region": [v.lower() for v in entry.regions],
            "municipality": [v.lower() for v in entry.municipalities],
            "topic": [v.lower() for v in entry.topics],
            "status": record.get("status"),
        },
    }
    if chunk.index == 0:
        payload["entry"] = record
    return payload
