from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from api.deps import KB
from kb.retrieval import Mode
from kb.search import MAX_LIMIT, MAX_QUERY_CHARS, InvalidQueryError, SearchQuery, SearchResponse

router = APIRouter()
Repeatable = Annotated[list[str], Query()]


@router.get("/api/search", response_model=SearchResponse)
def search(
    kb: KB,
    q: Annotated[str, Query(description=f"What to look for; 1–{MAX_QUERY_CHARS} characters.")] = "",
    type: Repeatable = [],
    region: Repeatable = [],
    municipality: Repeatable = [],
    topic: Repeatable = [],
    status: Repeatable = [],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10,
    offset: Annotated[int, Query(ge=0)] = 0,
    mode: Mode = Mode.hybrid,
):
    """Entries that best answer `q`, best first; filters of one kind are OR-ed, of different kinds AND-ed."""
    filters = {"type": type, "region": region, "municipality": municipality, "topic": topic, "status": status}
    query = SearchQuery(q, filters, limit, offset, mode)
    try:
        return kb.search(query)
    except InvalidQueryError as exc:
        raise HTTPException(422, str(exc)) from None
