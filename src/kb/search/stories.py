"""Stories for communicators: case entries with what a post needs, ready to copy.

Each story comes as plain text (what Facebook and LinkedIn show as it is: no "##", hashtags at the end)
and as Markdown, for places that render it.
"""

from collections.abc import Callable
from datetime import date

from pydantic import BaseModel

from kb import labels
from kb.content.entries import CaseEntry
from kb.search.service import KnowledgeBase

MAX_STORIES = 50
_QUOTE_MARKS = "”\"“„"  # a quote written with its own marks gets ours only once


class Story(BaseModel):
    id: str
    title: str
    summary: str | None
    quote: str | None
    hashtags: list[str]
    image: str | None  # as the entry gives it: a path inside the content folder, or a web address
    published: date | None
    url: str | None
    regions: list[str]
    topics: list[str]
    text: str  # a post ready to paste, as plain text
    markdown: str  # the same post in Markdown


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
        text=story_text(case), markdown=story_markdown(case),
    )


def story_text(case: CaseEntry) -> str:
    """Plain text: the title, the summary, the quote in quotation marks, where to read more, the hashtags."""
    return _post(case, case.title, lambda quote: f"”{quote.strip(_QUOTE_MARKS)}”")


def story_markdown(case: CaseEntry) -> str:
    return _post(case, f"## {case.title}", lambda quote: f"> {quote}")


def _post(case: CaseEntry, title: str, quoted: Callable[[str], str]) -> str:
    lines = [title, ""]
    if case.summary:
        lines += [case.summary, ""]
    if case.quote:
        lines += [quoted(case.quote), ""]
    if case.url:
        lines += [f"{labels.READ_MORE}: {case.url}", ""]
    if case.hashtags:
        lines.append(" ".join(f"#{tag.lstrip('#')}" for tag in case.hashtags))
    return "\n".join(lines).strip() + "\n"
