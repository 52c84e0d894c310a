"""What a match asks and answers, as the API takes and serves it."""

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    field_validator,
)

from kb.content.entries import EntryType
from kb.search.query import SOME_TEXT
from kb.search.results import EntryCard

DEFAULT_TARGETS = [EntryType.program, EntryType.expert, EntryType.course]
MAX_DESCRIPTION_CHARS = 2000
MAX_NAME_CHARS = 100  # a region, a municipality, a company id
# What the matcher needs to go on (Matcher.match): words of the asker's own, or a company to read them from.
ASKS_SOMETHING = {
    "anyOf": [
        {"required": ["description"], "properties": {"description": {"type": "string", "pattern": SOME_TEXT}}},
        {"required": ["company"], "properties": {"company": {"type": "string", "minLength": 1}}},
    ]
}


def _whole_number(value: Any) -> Any:
    """A JSON integer: 5 or 5.0, never "5" or true (what the schema's `integer` means, and no more)."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not number or (isinstance(value, float) and not value.is_integer()):
        raise ValueError("expected a whole number")
    return int(value)


WholeNumber = Annotated[int, BeforeValidator(_whole_number)]


class MatchRequest(BaseModel):
    """What a match asks: a description, a company id, or both (the schema says so: `ASKS_SOMETHING`)."""

    model_config = ConfigDict(json_schema_extra=ASKS_SOMETHING)

    description: str = Field("", max_length=MAX_DESCRIPTION_CHARS, description="Ert företag och vad ni behöver.")
    region: str | None = Field(None, max_length=MAX_NAME_CHARS)
    municipality: str | None = Field(None, max_length=MAX_NAME_CHARS)
    company: str | None = Field(
        None, max_length=MAX_NAME_CHARS, description="Id of a company entry whose profile is the query."
    )
    targets: list[EntryType] = Field(
        default_factory=lambda: list(DEFAULT_TARGETS), min_length=1, max_length=len(EntryType),
        description="Entry types to find, one group each.",
    )
    limit: WholeNumber = Field(5, ge=1, le=20, description="Results per group.")
    include_closed: StrictBool = Field(False, description="Also offer closed programs.")

    @field_validator("targets")
    @classmethod
    def _unique(cls, targets: list[EntryType]) -> list[EntryType]:
        return list(dict.fromkeys(targets))


class MatchItem(EntryCard):
    reasons: list[str]


class LeftOut(BaseModel):
    """An entry that would fit by relevance but is not offered: a closed program, or one for another region."""

    id: str
    title: str
    reason: str  # after the title: "finns i Gävleborg, men inte för Dalarna", "passar, men programmet är avslutat"


class MatchResponse(BaseModel):
    query: str
    region: str | None  # the place matched for, after checking what the request gave
    municipality: str | None
    place_notes: list[str] = []  # what was corrected or left out of the request's place, and why
    groups: dict[str, list[MatchItem]]
    notes: dict[str, str]  # why a group is shorter than asked
    left_out: dict[str, list[LeftOut]] = {}  # per group: what fits but is not offered, said rather than hidden


class UnknownCompanyError(LookupError):
    """A match asked for a company id that no entry has."""
