"""GET /api/content/problems: the content folder's rejected files and warnings, for the people who write it.

Open like the rest of the API (no token): it names files of the folder the service publishes, relative
to that folder, and quotes at most a short prefix of a value (see docs/security.md).
"""

from fastapi import APIRouter

from kb.api.deps import AppSettings, Survey
from kb.api.models import ContentProblemsOut, ProblemOut
from kb.settings import Language

router = APIRouter()


@router.get("/api/content/problems", response_model=ContentProblemsOut)
def content_problems(survey: Survey, settings: AppSettings, language: Language | None = None):
    """Rejected files and warnings of the content folder, each with file, line, field and what to write instead."""
    language = language or settings.language
    found = survey.current()
    if found is None:
        return ContentProblemsOut(folder_found=False, language=language, files=0, entries=0, rejected=[], warnings=[])
    return ContentProblemsOut(
        folder_found=True, language=language, files=found.files, entries=found.entries,
        rejected=[ProblemOut.of(p, language) for p in found.rejected],
        warnings=[ProblemOut.of(p, language) for p in found.warnings],
    )
