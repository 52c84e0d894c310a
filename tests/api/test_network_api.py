"""The network over HTTP (TestClient, the fixture network's index): JSON, card, what-if, opportunities, exports."""

import csv
import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from kb.api.app import create_app
from kb.network.models import CardOut, NetworkOut


@pytest.fixture(scope="module")
def network_client(network_kb) -> Iterator[TestClient]:
    with TestClient(create_app(kb=network_kb)) as test_client:
        yield test_client


def test_network_has_nodes_edges_companies_hubs_clusters_and_filters(network_client):
    body = network_client.get("/api/network").json()
    NetworkOut.model_validate(body)  # the documented shape is the served one
    assert {"nodes", "edges", "companies", "hubs", "clusters"} <= set(body)
    nodes = {n["id"]: n for n in body["nodes"]}
    assert nodes["alfa-gjuteri"] == {**nodes["alfa-gjuteri"], "kind": "company", "entry_type": "company", "employees": 30}
    alfa = next(e for e in body["edges"] if (e["supplier"], e["customer"]) == ("alfa-gjuteri", "beta-legering"))
    assert alfa["share"] == 0.6 and set(alfa["sources"]) == {"alfa-gjuteri", "beta-legering"}
    gavleborg = network_client.get("/api/network", params={"region": "Gävleborg"}).json()
    assert [c["id"] for c in gavleborg["companies"]] == ["alfa-gjuteri"]
    assert network_client.get("/api/network", params={"municipality": "ingenstans"}).json()["companies"] == []


def test_company_card_impact_and_opportunities(network_client):
    card = network_client.get("/api/companies/alfa-gjuteri/network").json()
    CardOut.model_validate(card)
    assert card["company"]["exposure"] == "high" and card["opportunities"][0]["kind"] == "support"
    impact = network_client.get("/api/network/impact", params={"node": "beta-legering"}).json()
    assert {a["company"]: a["share"] for a in impact["affected"]} == {"alfa-gjuteri": 0.6, "gamma-mek": 0.4, "delta-ytbehandling": 0.3}
    found = network_client.get("/api/opportunities", params=[("kind", "shared-need"), ("kind", "need-offer")]).json()
    assert {o["kind"] for o in found["opportunities"]} == {"shared-need", "need-offer"}
    support = network_client.get("/api/opportunities", params={"kind": "support", "company": "alfa-gjuteri"}).json()
    assert [o["companies"] for o in support["opportunities"]] == [["alfa-gjuteri"]]


def test_unknown_ids_are_404_and_bad_parameters_422(network_client):
    for url in ["/api/companies/finns-inte/network", "/api/network/impact?node=finns-inte",
                "/api/opportunities?company=finns-inte", "/api/companies/salj-program/network"]:
        response = network_client.get(url)
        assert response.status_code == 404 and "no company" in response.json()["detail"], url
    assert network_client.get("/api/opportunities", params={"kind": "annat"}).status_code == 422
    assert network_client.get("/api/network.csv", params={"table": "x"}).status_code == 422
    assert network_client.get("/api/network/impact").status_code == 422
    assert network_client.get("/api/network/impact", params={"node": "x" * 301}).status_code == 422


def test_exports_open_as_graphml_gexf_and_csv(network_client):
    graphml = network_client.get("/api/network.graphml")
    assert graphml.headers["content-type"].startswith("application/graphml+xml")
    root = ET.fromstring(graphml.content)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(root.findall(".//g:node", ns)) == len(network_client.get("/api/network").json()["nodes"])
    gexf = ET.fromstring(network_client.get("/api/network.gexf").content)
    assert gexf.tag.endswith("gexf") and any(el.tag.endswith("edges") for el in gexf.iter())
    edges = list(csv.DictReader(io.StringIO(network_client.get("/api/network.csv", params={"table": "edges"}).text)))
    assert {"supplier", "customer", "share", "evidence"} <= set(edges[0])
    nodes = list(csv.DictReader(io.StringIO(network_client.get("/api/network.csv", params={"table": "nodes"}).text)))
    alfa = next(row for row in nodes if row["id"] == "alfa-gjuteri")
    assert (alfa["exposure"], alfa["largest_customer_share"]) == ("high", "0.6")
