"""Matching over the bundled content with the real model: groups, reasons that are true, adviser rules, notes."""

import re

import pytest

from kb import labels
from kb.content.entries import EntryBase
from kb.indexing.build import index_folder
from kb.matching.matcher import Matcher
from kb.matching.models import MatchRequest, MatchResponse, UnknownCompanyError
from kb.search.mode import Mode
from kb.search.query import InvalidQueryError
from kb.search.service import KnowledgeBase
from kb.settings import Settings
from tests.support import FIXTURES

NEED = "Vi är ett litet gjuteri i Sandviken med 20 anställda och vill börja med robotar för gradningen."


def match(kb: KnowledgeBase, description: str = "", **fields) -> MatchResponse:
    return Matcher(kb).match(MatchRequest(description=description, **fields))


@pytest.fixture(scope="module")
def foundry(content_kb) -> MatchResponse:
    return match(content_kb, NEED)


def _plain(text: str) -> str:
    """Lowercase without the marks a tag's display adds or drops ("OPC UA" for "opc-ua", "VR/AR" for "vr-ar")."""
    return re.sub(r"[\s/-]", "", text.lower())


def reason_holds(reason: str, entry: EntryBase, asker: MatchResponse) -> bool:
    """Every reason the matcher may give, checked against the entry it is given for."""
    if reason.startswith(("Handlar om ", "Tar upp ")):
        words = re.split(r", | och ", reason.removeprefix("Handlar om ").removeprefix("Tar upp "))
        text = _plain(" ".join([entry.title, entry.summary or "", *entry.topics]))
        return all(_plain(word) in text for word in words)
    if reason == labels.SIMILAR_TO_DESCRIPTION:
        return True  # the semantic side's rank; test_similar_means_the_semantic_top_five holds it
    if reason == labels.same_municipality(asker.municipality or ""):
        return asker.municipality in entry.municipalities
    if reason == labels.same_region(asker.region or ""):
        return asker.region in entry.regions
    if reason == labels.DISTANCE_COURSE:
        return getattr(entry, "distance", None) is True
    if reason == labels.AUDIENCE_SME:
        audience = " ".join([*getattr(entry, "audience", []), entry.summary or ""]).lower()
        return "små" in audience or "sme" in audience
    wants = {text: want for want, text in labels.WANT_REASONS.items()}
    return reason in wants and wants[reason] in getattr(entry, "wants", [])


def test_a_company_need_gets_three_groups_with_true_reasons(content_kb, foundry):
    assert list(foundry.groups) == ["program", "expert", "course"]
    assert (foundry.municipality, foundry.region) == ("Sandviken", "Gävleborg")  # read from the description
    assert foundry.groups["program"][0].id == "robotlyftet-smaforetag-gavleborg"
    given = []
    for group, items in foundry.groups.items():
        assert items, group
        entries = content_kb.entries([item.id for item in items])
        for item in items:
            assert item.type == group and item.reasons
            for reason in item.reasons:
                assert reason_holds(reason, entries[item.id], foundry), (item.id, reason)
                given.append(reason)
    # the cases the check covers do occur here
    assert labels.same_municipality("Sandviken") in given and labels.same_region("Gävleborg") in given
    assert labels.AUDIENCE_SME in given and any(r.startswith("Handlar om ") for r in given)
    [robot] = [i for i in foundry.groups["program"] if i.id == "robotlyftet-smaforetag-gavleborg"]
    assert labels.AUDIENCE_SME in robot.reasons


def test_similar_means_the_semantic_top_five(content_kb, foundry):
    similar = {item.id for items in foundry.groups.values() for item in items if labels.SIMILAR_TO_DESCRIPTION in item.reasons}
    assert similar
    rankings = content_kb.rank_groups(foundry.query, {t: {"type": [t]} for t in foundry.groups}, Mode.semantic, cut=False)
    top = {c.entry_id for ranking in rankings.values() for c in ranking[:5]}
    assert similar <= top


def test_a_program_for_large_companies_goes_below_the_ones_for_small_companies(content_kb):
    ask = "verkstadsföretag i Karlstad med {} anställda och vill automatisera produktionen med robotar."
    small = [i.id for i in match(content_kb, "Vi är ett litet " + ask.format(15), targets=["program"], limit=20).groups["program"]]
    large = [i.id for i in match(content_kb, "Vi är en koncern, ett " + ask.format(900), targets=["program"], limit=20).groups["program"]]
    assert small.index("automationsprogram-storre-foretag-varmland") > small.index("produktionslyftet-startprogram")
    assert large[0] == "automationsprogram-storre-foretag-varmland"


def test_closed_programs_are_left_out_unless_asked_for(content_kb):
    need = "Stöd för robotar och robotisering i små företag i Dalarna"
    default = match(content_kb, need, targets=["program"], limit=20).groups["program"]
    assert default and "robotlyftet-2019-avslutat" not in [i.id for i in default]
    statuses = {e.status for e in content_kb.entries([i.id for i in default]).values()}
    assert "closed" not in statuses
    asked = match(content_kb, need, targets=["program"], limit=20, include_closed=True).groups["program"]
    assert "robotlyftet-2019-avslutat" in [i.id for i in asked]


def test_a_school_finds_partners_and_their_wants_count(content_kb):
    body = match(
        content_kb, "YH-utbildning i automation i Borlänge söker LIA-platser och företag till branschrådet",
        targets=["company", "organization", "expert"],
    )
    assert list(body.groups) == ["company", "organization", "expert"]
    companies = body.groups["company"]
    assert companies[0].id == "borlange-automation-exempel"
    assert labels.WANT_REASONS["lia"] in companies[0].reasons
    entries = content_kb.entries([item.id for item in companies])
    for item in companies:
        for reason in item.reasons:
            assert reason_holds(reason, entries[item.id], body), (item.id, reason)


def test_a_company_profile_is_the_query(content_kb):
    body = match(content_kb, company="gavle-gjuteri-exempel", targets=["program"])
    assert (body.municipality, body.region) == ("Gävle", "Gävleborg")
    assert "Behöver:" in body.query
    ids = [item.id for item in body.groups["program"]]
    assert {"energikartlaggning-gjuterier", "robotlyftet-smaforetag-gavleborg"} & set(ids[:3])


def test_bad_requests_say_what_is_wrong(content_kb):
    with pytest.raises(InvalidQueryError, match="describe your company"):
        match(content_kb, "   ")
    with pytest.raises(UnknownCompanyError, match="no company with id 'finns-inte'"):
        match(content_kb, company="finns-inte")
    with pytest.raises(UnknownCompanyError, match="is a program, not a company"):  # no company has that id: 404
        match(content_kb, company="kickstart-digitalisering")


@pytest.fixture(scope="module")
def small_kb(tmp_path_factory, e5):
    """The three fixture entries: one open robot program, one closed program, one welding course."""
    settings = Settings(store_path=tmp_path_factory.mktemp("small-index"), embedding_cache=None)
    index_folder(settings, e5, FIXTURES / "small")
    kb = KnowledgeBase(settings, embedder=e5)
    yield kb
    kb.close()


def test_a_group_is_never_padded_and_says_why_it_is_short(small_kb):
    body = match(small_kb, "Vi vill börja med robotar i vårt gjuteri", limit=5)
    assert [i.id for i in body.groups["program"]] == ["robotlyftet"]  # the other program is about sales, and closed
    assert body.notes["program"] == labels.short_group("program", 1)
    assert body.notes["program"].startswith("Bara 1 program passar")
    assert body.groups["expert"] == [] and body.notes["expert"] == labels.short_group("expert", 0)
    full = match(small_kb, "Vi vill börja med robotar i vårt gjuteri", targets=["program"], limit=1)
    assert len(full.groups["program"]) == 1 and full.notes == {}  # a full group has no note


def test_a_fitting_program_left_out_is_named_with_why(content_kb):
    body = match(content_kb, "Litet verkstadsföretag med 15 anställda som söker stöd för att börja med robotar",
                 region="Dalarna", targets=["program"])
    left = {item.id: item.reason for item in body.left_out["program"]}
    assert left["robotlyftet-smaforetag-gavleborg"] == labels.program_elsewhere(["Gävleborg"], "Dalarna")
    assert left["robotlyftet-2019-avslutat"] == labels.CLOSED_PROGRAM
    assert not set(left) & {item.id for item in body.groups["program"]}  # named, not offered


def test_the_place_a_request_gives_is_checked_and_said(content_kb):
    body = match(content_kb, "Gjuteri som vill börja med robotar", region="Värmland", municipality="Hedemor")
    assert (body.municipality, body.region) == ("Hedemora", "Dalarna")
    assert body.place_notes == [labels.place_read_as("Hedemor", "Hedemora"),
                                labels.place_mismatch("Hedemora", "Dalarna", "Värmland")]


def test_reasons_read_like_an_adviser(content_kb):
    filler = re.compile(r"\b(stöd|hjälper|industriföretag|exempel\w*|dalarna|borlänge|yh|lia|cnc)\b")  # lowercase only
    in_any_case = re.compile(r"\b(exempel\w*|erbjud\w*)\b", re.IGNORECASE)  # "Tar upp Exempelerbjudande och erbjuds"
    asked = [{"description": d} for d in (NEED, "Industriföretag i Borlänge som behöver stöd med LIA och CNC via YH",
                                          "Vi söker hjälp med digitalisering i Dalarna")]
    for fields in [*asked, {"company": "hedemora-hydraulik-exempel"}]:  # a profile: its offers and the example note
        body = match(content_kb, targets=["program", "expert", "course"], limit=10, **fields)
        for items in body.groups.values():
            for item in items:
                for reason in item.reasons:
                    assert not filler.search(reason) and not in_any_case.search(reason), (item.id, reason)
                if labels.SIMILAR_TO_DESCRIPTION in item.reasons:
                    assert item.reasons == [labels.SIMILAR_TO_DESCRIPTION]  # only when nothing better is true
