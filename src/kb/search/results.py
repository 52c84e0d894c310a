"""What searches and look-ups answer: core models, served as they are by the API and shown by the pages."""

from dataclasses import dataclass

from pydantic import BaseModel

from kb.content.entries import EntryBase
from kb.search.explain import Reason
from kb.search.mode import Mode
from kb.search.understanding import Understanding


class EntryCard(BaseModel):
    """What any list of entries shows of each: search results and match groups alike."""

    id: str
    type: str
    title: str
    summary: str | None
    url: str | None
    regions: list[str]
    municipalities: list[str]
    score: float


class SearchResult(EntryCard):
    topics: list[str]
    snippet: str
    snippet_html: str
    highlights: list[tuple[int, int]]
    reasons: list[Reason]


class SearchResponse(BaseModel):
    query: str
    mode: Mode
    total: int  # the entries that fit the query (search/cutoff.py), for paging
    results: list[SearchResult]
    # Per filter, value -> entries. A filter the query sets is counted as if it were not set, so the
    # other values stay visible to add (values of one filter are OR-ed).
    facets: dict[str, dict[str, int]]
    understood: Understanding  # the places, intents and language read from the query, which steered the ranking
    took_ms: float


@dataclass
class EntryView:
    """One entry as a page or the API shows it whole: safe HTML, and the entries it refers to."""

    entry: EntryBase
    body_html: str
    related: list[dict[str, str]]
