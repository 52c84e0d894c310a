"""Names: one key per actor however it is written, groups told apart from actors, foreign legal forms."""

import pytest

from kb.network.names import abroad, display, is_group, name_key


def test_one_actor_written_many_ways_is_one_key():
    ways = ["Stålservice Norr AB", "STÅLSERVICE NORR AKTIEBOLAG", "Stålservice  Norr", "stålservice-norr", "Stålservice Norr, AB"]
    assert {name_key(w) for w in ways} == {"stålservice norr"}
    assert name_key("Mora Trä & Metall AB (exempelföretag)") == name_key("Mora Trä och Metall") == "mora trä och metall"
    assert name_key("Nordstål Oy") == name_key("NORDSTÅL OYJ") == name_key("Nordstål GmbH") == "nordstål"
    assert name_key("Bröderna Ek i Mora AB") == "bröderna ek i mora"  # 'ek' is a name here, no legal form


@pytest.mark.parametrize("name", [
    "kommunala fastighetsbolag i Gävleborg", "ett par grossister i Norden", "Stålgrossister i Mellansverige",
    "Exempelkunder inom fordonsindustrin", "Robottillverkare och komponentgrossister", "Tillverkare av skogsmaskiner",
    "Pappersbruk i Värmland och Gävleborg", "Möbelföretag i Skandinavien", "Leverantörer av glasfiber, kolfiber och harts",
    "Byggföretag i Mellansverige", "några verkstäder i Bergslagen",
])
def test_descriptions_of_many_are_groups(name):
    assert is_group(name)


@pytest.mark.parametrize("name", [
    "Kopparbergs Legering AB", "Stora Enso", "Siljan Kran", "Region Dalarna", "sandviken-precision-exempel", "SSAB",
    "Mora Trä & Metall AB", "Stålbyggarna i Dalarna", "Norsk Kraninvest AS", "Gruvor i Bergslagen AB",
])
def test_names_of_one_actor_are_not_groups(name):
    assert not is_group(name)


def test_abroad_by_country_or_legal_form():
    assert abroad("Tornio Erikoisteräs Oy", None) == (True, "Finland")
    assert abroad("Norsk Kraninvest AS", None) == (True, "Norge")
    assert abroad("Emballage Nord GmbH", None) == (True, "Tyskland")
    assert abroad("Bergslagens Stålservice AB", None) == (False, None)
    assert abroad("Stålverket", "Finland") == (True, "Finland")
    assert abroad("Nordstål Oy", "Sverige") == (False, "Sverige")  # the author's word wins


def test_display_drops_a_trailing_remark():
    assert display("Gävle Gjuteri AB (exempelföretag)") == "Gävle Gjuteri AB"
    assert display("(exempel)") == "(exempel)"
