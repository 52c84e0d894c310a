"""Response shapes of the JSON API beyond the core's own (kb.search.results, kb.matching.models)."""

from typing import Any, Literal

from pydantic import BaseModel, Field

from kb.content.problems import Problem, Severity
from kb.search.stories import Story
from kb.settings import Language


class RelatedOut(BaseModel):
    id: str
    type: str
    title: str


class EntryOut(BaseModel):
    id: str
    type: str
    title: str
    summary: str | None
    metadata: dict[str, Any]
    body_markdown: str
    body_html: str
    related: list[RelatedOut]
    path: str


class HealthOut(BaseModel):
    status: Literal["ok", "degraded", "no-index", "error"] = Field(
        description="ok; degraded: the index answers but disagrees with its own record or files, or changes "
        "cannot be applied (`message` says why and what to do); no-index: nothing built yet; error: the index "
        "cannot be searched (`message` says what to do)."
    )
    model: str
    dimension: int
    store: Literal["embedded", "server"]
    entries: int
    chunks: int
    message: str | None = None
    watching: bool | None = Field(
        None, description="Whether changes in the content folder are applied as they happen; null: this "
        "process does not write its index."
    )
    updated: float | None = Field(None, description="When this server last finished applying changes (Unix time).")
    rejected_files: int | None = Field(
        None, description="Rejected files of the content folder (see /api/content/problems); null without a content folder."
    )
    warnings: int | None = Field(None, description="Warnings about the content folder's files; null without one.")


class ReindexIn(BaseModel):
    rebuild: bool = Field(False, description="Build a fresh index aside, then switch to it.")
    folder: str | None = Field(
        None, description="The content folder the caller means to index; refused unless it is the server's own."
    )


class ErrorOut(BaseModel):
    detail: str


class StoryOut(Story):
    image_url: str | None  # where a browser finds the image: /media/… for a file of the content folder


class ProblemOut(BaseModel):
    """One problem in a content file: where it is, its stable code and parameters, and what to write instead."""

    file: str = Field(description="Path inside the content folder.")
    line: int | None
    field: str | None
    severity: Severity = Field(description="error: the file is rejected; warning: it is indexed, but needs a look.")
    code: str = Field(description="Stable code of the problem (kb.content.problems.MESSAGES).")
    params: dict[str, Any]
    message: str = Field(description="What is wrong and what to write instead, in the language asked for.")

    @classmethod
    def of(cls, problem: Problem, language: Language) -> "ProblemOut":
        return cls(
            file=problem.path.as_posix(), line=problem.line, field=problem.field, severity=problem.severity,
            code=problem.code, params=problem.params, message=problem.text(language),
        )


class ContentProblemsOut(BaseModel):
    folder_found: bool = Field(description="false when this server has no content folder (it may serve a Qdrant server's index).")
    language: Language
    files: int
    entries: int
    rejected: list[ProblemOut]
    warnings: list[ProblemOut]
