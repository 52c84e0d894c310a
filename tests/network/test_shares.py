"""Shares of sales read from text: the wordings authors use, and the percentages that are not shares."""

import pytest

from kb.network.names import name_key
from kb.network.shares import shares_for, statements

PARTNERS = ["Kopparbergs Legering", "Siljan Kran AB", "Hofors Valsverk", "Ludvika Svets", "Dala Stål", "Ovako Bar",
            "Gävle Gjuteri AB", "Bergslagens Härdverkstad"]


def read(body: str, partners=PARTNERS) -> dict[str, float]:
    found = shares_for(statements(body), {name: {name_key(name)} for name in partners})
    return {name: round(share, 3) for name, (share, _) in found.items()}


@pytest.mark.parametrize(("text", "share"), [
    ("Drygt 55 procent av försäljningen går till Kopparbergs Legering.", 0.55),
    ("Kopparbergs Legering står för 55 % av omsättningen.", 0.55),
    ("Kopparbergs Legering står för 55% av vår omsättning.", 0.55),
    ("Kopparbergs Legering köper omkring 55,5 procent av allt vi tillverkar.", 0.555),
    ("Ungefär hälften av omsättningen kommer från Kopparbergs Legering.", 0.5),
    ("Kopparbergs Legering tar cirka en tredjedel av försäljningen.", 0.333),
    ("Kopparbergs Legering svarar för två tredjedelar av intäkterna.", 0.667),
    ("Knappt en fjärdedel av intäkterna kommer från Kopparbergs Legering.", 0.25),
    ("Var tredje krona av försäljningen kommer från Kopparbergs Legering.", 0.333),
    ("Till Kopparbergs Legering, vår äldsta kund, går ca 40 % av försäljningen.", 0.40),
    ("Vi står för ungefär 20 procent av Kopparbergs Legerings omsättning.", 0.20),  # the genitive
])
def test_a_sentence_with_a_share_of_sales(text, share):
    assert read(text) == {"Kopparbergs Legering": share}


def test_a_list_item_takes_its_sales_context_from_the_lead_in():
    body = "Så fördelar sig försäljningen:\n\n- Siljan Kran AB: omkring en tredjedel av omsättningen\n- Hofors Valsverk: 10 %\n"
    assert read(body) == {"Siljan Kran AB": 0.333, "Hofors Valsverk": 0.1}
    [first, _] = statements(body)
    assert first.evidence == "Så fördelar sig försäljningen: … Siljan Kran AB: omkring en tredjedel av omsättningen"


def test_a_table_with_a_share_column():
    body = (
        "| Leverantör | Levererar | Andel av leverantörens försäljning |\n| --- | --- | --- |\n"
        "| Gävle Gjuteri AB | gjutgods | 40 % |\n| Bergslagens Härdverkstad | härdning | ca 60 |\n| Ovako Bar | stång | |\n"
    )
    assert read(body) == {"Gävle Gjuteri AB": 0.4, "Bergslagens Härdverkstad": 0.6}
    assert statements(body)[0].evidence == "Leverantör: Gävle Gjuteri AB; Levererar: gjutgods; Andel av leverantörens försäljning: 40 %"


def test_two_shares_in_one_sentence_each_keep_their_name():
    assert read("Hofors Valsverk tar 30 % och Ludvika Svets 20 % av försäljningen.") == {"Hofors Valsverk": 0.3, "Ludvika Svets": 0.2}


@pytest.mark.parametrize("text", [
    "Energin per ton minskade med 25 procent hos Kopparbergs Legering.",
    "Omsättningen ökade med 12 procent när Kopparbergs Legering blev kund.",
    "Hos Kopparbergs Legering är 15 procent av personalen kvinnor.",
    "Kopparbergs Legering sänkte kassationen från 8 till 5 procent av försäljningen.",
    "Försäljningen till Kopparbergs Legering var 20 procent högre i år.",
    "25 % av omsättningen går till forskning, och Kopparbergs Legering är vår största kund.",
    "Kopparbergs Legering och Siljan Kran AB står tillsammans för hälften av försäljningen.",  # whose half?
    "Kopparbergs Legering växer med 10 procent per år.",
    "| Leverantör | Andel återvunnet material |\n| --- | --- |\n| Kopparbergs Legering | 30 % |\n",
])
def test_percentages_that_are_not_a_share_are_not_read_as_one(text):
    assert read(text) == {}
