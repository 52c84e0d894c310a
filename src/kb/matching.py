"""Matching: a company's need to programs, experts and courses; a school's to partners.

Relevance (the hybrid search) comes first; then what a human adviser weighs,
each a weight in `MatchWeights` that can be switched off (0) and was kept only
where the match dev set supported it (docs/matching.md).
"""

import re
from dataclasses import dataclass

from pydantic import BaseModel, Field, field_validator

from kb.entries import CompanyEntry, EntryBase, EntryType, entry_from_record
from kb.explain import QueryTerms
from kb.geography import municipality_in, region_of
from kb.retrieval import SEMANTIC_SIDE, Candidate, Mode, retrieve
from kb.search import EntryCard, InvalidQueryError, KnowledgeBase
from kb.store import facet_filter

DEFAULT_TARGETS = [EntryType.program, EntryType.expert, EntryType.course]
MAX_DESCRIPTION_CHARS = 2000
CONSIDERED = 30  # candidates per group that the adviser's rules re-rank

_SME = re.compile(r"små och medelstora|småföretag|små (industri)?företag|\bsme\b|mindre företag", re.I)
_LARGE = re.compile(r"större (industri)?företag|stora (industri)?företag|storföretag", re.I)
_AT_MOST = re.compile(r"(?:färre än|under|högst|max(?:imalt)?)\s+(\d+)\s+anställda", re.I)
_AT_LEAST = re.compile(r"(?:fler än|över|minst)\s+(\d+)\s+anställda", re.I)
_SMALL_SELF = re.compile(r"\blitet?\b|\bsmå\b|familjeföretag|enmansföretag|småföretag", re.I)
_LARGE_SELF = re.compile(r"koncern|storföretag|stort företag|\bstora\b", re.I)
_EMPLOYEES = re.compile(r"(\d[\d\s]*)\s*anställda", re.I)
SMALL_COMPANY_LIMIT = 250  # employees; the EU's SME line

# What a school may ask for, and the words that ask for it.
INTENTS = {
    "lia": ("lia", "praktik", "lärande i arbete"),
    "exjobb": ("exjobb", "examensarbete"),
    "studiebesök": ("studiebesök",),
    "branschråd": ("branschråd",),
    "samarbete": ("samarbete", "samverkan", "partner"),
}
_WANT_REASONS = {
    "lia": "Vill ta emot LIA-studerande",
    "exjobb": "Vill ta emot exjobb",
    "studiebesök": "Tar emot studiebesök",
    "branschråd": "Vill sitta i branschråd",
    "samarbete": "Söker samarbete med skolor",
}


@dataclass(frozen=True)
class MatchWeights:
    """Added to the fused relevance score (0–1) of each candidate. 0 switches a rule off."""

    same_municipality: float = 0.10
    same_region: float = 0.08
    distance_course: float = 0.15  # a distance course counts as local everywhere
    audience_fit: float = 0.10
    audience_mismatch: float = -0.30
    program_elsewhere: float = -1.0  # a regional program does not serve companies in other regions: last, if at all
    wants: float = 0.10
    semantic_floor: float = 0.80  # below this cosine, and with no lexical match either, a candidate is not offered


WEIGHTS = MatchWeights()


class MatchRequest(BaseModel):
    description: str = Field("", max_length=MAX_DESCRIPTION_CHARS, description="Ert företag och vad ni behöver.")
    region: str | None = None
    municipality: str | None = None
    company: str | None = Field(None, description="Id of a company entry whose profile is the query.")
    targets: list[EntryType] = Field(default_factory=lambda: list(DEFAULT_TARGETS), min_length=1)
    limit: int = Field(5, ge=1, le=20, description="Results per group.")
    include_closed: bool = Field(False, description="Also offer closed programs.")

    @field_validator("targets")
    @classmethod
    def _unique(cls, targets: list[EntryType]) -> list[EntryType]:
        return list(dict.fromkeys(targets))


class MatchItem(EntryCard):
    reasons: list[str]


class MatchResponse(BaseModel):
    query: str
    region: str | None
    municipality: str | None
    groups: dict[str, list[MatchItem]]
    notes: dict[str, str]  # why a group is shorter than asked


class UnknownCompanyError(LookupError):
    pass


@dataclass(frozen=True)
class _Asker:
    """Who asks, as far as the request and the company profile tell."""

    text: str
    region: str | None
    municipality: str | None
    employees: int | None
    size: str | None  # "small", "large" or unknown
    intents: tuple[str, ...]


class Matcher:
    def __init__(self, kb: KnowledgeBase, weights: MatchWeights = WEIGHTS):
        self.kb = kb
        self.weights = weights

    def match(self, request: MatchRequest) -> MatchResponse:
        asker = self._asker(request)
        self.kb.index_info()
        vector = self.kb.embedder.embed_queries([asker.text])[0].tolist()
        groups, notes = {}, {}
        for target in request.targets:
            items = self._group(asker, target, vector, request)
            groups[target.value] = items
            if len(items) < request.limit:
                notes[target.value] = _short_note(target, len(items))
        return MatchResponse(
            query=asker.text, region=asker.region, municipality=asker.municipality, groups=groups, notes=notes
        )

    def _asker(self, request: MatchRequest) -> _Asker:
        profile = self._company(request.company) if request.company else None
        text = " ".join(part for part in (request.description.strip(), _profile_text(profile)) if part)
        if not text:
            raise InvalidQueryError("describe your company and what you need, or give a company id")
        municipality = (
            request.municipality
            or (profile.municipalities[0] if profile and profile.municipalities else None)
            or municipality_in(request.description)
        )
        region = request.region or (region_of(municipality) if municipality else None)
        if not region and profile and profile.regions:
            region = profile.regions[0]
        lowered = text.lower()
        intents = tuple(key for key, words in INTENTS.items() if any(word in lowered for word in words))
        employees = _employees(profile, request.description)
        return _Asker(text, region, municipality, employees, _company_size(employees, request.description), intents)

    def _company(self, entry_id: str) -> CompanyEntry:
        view = self.kb.entry(entry_id)
        if view is None:
            raise UnknownCompanyError(f"no company with id '{entry_id}'")
        if not isinstance(view.entry, CompanyEntry):
            raise InvalidQueryError(f"'{entry_id}' is a {view.entry.type.value}, not a company")
        return view.entry

    def _group(self, asker: _Asker, target: EntryType, vector: list[float], request: MatchRequest) -> list[MatchItem]:
        candidates = retrieve(
            self.kb.store, self.kb.embedder, asker.text, Mode.hybrid,
            facet_filter({"type": [target.value]}), self.kb.fusion, vector,
        )[:CONSIDERED]
        entries = {
            payload["entry_id"]: entry_from_record(payload["entry"])
            for payload in self.kb.store.heads([c.entry_id for c in candidates])
        }
        terms = QueryTerms.of(asker.text)
        scored = []
        for candidate in candidates:
            entry = entries.get(candidate.entry_id)
            if entry is None or (getattr(entry, "status", None) == "closed" and not request.include_closed):
                continue
            if not self._relevant(candidate, entry, terms):
                continue
            bonus, reasons = self._adviser(asker, entry)
            scored.append((candidate.score + bonus, candidate, entry, _topic_reasons(terms, entry, candidate) + reasons))
        scored.sort(key=lambda item: -item[0])
        return [_item(score, entry, reasons) for score, _, entry, reasons in scored[: request.limit]]

    def _relevant(self, candidate: Candidate, entry: EntryBase, terms: QueryTerms) -> bool:
        """The floor: close in meaning, or sharing the asker's words in title or topics."""
        if candidate.scores.get(SEMANTIC_SIDE, 0.0) >= self.weights.semantic_floor:
            return True
        return bool(terms.matched_words(entry.title + " " + " ".join(entry.topics)))

    def _adviser(self, asker: _Asker, entry: EntryBase) -> tuple[float, list[str]]:
        w = self.weights
        bonus, reasons = 0.0, []
        municipalities = {m.lower() for m in entry.municipalities}
        if getattr(entry, "distance", False) and w.distance_course:
            bonus += w.distance_course
            reasons.append("Går på distans – passar var ni än finns")
        elif asker.municipality and asker.municipality.lower() in municipalities and w.same_municipality:
            bonus += w.same_municipality
            reasons.append(f"Finns i {asker.municipality}, samma kommun som ni")
        elif asker.region and asker.region.lower() in {r.lower() for r in entry.regions} and w.same_region:
            bonus += w.same_region
            reasons.append(f"Ligger i {asker.region}, samma region som ni")
        elif entry.type is EntryType.program and asker.region and entry.regions and w.program_elsewhere:
            bonus += w.program_elsewhere  # for companies in other regions only
        fits = _audience_fits(entry, asker)
        if fits is True and w.audience_fit:
            bonus += w.audience_fit
            reasons.append(_audience_reason(entry))
        elif fits is False:
            bonus += w.audience_mismatch
        wanted = [want for want in asker.intents if want in getattr(entry, "wants", [])]
        if wanted and w.wants:
            bonus += w.wants
            reasons.extend(_WANT_REASONS[want] for want in wanted)
        return bonus, reasons


def _profile_text(profile: CompanyEntry | None) -> str:
    if profile is None:
        return ""
    parts = [profile.sector or "", profile.summary or ""]
    if profile.needs:
        parts.append("Behöver: " + ", ".join(profile.needs))
    if profile.offers:
        parts.append("Erbjuder: " + ", ".join(profile.offers))
    return ". ".join(p for p in parts if p)


def _employees(profile: CompanyEntry | None, description: str) -> int | None:
    if profile and profile.employees is not None:
        return profile.employees
    found = _EMPLOYEES.search(description)
    return int(re.sub(r"\s", "", found.group(1))) if found else None


def _company_size(employees: int | None, description: str) -> str | None:
    if employees is not None:
        return "small" if employees < SMALL_COMPANY_LIMIT else "large"
    if _LARGE_SELF.search(description):
        return "large"
    if _SMALL_SELF.search(description):
        return "small"
    return None


def _audience_text(entry: EntryBase) -> str:
    return " ".join([*getattr(entry, "audience", []), getattr(entry, "eligibility", None) or "", entry.summary or ""])


def _employee_range(entry: EntryBase) -> tuple[int, float] | None:
    """Which company sizes an offer says it is for: explicit limits first, else SME or large-company wording."""
    text = _audience_text(entry)
    at_most, at_least = _AT_MOST.search(text), _AT_LEAST.search(text)
    if at_most or at_least:
        low = int(at_least.group(1)) + 1 if at_least else 0
        high = int(at_most.group(1)) - 1 if at_most else float("inf")
        return low, high
    if _SME.search(text):
        return 0, SMALL_COMPANY_LIMIT - 1
    if _LARGE.search(text):
        return SMALL_COMPANY_LIMIT, float("inf")
    return None


def _audience_fits(entry: EntryBase, asker: _Asker) -> bool | None:
    """True or False when both the offer's audience and the asker's size are known; None otherwise."""
    span = _employee_range(entry)
    if span is None:
        return None
    low, high = span
    if asker.employees is not None:
        return low <= asker.employees <= high
    if asker.size == "small":
        return low < SMALL_COMPANY_LIMIT
    if asker.size == "large":
        return high >= SMALL_COMPANY_LIMIT
    return None


def _audience_reason(entry: EntryBase) -> str:
    low, high = _employee_range(entry) or (0, 0)
    if high < SMALL_COMPANY_LIMIT:
        return "Riktar sig till små och medelstora företag"
    if low >= SMALL_COMPANY_LIMIT:
        return "Riktar sig till större företag"
    return "Passar företag av er storlek"


def _topic_reasons(terms: QueryTerms, entry: EntryBase, candidate: Candidate) -> list[str]:
    reasons = []
    topics = terms.matched_words(" ".join(entry.topics))
    if topics:
        reasons.append("Handlar om " + _swedish_list(topics[:3]))
    else:
        words = [w for w in terms.matched_words(entry.title + " " + (entry.summary or "")) if not w.isdigit()]
        if words:
            reasons.append("Nämner " + _swedish_list(words[:3]))
    if candidate.ranks.get(SEMANTIC_SIDE, 99) <= 5:
        reasons.append("Liknar er beskrivning i betydelse")
    return reasons


def _swedish_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " och " + words[-1]


def _short_note(target: EntryType, found: int) -> str:
    names = {
        "program": "program", "expert": "experter", "course": "utbildningar", "company": "företag",
        "organization": "organisationer", "case": "berättelser", "report": "rapporter", "event": "evenemang",
    }
    if found == 0:
        return f"Inga {names[target.value]} passar tillräckligt bra."
    return f"Bara {found} {names[target.value]} passar tillräckligt bra; vi fyller inte på med sämre träffar."


def _item(score: float, entry: EntryBase, reasons: list[str]) -> MatchItem:
    return MatchItem(
        id=entry.id, type=entry.type.value, title=entry.title, summary=entry.summary, url=entry.url,
        regions=entry.regions, municipalities=entry.municipalities, score=round(score, 4), reasons=reasons,
    )
