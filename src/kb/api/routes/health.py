"""GET /api/health: whether an index is there, which model and store serve it, and how the content folder fares."""

from fastapi import APIRouter

from kb.api.deps import KB, Survey
from kb.api.models import HealthOut

router = APIRouter()


@router.get("/api/health", response_model=HealthOut)
def health(kb: KB, survey: Survey):
    """Whether an index is there, how big it is, which model and store serve it, and how many files have problems."""
    problems = survey.current()
    counts = {"rejected_files": len(problems.rejected), "warnings": len(problems.warnings)} if problems else {}
    return {**kb.health(), **counts}
