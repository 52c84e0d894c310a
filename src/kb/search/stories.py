"""Stories for communicators: case entries with what a post needs, ready to copy."""

from datetime import date

from pydantic import BaseModel

from kb import labels
from kb.content.entries import CaseEntry
from kb.search.service import KnowledgeBase

MAX_STORIES = 50


class Story(BaseModel):
    id: str
    title: str
    summary: str | None
    quote: str | None
    hashtags: list[str]
    image: str | None
    published: date | None
    url: str | None
    regions: list[str]
    topics: list[str]
    markdown: str  # a post ready to paste


def stories(kb: KnowledgeBase, q: str = "", topics: list[str] | None = None, regions: list[str] | None = None) -> list[Story]:
    """Matching cases, best first when there is a query (newest first among equals), else newest first."""
    filters = {"type": ["case"], "topic": topics or [], "region": regions or []}
    if q.strip():
        relevance = {c.entry_id: round(c.score, 2) for c in kb.rank(q, filters)[:MAX_STORIES]}
        found = list(kb.entries(list(relevance)).values())
    else:
        relevance = {}
        found = kb.entries_where(filters)
    cases = [entry for entry in found if isinstance(entry, CaseEntry)]
    cases.sort(key=lambda c: (-relevance.get(c.id, 0.0), -(c.published or date.min).toordinal(), c.title))
    return [_story(case) for case in cases]


def _story(case: CaseEntry) -> Story:
    return Story(
        id=case.id, title=case.title, summary=case.summary, quote=case.quote, hashtags=case.hashtags,
        image=case.image, published=case.published, url=case.url, regions=case.regions, topics=case.topics,
        markdown=story_markdown(case),
    )


def story_markdown(case: CaseEntry) -> str:
    lines = [f"## {case.title}", ""]
    if case.summary:
        lines += [case.summary, ""]
    if case.quote:
        lines += [f"> {case.quote}", ""]
    if case.url:
        lines += [f"{labels.READ_MORE}: {case.url}", ""]
    if case.hashtags:
        lines.append(" ".join(f"#{tag.lstrip('#')}" for tag in case.hashtags))
    return "\n".join(lines).strip() + "\n"
