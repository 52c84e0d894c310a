"""GET /api/search: entries that best answer a query, with snippets, reasons and facet counts."""

from typing import Annotated

from fastapi import APIRouter, Query

from kb.api.deps import KB
from kb.api.serialize import json_response
from kb.search.mode import Mode
from kb.search.query import MAX_LIMIT, MAX_QUERY_CHARS, SearchFilters, SearchQuery
from kb.search.results import SearchResponse

router = APIRouter()


@router.get("/api/search", response_model=SearchResponse)
def search(
    kb: KB,
    filters: Annotated[SearchFilters, Query()],
    q: Annotated[str, Query(description=f"What to look for; 1–{MAX_QUERY_CHARS} characters.")] = "",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10,
    offset: Annotated[int, Query(ge=0)] = 0,
    mode: Mode = Mode.hybrid,
):
    """Entries that best answer `q`, best first; filters of one kind are OR-ed, of different kinds AND-ed."""
    return json_response(kb.search(SearchQuery(q, filters.as_dict(), limit, offset, mode)))
