"""The pages' Jinja set-up: templates, the filters they use, and the static files' version.

Made once per app (`make_templates`, kept on `app.state`); a request only renders. Only
`snippet_html` and `body_html` (escaped or sanitised by the core) are marked safe in the
templates; everything else is escaped by Jinja.
"""

import hashlib
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from kb import labels
from kb.search.query import MAX_QUERY_CHARS

WEB_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}:\d{2}))?)?)?")


def swedish_date(value: date | str | None) -> str:
    """'2019-04-08' → '8 april 2019'; '2018-06' → 'juni 2018'; a time is kept ('kl. 09:00')."""
    if value is None or value == "":
        return ""
    found = _DATE.match(value.isoformat() if isinstance(value, date) else str(value))
    if not found:
        return str(value)
    year, month, day, clock = found.groups()
    if not month or not 1 <= int(month) <= 12:
        return year
    text = f"{labels.MONTHS[int(month) - 1]} {year}"
    if day:
        text = f"{int(day)} {text}"
    return f"{text} {labels.AT_CLOCK} {clock}" if clock else text


def safe_url(value: Any) -> str | None:
    """The address if it is an http(s) link, else None (a `javascript:` URL never becomes a link)."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") and "//" in url else None


@lru_cache(maxsize=1)
def static_version() -> str:
    """A hash of the static files, so browsers fetch them anew after a change; computed on first use."""
    digest = hashlib.sha256()
    for path in sorted(STATIC_DIR.glob("*")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=TEMPLATES_DIR)
    templates.env.filters["datum"] = swedish_date
    templates.env.filters["safe_url"] = safe_url
    templates.env.globals.update(
        type_labels=labels.TYPE_LABELS, static_version=static_version, max_query_chars=MAX_QUERY_CHARS,
    )
    return templates


def page(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status_code)
