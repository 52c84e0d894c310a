"""POST /api/match: the programs, experts and courses that fit a company's need, or partners for a school."""

from fastapi import APIRouter

from kb.api.deps import KB
from kb.api.limits import StrictJSONRoute
from kb.api.models import ErrorOut
from kb.api.serialize import json_response
from kb.matching.matcher import Matcher
from kb.matching.models import MatchRequest, MatchResponse

router = APIRouter(route_class=StrictJSONRoute)


@router.post("/api/match", response_model=MatchResponse, responses={404: {"model": ErrorOut}})
def match(request: MatchRequest, kb: KB):
    """Programs, experts and courses that fit a company's need (or partners that fit a school's), with reasons."""
    return json_response(Matcher(kb).match(request))
