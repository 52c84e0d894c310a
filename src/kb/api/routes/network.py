"""The company network: GET /api/network (and its exports), /api/companies/{id}/network, /api/network/impact,
/api/opportunities. Computed once per index state (kb.network.service); a request only reads it."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from kb.api.deps import KB
from kb.api.models import ErrorOut
from kb.network import export
from kb.network.models import (
    CardOut,
    ImpactOut,
    NetworkOut,
    OpportunitiesOut,
    OpportunityKind,
)
from kb.network.service import network_service

router = APIRouter()
Repeatable = Annotated[list[str], Query()]
NOT_FOUND = {404: {"model": ErrorOut}}


@router.get("/api/network", response_model=NetworkOut)
def network(kb: KB, region: Repeatable = [], municipality: Repeatable = []):
    """Nodes, edges (supplier → customer, with shares and evidence), each company's figures and exposure, the hubs
    and the clusters; filtered to companies in `region` / `municipality` (and their suppliers and customers)."""
    return Response(network_service(kb).current().json(region, municipality), media_type="application/json")


@router.get("/api/network.graphml", response_class=Response)
def network_graphml(kb: KB, region: Repeatable = [], municipality: Repeatable = []):
    """The network as GraphML (yEd, Gephi, Cytoscape)."""
    view = network_service(kb).current().view(region, municipality)
    return Response(export.graphml(view), media_type="application/graphml+xml",
                    headers={"Content-Disposition": 'attachment; filename="natverk.graphml"'})


@router.get("/api/network.gexf", response_class=Response)
def network_gexf(kb: KB, region: Repeatable = [], municipality: Repeatable = []):
    """The network as GEXF (Gephi)."""
    view = network_service(kb).current().view(region, municipality)
    return Response(export.gexf(view), media_type="application/gexf+xml",
                    headers={"Content-Disposition": 'attachment; filename="natverk.gexf"'})


@router.get("/api/network.csv", response_class=Response)
def network_csv(
    kb: KB, table: Literal["nodes", "edges"] = "edges", region: Repeatable = [], municipality: Repeatable = []
):
    """The network's nodes or edges as CSV (a spreadsheet)."""
    view = network_service(kb).current().view(region, municipality)
    return Response(export.csv_table(view, table), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="natverk-{table}.csv"'})


@router.get("/api/network/impact", response_model=ImpactOut, responses=NOT_FOUND)
def impact(kb: KB, node: Annotated[str, Query(max_length=300)]):
    """What if `node` (a company, an entry or an actor) stops delivering or stops buying: who loses what."""
    return network_service(kb).current().impact(node)


@router.get("/api/companies/{company_id}/network", response_model=CardOut, responses=NOT_FOUND)
def company_network(company_id: str, kb: KB):
    """One company's network card: figures, exposure with reasons, its neighbours, and the opportunities and
    support (programs, experts, courses; closed programs left out) that answer its weaknesses."""
    return network_service(kb).current().card(company_id)


@router.get("/api/opportunities", response_model=OpportunitiesOut, responses=NOT_FOUND)
def list_opportunities(
    kb: KB,
    kind: Annotated[list[OpportunityKind], Query()] = [],
    company: str | None = None,
    region: Repeatable = [],
    municipality: Repeatable = [],
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
):
    """Shared needs, needs that meet offers, and support for the most exposed companies, best first per kind."""
    found = network_service(kb).current().opportunities(kind, company, region, municipality)
    return OpportunitiesOut(opportunities=found[:limit])
