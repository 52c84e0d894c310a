"""GET /api/health: whether an index is there, which model and store serve it, whether it is kept current, and
how the content folder fares."""

from fastapi import APIRouter, Request

from kb.api.deps import KB, Survey
from kb.api.models import HealthOut

router = APIRouter()


@router.get("/api/health", response_model=HealthOut)
def health(kb: KB, survey: Survey, request: Request):
    """Whether an index is there, how big it is, whether it agrees with its own record, which model and
    store serve it, whether this server applies changes to its content as they happen, and how many files
    have problems."""
    status = kb.health()
    problems = survey.current()
    if problems:
        status |= {"rejected_files": len(problems.rejected), "warnings": len(problems.warnings)}
    live = request.app.state.live
    if live is None:
        return status
    status |= {"watching": live.watching, "updated": live.updated}
    if live.problem and status["status"] == "ok":
        status |= {"status": "degraded", "message": live.problem}
    return status
