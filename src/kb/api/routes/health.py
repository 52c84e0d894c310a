"""GET /api/health: whether an index is there and which model and store serve it."""

from fastapi import APIRouter, Request

from kb.api.deps import KB
from kb.api.models import HealthOut

router = APIRouter()


@router.get("/api/health", response_model=HealthOut)
def health(kb: KB, request: Request):
    """Whether an index is there, how big it is, whether it agrees with its own record, which model and
    store serve it, and whether this server applies changes to its content as they happen."""
    status = kb.health()
    live = request.app.state.live
    if live is None:
        return status
    status |= {"watching": live.watching, "updated": live.updated}
    if live.problem and status["status"] == "ok":
        status |= {"status": "degraded", "message": live.problem}
    return status
