"""GET /api/search: entries that best answer a query, with snippets, reasons and facet counts."""

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import Field

from kb.api.deps import KB
from kb.content.entries import EntryType
from kb.search.query import (
    MAX_FILTER_VALUES,
    MAX_LIMIT,
    MAX_QUERY_CHARS,
    SOME_TEXT,
    SearchFilters,
    SearchQuery,
)
from kb.search.results import SearchResponse
from kb.search.retrieval import Mode

router = APIRouter()

class SearchParams(SearchFilters):
    """The filters as the API takes them: a type is one of the entry types, so the schema lists them."""

    type: list[EntryType] = Field([], max_length=MAX_FILTER_VALUES)


@router.get("/api/search", response_model=SearchResponse)
def search(
    kb: KB,
    filters: Annotated[SearchParams, Query()],
    q: Annotated[
        str, Query(min_length=1, max_length=MAX_QUERY_CHARS, pattern=SOME_TEXT, description="What to look for.")
    ],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10,
    offset: Annotated[int, Query(ge=0)] = 0,
    mode: Mode = Mode.hybrid,
):
    """Entries that best answer `q`, best first; filters of one kind are OR-ed, of different kinds AND-ed."""
    return kb.search(SearchQuery(q, filters.as_dict(), limit, offset, mode))
