"""What the graph tells per company and for the region: concentration, exposure with reasons, hubs, clusters, what if.

Exposure (docs/network.md has the table): high when one customer takes half the sales or more, when sales
are concentrated (HHI ≥ 0.25) or when the only supplier of an input is abroad; medium for a customer of a
quarter or more, HHI ≥ 0.15, an only supplier at home, a supplier shared with other companies, or when
the shares are not known (unknown is not low); low otherwise.
"""

import random
from collections import Counter
from dataclasses import dataclass

import igraph
import networkx as nx

from kb import labels
from kb.network.graph import Graph, Link
from kb.network.models import (
    ClusterOut,
    CompanyOut,
    HubOut,
    ImpactOut,
    LossOut,
    Partner,
    UnknownNodeError,
)

HIGH_SHARE, MEDIUM_SHARE = 0.50, 0.25
HIGH_HHI, MEDIUM_HHI = 0.25, 0.15
SHARED_SHOWN = 25  # companies listed as sharing a supplier (or customer); a wholesaler may serve hundreds
OVER_WHOLE = 0.02  # customer shares that add up to more than 102 % of the sales cannot all be right
COMMUNITY_SEED = 7  # Louvain is randomised: a fixed seed gives the same clusters for the same network


@dataclass
class Signal:
    level: str  # "high" or "medium"; "" for a reason that explains but does not rate
    reason: str
    about: str  # "customer", "supplier", "shared" or "program": what support would answer it


def links_by(graph: Graph) -> tuple[dict[str, list[Link]], dict[str, list[Link]]]:
    """Each node's links in (what it buys) and out (what it sells)."""
    into: dict[str, list[Link]] = {node: [] for node in graph.nodes}
    out: dict[str, list[Link]] = {node: [] for node in graph.nodes}
    for link in graph.links.values():
        into[link.customer].append(link)
        out[link.supplier].append(link)
    return into, out


def partners(graph: Graph, company_id: str) -> tuple[list[Partner], list[Partner]]:
    """A company's suppliers and customers, each with what is known of it (for its card)."""

    def partner(node_id: str, link: Link) -> Partner:
        node = graph.nodes[node_id]
        return Partner(
            node=node_id, label=node.label, kind=node.kind, share=link.share(),
            evidence=[c.evidence for c in link.claims() if c.evidence], supplies=link.supplies,
            abroad=node.abroad, country=node.country,
        )

    links = graph.links.values()
    return ([partner(link.supplier, link) for link in links if link.customer == company_id],
            [partner(link.customer, link) for link in links if link.supplier == company_id])


def sole_suppliers(graph: Graph, supplied: list[Link]) -> list[Link]:
    """The only supplier of an input (by `supplies`), or the one named supplier when a company has just one."""
    named = [link for link in supplied if graph.nodes[link.supplier].kind != "group"]
    by_input = Counter(link.supplies.casefold() for link in supplied if link.supplies)
    sole = [link for link in named if link.supplies and by_input[link.supplies.casefold()] == 1]
    if len(supplied) == 1 and named and named[0] not in sole:
        sole.append(named[0])
    return sole


def companies(graph: Graph) -> tuple[dict[str, CompanyOut], dict[str, list[Signal]]]:
    """Each company's card, and the signals behind its exposure (for the support that answers them)."""
    into, out = links_by(graph)
    buyers = {node: {link.customer for link in links if link.customer in graph.companies} for node, links in out.items()}
    sellers = {node: {link.supplier for link in links if link.supplier in graph.companies} for node, links in into.items()}
    cards, signals_of = {}, {}
    for company_id, entry in graph.companies.items():
        supplied, sold = into[company_id], out[company_id]
        named_suppliers = [link.supplier for link in supplied if graph.nodes[link.supplier].kind != "group"]
        named_customers = [link.customer for link in sold if graph.nodes[link.customer].kind != "group"]
        with_supplier = Counter(c for s in named_suppliers for c in buyers[s] if c != company_id)
        with_customer = Counter(c for n in named_customers for c in sellers[n] if c != company_id)
        # A group ("Byggföretag i Mellansverige") is many customers: its share says nothing of one basket.
        shares = [(link.share(), link) for link in sold if link.share() is not None and link.customer in named_customers]
        largest = max(shares, key=lambda item: item[0]) if shares else None
        hhi = round(sum(share * share for share, _ in shares), 4) if shares else None
        signals, missing = _signals(graph, supplied, sold, shares, largest, hhi, with_supplier, with_customer)
        programs = graph.programs.get(company_id, [])
        signals.append(Signal("", labels.took_part(len(programs)) if programs else labels.NO_PROGRAM, "program"))
        level = "high" if any(s.level == "high" for s in signals) else "medium" if any(s.level for s in signals) or missing else "low"
        cards[company_id] = CompanyOut(
            id=company_id, label=entry.title, regions=entry.regions, municipalities=entry.municipalities,
            employees=entry.employees,
            suppliers=[link.supplier for link in supplied], customers=[link.customer for link in sold],
            largest_customer_share=round(largest[0], 4) if largest else None, hhi=hhi, exposure=level,
            reasons=[s.reason for s in sorted(signals, key=lambda s: {"high": 0, "medium": 1, "": 2}[s.level])],
            missing=missing, shares_supplier_with=_most_shared(with_supplier), shares_customer_with=_most_shared(with_customer),
            shares_supplier_count=len(with_supplier), shares_customer_count=len(with_customer),
            programs=programs, events=graph.events.get(company_id, []),
        )
        signals_of[company_id] = signals
    return cards, signals_of


def _most_shared(counts: Counter[str]) -> list[str]:
    """Those sharing the most suppliers (or customers) first, then by id; at most SHARED_SHOWN."""
    return [c for c, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:SHARED_SHOWN]]


def _signals(graph, supplied, sold, shares, largest, hhi, with_supplier, with_customer) -> tuple[list[Signal], list[str]]:
    signals: list[Signal] = []
    missing: list[str] = []
    if largest is not None:
        share, link = largest
        name = graph.name(link.customer)
        if share >= HIGH_SHARE:
            signals.append(Signal("high", labels.largest_customer(share, name), "customer"))
        elif share >= MEDIUM_SHARE:
            signals.append(Signal("medium", labels.biggest_customer(share, name), "customer"))
        total = sum(s for s, _ in shares)
        if total > 1 + OVER_WHOLE:
            signals.append(Signal("medium", labels.shares_over_hundred(total), "customer"))
    if hhi is not None and (largest is None or largest[0] < HIGH_SHARE):
        if hhi >= HIGH_HHI:
            signals.append(Signal("high", labels.concentrated(hhi), "customer"))
        elif hhi >= MEDIUM_HHI and (largest is None or largest[0] < MEDIUM_SHARE):
            signals.append(Signal("medium", labels.concentrated(hhi), "customer"))
    for link in sole_suppliers(graph, supplied):
        node = graph.nodes[link.supplier]
        reason = labels.sole_supplier(graph.name(link.supplier), link.supplies, node.country, node.abroad)
        signals.append(Signal("high" if node.abroad else "medium", reason, "supplier"))
    if with_supplier:
        signals.append(Signal("medium", labels.shares_supplier(len(with_supplier)), "shared"))
    if with_customer:
        signals.append(Signal("", labels.shares_customer(len(with_customer)), "shared"))
    if not sold:
        missing.append(labels.NO_CUSTOMERS)
    elif not shares:
        missing.append(labels.NO_CUSTOMER_SHARES)
    elif len(shares) < sum(1 for link in sold if graph.nodes[link.customer].kind != "group"):
        signals.append(Signal("", labels.SOME_CUSTOMER_SHARES, "customer"))
    if not supplied:
        missing.append(labels.NO_SUPPLIERS)
    return signals, missing


def hubs(graph: Graph) -> list[HubOut]:
    """Suppliers and customers that two or more companies depend on: the single points of failure."""
    into, out = links_by(graph)
    found = []
    for node_id, node in graph.nodes.items():
        if node.kind == "group":
            continue
        for role, links, other in (("supplier", out[node_id], "customer"), ("customer", into[node_id], "supplier")):
            dependents = sorted({getattr(link, other) for link in links} & graph.companies.keys())
            if len(dependents) >= 2:
                found.append(HubOut(node=node_id, label=node.label, kind=node.kind, role=role, dependents=dependents))
    return sorted(found, key=lambda hub: (-len(hub.dependents), hub.label))


def undirected(graph: Graph) -> nx.Graph:
    """Companies and the actors between them (groups are no actor, so they link nobody)."""
    g = nx.Graph()
    g.add_nodes_from(node_id for node_id, node in graph.nodes.items() if node.kind != "group")
    g.add_edges_from(pair for pair in graph.links if all(graph.nodes[n].kind != "group" for n in pair))
    return g


def communities(g: nx.Graph) -> list[set[str]]:
    """Louvain communities, by igraph's multilevel algorithm (in C: 0.28 s where networkx's took 1.5 s for
    2,600 nodes and 8,000 links), with a seeded random generator so a network always gives the same ones."""
    if g.number_of_edges() == 0:
        return [{node} for node in g.nodes]
    linked = igraph.Graph.TupleList(g.edges(), directed=False)
    igraph.set_random_number_generator(random.Random(COMMUNITY_SEED))
    try:
        found = [{linked.vs[i]["name"] for i in members} for members in linked.community_multilevel()]
    finally:
        igraph.set_random_number_generator(random)  # igraph's generator is global: give it back as it was
    return found + [{node} for node in g.nodes if g.degree(node) == 0]


def clusters(graph: Graph) -> list[ClusterOut]:
    """Communities (Louvain) of two or more companies, named by what their members share."""
    g = undirected(graph)
    found = []
    for community in communities(g):
        members = sorted(n for n in community if n in graph.companies)
        if len(members) < 2:
            continue
        inside = g.subgraph(community)
        linked = {n: sum(1 for m in inside[n] if m in graph.companies) for n in community}
        shared = sorted((n for n in community if linked[n] >= 2), key=lambda n: (-linked[n], n))
        central = shared[0] if shared else max(members, key=lambda n: (inside.degree(n), n))
        topics = Counter(t for m in members for t in graph.companies[m].topics)
        common = [t for t, count in topics.most_common(2) if count >= 2]
        found.append(ClusterOut(id="", label=labels.cluster_label(common, graph.name(central)), members=members, shared=shared[:5]))
    found.sort(key=lambda c: (-len(c.members), c.label))
    return [c.model_copy(update={"id": f"kluster-{i}"}) for i, c in enumerate(found, start=1)]


def impact(graph: Graph, node_id: str) -> ImpactOut:
    """If this node stops delivering, or stops buying: which companies lose what."""
    if node_id not in graph.nodes:
        raise UnknownNodeError(f"no company or actor in the network has the id '{node_id}'")
    into, out = links_by(graph)
    node = graph.nodes[node_id]
    affected = []
    for link in out[node_id]:  # it stops delivering
        if link.customer not in graph.companies:
            continue
        others = [o for o in into[link.customer] if o is not link]
        if link.supplies:
            same = [o for o in others if (o.supplies or "").casefold() == link.supplies.casefold()]
            only = not same
            alternatives = sorted({
                o.supplier for o in graph.links.values()
                if o.supplies and o.supplies.casefold() == link.supplies.casefold() and o.supplier != node_id
            })
        else:
            only, alternatives = not others, []
        affected.append(LossOut(
            company=link.customer, label=graph.label(link.customer), loses="supplier", only=only,
            alternatives=alternatives, reason=labels.loses_supplier(only, link.supplies, len(alternatives)),
        ))
    for link in into[node_id]:  # it stops buying
        if link.supplier not in graph.companies:
            continue
        only = len(out[link.supplier]) == 1
        affected.append(LossOut(
            company=link.supplier, label=graph.label(link.supplier), loses="customer", share=link.share(), only=only,
            reason=labels.loses_customer(link.share(), only, graph.name(node_id)),
        ))
    affected.sort(key=lambda loss: (-(loss.share or 0), not loss.only, loss.label))
    return ImpactOut(node=node_id, label=node.label, kind=node.kind, affected=affected,
                     summary=labels.impact_summary(graph.name(node_id), len({a.company for a in affected})))
