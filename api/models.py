"""Request and response shapes of the JSON API (what /docs shows)."""

from typing import Any

from pydantic import BaseModel


class SearchResultOut(BaseModel):
    id: str
    type: str
    title: str
    summary: str | None
    url: str | None
    regions: list[str]
    municipalities: list[str]
    topics: list[str]
    score: float
    snippet: str


class SearchResponseOut(BaseModel):
    query: str
    results: list[SearchResultOut]
    took_ms: float


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
