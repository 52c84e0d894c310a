"""What a match asks and answers, as the API takes and serves it."""

from pydantic import BaseModel, Field, field_validator

from kb.content.entries import EntryType
from kb.search.results import EntryCard

DEFAULT_TARGETS = [EntryType.program, EntryType.expert, EntryType.course]
MAX_DESCRIPTION_CHARS = 2000


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
