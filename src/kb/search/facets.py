"""Facet counts: how many of a search's candidates carry each filter value."""

from collections.abc import Iterable

from kb.search.retrieval import Candidate

FACET_CANDIDATES = 100  # facets count the entries a user could page through, not every faint match
# Filter key -> the hit field it counts.
FACET_FIELDS = {"type": "type", "region": "regions", "municipality": "municipalities", "topic": "topics"}


def count(candidates: Iterable[Candidate], keys: Iterable[str] = FACET_FIELDS) -> dict[str, dict[str, int]]:
    """Counts per value, most first (then by name), for each key in `keys`."""
    hits = [candidate.shown.payload for candidate in candidates]
    counts: dict[str, dict[str, int]] = {}
    for key in keys:
        field, found = FACET_FIELDS[key], {}
        for hit in hits:
            values = hit.get(field)
            for value in values if isinstance(values, list) else [values]:
                if value:
                    found[value] = found.get(value, 0) + 1
        counts[key] = dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))
    return counts
