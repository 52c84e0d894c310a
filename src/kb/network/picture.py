"""A part of the network laid out for drawing: positions, sizes, colours and links, for an SVG the page draws.

The layout is networkx's spring layout with a fixed seed, so the same network draws the same way. More
than `MAX_DRAWN` nodes do not make a readable picture: callers draw a cluster or a neighbourhood instead,
and the most connected nodes are kept when even that is too big.
"""

import math
from dataclasses import dataclass, replace

import networkx as nx

from kb import labels
from kb.network.models import EdgeOut, NetworkOut, NodeOut
from kb.network.names import display

MAX_DRAWN = 45
WIDTH, HEIGHT, MARGIN = 960, 640, 70
SIZE = (WIDTH, HEIGHT)
SMALL = (560, 380)  # a neighbourhood beside an entry's text: a smaller canvas, so its names stay readable
SEED = 3


@dataclass(frozen=True)
class Dot:
    id: str
    x: float
    y: float
    r: float
    css: str  # exposure-high | exposure-medium | exposure-low | kind-entry | kind-actor | kind-group
    hub: bool
    label: str
    title: str  # the tooltip: full name and what is known
    href: str
    label_x: float
    label_y: float
    anchor: str  # "start", "end" or "middle": where the name sits against (label_x, label_y)


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    known: bool  # the share is known (solid) or not (dashed)
    title: str


@dataclass(frozen=True)
class Picture:
    dots: list[Dot]
    lines: list[Line]
    width: int
    height: int


def short_label(label: str, limit: int = 26) -> str:
    text = display(label).removesuffix(" AB").strip() or label
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def radius(node: NodeOut) -> float:
    if node.kind != "company":
        return 6.0
    return 8.0 + min(16.0, math.sqrt(node.employees or 0) * 1.3)


def picture(
    network: NetworkOut, node_ids: set[str], hubs: set[str], focus: str | None = None, size: tuple[int, int] = SIZE
) -> Picture:
    """Draw `node_ids` of `network` (the whole, so partners outside a scope keep their colour) and the edges
    between them; `hubs` are marked, `focus` is drawn in the middle."""
    nodes = {n.id: n for n in network.nodes if n.id in node_ids}
    edges = [e for e in network.edges if e.supplier in nodes and e.customer in nodes]
    if len(nodes) > MAX_DRAWN:
        degree: dict[str, int] = {}
        for e in edges:
            degree[e.supplier] = degree.get(e.supplier, 0) + 1
            degree[e.customer] = degree.get(e.customer, 0) + 1
        keep = sorted(nodes, key=lambda n: (n != focus, -degree.get(n, 0), n))[:MAX_DRAWN]
        nodes = {n: nodes[n] for n in keep}
        edges = [e for e in edges if e.supplier in nodes and e.customer in nodes]
    linked = {e.supplier for e in edges} | {e.customer for e in edges}
    nodes = {n: node for n, node in nodes.items() if n in linked or n == focus}  # a lone dot only squeezes the rest
    if not nodes:
        return Picture([], [], *size)
    g = nx.Graph()
    g.add_nodes_from(sorted(nodes))
    g.add_edges_from((e.supplier, e.customer) for e in edges)
    fixed = {focus: (0.0, 0.0)} if focus in nodes and len(nodes) > 1 else None
    spread = 3.0 / math.sqrt(len(nodes)) if len(nodes) > 1 else None
    # Kamada-Kawai spaces nodes by their distance in the graph (dense cores stay readable), springs then ease overlaps.
    start = {**nx.kamada_kawai_layout(g), **(fixed or {})} if len(nodes) > 2 else fixed
    positions = nx.spring_layout(g, k=spread, seed=SEED, pos=start, fixed=list(fixed) if fixed else None, iterations=30)
    positions = _apart(_fit(positions, *size), {n: radius(nodes[n]) for n in nodes}, *size)
    cards = {c.id: c for c in network.companies}
    dots = _place_labels([_dot(nodes[n], positions[n], cards.get(n), n in hubs) for n in sorted(nodes)], size[0])
    lines = [_line(e, positions, nodes) for e in edges]
    return Picture(dots, lines, *size)


CHAR_WIDTH, LINE_HEIGHT = 7.2, 15  # of the 13 px labels, roughly


def _place_labels(dots: list[Dot], width: int) -> list[Dot]:
    """Each name right, left, above or below its dot: the first place that overlaps no name already placed
    and no dot (biggest dots first, so the companies that matter most get the best places)."""
    placed: list[tuple[float, float, float, float]] = []
    discs = [(d.x - d.r, d.y - d.r, d.x + d.r, d.y + d.r) for d in dots]

    def free(box: tuple[float, float, float, float]) -> bool:
        return box[0] >= 0 and box[2] <= width and not any(
            box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed + discs
        )

    result = {}
    for dot in sorted(dots, key=lambda d: (-d.r, d.id)):
        w = len(dot.label) * CHAR_WIDTH
        gap = dot.r + 4
        options = [  # (text x, baseline y, anchor, box)
            (dot.x + gap, dot.y + 4, "start", (dot.x + gap, dot.y - 8, dot.x + gap + w, dot.y + 6)),
            (dot.x - gap, dot.y + 4, "end", (dot.x - gap - w, dot.y - 8, dot.x - gap, dot.y + 6)),
            (dot.x, dot.y - gap - 2, "middle", (dot.x - w / 2, dot.y - gap - LINE_HEIGHT, dot.x + w / 2, dot.y - gap)),
            (dot.x, dot.y + gap + 11, "middle", (dot.x - w / 2, dot.y + gap, dot.x + w / 2, dot.y + gap + LINE_HEIGHT)),
        ]
        x, y, anchor, box = next((o for o in options if free(o[3])), options[0 if dot.x < width - w - gap else 1])
        placed.append(box)
        result[dot.id] = replace(dot, label_x=round(x, 1), label_y=round(y, 1), anchor=anchor)
    return [result[d.id] for d in dots]


def _fit(positions: dict[str, tuple[float, float]], width: int, height: int) -> dict[str, tuple[float, float]]:
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {
        n: (MARGIN + (x - min(xs)) / span_x * (width - 2.5 * MARGIN) if len(xs) > 1 else width / 2,
            MARGIN / 2 + (y - min(ys)) / span_y * (height - MARGIN) if len(ys) > 1 else height / 2)
        for n, (x, y) in positions.items()
    }


ROOM = 34  # px between two dots' rims, room for a name between them


def _apart(positions: dict[str, tuple[float, float]], radii: dict[str, float], width: int, height: int,
           rounds: int = 60) -> dict[str, tuple[float, float]]:
    """Push dots that crowd each other apart (a dense core stays readable), within the canvas."""
    at = {n: list(p) for n, p in positions.items()}
    names = sorted(at)
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                dx, dy = at[b][0] - at[a][0], at[b][1] - at[a][1]
                distance = math.hypot(dx, dy) or 0.01
                need = radii[a] + radii[b] + ROOM
                if distance < need:
                    push = (need - distance) / 2 / distance
                    at[a][0] -= dx * push
                    at[a][1] -= dy * push
                    at[b][0] += dx * push
                    at[b][1] += dy * push
                    moved = True
        for p in at.values():
            p[0] = min(max(p[0], MARGIN / 2), width - MARGIN / 2)
            p[1] = min(max(p[1], MARGIN / 3), height - MARGIN / 3)
        if not moved:
            break
    return {n: (p[0], p[1]) for n, p in at.items()}


def _dot(node: NodeOut, at: tuple[float, float], card, hub: bool) -> Dot:
    if card is not None:
        css = f"exposure-{card.exposure}"
        about = f"{labels.EXPOSURE_LABELS[card.exposure]} exponering"
        if card.reasons:
            about += ": " + card.reasons[0]
    else:
        css = f"kind-{node.kind}"
        about = labels.NODE_KIND_LABELS[node.kind] + (f", {labels.ABROAD}" if node.abroad else "")
    if hub:
        about += " · " + labels.HUB_MARK
    href = f"/entry/{node.id}" if node.kind in ("company", "entry") else f"/natverk?nod={node.id}"
    x, y, r = round(at[0], 1), round(at[1], 1), radius(node)
    return Dot(node.id, x, y, r, css, hub, short_label(node.label), f"{node.label} – {about}", href, x + r + 4, y + 4, "start")


def _line(edge: EdgeOut, positions, nodes: dict[str, NodeOut]) -> Line:
    (x1, y1), (x2, y2) = positions[edge.supplier], positions[edge.customer]
    # End the line at the customer's rim, so its arrow head shows.
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    rim = radius(nodes[edge.customer]) + 3
    x2, y2 = x2 - (x2 - x1) / length * rim, y2 - (y2 - y1) / length * rim
    share = edge.share
    title = f"{nodes[edge.supplier].label} → {nodes[edge.customer].label}"
    if share is not None:
        title += f": {labels.percent(share)} av leverantörens försäljning"
    return Line(round(x1, 1), round(y1, 1), round(x2, 1), round(y2, 1),
                round(1.2 + 7 * share, 1) if share is not None else 1.2, share is not None, title)
