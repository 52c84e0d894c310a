"""GET /api/entries/{id}: one whole entry."""

from fastapi import APIRouter, HTTPException

from kb.api.deps import KB
from kb.api.models import EntryOut, ErrorOut
from kb.content.entries import NOT_METADATA, entry_to_record

router = APIRouter()


@router.get("/api/entries/{entry_id}", response_model=EntryOut, responses={404: {"model": ErrorOut}})
def get_entry(entry_id: str, kb: KB):
    """One whole entry: its metadata, Markdown, safe HTML and the entries it refers to."""
    view = kb.entry(entry_id)
    if view is None:
        raise HTTPException(404, f"no entry with id '{entry_id}'")
    record = entry_to_record(view.entry)
    return EntryOut(
        id=view.entry.id,
        type=view.entry.type.value,
        title=view.entry.title,
        summary=view.entry.summary,
        metadata={k: v for k, v in record.items() if k not in NOT_METADATA},
        body_markdown=view.entry.body,
        body_html=view.body_html,
        related=view.related,
        path=view.entry.path,
    )
