"""Berättelser: case stories by topic, region or words, each with a copy-ready text."""

from collections import Counter
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from kb import labels
from kb.api.deps import KB
from kb.api.routes.media import image_url
from kb.api.web.errors import PageRoute
from kb.api.web.templating import page
from kb.search.query import MAX_QUERY_CHARS
from kb.search.stories import stories

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request, kb: KB, q: str = "", amne: str = "", region: str = ""):
    everything = stories(kb)
    topics = Counter(topic for story in everything for topic in story.topics)
    regions = Counter(r for story in everything for r in story.regions)
    context: dict[str, Any] = {
        "active": "stories", "q": q, "amne": amne, "region": region, "error": None,
        "topics": sorted(topics.items(), key=lambda kv: (-kv[1], kv[0])),
        "regions": sorted(regions.items(), key=lambda kv: (-kv[1], kv[0])),
        "filtered": bool(q.strip() or amne or region),
    }
    if len(q) > MAX_QUERY_CHARS:
        context.update(stories=[], error=labels.query_too_long(MAX_QUERY_CHARS))
        return page(request, "stories.html", context, 400)
    found = stories(kb, q, [amne] if amne else [], [region] if region else []) if context["filtered"] else everything
    context["stories"] = found
    context["images"] = {story.id: image_url(story.image, kb.settings.content_dir) for story in found}
    return page(request, "stories.html", context)
