"""The network in the formats cluster analysts open elsewhere: GraphML and GEXF (Gephi, yEd) and CSV."""

import csv
import io

import networkx as nx

from kb.network.models import NetworkOut

NODE_COLUMNS = ("id", "label", "kind", "entry_type", "regions", "municipalities", "employees", "abroad", "country",
                "exposure", "largest_customer_share", "hhi", "cluster")
EDGE_COLUMNS = ("supplier", "customer", "share", "supplies", "sources", "evidence", "disagreement")


def _value(value):
    """Attributes the formats can hold: text, numbers and booleans; lists joined, nothing for None."""
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return value


def rows(network: NetworkOut) -> tuple[list[dict], list[dict]]:
    """One row per node (with its company figures) and per edge."""
    cards = {c.id: c for c in network.companies}
    nodes = []
    for node in network.nodes:
        row = node.model_dump()
        card = cards.get(node.id)
        if card:
            row.update(exposure=card.exposure, largest_customer_share=card.largest_customer_share, hhi=card.hhi,
                       cluster=card.cluster)
        nodes.append({k: _value(row.get(k)) for k in NODE_COLUMNS})
    edges = [{k: _value(getattr(edge, k)) for k in EDGE_COLUMNS} for edge in network.edges]
    return nodes, edges


def digraph(network: NetworkOut) -> nx.DiGraph:
    nodes, edges = rows(network)
    graph = nx.DiGraph(name="Smart Industri – företagsnätverk")
    for row in nodes:
        graph.add_node(row["id"], **{k: v for k, v in row.items() if k != "id" and v is not None})
    for row in edges:
        graph.add_edge(row["supplier"], row["customer"],
                       **{k: v for k, v in row.items() if k not in ("supplier", "customer") and v not in (None, "")})
    return graph


def graphml(network: NetworkOut) -> str:
    return "\n".join(nx.generate_graphml(digraph(network)))


def gexf(network: NetworkOut) -> str:
    return "\n".join(nx.generate_gexf(digraph(network)))


def csv_table(network: NetworkOut, table: str) -> str:
    """`table` is "nodes" or "edges"."""
    nodes, edges = rows(network)
    columns, data = (NODE_COLUMNS, nodes) if table == "nodes" else (EDGE_COLUMNS, edges)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in data)
    return out.getvalue()
