"""Who asks: place, size and intents read from the request, the profile and the description."""

from kb.content.entries import CompanyEntry
from kb.matching.asker import asker, company_size, profile_text


def test_the_requests_own_fields_come_first():
    found = asker("Ett gjuteri i Sandviken", "Dalarna", "Avesta", None)
    assert (found.region, found.municipality) == ("Dalarna", "Avesta")


def test_place_from_the_description_and_region_from_the_municipality():
    found = asker("Vi är ett gjuteri i Sandviken", None, None, None)
    assert (found.region, found.municipality) == ("Gävleborg", "Sandviken")
    assert asker("Vi gör möbler", None, None, None).region is None


def test_a_company_profile_gives_place_size_and_text():
    profile = CompanyEntry(
        id="g", type="company", title="Gjuteriet", municipalities=["Gävle"], employees=40, sector="Gjuteri",
        summary="Ett gjuteri.", needs=["robotar"], offers=["gjutgods"],
    )
    found = asker("", None, None, profile)
    assert (found.municipality, found.region, found.employees, found.size) == ("Gävle", "Gävleborg", 40, "small")
    assert found.text == profile_text(profile)
    assert found.text.startswith("Gjuteri. Ett gjuteri.") and found.text.endswith("Behöver: robotar. Erbjuder: gjutgods")


def test_size_from_head_count_else_from_words():
    assert company_size(None, "Vi har 12 anställda") is None  # head count is read by `asker`, not here
    assert asker("Vi har 1 200 anställda", None, None, None).employees == 1200
    assert company_size(300, "") == "large" and company_size(249, "") == "small"
    assert company_size(None, "Vi är ett litet familjeföretag") == "small"
    assert company_size(None, "En koncern med fabriker") == "large"
    assert company_size(None, "Ett företag") is None


def test_intents_of_a_school():
    found = asker("Vi söker praktikplatser och examensarbeten, och gärna studiebesök", None, None, None)
    assert found.intents == ("lia", "exjobb", "studiebesök")
