"""The web page: Swedish, server-rendered pages over the same KnowledgeBase, Matcher and stories as the JSON API.

Templates and labels are set up once; the static files' version on first use; a request only
searches and renders. Only `snippet_html` and `body_html` (escaped or sanitised by
the core) are marked safe in the templates; everything else is escaped by Jinja.
"""

import hashlib
import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Coroutine
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError

from api.deps import KB
from kb.entries import REFERENCE_FIELDS, EntryType, entry_to_record
from kb.geography import MUNICIPALITIES
from kb.matching import MAX_DESCRIPTION_CHARS, Matcher, MatchRequest, MatchResponse
from kb.retrieval import Mode
from kb.search import MAX_QUERY_CHARS, InvalidQueryError, SearchQuery, SearchResponse
from kb.stories import Story, stories
from kb.store import StoreError

log = logging.getLogger(__name__)

API_DIR = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = API_DIR / "templates"
STATIC_DIR = API_DIR / "static"
PAGE_SIZE = 10
MAX_PAGE = 1000
FACET_SHOWN = 6  # options of a long facet shown before "Visa alla"

TYPE_LABELS = {
    "case": "Berättelse", "report": "Rapport", "program": "Program", "course": "Utbildning",
    "expert": "Expert", "organization": "Organisation", "company": "Företag", "event": "Evenemang",
}
TYPE_PLURALS = {
    "case": "Berättelser", "report": "Rapporter", "program": "Program", "course": "Utbildningar",
    "expert": "Experter", "organization": "Organisationer", "company": "Företag", "event": "Evenemang",
}
# URL parameter, filter key of SearchQuery, legend.
FACETS = [("typ", "type", "Typ"), ("region", "region", "Region"), ("kommun", "municipality", "Kommun"), ("amne", "topic", "Ämne")]
MODE_LABELS = {Mode.hybrid: "Blandad (rekommenderas)", Mode.semantic: "Efter betydelse", Mode.keyword: "Exakta ord"}
REGIONS = list(MUNICIPALITIES)
ALL_MUNICIPALITIES = sorted(name for names in MUNICIPALITIES.values() for name in names.split())

FIELD_LABELS = {
    "regions": "Region", "municipalities": "Kommun", "topics": "Ämnen", "organizations": "Organisationer",
    "published": "Publicerad", "updated": "Uppdaterad", "language": "Språk",
    "companies": "Företag", "programs": "Program", "hashtags": "Hashtaggar", "image": "Bild",
    "authors": "Författare", "year": "År", "publisher": "Utgivare", "pages": "Sidor",
    "provider": "Anordnare", "format": "Upplägg", "cost": "Kostnad", "eligibility": "Vem kan delta",
    "duration": "Längd", "status": "Status", "audience": "Målgrupp",
    "form": "Utbildningsform", "location": "Plats", "pace": "Studietakt", "credits": "Poäng",
    "places": "Platser", "start": "Start", "distance": "Distans",
    "expertise": "Expertis", "organization": "Organisation", "languages": "Språk", "availability": "Tillgänglighet",
    "kind": "Slags organisation", "website": "Webbplats",
    "sector": "Bransch", "employees": "Anställda", "offers": "Erbjuder", "needs": "Behöver",
    "suppliers": "Leverantörer", "customers": "Kunder", "wants": "Söker",
    "starts": "Börjar", "ends": "Slutar", "organizer": "Arrangör",
}
# Shown elsewhere on the entry page, or not for people.
NOT_FACTS = {"id", "type", "title", "summary", "body", "path", "extra", "contact", "url", "related", "quote", "example"}
COMMON_LAST = ["regions", "municipalities", "topics", "organizations", "published", "updated", "language"]
VALUE_LABELS = {
    "status": {"active": "Öppet", "closed": "Avslutat"},
    "language": {"sv": "Svenska", "en": "Engelska"},
    "wants": {"lia": "LIA-studerande", "exjobb": "Exjobb", "studiebesök": "Studiebesök", "branschråd": "Branschråd",
              "samarbete": "Samarbete med skolor"},
}
LINK_FIELDS = {*REFERENCE_FIELDS, "organizations"}

MATCH_COLUMNS = {
    "foretag": [("program", "Program"), ("expert", "Experter"), ("course", "Utbildningar")],
    "skola": [("company", "Företag"), ("organization", "Organisationer"), ("expert", "Experter")],
}
MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december"]
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}:\d{2}))?)?)?")

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


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
    text = f"{MONTHS[int(month) - 1]} {year}"
    if day:
        text = f"{int(day)} {text}"
    return f"{text} kl. {clock}" if clock else text


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


templates = Jinja2Templates(directory=TEMPLATES_DIR)
templates.env.filters["datum"] = swedish_date
templates.env.filters["safe_url"] = safe_url
templates.env.globals.update(
    type_labels=TYPE_LABELS, static_version=static_version, max_query_chars=MAX_QUERY_CHARS,
)


def page(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def error_page(request: Request, status_code: int, title: str, message: str) -> HTMLResponse:
    return page(request, "error.html", {"title": title, "message": message, "status": status_code}, status_code)


def not_found(request: Request) -> HTMLResponse:
    return error_page(
        request, 404, "Sidan finns inte",
        "Vi hittar ingen sida eller post på den adressen. Den kan ha tagits bort eller bytt namn.",
    )


def page_for_exception(request: Request, exc: Exception) -> HTMLResponse:
    """A Swedish page for anything a page route raises; the details go to the log, never to the user."""
    if isinstance(exc, HTTPException) and exc.status_code == 404:
        return not_found(request)
    if isinstance(exc, (RequestValidationError, HTTPException)) and getattr(exc, "status_code", 400) < 500:
        return error_page(request, 400, "Vi förstod inte adressen",
                          "Adressen innehåller ett värde som vi inte känner igen. Börja om från startsidan.")
    if isinstance(exc, StoreError):
        log.error("page %s: the store is unavailable: %s", request.url.path, exc)
        return error_page(request, 503, "Kunskapsbanken är inte tillgänglig just nu",
                          "Sökningen går inte att använda för tillfället. Försök igen om en stund.")
    log.exception("page %s failed", request.url.path)
    return error_page(request, 500, "Något gick fel",
                      "Ett oväntat fel inträffade hos oss. Försök igen, eller börja om från startsidan.")


class PageRoute(APIRoute):
    """A page route: every exception becomes a Swedish error page, every response gets the security headers."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                response = await handler(request)
            except Exception as exc:  # noqa: BLE001 - no stack trace may reach a user
                response = page_for_exception(request, exc)
            response.headers.update(SECURITY_HEADERS)
            return response

        return page_handler


router = APIRouter(route_class=PageRoute, include_in_schema=False)
Repeatable = Annotated[list[str], Query()]


# ---------------------------------------------------------------- Sök


def _page_number(value: str) -> int:
    return min(int(value), MAX_PAGE) if value.isdigit() and int(value) >= 1 else 1


def _url(path: str, params: list[tuple[str, str]]) -> str:
    return path + ("?" + urlencode(params) if params else "")


def _facet_groups(
    response: SearchResponse, selected: dict[str, list[str]], facets_without: dict[str, dict[str, int]]
) -> list[dict[str, Any]]:
    groups = []
    for param, key, legend in FACETS:
        counts = facets_without.get(key, response.facets.get(key, {}))
        chosen = selected.get(key, [])
        values = list(counts) + [v for v in chosen if v not in counts]
        label = (lambda v: TYPE_PLURALS.get(v, v)) if key == "type" else (lambda v: v)
        options = [
            {"value": v, "label": label(v), "count": counts.get(v, 0), "checked": v in chosen, "id": f"f-{param}-{i}"}
            for i, v in enumerate(values)
        ]
        if not options:
            continue
        shown_count = max(FACET_SHOWN, len(chosen)) if key != "type" else len(options)
        shown = [o for o in options if o["checked"]]
        shown += [o for o in options if not o["checked"]][: shown_count - len(shown)]
        rest = [o for o in options if o not in shown]
        groups.append({"param": param, "legend": legend, "shown": shown, "rest": rest, "active": bool(chosen)})
    return groups


@router.get("/", response_class=HTMLResponse)
def search_page(
    request: Request,
    kb: KB,
    q: str = "",
    typ: Repeatable = [],
    region: Repeatable = [],
    kommun: Repeatable = [],
    amne: Repeatable = [],
    sida: str = "1",
    lage: str = "hybrid",
):
    mode = Mode(lage) if lage in Mode.__members__ else Mode.hybrid
    raw = {"type": [t for t in typ if t in TYPE_LABELS], "region": region, "municipality": kommun, "topic": amne}
    selected = {key: list(dict.fromkeys(v.strip() for v in values if v.strip())) for key, values in raw.items()}
    selected = {key: values for key, values in selected.items() if values}
    number = _page_number(sida)
    context: dict[str, Any] = {
        "active": "search", "q": q, "mode": mode, "modes": MODE_LABELS, "response": None, "error": None,
        "groups": [], "chips": [], "pages": [], "page_number": number,
    }
    base = [(p, v) for p, key, _ in FACETS for v in selected.get(key, [])]
    if mode is not Mode.hybrid:
        base.append(("lage", mode.value))
    context["clear_url"] = _url("/", [("q", q)] + ([("lage", mode.value)] if mode is not Mode.hybrid else []))
    if not q.strip():
        return page(request, "search.html", context)
    if len(q) > MAX_QUERY_CHARS:
        context["error"] = f"Sökfrågan är för lång: högst {MAX_QUERY_CHARS} tecken."
        return page(request, "search.html", context, 400)
    try:
        response = kb.search(SearchQuery(q, selected, PAGE_SIZE, (number - 1) * PAGE_SIZE, mode))
        # A chosen filter's own counts ignore that filter, so other values stay visible to add.
        facets_without = {
            key: kb.search(SearchQuery(q, {k: v for k, v in selected.items() if k != key}, 1, 0, mode)).facets[key]
            for key in selected
        }
    except InvalidQueryError:
        context["error"] = "Sökningen gick inte att göra. Prova med andra ord."
        return page(request, "search.html", context, 400)
    with_q = [("q", q)] + base
    pages_total = max(1, math.ceil(response.total / PAGE_SIZE))
    context.update(
        response=response,
        groups=_facet_groups(response, selected, facets_without),
        chips=[
            {"label": f"{legend}: {TYPE_LABELS.get(v, v) if key == 'type' else v}",
             "url": _url("/", [pair for pair in with_q if pair != (param, v)])}
            for param, key, legend in FACETS for v in selected.get(key, [])
        ],
        pages_total=pages_total,
        first_shown=(number - 1) * PAGE_SIZE + 1,
        last_shown=(number - 1) * PAGE_SIZE + len(response.results),
        page_url=lambda n: _url("/", with_q + ([("sida", str(n))] if n > 1 else [])),
        pages=[n for n in range(1, pages_total + 1) if n in (1, pages_total) or abs(n - number) <= 2],
    )
    return page(request, "search.html", context)


# ---------------------------------------------------------------- Post


def _fact_values(name: str, value: Any, related: dict[str, dict[str, str]]) -> list[dict[str, str | None]]:
    values = value if isinstance(value, list) else [value]
    items = []
    for v in values:
        if v is None or v == "":
            continue
        if isinstance(v, bool):
            text = "Ja" if v else "Nej"
        elif name in ("published", "updated", "starts", "ends", "start"):
            text = swedish_date(v)
        elif name == "hashtags":
            text = "#" + str(v).lstrip("#")
        else:
            text = VALUE_LABELS.get(name, {}).get(str(v), str(v))
        href = None
        if name in LINK_FIELDS and v in related:
            text, href = related[v]["title"], f"/entry/{v}"
        elif name == "website":
            href = safe_url(v)
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
            facts.append({"label": FIELD_LABELS.get(name, name.replace("_", " ").capitalize()), "values": values})
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
    })


# ---------------------------------------------------------------- Matcha


@router.get("/match", response_class=HTMLResponse)
def match_page(
    request: Request,
    kb: KB,
    beskrivning: str | None = None,
    region: str = "",
    kommun: str = "",
    for_: Annotated[str, Query(alias="for")] = "foretag",
):
    asker = "skola" if for_ == "skola" else "foretag"
    region = region if region in REGIONS else ""
    context: dict[str, Any] = {
        "active": "match", "asker": asker, "description": beskrivning or "", "region": region, "kommun": kommun,
        "regions": REGIONS, "municipalities": ALL_MUNICIPALITIES, "max_chars": MAX_DESCRIPTION_CHARS,
        "error": None, "result": None, "columns": [],
    }
    if beskrivning is None:  # the form, not yet sent
        return page(request, "match.html", context)
    if not beskrivning.strip():
        context["error"] = (
            "Skriv några meningar om er skola och vad ni söker, så letar vi fram partner."
            if asker == "skola" else
            "Skriv några meningar om ert företag och vad ni behöver, så letar vi fram stöd som passar."
        )
        return page(request, "match.html", context, 400)
    columns = MATCH_COLUMNS[asker]
    try:
        match_request = MatchRequest(
            description=beskrivning, region=region or None, municipality=kommun.strip() or None,
            targets=[EntryType(key) for key, _ in columns],
        )
    except ValidationError:
        context["error"] = f"Beskrivningen är för lång: högst {MAX_DESCRIPTION_CHARS} tecken."
        return page(request, "match.html", context, 400)
    try:
        result: MatchResponse = Matcher(kb).match(match_request)
    except InvalidQueryError:
        context["error"] = "Vi kunde inte tolka beskrivningen. Prova att skriva den med andra ord."
        return page(request, "match.html", context, 400)
    context.update(
        result=result,
        columns=[
            {"key": key, "heading": heading, "items": result.groups.get(key, []), "note": result.notes.get(key)}
            for key, heading in columns
        ],
    )
    return page(request, "match.html", context)


# ---------------------------------------------------------------- Berättelser


@router.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request, kb: KB, q: str = "", amne: str = "", region: str = ""):
    everything: list[Story] = stories(kb)
    topics = Counter(topic for story in everything for topic in story.topics)
    regions = Counter(r for story in everything for r in story.regions)
    context: dict[str, Any] = {
        "active": "stories", "q": q, "amne": amne, "region": region, "error": None,
        "topics": sorted(topics.items(), key=lambda kv: (-kv[1], kv[0])),
        "regions": sorted(regions.items(), key=lambda kv: (-kv[1], kv[0])),
        "filtered": bool(q.strip() or amne or region),
    }
    if len(q) > MAX_QUERY_CHARS:
        context.update(stories=[], error=f"Sökfrågan är för lång: högst {MAX_QUERY_CHARS} tecken.")
        return page(request, "stories.html", context, 400)
    found = stories(kb, q, [amne] if amne else [], [region] if region else []) if context["filtered"] else everything
    context["stories"] = found
    return page(request, "stories.html", context)
