"""Response shapes of the JSON API beyond the core's own (kb.search.results, kb.matching.models)."""

from typing import Any

from pydantic import BaseModel

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
    status: str
    model: str
    dimension: int
    store: str
    entries: int
    chunks: int
    message: str | None = None


class ErrorOut(BaseModel):
    detail: str


class StoryOut(Story):
    image_url: str | None  # where a browser finds the image: /media/… for a file of the content folder
