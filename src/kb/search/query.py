"""What a search asks: its text, filters, page and mode, checked before any work is done."""

from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from kb.content.entries import EntryType
from kb.search.mode import Mode
from kb.store.base import FILTER_KEYS

MAX_QUERY_CHARS = 500
MAX_LIMIT = 50
MAX_FILTER_VALUES = 20  # values of one filter: more would only make a request heavy, never a search better
# "Not only spaces" (what `str.strip` leaves something of) as a JSON Schema / pydantic pattern says it.
SOME_TEXT = r"\S"


class InvalidQueryError(ValueError):
    """A request the user can mend; the message says how."""


class SearchFilters(BaseModel):
    """The filters a search takes, as the API's query parameters and the CLI's options name them:
    values of one filter are OR-ed, different filters AND-ed (the keys are the store's FILTER_KEYS)."""

    type: list[str] = Field([], max_length=MAX_FILTER_VALUES)
    region: list[str] = Field([], max_length=MAX_FILTER_VALUES)
    municipality: list[str] = Field([], max_length=MAX_FILTER_VALUES)
    topic: list[str] = Field([], max_length=MAX_FILTER_VALUES)
    status: list[str] = Field([], max_length=MAX_FILTER_VALUES)

    def as_dict(self) -> dict[str, list[str]]:
        return {key: values for key, values in self.model_dump(mode="json").items() if values}


@dataclass
class SearchQuery:
    text: str
    filters: dict[str, list[str]] = field(default_factory=dict)  # keys: FILTER_KEYS
    limit: int = 10
    offset: int = 0
    mode: Mode = Mode.hybrid

    def __post_init__(self) -> None:
        # A filter given no values does not filter: callers may pass every key, filled or not.
        self.filters = {key: values for key, values in self.filters.items() if values}

    def validate(self) -> None:
        if not self.text.strip():
            raise InvalidQueryError("the query is empty: write a word or a question")
        if len(self.text) > MAX_QUERY_CHARS:
            raise InvalidQueryError(f"the query is {len(self.text)} characters; the limit is {MAX_QUERY_CHARS}")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise InvalidQueryError(f"limit must be between 1 and {MAX_LIMIT}")
        if self.offset < 0:
            raise InvalidQueryError("offset must be 0 or more")
        unknown = set(self.filters) - set(FILTER_KEYS)
        if unknown:
            raise InvalidQueryError(f"unknown filter {sorted(unknown)}; filters are {', '.join(FILTER_KEYS)}")
        types = {t.value for t in EntryType}
        for value in self.filters.get("type", []):
            if value.lower() not in types:
                raise InvalidQueryError(f"unknown type '{value}'; expected one of: {', '.join(sorted(types))}")
