"""Facet counts: how many of a search's candidates carry each filter value."""

from collections.abc import Iterable

from kb.search.retrieval import Candidate

FACET_CANDIDATES = 100  # facets count the entries a user could page through, not every faint match
# Filter key -> the hit field it counts.
FACET_FIELDS = {"type": "type", "region": "regions", "municipality": "municipalities", "topic": "topics"}


def count(candidates: Iterable[Candidate], keys: Iterable[str] = FACET_FIELDS) -> dict[str, dict[str, int]]:
    """Counts per value, most first (then by name), for each key in `keys`."""
    counts: dict[str, dict[str, int]] = {key: {} for key in keys}
    for candidate in candidates:
        for key in counts:
            values = candidate.shown.payload.get(FACET_FIELDS[key])
            for value in values if isinstance(values, list) else [values]:
                if value:
                    counts[key][value] = counts[key].get(value, 0) + 1
    return {key: dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))) for key, found in counts.items()}
