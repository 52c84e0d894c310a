from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from api.deps import KB
from api.models import ErrorOut
from kb.matching import Matcher, MatchRequest, MatchResponse, UnknownCompanyError
from kb.search import InvalidQueryError
from kb.stories import Story, stories

router = APIRouter()


@router.post("/api/match", response_model=MatchResponse, responses={404: {"model": ErrorOut}})
def match(request: MatchRequest, kb: KB):
    """Programs, experts and courses that fit a company's need (or partners that fit a school's), with reasons."""
    try:
        return Matcher(kb).match(request)
    except InvalidQueryError as exc:
        raise HTTPException(422, str(exc)) from None
    except UnknownCompanyError as exc:
        raise HTTPException(404, str(exc)) from None


@router.get("/api/stories", response_model=list[Story])
def list_stories(
    kb: KB,
    q: Annotated[str, Query(max_length=500)] = "",
    topic: Annotated[list[str], Query()] = [],
    region: Annotated[list[str], Query()] = [],
):
    """Case stories for #densmartaindustrin: best match first (newest first among equals), each ready to copy."""
    return stories(kb, q, topic, region)
