"""The place a match request gives, checked against the whole country's list: model-free."""

from kb import labels
from kb.matching.places import check_place


def test_a_known_place_passes_and_a_municipality_brings_its_region():
    checked = check_place("Gävleborg", "Sandviken")
    assert (checked.region, checked.municipality, checked.notes) == ("Gävleborg", "Sandviken", [])
    assert check_place(None, "borlänge").region == "Dalarna"


def test_a_misspelt_name_becomes_the_nearest_with_a_note():
    checked = check_place(None, "Hedemor")
    assert (checked.municipality, checked.region) == ("Hedemora", "Dalarna")
    assert checked.notes == [labels.place_read_as("Hedemor", "Hedemora")]


def test_a_municipality_and_region_that_disagree_are_settled_by_the_municipality():
    checked = check_place("Värmland", "Hedemora")
    assert checked.region == "Dalarna" and checked.notes == [labels.place_mismatch("Hedemora", "Dalarna", "Värmland")]


def test_a_region_outside_the_program_is_accepted_with_a_note():
    checked = check_place("Skåne", None)
    assert checked.region == "Skåne" and checked.notes == [labels.outside_program("Skåne")]


def test_a_name_no_place_has_is_left_out_with_a_note():
    checked = check_place(None, "Atlantis")
    assert (checked.region, checked.municipality) == (None, None)
    assert checked.notes == [labels.place_unknown("Atlantis", "municipality")]


def test_a_place_in_the_wrong_field_is_read_as_what_it_is():
    checked = check_place("Borlänge", None)
    assert (checked.municipality, checked.region) == ("Borlänge", "Dalarna")
    assert checked.notes == [labels.place_kind("Borlänge", "municipality")]
