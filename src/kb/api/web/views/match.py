"""Matcha: a company describes its need (or a school what it seeks) and gets three groups of suggestions."""

import functools
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from kb import labels
from kb.api.deps import KB
from kb.api.web.errors import PageRoute
from kb.api.web.templating import page
from kb.content.entries import EntryType
from kb.matching.matcher import Matcher
from kb.matching.models import MAX_DESCRIPTION_CHARS, MatchRequest
from kb.search.query import InvalidQueryError
from kb.text.places import PROGRAM_REGIONS, gazetteer

router = APIRouter(route_class=PageRoute, include_in_schema=False)

REGIONS = list(PROGRAM_REGIONS)


@functools.cache
def _municipalities() -> list[str]:
    """The three regions' municipalities for the form's list: read from the gazetteer once, not per request."""
    return sorted(m for r in REGIONS for m in gazetteer().municipalities_in(r))
# Who asks (the `for` parameter) -> the groups shown, in order.
MATCH_COLUMNS = {
    "foretag": [EntryType.program, EntryType.expert, EntryType.course],
    "skola": [EntryType.company, EntryType.organization, EntryType.expert],
}


@router.get("/match", response_class=HTMLResponse)
def match_page(
    request: Request,
    kb: KB,
    beskrivning: str | None = None,
    region: str = "",
    kommun: str = "",
    for_: Annotated[str, Query(alias="for")] = "foretag",
):
    asker = "skola" if for_ == "skola" else "foretag"
    region = region if region in REGIONS else ""
    context: dict[str, Any] = {
        "active": "match", "asker": asker, "description": beskrivning or "", "region": region, "kommun": kommun,
        "regions": REGIONS, "municipalities": _municipalities(),
        "max_chars": MAX_DESCRIPTION_CHARS,
        "error": None, "result": None, "columns": [],
    }
    if beskrivning is None:  # the form, not yet sent
        return page(request, "match.html", context)
    if not beskrivning.strip():
        context["error"] = labels.MATCH_EMPTY[asker]
        return page(request, "match.html", context, 400)
    targets = MATCH_COLUMNS[asker]
    try:
        match_request = MatchRequest(
            description=beskrivning, region=region or None, municipality=kommun.strip() or None, targets=targets,
        )
    except ValidationError:
        context["error"] = labels.description_too_long(MAX_DESCRIPTION_CHARS)
        return page(request, "match.html", context, 400)
    try:
        result = Matcher(kb).match(match_request)
    except InvalidQueryError:
        context["error"] = labels.MATCH_FAILED
        return page(request, "match.html", context, 400)
    context.update(
        result=result,
        columns=[
            {"key": t.value, "heading": labels.TYPE_PLURALS[t.value], "items": result.groups.get(t.value, []),
             "note": result.notes.get(t.value), "left_out": result.left_out.get(t.value, [])}
            for t in targets
        ],
    )
    return page(request, "match.html", context)
