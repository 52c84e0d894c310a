"""Post: one whole entry, its fact box, contact, link out and related entries."""

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from kb import labels
from kb.api.deps import KB
from kb.api.web.errors import PageRoute, not_found
from kb.api.web.templating import page, safe_url, swedish_date
from kb.api.web.views.network import company_panel
from kb.content.entries import NOT_METADATA, REFERENCE_FIELDS, entry_to_record

router = APIRouter(route_class=PageRoute, include_in_schema=False)

# Shown elsewhere on the entry page, or not for people.
NOT_FACTS = {*NOT_METADATA, "extra", "contact", "url", "related", "quote", "example"}
COMMON_LAST = ["regions", "municipalities", "topics", "organizations", "published", "updated", "language"]
LINK_FIELDS = {*REFERENCE_FIELDS, "organizations"}
DATE_FIELDS = ("published", "updated", "starts", "ends", "start")


def _fact_values(name: str, value: Any, related: dict[str, dict[str, str]]) -> list[dict[str, str | None]]:
    values = value if isinstance(value, list) else [value]
    items = []
    for v in values:
        if v is None or v == "":
            continue
        share = None
        if isinstance(v, dict):  # a supplier or customer: its name, and the share where one is known
            v, share = v["name"], v.get("share")
        if isinstance(v, bool):
            text = labels.YES if v else labels.NO
        elif name in DATE_FIELDS:
            text = swedish_date(v)
        elif name == "hashtags":
            text = "#" + str(v).lstrip("#")
        else:
            text = labels.VALUE_LABELS.get(name, {}).get(str(v), str(v))
        href = None
        if name in LINK_FIELDS and v in related:
            text, href = related[v]["title"], f"/entry/{v}"
        elif name == "website":
            href = safe_url(v)
        if share is not None:
            text = f"{text} ({labels.percent(share / 100)})"
        items.append({"text": text, "href": href})
    return items


def _facts(record: dict[str, Any], related: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    names = [n for n in record if n not in COMMON_LAST] + COMMON_LAST
    facts = []
    for name in names:
        if name in NOT_FACTS or name not in record or (name == "language" and record[name] == "sv"):
            continue
        values = _fact_values(name, record[name], related)
        if values:
            facts.append({"label": labels.FIELD_LABELS.get(name, name.replace("_", " ").capitalize()), "values": values})
    return facts


def _without_leading_title(body_html: str) -> str:
    """The body's first heading repeats the title shown above it; drop that whole element, nothing else."""
    stripped = body_html.lstrip()
    if stripped.startswith("<h1>") and "</h1>" in stripped:
        return stripped[stripped.index("</h1>") + len("</h1>"):]
    return body_html


@router.get("/entry/{entry_id}", response_class=HTMLResponse)
def entry_page(request: Request, kb: KB, entry_id: str):
    view = kb.entry(entry_id)
    if view is None:
        return not_found(request)
    entry = view.entry
    record = entry_to_record(entry)
    related = {r["id"]: r for r in view.related}
    contact = entry.contact.model_dump(exclude_none=True) if entry.contact else {}
    phone = contact.get("phone")
    return page(request, "entry.html", {
        "active": None,
        "entry": entry,
        "body_html": _without_leading_title(view.body_html),
        "facts": _facts(record, related),
        "contact": contact,
        "contact_extra": {k: v for k, v in contact.items() if k not in ("name", "email", "phone")},
        "phone_href": "tel:" + re.sub(r"[^\d+]", "", str(phone)) if phone else None,
        "related": view.related,
        "link": safe_url(entry.url),
        "network": company_panel(kb, entry.id) if entry.type.value == "company" else None,
    })
