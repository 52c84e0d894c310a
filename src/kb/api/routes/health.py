"""GET /api/health: whether an index is there and which model and store serve it."""

from fastapi import APIRouter

from kb.api.deps import KB
from kb.api.models import HealthOut

router = APIRouter()


@router.get("/api/health", response_model=HealthOut)
def health(kb: KB):
    """Whether an index is there, how big it is, and which model and store serve it."""
    return kb.health()
