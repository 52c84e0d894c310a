"""The network of one index state, computed once and kept until the index changes (`KnowledgeBase.revision`).

Everything is read through the façade: the entries (`entries_where`), the vectors of needs and offers
(`embed`, kept across index states so an edit embeds only new texts), and matching for support.
"""

import threading
import time
import weakref
from collections.abc import Iterable

import numpy as np

from kb.network import analysis, opportunities
from kb.network.graph import Graph, build_graph
from kb.network.models import (
    CardOut,
    CompanyOut,
    ImpactOut,
    NetworkOut,
    OpportunityOut,
    UnknownNodeError,
)
from kb.network.picture import Picture, picture
from kb.search.service import KnowledgeBase

SUPPORT_LIMIT = 20  # exposed companies whose support a list of opportunities computes, most exposed first
_EXPOSURE_ORDER = {"high": 0, "medium": 1, "low": 2}


def _folded(values: Iterable[str]) -> set[str]:
    return {v.strip().casefold() for v in values if v and v.strip()}


class Network:
    """One index state's network: the graph, each company's card, hubs, clusters and opportunities."""

    def __init__(
        self, kb: KnowledgeBase, revision: str, graph: Graph, vectors: dict[str, np.ndarray],
        previous: "Network | None" = None,
    ):
        self.kb, self.revision, self.graph = kb, revision, graph
        self.cards, self.signals = analysis.companies(graph)
        self.hubs = analysis.hubs(graph)
        # Most index changes touch no relation, no topic and no need: what depends only on those is taken over.
        self.structure = (
            tuple(graph.links), tuple((n, node.kind, node.label) for n, node in graph.nodes.items()),
            tuple((c, tuple(entry.topics)) for c, entry in graph.companies.items()),
        )
        self.wants = tuple((c, entry.title, tuple(entry.needs), tuple(entry.offers)) for c, entry in graph.companies.items())
        same_structure = previous is not None and previous.structure == self.structure
        self.clusters = previous.clusters if same_structure else analysis.clusters(graph)
        for cluster in self.clusters:
            for member in cluster.members:
                self.cards[member].cluster = cluster.id
        self.nodes = {node_id: node.out() for node_id, node in graph.nodes.items()}
        self.edges = [link.out(graph.label) for link in graph.links.values()]
        same_wants = previous is not None and previous.wants == self.wants
        self.found = previous.found if same_wants else opportunities.needs_and_offers(graph, vectors, kb.embed)
        self._support: dict[str, OpportunityOut | None] = {}
        self._pictures: dict[tuple, Picture] = {}
        self._listed: dict[tuple, list[OpportunityOut]] = {}
        self._views: dict[tuple, NetworkOut] = {}
        self._places = (
            _folded(r for card in self.cards.values() for r in card.regions),
            _folded(m for card in self.cards.values() for m in card.municipalities),
        )
        self._json: dict[tuple, bytes] = {}
        self.seconds = 0.0  # how long building it took, from reading the entries on

    # --- the whole, or the part a region or municipality sees ------------------

    def in_scope(self, regions: Iterable[str] = (), municipalities: Iterable[str] = ()) -> list[CompanyOut]:
        regions, municipalities = _folded(regions), _folded(municipalities)
        return [
            card for card in self.cards.values()
            if (not regions or _folded(card.regions) & regions)
            and (not municipalities or _folded(card.municipalities) & municipalities)
        ]

    def _scope(self, regions: Iterable[str], municipalities: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
        """The filter as a cache key, and whether to keep what it gives: only for places some company is in,
        so requests with made-up places cannot fill the memory."""
        key = tuple(sorted(_folded(regions))), tuple(sorted(_folded(municipalities)))
        return *key, set(key[0]) <= self._places[0] and set(key[1]) <= self._places[1]

    def view(self, regions: Iterable[str] = (), municipalities: Iterable[str] = ()) -> NetworkOut:
        *key, keep = self._scope(regions, municipalities)
        found = self._views.get(tuple(key)) or self._view(*key)
        if keep:
            self._views[tuple(key)] = found
        return found

    def json(self, regions: Iterable[str] = (), municipalities: Iterable[str] = ()) -> bytes:
        """`view` as JSON bytes, made once per scope: a request only sends them."""
        *key, keep = self._scope(regions, municipalities)
        # Fields at their defaults (no share, no evidence, not abroad …) are left out: a third of the bytes at scale.
        found = self._json.get(tuple(key)) or self.view(*key).model_dump_json(exclude_defaults=True).encode()
        if keep:
            self._json[tuple(key)] = found
        return found

    def _view(self, regions: tuple[str, ...], municipalities: tuple[str, ...]) -> NetworkOut:
        if not regions and not municipalities:
            cards, edges = list(self.cards.values()), self.edges
        else:
            cards = self.in_scope(regions, municipalities)
            ids = {card.id for card in cards}
            edges = [e for e in self.edges if e.supplier in ids or e.customer in ids]
        ids = {card.id for card in cards}
        shown = ids | {e.supplier for e in edges} | {e.customer for e in edges}
        return NetworkOut(
            revision=self.revision,
            nodes=[node for node_id, node in self.nodes.items() if node_id in shown],
            edges=edges, companies=cards,
            hubs=[hub for hub in self.hubs if ids.intersection(hub.dependents)],
            clusters=[cluster for cluster in self.clusters if ids.intersection(cluster.members)],
        )

    # --- one company, one node -----------------------------------------------

    def card(self, company_id: str) -> CardOut:
        if company_id not in self.cards:
            raise UnknownNodeError(f"no company in the network has the id '{company_id}'")
        edges = [e for e in self.edges if company_id in (e.supplier, e.customer)]
        neighbours = {e.supplier for e in edges} | {e.customer for e in edges} | {company_id}
        support = self.support(company_id)
        found = [o for o in self.found if company_id in o.companies]
        suppliers, customers = analysis.partners(self.graph, company_id)
        return CardOut(
            company=self.cards[company_id], suppliers=suppliers, customers=customers,
            neighbours=[self.nodes[n] for n in self.nodes if n in neighbours],
            edges=edges, opportunities=([support] if support else []) + found,
        )

    def impact(self, node_id: str) -> ImpactOut:
        return analysis.impact(self.graph, node_id)

    def support(self, company_id: str) -> OpportunityOut | None:
        """Computed on first ask (it is a match, one search), then kept with this index state."""
        if company_id not in self._support:
            card = self.cards[company_id]
            self._support[company_id] = opportunities.support(self.kb, self.graph, card, self.signals[company_id])
        return self._support[company_id]

    def opportunities(
        self, kinds: Iterable[str] = (), company: str | None = None, regions: Iterable[str] = (),
        municipalities: Iterable[str] = (), support_limit: int = SUPPORT_LIMIT,
    ) -> list[OpportunityOut]:
        """Shared needs, needs that meet offers and support, best first within each kind (kept per known scope)."""
        *scope, keep = self._scope(regions, municipalities)
        key = (tuple(sorted(set(kinds))), company, *scope, support_limit)
        if key not in self._listed:
            found = self._opportunities(set(kinds), company, *scope, support_limit)
            if not keep:
                return found
            self._listed[key] = found
        return self._listed[key]

    def _opportunities(self, kinds, company, regions, municipalities, support_limit) -> list[OpportunityOut]:
        kinds = kinds or {"shared-need", "need-offer", "support"}
        ids = {c.id for c in self.in_scope(regions, municipalities)}
        if company is not None:
            if company not in self.cards:
                raise UnknownNodeError(f"no company in the network has the id '{company}'")
            ids &= {company}
        found = [o for o in self.found if o.kind in kinds and ids.intersection(o.companies)]
        if "support" in kinds:
            exposed = sorted(
                (self.cards[i] for i in ids if self.cards[i].exposure != "low"),
                key=lambda c: (_EXPOSURE_ORDER[c.exposure], -(c.largest_customer_share or 0), c.label),
            )
            found += [s for s in (self.support(c.id) for c in exposed[:support_limit]) if s]
        order = {"support": 0, "shared-need": 1, "need-offer": 2}
        return sorted(found, key=lambda o: (order[o.kind], -o.score))

    def picture(self, node_ids: set[str], focus: str | None, size: tuple[int, int]) -> Picture:
        """A part of the network laid out (the layout is the costly part), kept with this index state."""
        key = (frozenset(node_ids), focus, size)
        if key not in self._pictures:
            hubs = {hub.node for hub in self.hubs}
            self._pictures[key] = picture(self.view(), node_ids, hubs, focus, size)
        return self._pictures[key]

    def neighbourhood(self, node_id: str) -> set[str]:
        found = {node_id}
        for e in self.edges:
            if node_id in (e.supplier, e.customer):
                found |= {e.supplier, e.customer}
        return found


class NetworkService:
    """Holds the current index state's network; builds a new one when the index has changed."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self._lock = threading.Lock()
        self._network: Network | None = None
        self._vectors: dict[str, np.ndarray] = {}

    def current(self) -> Network:
        revision = self.kb.revision()
        network = self._network
        if network is not None and network.revision == revision:
            return network
        with self._lock:
            if self._network is None or self._network.revision != revision:
                self._network = self.build(revision)
            return self._network

    def build(self, revision: str) -> Network:
        started = time.perf_counter()
        graph = build_graph(self.kb.entries_where({}))
        network = Network(self.kb, revision, graph, self._vectors, self._network)
        network.seconds = time.perf_counter() - started
        texts = {t for c in graph.companies.values() for t in c.needs_and_offers()}
        for gone in set(self._vectors) - texts:  # keep the vectors of texts still in use, not of every text ever seen
            del self._vectors[gone]
        return network


_SERVICES: "weakref.WeakKeyDictionary[KnowledgeBase, NetworkService]" = weakref.WeakKeyDictionary()
_SERVICES_LOCK = threading.Lock()


def network_service(kb: KnowledgeBase) -> NetworkService:
    """The one service of this knowledge base (the API's routes, the pages and the CLI share it)."""
    with _SERVICES_LOCK:
        if kb not in _SERVICES:
            _SERVICES[kb] = NetworkService(kb)
        return _SERVICES[kb]
