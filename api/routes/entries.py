from fastapi import APIRouter, HTTPException

from api.deps import KB
from api.models import EntryOut, ErrorOut
from kb.entries import entry_to_record

router = APIRouter()
_NOT_METADATA = ("id", "type", "title", "summary", "body", "path")


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
        metadata={k: v for k, v in record.items() if k not in _NOT_METADATA},
        body_markdown=view.entry.body,
        body_html=view.body_html,
        related=view.related,
        path=view.entry.path,
    )
