"""Queries as our users type them, over the bundled content: the entry they want is in the top 3."""

import pytest

from kb.search.query import SearchQuery

QUERIES = [
    ('yh svetsning dalarna', 'yh-svetsteknik-iws-sandviken'),
    ('utbildning för svetskoordinator IWS', 'yh-svetsteknik-iws-sandviken'),
    ('distansutbildning produktionsledare', 'yh-produktionsledare-industri-karlstad'),
    ('snabb hjälp med digital transformation för industriföretag', 'kickstart-digitalisering'),
    ('CNC-kurs för vuxna i Avesta', 'yrkesvux-cnc-operator-avesta'),
    ('klusterexpert från Australien', 'rodin-genoff'),
    ('hur skyddar vi produktionsnätet mot hackare', {'expert-cybersakerhet-ot', 'industriell-cybersakerhet-seminarier',
                                                    'cybersakerhet-frukostseminarium-falun-2019'}),
    ('fler kvinnor i industrin', 'jamstalldhet-i-industrin-pilot'),
    ('högstadieelever besöker industriföretag på kvällen', 'industrinatten-mora-2018'),
    ('kartläggning av företagens leverantörer och kunder', 'cluster-and-opportunity-mapping-2014'),
    ('regeringens strategi för nyindustrialisering', 'smart-industri-nyindustrialiseringsstrategi'),
    ('Facebooksida om industrins betydelse', 'densmartaindustrin-facebook'),
    ('robotar i gjuteri', 'case-gjuteriet-som-borjade-med-robotar'),
    ('AI, VR och gamification seminarium', 'industrins-nya-verktyg-2018'),
    ('lean och förbättringsarbete i produktionen expert', 'expert-lean-och-processmognad'),
    ('LIA-plats i Mora', 'case-lia-samarbete-mora'),
    ('Paper Province nod i Dalarna', 'iuc-dalarna-nod-for-paper-province'),
    ('fiberoptik Hudiksvall', 'fiber-optic-valley'),
    ('automation utbildning Borlänge', 'yh-automationstekniker-borlange'),
    ('Which support is there for small manufacturers going digital?', {'kickstart-digitalisering', 'digitaliseringscoachning', 'digital-nulagesanalys-workshop'}),
]


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_expected_entry_ranks_in_the_top_three(content_kb, query, expected):
    """`expected` is an id, or a set of ids any of which answers the query."""
    wanted = {expected} if isinstance(expected, str) else expected
    top = [result.id for result in content_kb.search(SearchQuery(query, limit=3)).results]
    assert wanted & set(top), f"{query!r}: none of {wanted} in {top}"


def test_content_indexes_cleanly(content_report):
    assert content_report.ok, [str(p) for p in content_report.rejected]
    assert content_report.warnings == []
    assert len(content_report.indexed) >= 40
