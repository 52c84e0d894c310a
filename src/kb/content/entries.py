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
)


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
                fields[name] = value if isinstance(value, list) else [value]
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
    suppliers: TextList = []
    customers: TextList = []
    wants: TagList = []


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
