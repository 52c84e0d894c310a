"""Each adviser rule on its own, model-free: the bonus it gives, the reason it shows, and 0 switching it off."""

from dataclasses import replace

import pytest

from kb import labels
from kb.content.entries import CompanyEntry, CourseEntry, EntryBase, ProgramEntry
from kb.matching.asker import Asker
from kb.matching.rules import WEIGHTS, adviser

NO_RULES = replace(
    WEIGHTS, same_municipality=0, same_region=0, distance_course=0, audience_fit=0, audience_mismatch=0,
    program_elsewhere=0, wants=0,
)


def who(region: str | None = "Gävleborg", municipality: str | None = "Sandviken", employees: int | None = None,
        size: str | None = None, intents: tuple[str, ...] = ()) -> Asker:
    return Asker("ett gjuteri", region, municipality, employees, size, intents)


def program(**fields) -> ProgramEntry:
    return ProgramEntry(id="p", type="program", title="Ett program", **fields)


def course(**fields) -> CourseEntry:
    return CourseEntry(id="c", type="course", title="En kurs", **fields)


def test_no_rule_no_bonus_no_reason():
    assert adviser(who(), program(regions=["Gävleborg"], municipalities=["Sandviken"]), NO_RULES) == (0.0, [])


def test_same_municipality_beats_same_region():
    bonus, reasons = adviser(who(), course(regions=["Gävleborg"], municipalities=["Sandviken"]))
    assert bonus == pytest.approx(WEIGHTS.same_municipality)
    assert reasons == [labels.same_municipality("Sandviken")]
    off = adviser(who(), course(regions=["Gävleborg"], municipalities=["Sandviken"]), replace(WEIGHTS, same_municipality=0))
    assert off == (pytest.approx(WEIGHTS.same_region), [labels.same_region("Gävleborg")])  # the next rule speaks


def test_same_region_when_another_municipality():
    bonus, reasons = adviser(who(), course(regions=["Gävleborg"], municipalities=["Gävle"]))
    assert (bonus, reasons) == (pytest.approx(WEIGHTS.same_region), [labels.same_region("Gävleborg")])
    assert adviser(who(), course(regions=["Gävleborg"]), replace(WEIGHTS, same_region=0)) == (0.0, [])


def test_a_distance_course_is_local_everywhere_and_never_penalised_for_place():
    far = course(regions=["Skåne"], municipalities=["Malmö"], distance=True)
    bonus, reasons = adviser(who(), far)
    assert (bonus, reasons) == (pytest.approx(WEIGHTS.distance_course), [labels.DISTANCE_COURSE])
    # a distance course elsewhere scores no less than one next door without the distance rule
    assert adviser(who(), far, replace(WEIGHTS, distance_course=0))[0] == 0.0


def test_a_regional_program_for_another_region_goes_last():
    bonus, reasons = adviser(who(), program(regions=["Värmland"]))
    assert (bonus, reasons) == (pytest.approx(WEIGHTS.program_elsewhere), [])
    assert adviser(who(), course(regions=["Värmland"]))[0] == 0.0  # only programs are regional offers
    assert adviser(who(), program())[0] == 0.0  # a program for no region in particular serves everyone
    assert adviser(who(region=None, municipality=None), program(regions=["Värmland"]))[0] == 0.0  # place unknown
    assert adviser(who(), program(regions=["Värmland"]), replace(WEIGHTS, program_elsewhere=0)) == (0.0, [])


@pytest.mark.parametrize(
    ("audience", "asker", "fits"),
    [
        (["små och medelstora företag"], who(employees=20), True),
        (["små och medelstora företag"], who(size="small"), True),
        (["små och medelstora företag"], who(employees=900), False),
        (["större industriföretag"], who(employees=20), False),
        (["större industriföretag"], who(size="large"), True),
        (["företag med färre än 50 anställda"], who(employees=60), False),
        (["företag med fler än 10 anställda"], who(employees=60), True),
        (["alla"], who(employees=20), None),  # the offer names no size
        (["små och medelstora företag"], who(), None),  # the asker's size is unknown
    ],
)
def test_audience_against_the_askers_size(audience, asker, fits):
    bonus, reasons = adviser(replace(asker, region=None, municipality=None), program(audience=audience))
    expected = {True: WEIGHTS.audience_fit, False: WEIGHTS.audience_mismatch, None: 0.0}[fits]
    assert bonus == pytest.approx(expected)
    assert bool(reasons) is (fits is True)  # a misfit is ranked down, not explained as a reason


def test_audience_reasons_say_which_sizes():
    asker = who(region=None, municipality=None, employees=20)
    assert adviser(asker, program(audience=["små och medelstora företag"]))[1] == [labels.AUDIENCE_SME]
    large = who(region=None, municipality=None, employees=900)
    assert adviser(large, program(audience=["större industriföretag"]))[1] == [labels.AUDIENCE_LARGE]
    assert adviser(asker, program(audience=["företag med 10–100 anställda", "fler än 5 anställda"]))[1] == [
        labels.AUDIENCE_FITS
    ]
    assert adviser(asker, program(audience=["små och medelstora företag"]), replace(WEIGHTS, audience_fit=0)) == (0.0, [])


def test_a_company_that_wants_what_a_school_asks_for():
    company: EntryBase = CompanyEntry(id="f", type="company", title="Ett företag", wants=["lia", "exjobb"])
    school = who(region=None, municipality=None, intents=("lia", "branschråd"))
    assert adviser(school, company) == (pytest.approx(WEIGHTS.wants), [labels.WANT_REASONS["lia"]])
    assert adviser(replace(school, intents=("studiebesök",)), company) == (0.0, [])
    assert adviser(school, company, replace(WEIGHTS, wants=0)) == (0.0, [])
