"""Nätverk: the company network drawn as SVG, the most exposed companies, hubs, clusters and opportunities.

Also the network card that a company's entry page shows (`company_panel`).
"""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from kb import labels
from kb.api.deps import KB
from kb.api.web.errors import PageRoute
from kb.api.web.templating import page
from kb.network.models import NetworkOut
from kb.network.picture import MAX_DRAWN, SIZE, SMALL
from kb.network.service import Network, network_service
from kb.search.service import KnowledgeBase
from kb.text.places import PROGRAM_REGIONS

router = APIRouter(route_class=PageRoute, include_in_schema=False)
REGIONS = list(PROGRAM_REGIONS)
SHOWN = 10  # companies, hubs and opportunities of each kind listed below the picture
SUPPORT_SHOWN = 3  # exposed companies whose support the page asks matching for (each is one search)


def _title(network: Network, entry_id: str) -> str:
    entry = network.graph.entries.get(entry_id)
    return entry.title if entry else network.graph.label(entry_id)


def _drawn(network: Network, view: NetworkOut, cluster: str, company: str, node: str) -> tuple[set[str], str | None, str | None]:
    """What the picture shows: a company's or node's neighbourhood, a cluster, or the whole when it is small
    enough (else its biggest cluster). Returns (node ids, focus, a note for the reader)."""
    focus = company or node
    if focus and focus in network.nodes:
        return network.neighbourhood(focus), focus, None
    chosen = next((c for c in view.clusters if c.id == cluster), None)
    if chosen is None and sum(n.kind != "group" for n in view.nodes) > MAX_DRAWN and view.clusters:
        chosen, note = view.clusters[0], labels.NETWORK_TOO_BIG
    else:
        note = None
    if chosen is not None:
        ids = set(chosen.members)
        ids |= {e.supplier for e in view.edges if e.customer in ids} | {e.customer for e in view.edges if e.supplier in ids}
    else:
        ids = {n.id for n in view.nodes}
    # Groups ("Byggföretag i Mellansverige") link nobody: beyond one company's neighbourhood they only crowd the picture.
    return {i for i in ids if network.nodes[i].kind != "group"}, None, note


@router.get("/natverk", response_class=HTMLResponse)
def network_page(
    request: Request,
    kb: KB,
    region: str = "",
    kommun: str = "",
    kluster: Annotated[str, Query(max_length=100)] = "",
    foretag: Annotated[str, Query(max_length=300)] = "",
    nod: Annotated[str, Query(max_length=300)] = "",
):
    network = network_service(kb).current()
    region = region if region in REGIONS else ""
    regions, municipalities = [region] if region else [], [kommun.strip()] if kommun.strip() else []
    view = network.view(regions, municipalities)
    ids, focus, note = _drawn(network, view, kluster, foretag, nod)
    order = {"high": 0, "medium": 1, "low": 2}
    exposed = sorted(view.companies, key=lambda c: (order[c.exposure], -(c.largest_customer_share or 0), c.label))
    found = network.opportunities(regions=regions, municipalities=municipalities, support_limit=SUPPORT_SHOWN)
    by_kind = {kind: [o for o in found if o.kind == kind][:SHOWN] for kind in labels.OPPORTUNITY_LABELS}
    companies_here = sorted({m for c in network.cards.values() for m in c.municipalities})
    return page(request, "network.html", {
        "active": "network", "region": region, "kommun": kommun, "regions": REGIONS, "municipalities": companies_here,
        "view": view, "picture": network.picture(ids, focus, SIZE),
        "note": note, "drawn_note": labels.drawn_part(len({i for i in ids if i in network.cards}), len(view.companies)),
        "exposed": exposed[:SHOWN], "exposed_total": len(exposed), "hubs": view.hubs[:SHOWN],
        "clusters": view.clusters, "cluster": kluster, "opportunities": by_kind,
        "impact": network.impact(nod) if nod in network.nodes else None,
        "title_of": lambda entry_id: _title(network, entry_id), "labels": labels,
        "focus_label": network.graph.label(focus) if focus else None,
        "export_query": request.url.query,
    })


def company_panel(kb: KnowledgeBase, company_id: str) -> dict[str, Any] | None:
    """A company entry page's network card and a small picture of its neighbourhood (None for other entries)."""
    network = network_service(kb).current()
    if company_id not in network.cards:
        return None
    return {
        "card": network.card(company_id), "picture": network.picture(network.neighbourhood(company_id), company_id, SMALL),
        "title_of": lambda entry_id: _title(network, entry_id), "labels": labels,
    }
