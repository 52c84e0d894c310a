"""Response shapes of the JSON API beyond the core's own (kb.search.results, kb.matching.models)."""

from typing import Any, Literal

from pydantic import BaseModel, Field

from kb.search.stories import Story


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


class ReindexIn(BaseModel):
    rebuild: bool = Field(False, description="Build a fresh index aside, then switch to it.")
    folder: str | None = Field(
        None, description="The content folder the caller means to index; refused unless it is the server's own."
    )


class ErrorOut(BaseModel):
    detail: str


class StoryOut(Story):
    image_url: str | None  # where a browser finds the image: /media/… for a file of the content folder
