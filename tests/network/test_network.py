"""The fixture network's known answers: edges and shares, figures, exposure, hubs, what-if, clusters, opportunities."""

import pytest

from kb.network.models import UnknownNodeError
from kb.network.service import network_service

STAL = "actor:stålservice-norr"
NORDSTAL = "actor:nordstål"
GROUP = "group:kommunala-fastighetsbolag-i-gävleborg"


def edge(network, supplier, customer):
    [found] = [e for e in network.edges if (e.supplier, e.customer) == (supplier, customer)]
    return found


def test_a_name_written_three_ways_is_one_node_and_titles_resolve_to_entries(fixture_network):
    nodes = fixture_network.nodes
    assert nodes[STAL].kind == "actor" and nodes[STAL].label == "Stålservice Norr AB"
    assert {e.customer for e in fixture_network.edges if e.supplier == STAL} == {"alfa-gjuteri", "gamma-mek", "delta-ytbehandling"}
    # "Beta Legering AB", "Gamma Mek", "Epsilon Kran AB": titles, not ids, and still the entries
    assert set(edge(fixture_network, "alfa-gjuteri", "beta-legering").sources) == {"alfa-gjuteri", "beta-legering"}
    assert set(edge(fixture_network, "delta-ytbehandling", "epsilon-kran").sources) == {"delta-ytbehandling", "epsilon-kran"}
    assert edge(fixture_network, "zeta-form", "group:verktygsgrossister-i-norden").sources == ["zeta-form"]
    assert nodes["epsilon-kran"].kind == "company" and nodes[GROUP].kind == "group"
    assert nodes[NORDSTAL].abroad and nodes[NORDSTAL].country == "Finland"


def test_shares_from_front_matter_sentence_list_and_table_with_their_evidence(fixture_network):
    front = edge(fixture_network, "alfa-gjuteri", "beta-legering")
    assert [(c.source, c.share, c.origin) for c in front.claims] == [  # beat "Hälften" and the 55 % row
        ("alfa-gjuteri", 0.6, "front-matter"), ("beta-legering", 0.5, "front-matter"),
    ]
    assert front.share == 0.6  # the sides disagree: the supplier's word on its own sales is shown, both are kept
    assert front.disagreement == "Uppgifterna skiljer sig: Alfa Gjuteri AB 60 % och Beta Legering AB 50 %"
    table = edge(fixture_network, "gamma-mek", "beta-legering")
    assert table.share == 0.4 and table.evidence == ["Leverantör: Gamma Mek AB; Andel av leverantörens försäljning: 40 %"]
    # the customer's table spoke of its supplier's sales: one claim, shown as the edge's own share and evidence
    listed = edge(fixture_network, "gamma-mek", "epsilon-kran")
    assert listed.share == 0.25 and listed.evidence == ["Så fördelar sig försäljningen: … Epsilon Kran: en fjärdedel"]
    sentence = edge(fixture_network, "delta-ytbehandling", "beta-legering")
    assert sentence.share == 0.3 and sentence.evidence == ["Drygt 30 procent av försäljningen går till Beta Legering."]
    # "Energin per ton minskade med 25 procent", "15 procent av personalen": no share anywhere else
    assert {(e.supplier, e.customer) for e in fixture_network.edges if e.share is not None} == {
        ("alfa-gjuteri", "beta-legering"), ("gamma-mek", "beta-legering"), ("gamma-mek", "epsilon-kran"),
        ("delta-ytbehandling", "beta-legering"),
    }


def test_company_figures_and_exposure_with_reasons(fixture_network):
    alfa = fixture_network.cards["alfa-gjuteri"]
    assert (alfa.largest_customer_share, alfa.hhi, alfa.exposure) == (0.6, 0.36, "high")
    assert alfa.reasons[0] == "En kund står för ca 60 % av försäljningen (Beta Legering AB)"
    assert alfa.shares_supplier_with == ["delta-ytbehandling", "gamma-mek"]
    assert "Delar leverantör med 2 andra företag i regionen" in alfa.reasons
    assert alfa.programs == ["salj-program"] and "Har deltagit i 1 program" in alfa.reasons
    gamma = fixture_network.cards["gamma-mek"]
    assert (gamma.largest_customer_share, gamma.hhi, gamma.exposure) == (0.4, 0.2225, "medium")
    assert gamma.shares_customer_with == ["delta-ytbehandling", "alfa-gjuteri"]  # two customers in common, then one
    assert (gamma.shares_customer_count, gamma.shares_supplier_count) == (2, 2)
    zeta = fixture_network.cards["zeta-form"]
    assert zeta.exposure == "high"
    assert zeta.reasons[0] == "En enda leverantör av specialstål, utomlands (Nordstål Oy, Finland)"
    assert "Har inte deltagit i något program" in zeta.reasons
    epsilon = fixture_network.cards["epsilon-kran"]  # sells only to a group: unknown is not low
    assert epsilon.exposure != "low" and epsilon.largest_customer_share is None
    assert epsilon.missing == ["Okänt hur stor del av försäljningen varje kund står för"]


def test_hubs_are_the_single_points_of_failure_and_groups_never_are(fixture_network):
    hubs = {(h.node, h.role): h.dependents for h in fixture_network.hubs}
    assert hubs[(STAL, "supplier")] == ["alfa-gjuteri", "delta-ytbehandling", "gamma-mek"]
    assert hubs[("beta-legering", "customer")] == ["alfa-gjuteri", "delta-ytbehandling", "gamma-mek"]
    assert hubs[(NORDSTAL, "supplier")] == ["epsilon-kran", "zeta-form"]
    assert not any(node.startswith("group:") for node, _ in hubs)
    # two companies sell to the same group, yet they do not share a customer
    assert "epsilon-kran" not in fixture_network.cards["delta-ytbehandling"].shares_customer_with


def test_what_if_a_customer_stops_buying_or_a_supplier_stops_delivering(fixture_network):
    losses = {loss.company: loss for loss in fixture_network.impact("beta-legering").affected}
    assert {c: (l.loses, l.share) for c, l in losses.items()} == {
        "alfa-gjuteri": ("customer", 0.6), "gamma-mek": ("customer", 0.4), "delta-ytbehandling": ("customer", 0.3),
    }
    assert losses["alfa-gjuteri"].only and losses["alfa-gjuteri"].reason.startswith("Förlorar sin enda kund")
    assert losses["gamma-mek"].reason == "Förlorar ca 40 % av försäljningen"
    steel = {loss.company: loss for loss in fixture_network.impact(NORDSTAL).affected}
    assert steel["zeta-form"].only and steel["epsilon-kran"].only  # each loses its only supplier of specialstål
    assert steel["zeta-form"].reason == "Förlorar sin enda leverantör av specialstål"
    with pytest.raises(UnknownNodeError):
        fixture_network.impact("finns-inte")


def test_clusters_group_connected_companies_named_by_what_they_share(fixture_network):
    members = [set(c.members) for c in fixture_network.clusters]
    assert all(len(m) >= 2 for m in members)
    assert len(set().union(*members)) == sum(len(m) for m in members)  # each company in one cluster at most
    steel = next(c for c in fixture_network.clusters if "zeta-form" in c.members)
    assert "epsilon-kran" in steel.members
    assert all(c.label for c in fixture_network.clusters)
    assert fixture_network.cards["zeta-form"].cluster == steel.id


def test_shared_need_need_meets_offer_and_support_without_closed_programs(fixture_network):
    shared = [o for o in fixture_network.found if o.kind == "shared-need"]
    assert [sorted(o.companies) for o in shared] == [["epsilon-kran", "zeta-form"]]  # kranförare, two wordings
    assert set(shared[0].wordings.values()) == {"personal med kranförarbevis", "kranförare med behörighet"}
    meets = [o for o in fixture_network.found if o.kind == "need-offer"]
    assert [(o.companies, o.offer) for o in meets] == [(["gamma-mek", "delta-ytbehandling"], "robotceller för slipning och blästring")]
    support = fixture_network.support("alfa-gjuteri")
    assert support.kind == "support" and support.companies == ["alfa-gjuteri"]
    assert "salj-program" in support.entries and "salj-program-stangt" not in support.entries
    assert support.reason == "Svarar mot: En kund står för ca 60 % av försäljningen (Beta Legering AB)"
    listed = fixture_network.opportunities(kinds=["support"], company="alfa-gjuteri")
    assert listed == [support]


def test_filters_keep_companies_of_the_region_and_their_partners(fixture_network):
    view = fixture_network.view(["gävleborg"])
    assert [c.id for c in view.companies] == ["alfa-gjuteri"]
    assert {n.id for n in view.nodes} == {"alfa-gjuteri", "beta-legering", STAL}
    assert {h.node for h in view.hubs} == {STAL, "beta-legering"}
    assert fixture_network.view([], ["Orsa"]).companies[0].id == "zeta-form"
    assert fixture_network.view(["Värmland"]).companies == []


def test_the_network_is_computed_once_per_index_state(network_kb, fixture_network):
    service = network_service(network_kb)
    assert service.current() is fixture_network
    assert fixture_network.json() is fixture_network.json()  # made once per scope, then only sent


def test_made_up_places_are_answered_but_not_kept(fixture_network):
    assert fixture_network.view(["Atlantis"]).companies == []
    assert fixture_network.json(["Atlantis"])
    assert ("atlantis",) not in {key[0] for key in fixture_network._views} | {key[0] for key in fixture_network._json}
    assert fixture_network.view(["Dalarna"]) is fixture_network.view(["dalarna"])  # a known place is kept


def test_an_index_change_that_touches_no_relation_takes_the_clusters_and_opportunities_over(network_kb, fixture_network):
    again = network_service(network_kb).build("another revision")  # the same entries, a new index state
    assert again is not fixture_network and again.clusters is fixture_network.clusters
    assert again.found is fixture_network.found and again.cards == fixture_network.cards
