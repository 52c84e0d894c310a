"""Sweden's regions and municipalities: the whole list, found in text in any case and inflection, corrected."""

from kb.text.places import PROGRAM_REGIONS, gazetteer, municipality_in, region_of


def test_the_whole_country_is_there():
    places = gazetteer()
    assert len(places.regions) == 21 and len(places.municipalities) == 290
    assert set(PROGRAM_REGIONS) <= set(places.regions)
    assert places.municipalities_in("Dalarna")[:3] == ["Avesta", "Borlänge", "Falun"]
    assert len(places.municipalities_in("Gävleborg")) == 10


def test_a_municipality_tells_its_region_in_any_case():
    assert region_of("Sandviken") == "Gävleborg" and region_of(" mora ") == "Dalarna" and region_of("Årjäng") == "Värmland"
    assert region_of("Malmö") == "Skåne" and region_of("Borlänge kommun") == "Dalarna"
    assert region_of("Dalarna") is None and region_of("Atlantis") is None


def test_places_in_a_query_in_any_inflection():
    found = [(m.place.name, m.place.kind) for m in gazetteer().find("yh svetsning dalarna, Borlänges företag i Värmlands län")]
    assert found == [("Dalarna", "region"), ("Borlänge", "municipality"), ("Värmland", "region")]
    assert gazetteer().find("Region Gävleborg")[0].place.name == "Gävleborg"
    assert [m.place.name for m in gazetteer().find("Malung-Sälen och Upplands Väsby")] == ["Malung-Sälen", "Upplands Väsby"]


def test_everyday_words_are_places_only_when_written_as_places():
    assert gazetteer().find("vi vill ha mark för en fabrik") == []
    assert [m.place.name for m in gazetteer().find("en fabrik i mark")] == ["Mark"]
    assert [m.place.name for m in gazetteer().find("Ett företag i Lund")] == ["Lund"]
    assert gazetteer().find("Moraklockan") == []  # a word that begins with a name is not the name


def test_the_first_municipality_a_text_names():
    assert municipality_in("Ett gjuteri i SANDVIKEN och ett i Mora") == "Sandviken"
    assert municipality_in("Vi finns i Dalarna") is None


def test_a_misspelt_name_has_a_nearest_place():
    assert gazetteer().nearest("Hedemor").name == "Hedemora"
    assert gazetteer().nearest("Värmlnd", kind="region").name == "Värmland"
    assert gazetteer().nearest("qwerty") is None
