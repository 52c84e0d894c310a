"""What a search asks is checked before any work: model-free."""

import pytest

from kb.search.query import (
    MAX_QUERY_CHARS,
    InvalidQueryError,
    SearchFilters,
    SearchQuery,
)
from kb.search.mode import Mode
from kb.store.base import FILTER_KEYS


def test_filters_name_the_stores_filter_keys_and_drop_empty_ones():
    assert tuple(SearchFilters.model_fields) == FILTER_KEYS
    assert SearchFilters(type=["course"], region=[]).as_dict() == {"type": ["course"]}
    assert SearchQuery("svets", {"type": ["course"], "region": []}).filters == {"type": ["course"]}


@pytest.mark.parametrize(
    ("query", "words"),
    [
        (SearchQuery("  "), "the query is empty"),
        (SearchQuery("x" * (MAX_QUERY_CHARS + 1)), f"the limit is {MAX_QUERY_CHARS}"),
        (SearchQuery("svets", limit=0), "limit must be between 1 and 50"),
        (SearchQuery("svets", offset=-1), "offset must be 0 or more"),
        (SearchQuery("svets", {"ort": ["Mora"]}), "unknown filter ['ort']"),
        (SearchQuery("svets", {"type": ["nyhet"]}), "unknown type 'nyhet'"),
    ],
)
def test_a_bad_query_says_how_to_mend_it(query, words):
    with pytest.raises(InvalidQueryError, match=words.replace("[", r"\[").replace("]", r"\]")):
        query.validate()


def test_modes_are_strict():
    assert Mode.from_str("Keyword") is Mode.keyword
    with pytest.raises(ValueError, match="unknown mode 'magic'; expected one of: hybrid, semantic, keyword"):
        Mode.from_str("magic")
