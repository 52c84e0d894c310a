"""Sök: one search box, filters with counts, result cards with highlights and reasons, ten a page."""

import math
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from kb import labels
from kb.api.deps import KB
from kb.api.web.errors import PageRoute
from kb.api.web.templating import page
from kb.search.mode import Mode
from kb.search.query import MAX_QUERY_CHARS, InvalidQueryError, SearchQuery
from kb.search.results import SearchResponse

router = APIRouter(route_class=PageRoute, include_in_schema=False)
Repeatable = Annotated[list[str], Query()]

PAGE_SIZE = 10
MAX_PAGE = 1000
FACET_SHOWN = 6  # options of a long facet shown before "Visa alla"
# URL parameter (Swedish, shareable) -> filter key of SearchQuery.
FACET_PARAMS = {"typ": "type", "region": "region", "kommun": "municipality", "amne": "topic"}
MODES = {mode: labels.MODE_LABELS[mode.value] for mode in Mode}


def _page_number(value: str) -> int:
    return min(int(value), MAX_PAGE) if value.isdigit() and int(value) >= 1 else 1


def _url(path: str, params: list[tuple[str, str]]) -> str:
    return path + ("?" + urlencode(params) if params else "")


def _value_label(key: str, value: str) -> str:
    return labels.TYPE_PLURALS.get(value, value) if key == "type" else value


def _facet_groups(response: SearchResponse, selected: dict[str, list[str]]) -> list[dict[str, Any]]:
    groups = []
    for param, key in FACET_PARAMS.items():
        counts = response.facets.get(key, {})
        chosen = selected.get(key, [])
        values = list(counts) + [v for v in chosen if v not in counts]
        options = [
            {"value": v, "label": _value_label(key, v), "count": counts.get(v, 0), "checked": v in chosen,
             "id": f"f-{param}-{i}"}
            for i, v in enumerate(values)
        ]
        if not options:
            continue
        shown_count = max(FACET_SHOWN, len(chosen)) if key != "type" else len(options)
        shown = [o for o in options if o["checked"]]
        shown += [o for o in options if not o["checked"]][: shown_count - len(shown)]
        rest = [o for o in options if o not in shown]
        groups.append({"param": param, "legend": labels.FACET_LEGENDS[key], "shown": shown, "rest": rest,
                       "active": bool(chosen)})
    return groups


def _understood_chips(response: SearchResponse, base: list[tuple[str, str]]) -> list[dict[str, str | None]]:
    """What the query was read as: each place a chip whose ✕ searches without it; what a school asks for; and
    for an English query the Swedish words also looked for."""
    understood = response.understood
    chips: list[dict[str, str | None]] = [
        {"label": labels.place_chip(place.name), "title": labels.WITHOUT_PLACE,
         "url": _url("/", [("q", understood.without_place(response.query, place)), *base])}
        for place in understood.places
    ]
    chips += [{"label": labels.intent_chip(intent), "title": None, "url": None} for intent in understood.intents]
    swedish = [word for t in understood.translated for word in t.swedish]
    if swedish:
        chips.append({"label": labels.also_swedish(list(dict.fromkeys(swedish))[:6]), "title": None, "url": None})
    return chips


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
    raw = {"type": [t for t in typ if t in labels.TYPE_LABELS], "region": region, "municipality": kommun, "topic": amne}
    selected = {key: list(dict.fromkeys(v.strip() for v in values if v.strip())) for key, values in raw.items()}
    selected = {key: values for key, values in selected.items() if values}
    number = _page_number(sida)
    context: dict[str, Any] = {
        "active": "search", "q": q, "mode": mode, "modes": MODES, "response": None, "error": None,
        "groups": [], "chips": [], "pages": [], "page_number": number,
    }
    base = [(param, v) for param, key in FACET_PARAMS.items() for v in selected.get(key, [])]
    if mode is not Mode.hybrid:
        base.append(("lage", mode.value))
    context["clear_url"] = _url("/", [("q", q)] + ([("lage", mode.value)] if mode is not Mode.hybrid else []))
    if not q.strip():
        return page(request, "search.html", context)
    if len(q) > MAX_QUERY_CHARS:
        context["error"] = labels.query_too_long(MAX_QUERY_CHARS)
        return page(request, "search.html", context, 400)
    try:
        response = kb.search(SearchQuery(q, selected, PAGE_SIZE, (number - 1) * PAGE_SIZE, mode))
    except InvalidQueryError:
        context["error"] = labels.SEARCH_FAILED
        return page(request, "search.html", context, 400)
    with_q = [("q", q)] + base
    pages_total = max(1, math.ceil(response.total / PAGE_SIZE))
    context.update(
        response=response,
        understood=_understood_chips(response, base),
        suggestions=labels.SEARCH_SUGGESTIONS,
        groups=_facet_groups(response, selected),
        chips=[
            {"label": f"{labels.FACET_LEGENDS[key]}: {labels.TYPE_LABELS.get(v, v) if key == 'type' else v}",
             "url": _url("/", [pair for pair in with_q if pair != (param, v)])}
            for param, key in FACET_PARAMS.items() for v in selected.get(key, [])
        ],
        pages_total=pages_total,
        first_shown=(number - 1) * PAGE_SIZE + 1,
        last_shown=(number - 1) * PAGE_SIZE + len(response.results),
        page_url=lambda n: _url("/", with_q + ([("sida", str(n))] if n > 1 else [])),
        pages=[n for n in range(1, pages_total + 1) if n in (1, pages_total) or abs(n - number) <= 2],
    )
    return page(request, "search.html", context)
