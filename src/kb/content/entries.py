"""Typed entries: one model per entry type, as the content format defines them."""

import re
from datetime import date
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationInfo,
)

from kb.content.problems import quoted


class EntryType(str, Enum):
    case = "case"
    report = "report"
    program = "program"
    course = "course"
    expert = "expert"
    organization = "organization"
    company = "company"
    event = "event"


def _as_text(value: Any) -> Any:
    """Authors write `duration: 1` or `start: 2019-08-01`; both are text to us."""
    if isinstance(value, (int, float, date)) and not isinstance(value, bool):
        return value.isoformat() if isinstance(value, date) else str(value)
    return value


def _as_list(value: Any) -> Any:
    """The format allows a list or one comma-separated string."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [_as_text(item) for item in value if item is not None]
    return value


def _as_tags(value: Any) -> Any:
    value = _as_list(value)
    if isinstance(value, list):
        return [item.lower() if isinstance(item, str) else item for item in value]
    return value


_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?)?)?$")


def _check_partial_date(value: str) -> str:
    if not _PARTIAL_DATE.match(value):
        raise ValueError("expected a date written as YYYY-MM-DD (or YYYY-MM)")
    return value


Text = Annotated[str, BeforeValidator(_as_text)]
# An event may be known only to the month ("2018-06"); kept as ISO text.
PartialDate = Annotated[str, BeforeValidator(_as_text), AfterValidator(_check_partial_date)]
TextList = Annotated[list[Text], BeforeValidator(_as_list)]
TagList = Annotated[list[Text], BeforeValidator(_as_tags)]


class Contact(BaseModel):
    model_config = ConfigDict(extra="allow")
    name: Text | None = None
    email: Text | None = None
    phone: Text | None = None


def _as_contact(value: Any) -> Any:
    return {"name": value} if isinstance(value, str) else value


# "kopparbergs-legering (55 %)", "Siljan Kran AB (ca 30 procent)": a name with the share in brackets at its end.
_NAME_WITH_SHARE = re.compile(
    r"^(?P<name>.*?)\s*\(\s*(?P<share>(?:ca\.?|cirka|omkring|ungefär|drygt|knappt)?\s*-?\d+(?:[.,]\d+)?\s*(?:%|procent))\s*\)\s*$",
    re.I,
)
_PERCENT = re.compile(r"^(?:ca\.?|cirka|omkring|ungefär|drygt|knappt)?\s*(-?\d+(?:[.,]\d+)?)\s*(?:%|procent)?$", re.I)
_COMMA_OUTSIDE_BRACKETS = re.compile(r",(?![^(]*\))")
RELATION_KEYS = ("name", "share", "supplies", "country")


class Relation(BaseModel):
    """A supplier or customer as a company entry names it (an entry id or a plain name).

    `share` is the percentage (0–100) of the supplier's sales that goes to the customer, whichever side wrote
    it (a percentage, as authors write it, so a record read back from the index parses to the same value).
    `supplies` says what the supplier delivers, `country` where it is, when the author says so.
    """

    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, Field(min_length=1)]
    share: float | None = None
    supplies: Text | None = None
    country: Text | None = None


def _note(info: ValidationInfo, code: str, **params: Any) -> None:
    """A warning (a code of kb.content.problems.MESSAGES) for the parser to report with file, line and field;
    records rebuilt from the index have no context to note it in."""
    if info.context is not None and "notes" in info.context:
        info.context["notes"].append((info.field_name, code, params))


def _share(value: Any, info: ValidationInfo) -> float | None:
    """'55 %', '55', 55 or 'ca 55 procent' → 55.0; anything else is a warning and no share."""
    if value is None or value == "":
        return None
    found = _PERCENT.match(str(value).strip()) if not isinstance(value, bool) else None
    if not found:
        _note(info, "bad_share", value=quoted(value))
        return None
    percent = float(found.group(1).replace(",", "."))
    if not 0 <= percent <= 100:
        _note(info, "share_out_of_range", value=quoted(value))
        return None
    return percent


def _relation(item: Any, info: ValidationInfo) -> dict[str, Any] | None:
    if isinstance(item, dict):
        unknown = [str(key) for key in item if key not in RELATION_KEYS]
        if unknown:
            _note(info, "relation_keys", keys=", ".join(map(repr, unknown)), expected=", ".join(RELATION_KEYS))
        name = _as_text(item.get("name"))
        if not isinstance(name, str) or not name.strip():
            _note(info, "relation_unnamed", value=quoted(item))
            return None
        return {
            "name": name.strip(), "share": _share(item.get("share"), info),
            "supplies": _as_text(item.get("supplies")), "country": _as_text(item.get("country")),
        }
    text = str(_as_text(item)).strip()
    found = _NAME_WITH_SHARE.match(text)
    if found and found.group("name"):
        return {"name": found.group("name"), "share": _share(found.group("share"), info)}
    return {"name": text} if text else None


def _as_relations(value: Any, info: ValidationInfo) -> Any:
    """A list (or one comma-separated string) of names, 'name (55 %)' or {name, share, supplies, country}."""
    if value is None:
        return []
    if isinstance(value, str):
        value = _COMMA_OUTSIDE_BRACKETS.split(value)
    elif isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        return value
    relations = (_relation(item, info) for item in value if item is not None)
    return [relation for relation in relations if relation is not None]


Relations = Annotated[list[Relation], BeforeValidator(_as_relations)]


class EntryBase(BaseModel):
    """Fields every type shares, plus what the parser adds (id, path, body, extra)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    type: EntryType
    title: Annotated[str, BeforeValidator(_as_text), Field(min_length=1)]
    summary: Text | None = None
    regions: TextList = []
    municipalities: TextList = []
    topics: TagList = []
    organizations: TextList = []
    related: TextList = []
    published: date | None = None
    updated: date | None = None
    url: Text | None = None
    contact: Annotated[Contact | None, BeforeValidator(_as_contact)] = None
    language: Literal["sv", "en"] = "sv"
    example: bool = False
    # Not from front matter: where the entry came from and what else it said.
    path: str = ""
    body: str = ""
    extra: dict[str, Any] = {}

    def references(self) -> dict[str, list[str]]:
        """Fields that name other entries, by field name."""
        fields = {"organizations": self.organizations, "related": self.related}
        for name in REFERENCE_FIELDS:
            # getattr's default would go through pydantic's __getattr__ and an exception for every field a type
            # lacks: a tenth of a second of every run over 2,300 entries (content.loader.missing_references)
            value = self.__dict__.get(name)
            if value:
                values = value if isinstance(value, list) else [value]
                fields[name] = [v.name if isinstance(v, Relation) else v for v in values]
        return fields


class CaseEntry(EntryBase):
    type: Literal[EntryType.case]
    companies: TextList = []
    programs: TextList = []
    hashtags: TagList = []
    quote: Text | None = None
    image: Text | None = None


class ReportEntry(EntryBase):
    type: Literal[EntryType.report]
    authors: TextList = []
    year: int | None = None
    publisher: Text | None = None
    pages: int | None = None


class ProgramEntry(EntryBase):
    type: Literal[EntryType.program]
    provider: Text | None = None
    format: Text | None = None
    cost: Text | None = None
    eligibility: Text | None = None
    duration: Text | None = None
    status: Literal["active", "closed"] | None = None
    audience: TextList = []


class CourseEntry(EntryBase):
    type: Literal[EntryType.course]
    form: Text | None = None
    provider: Text | None = None
    location: Text | None = None
    pace: Text | None = None
    duration: Text | None = None
    credits: int | None = None
    places: int | None = None
    start: Text | None = None
    distance: bool | None = None


class ExpertEntry(EntryBase):
    type: Literal[EntryType.expert]
    expertise: TextList = []
    organization: Text | None = None
    languages: TextList = []
    availability: Text | None = None


class OrganizationEntry(EntryBase):
    type: Literal[EntryType.organization]
    kind: Text | None = None
    website: Text | None = None


class CompanyEntry(EntryBase):
    type: Literal[EntryType.company]
    sector: Text | None = None
    employees: int | None = None
    offers: TextList = []
    needs: TextList = []
    suppliers: Relations = []
    customers: Relations = []
    wants: TagList = []

    def needs_and_offers(self) -> list[str]:
        """The short texts the network map compares by meaning (shared needs, needs that meet offers)."""
        return [*self.needs, *self.offers]


class EventEntry(EntryBase):
    type: Literal[EntryType.event]
    starts: PartialDate | None = None
    ends: PartialDate | None = None
    location: Text | None = None
    organizer: Text | None = None
    audience: TextList = []


ENTRY_CLASSES: dict[EntryType, type[EntryBase]] = {
    EntryType.case: CaseEntry,
    EntryType.report: ReportEntry,
    EntryType.program: ProgramEntry,
    EntryType.course: CourseEntry,
    EntryType.expert: ExpertEntry,
    EntryType.organization: OrganizationEntry,
    EntryType.company: CompanyEntry,
    EntryType.event: EventEntry,
}

# Fields (beyond organizations/related) whose values name other entries by id.
REFERENCE_FIELDS = ("provider", "programs", "companies", "suppliers", "customers", "organizer", "organization")

# Fields the parser fills in itself; an author may set `id`, never the others.
DERIVED_FIELDS = ("path", "body", "extra")
# Fields every view shows on their own (heading, body, source), never among an entry's metadata.
NOT_METADATA = ("id", "type", "title", "summary", "body", "path")
# What an entry id is made of (a regex character class): lowercase letters, digits, å ä ö é ü, '_' and '-'.
ID_CHARACTERS = "a-z0-9åäöéü_-"

Entry = Annotated[
    CaseEntry
    | ReportEntry
    | ProgramEntry
    | CourseEntry
    | ExpertEntry
    | OrganizationEntry
    | CompanyEntry
    | EventEntry,
    Field(discriminator="type"),
]
_ENTRY_ADAPTER: TypeAdapter[Entry] = TypeAdapter(Entry)


def front_matter_fields(entry_type: EntryType) -> set[str]:
    """Names an author may write in front matter for this type."""
    cls = ENTRY_CLASSES[entry_type]
    return set(cls.model_fields) - set(DERIVED_FIELDS)


def entry_from_record(record: dict[str, Any]) -> EntryBase:
    """Rebuild an entry stored in the index."""
    return _ENTRY_ADAPTER.validate_python(record)


def entry_to_record(entry: EntryBase) -> dict[str, Any]:
    return entry.model_dump(mode="json")
