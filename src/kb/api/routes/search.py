"""GET /api/search: entries that best answer a query, with snippets, reasons and facet counts."""

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import Field

from kb.api.deps import KB
from kb.api.serialize import json_response
from kb.content.entries import EntryType
from kb.search.mode import Mode
from kb.search.query import (
    MAX_FILTER_VALUES,
    MAX_LIMIT,
    MAX_QUERY_CHARS,
    SOME_TEXT,
    SearchFilters,
    SearchQuery,
)
from kb.search.results import SearchResponse

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
    return json_response(kb.search(SearchQuery(q, filters.as_dict(), limit, offset, mode)))
