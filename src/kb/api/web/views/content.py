"""Innehåll: the content folder's rejected files and warnings, in Swedish, for the people who write it."""

from collections import defaultdict
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from kb.api.deps import Survey
from kb.api.models import ProblemOut
from kb.api.web.errors import PageRoute
from kb.api.web.templating import page
from kb.content.problems import Problem
from kb.settings import Language

router = APIRouter(route_class=PageRoute, include_in_schema=False)


def _by_file(problems: list[Problem]) -> list[dict[str, Any]]:
    """Problems grouped by file (in path order), each told in Swedish as /api/content/problems tells it."""
    files: dict[str, list[ProblemOut]] = defaultdict(list)
    for shown in (ProblemOut.of(problem, Language.sv) for problem in problems):
        files[shown.file].append(shown)
    return [{"file": name, "problems": sorted(files[name], key=lambda p: p.line or 0)} for name in sorted(files)]


@router.get("/innehall", response_class=HTMLResponse)
def content_page(request: Request, survey: Survey):
    found = survey.current()
    context: dict[str, Any] = {"active": None, "found": found, "rejected": [], "warned": []}
    if found is not None:
        context.update(rejected=_by_file(found.rejected), warned=_by_file(found.warnings))
    response = page(request, "content.html", context)
    response.headers["X-Robots-Tag"] = "noindex"  # for the authors, not for search engines
    return response
