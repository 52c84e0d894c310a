"""The three regions' municipalities: a municipality alone tells the region."""

from kb.text.geography import municipality_in, region_of


def test_a_municipality_tells_its_region_in_any_case():
    assert region_of("Sandviken") == "Gävleborg" and region_of(" mora ") == "Dalarna" and region_of("Årjäng") == "Värmland"
    assert region_of("Malmö") is None


def test_the_first_municipality_a_text_names():
    assert municipality_in("Ett gjuteri i SANDVIKEN och ett i Mora") == "Sandviken"
    assert municipality_in("Malung-Sälen har en fabrik") == "Malung-Sälen"
    assert municipality_in("Moraklockan") is None  # a word that begins with a name is not the name
