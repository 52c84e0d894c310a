"""What a query says beyond its words: places, intents, language, and the Swedish words of English terms."""

from kb.search.understanding import understand
from kb.text.lexical import terms


def test_places_are_read_in_any_inflection_and_can_be_taken_out():
    understood = understand("yh svetsning i Dalarna")
    [place] = understood.places
    assert (place.name, place.kind, place.text) == ("Dalarna", "region", "Dalarna")
    assert understood.without_place("yh svetsning i Dalarna", place) == "yh svetsning"
    borlange = understand("Borlänges företag inom automation")
    assert borlange.places[0].name == "Borlänge" and borlange.places[0].region == "Dalarna"
    assert borlange.without_place("Borlänges företag inom automation", borlange.places[0]) == "företag inom automation"


def test_a_school_query_asks_for_wants():
    assert understand("Vilka företag vill sitta i branschrådet?").intents == ["branschråd"]


def test_an_english_query_gets_swedish_keywords_a_swedish_one_none():
    english = understand("welding course Sandviken")
    assert english.language == "en" and english.places[0].name == "Sandviken"
    assert english.keywords("welding course Sandviken").split() == [
        "welding", "course", "Sandviken", "svetsning", "svets", "kurs", "utbildning"]
    # each English word counts as found when its Swedish words are (as stems)
    assert english.alternatives("welding course") == [
        frozenset(terms("welding svetsning svets")), frozenset(terms("course kurs utbildning"))]
    swedish = understand("svetskurs i Sandviken")
    assert swedish.language == "sv" and swedish.translated == []
    assert swedish.keywords("svetskurs i Sandviken") == "svetskurs i Sandviken"
