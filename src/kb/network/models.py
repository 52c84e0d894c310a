"""What the network answers, as the API serves it and the CLI prints it (shares are 0–1)."""

from typing import Literal

from pydantic import BaseModel, Field

NodeKind = Literal["company", "entry", "actor", "group"]
Exposure = Literal["high", "medium", "low"]
OpportunityKind = Literal["shared-need", "need-offer", "support"]


class NodeOut(BaseModel):
    id: str  # an entry's id; "actor:…" or "group:…" for names that are no entry
    label: str
    kind: NodeKind
    entry_type: str | None = None
    regions: list[str] = Field(default_factory=list)
    municipalities: list[str] = Field(default_factory=list)
    employees: int | None = None
    abroad: bool = False
    country: str | None = None


class Claim(BaseModel):
    """One side's word on a share: from its front matter or read from its text (with the sentence or row)."""

    source: str
    share: float
    origin: Literal["front-matter", "text"]
    evidence: str | None = None


class EdgeOut(BaseModel):
    supplier: str
    customer: str
    share: float | None = None
    evidence: list[str] = Field(default_factory=list)
    sources: list[str]
    supplies: str | None = None
    claims: list[Claim] = Field(default_factory=list)
    disagreement: str | None = None  # the two sides state different shares: both are in `claims`


class Partner(BaseModel):
    node: str
    label: str
    kind: NodeKind
    share: float | None = None
    evidence: list[str] = Field(default_factory=list)
    supplies: str | None = None
    abroad: bool = False
    country: str | None = None


class CompanyOut(BaseModel):
    id: str
    label: str
    regions: list[str] = Field(default_factory=list)
    municipalities: list[str] = Field(default_factory=list)
    employees: int | None = None
    suppliers: list[str]  # node ids; the edges hold the shares (and a company's card the details)
    customers: list[str]
    largest_customer_share: float | None = None
    hhi: float | None = None  # sum of squared known customer shares (0–1): a lower bound when shares are missing
    exposure: Exposure
    reasons: list[str]
    missing: list[str] = Field(default_factory=list)  # what the network does not know about this company, in Swedish
    shares_supplier_with: list[str]  # those sharing the most first, at most 25: the counts say how many in all
    shares_customer_with: list[str]
    shares_supplier_count: int = 0
    shares_customer_count: int = 0
    programs: list[str]
    events: list[str] = Field(default_factory=list)
    cluster: str | None = None


class HubOut(BaseModel):
    node: str
    label: str
    kind: NodeKind
    role: Literal["supplier", "customer"]
    dependents: list[str]


class ClusterOut(BaseModel):
    id: str
    label: str
    members: list[str]  # company ids
    shared: list[str] = Field(default_factory=list)  # the suppliers and customers its members have in common (node ids)


class NetworkOut(BaseModel):
    revision: str
    nodes: list[NodeOut]
    edges: list[EdgeOut]
    companies: list[CompanyOut]
    hubs: list[HubOut]
    clusters: list[ClusterOut]


class OpportunityOut(BaseModel):
    kind: OpportunityKind
    companies: list[str]
    need: str
    offer: str | None = None
    entries: list[str] = Field(default_factory=list)  # support: the programs, experts and courses that answer it
    wordings: dict[str, str] = Field(default_factory=dict)  # shared need: each company's own words for it
    reason: str
    score: float


class OpportunitiesOut(BaseModel):
    opportunities: list[OpportunityOut]


class LossOut(BaseModel):
    company: str
    label: str
    loses: Literal["customer", "supplier"]
    share: float | None = None  # of the company's sales, when it loses a customer
    only: bool = False  # its only customer, or its only supplier (of that input)
    alternatives: list[str] = Field(default_factory=list)  # other suppliers in the network of the same input
    reason: str


class ImpactOut(BaseModel):
    node: str
    label: str
    kind: NodeKind
    affected: list[LossOut]
    summary: str


class CardOut(BaseModel):
    """A company's network card: its figures, its neighbours and the support that answers its weaknesses."""

    company: CompanyOut
    suppliers: list[Partner]
    customers: list[Partner]
    neighbours: list[NodeOut]
    edges: list[EdgeOut]
    opportunities: list[OpportunityOut]


class UnknownNodeError(LookupError):
    """No company or actor in the network has that id."""
