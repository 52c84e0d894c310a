from fastapi import APIRouter

from api.deps import KB
from api.models import HealthOut

router = APIRouter()


@router.get("/api/health", response_model=HealthOut)
def health(kb: KB):
    """Whether an index is there, how big it is, and which model and store serve it."""
    return kb.health()
