"""GET /api/stories: case stories for #densmartaindustrin, ready to copy."""

from typing import Annotated

from fastapi import APIRouter, Query

from kb.api.deps import KB
from kb.api.models import StoryOut
from kb.api.routes.media import image_url
from kb.search.query import MAX_FILTER_VALUES, MAX_QUERY_CHARS
from kb.search.stories import stories

router = APIRouter()


@router.get("/api/stories", response_model=list[StoryOut])
def list_stories(
    kb: KB,
    q: Annotated[str, Query(max_length=MAX_QUERY_CHARS)] = "",
    topic: Annotated[list[str], Query(max_length=MAX_FILTER_VALUES)] = [],
    region: Annotated[list[str], Query(max_length=MAX_FILTER_VALUES)] = [],
):
    """Case stories for #densmartaindustrin: best match first (newest first among equals), each ready to copy."""
    folder = kb.settings.content_dir
    return [StoryOut(**s.model_dump(), image_url=image_url(s.image, folder)) for s in stories(kb, q, topic, region)]
