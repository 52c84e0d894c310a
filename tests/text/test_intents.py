"""What a school asks for, and a query's language, from its words: model-free."""

import pytest

from kb.text.intents import intents_in, language_of


@pytest.mark.parametrize(
    ("text", "intents"),
    [
        ("Vilka företag tar emot LIA-studenter?", ("lia",)),
        ("praktikplatser för gymnasieelever", ("lia",)),
        ("exjobbare och examensarbeten", ("exjobb",)),
        ("companies offering internships", ("lia",)),
        ("a thesis project at a steel mill", ("exjobb",)),
        ("industry partners for a study visit", ("studiebesök", "samarbete")),
        ("sitta i branschrådet", ("branschråd",)),
        ("en gästföreläsning om svetsning", ("gästföreläsning",)),
        ("liam och italia", ()),  # words that merely hold the letters
        ("svetsning i Sandviken", ()),
    ],
)
def test_intents(text, intents):
    assert intents_in(text) == intents


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("support for small manufacturers going digital", "en"),
        ("welding course", "en"),
        ("Vilka företag kan ta emot exjobbare?", "sv"),
        ("svetsning gjuteri", "sv"),  # no function words either way: Swedish, like most users
        ("iso 14001", "sv"),
    ],
)
def test_language(text, language):
    assert language_of(text) == language
