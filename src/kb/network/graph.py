"""Company entries into a graph: a node per company entry and per named outside actor, an edge supplier → customer.

A relation written on either side is one edge; its share comes from front matter where either side wrote
one, else from either side's text (kb.network.shares), each claim kept with its source. Names resolve to
entries by id or by title; other names become actors (one per name key) or groups (descriptions of many).
"""

from collections import Counter
from dataclasses import dataclass, field

from kb import labels
from kb.content.entries import (
    CaseEntry,
    CompanyEntry,
    EntryBase,
    EntryType,
    EventEntry,
    Relation,
)
from kb.network.models import Claim, EdgeOut, NodeKind, NodeOut
from kb.network.names import abroad, display, is_group, name_key, slug
from kb.network.shares import shares_for, statements

DISAGREE = 0.02  # two claims further apart than two percentage points disagree


@dataclass
class Node:
    id: str
    kind: NodeKind
    entry: EntryBase | None = None
    spellings: Counter[str] = field(default_factory=Counter)
    keys: set[str] = field(default_factory=set)  # the ways it is written, as name keys (for its text mentions)
    abroad: bool = False
    country: str | None = None

    @property
    def label(self) -> str:
        if self.entry is not None:
            return self.entry.title
        # the spelling most used; among equals, the first written (companies are read in id order)
        return max(self.spellings.items(), key=lambda kv: kv[1])[0] if self.spellings else self.id

    def out(self) -> NodeOut:
        entry = self.entry
        return NodeOut(
            id=self.id, label=self.label, kind=self.kind, entry_type=entry.type.value if entry else None,
            regions=entry.regions if entry else [], municipalities=entry.municipalities if entry else [],
            employees=getattr(entry, "employees", None), abroad=self.abroad, country=self.country,
        )


@dataclass
class Link:
    supplier: str
    customer: str
    sources: list[str] = field(default_factory=list)
    front: list[Claim] = field(default_factory=list)
    text: list[Claim] = field(default_factory=list)
    supplies: str | None = None

    def claims(self) -> list[Claim]:
        """Front matter wins over text: text claims count only where no side's front matter gives a share."""
        return self.front or self.text

    def share(self) -> float | None:
        """The supplier's own word where the sides disagree (its sales are what the share is of)."""
        claims = self.claims()
        if not claims:
            return None
        own = [c for c in claims if c.source == self.supplier]
        return (own or claims)[0].share

    def disagreement(self, label_of) -> str | None:
        claims = self.claims()
        if not claims or max(c.share for c in claims) - min(c.share for c in claims) <= DISAGREE:
            return None
        return labels.claims_differ([f"{display(label_of(c.source))} {labels.percent(c.share)}" for c in claims])

    def out(self, label_of) -> EdgeOut:
        claims = self.claims()
        return EdgeOut.model_construct(  # from parsed entries: nothing left to validate, and 8,000 of them at scale
            supplier=self.supplier, customer=self.customer, share=self.share(),
            evidence=[c.evidence for c in claims if c.evidence], sources=self.sources, supplies=self.supplies,
            claims=claims if len(claims) > 1 else [],  # one claim: its source and origin are the edge's own
            disagreement=self.disagreement(label_of),
        )


class Resolver:
    """Names to entries: an id, or a name whose key is an entry's title (or id) key."""

    def __init__(self, entries: dict[str, EntryBase]):
        self.entries = entries
        self.by_key: dict[str, str] = {}
        for entry_id in sorted(entries):
            for key in (name_key(entries[entry_id].title), name_key(entry_id)):
                self.by_key.setdefault(key, entry_id)

    def entry_id(self, name: str) -> str | None:
        name = name.strip()
        if name in self.entries:
            return name
        return self.by_key.get(name_key(name))


@dataclass
class Graph:
    nodes: dict[str, Node]
    links: dict[tuple[str, str], Link]
    companies: dict[str, CompanyEntry]
    entries: dict[str, EntryBase]
    programs: dict[str, list[str]]  # company id → program ids it has taken part in
    events: dict[str, list[str]]  # company id → event ids

    def label(self, node_id: str) -> str:
        return self.nodes[node_id].label if node_id in self.nodes else node_id

    def name(self, node_id: str) -> str:
        """The label as a sentence shows it (no trailing remark in brackets)."""
        return display(self.label(node_id))


def build_graph(entries: list[EntryBase]) -> Graph:
    by_id = {e.id: e for e in entries}
    resolver = Resolver(by_id)
    companies = {e.id: e for e in sorted(entries, key=lambda e: e.id) if isinstance(e, CompanyEntry)}  # a stable order
    nodes: dict[str, Node] = {cid: _entry_node(c) for cid, c in companies.items()}
    links: dict[tuple[str, str], Link] = {}

    def node_for(relation: Relation) -> str:
        entry_id = resolver.entry_id(relation.name)
        key = name_key(relation.name)
        if entry_id is not None:
            node = nodes.setdefault(entry_id, _entry_node(by_id[entry_id]))
        else:
            kind: NodeKind = "group" if is_group(relation.name) else "actor"
            node = nodes.setdefault(f"{kind}:{slug(key)}", Node(f"{kind}:{slug(key)}", kind))
            node.spellings[" ".join(relation.name.split())] += 1
        node.keys.add(key)
        if relation.country or node.kind == "actor":
            far, country = abroad(relation.name, relation.country)
            node.abroad, node.country = node.abroad or far, node.country or country
        return node.id

    for company in companies.values():
        for relation, supplier_side in [(r, True) for r in company.suppliers] + [(r, False) for r in company.customers]:
            other = node_for(relation)
            if other == company.id:
                continue
            pair = (other, company.id) if supplier_side else (company.id, other)
            link = links.setdefault(pair, Link(*pair))
            if company.id not in link.sources:
                link.sources.append(company.id)
            if relation.share is not None:
                link.front.append(Claim(source=company.id, share=relation.share / 100, origin="front-matter"))
            if supplier_side and relation.supplies:
                link.supplies = link.supplies or relation.supplies
    _read_text_shares(nodes, links)
    programs, events = _participation(entries, resolver, companies)
    return Graph(nodes, links, companies, by_id, programs, events)


def _entry_node(entry: EntryBase) -> Node:
    kind: NodeKind = "company" if entry.type is EntryType.company else "entry"
    return Node(entry.id, kind, entry, keys={name_key(entry.title), name_key(entry.id)})


def _read_text_shares(nodes: dict[str, Node], links: dict[tuple[str, str], Link]) -> None:
    """Each entry's body speaks for the edges it is on: its own sales, or its suppliers' sales to it."""
    partners: dict[str, dict[str, set[str]]] = {}
    for supplier, customer in links:
        partners.setdefault(supplier, {})[customer] = nodes[customer].keys
        partners.setdefault(customer, {})[supplier] = nodes[supplier].keys
    for node_id, others in partners.items():
        entry = nodes[node_id].entry
        if entry is None or not entry.body:
            continue
        found = statements(entry.body)
        if not found:
            continue
        for other, (share, evidence) in shares_for(found, others).items():
            pair = (node_id, other) if (node_id, other) in links else (other, node_id)
            links[pair].text.append(Claim(source=node_id, share=share, origin="text", evidence=evidence))


def _participation(
    entries: list[EntryBase], resolver: Resolver, companies: dict[str, CompanyEntry]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Cases name companies and programs; an event's related companies took part in it and its programs."""
    programs: dict[str, list[str]] = {}
    events: dict[str, list[str]] = {}

    def resolved(names: list[str], entry_type: EntryType) -> list[str]:
        ids = (resolver.entry_id(n) for n in names)
        return [i for i in dict.fromkeys(ids) if i is not None and resolver.entries[i].type is entry_type]

    for entry in entries:
        if isinstance(entry, CaseEntry):
            taking_part, in_programs = resolved(entry.companies, EntryType.company), resolved(entry.programs, EntryType.program)
        elif isinstance(entry, EventEntry):
            named = entry.related + entry.organizations
            taking_part, in_programs = resolved(named, EntryType.company), resolved(named, EntryType.program)
            for company in taking_part:
                events.setdefault(company, []).append(entry.id)
        else:
            continue
        for company in taking_part:
            known = programs.setdefault(company, [])
            known.extend(p for p in in_programs if p not in known)
    return {c: p for c, p in programs.items() if c in companies}, events
