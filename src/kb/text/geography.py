"""The three regions' municipalities, so a municipality alone tells the region."""

import re

MUNICIPALITIES = {
    "Dalarna": (
        "Avesta Borlänge Falun Gagnef Hedemora Leksand Ludvika Malung-Sälen Mora Orsa Rättvik Smedjebacken "
        "Säter Vansbro Älvdalen"
    ),
    "Gävleborg": "Bollnäs Gävle Hofors Hudiksvall Ljusdal Nordanstig Ockelbo Ovanåker Sandviken Söderhamn",
    "Värmland": (
        "Arvika Eda Filipstad Forshaga Grums Hagfors Hammarö Karlstad Kil Kristinehamn Munkfors Storfors Sunne "
        "Säffle Torsby Årjäng"
    ),
}
_REGION_OF = {name.lower(): region for region, names in MUNICIPALITIES.items() for name in names.split()}
_CANONICAL = {name.lower(): name for names in MUNICIPALITIES.values() for name in names.split()}
_NAMED = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _CANONICAL), key=len, reverse=True)) + r")\b", re.I)


def region_of(municipality: str) -> str | None:
    return _REGION_OF.get(municipality.strip().lower())


def municipality_in(text: str) -> str | None:
    """The first municipality of the three regions that a text names ("ett gjuteri i Sandviken")."""
    found = _NAMED.search(text)
    return _CANONICAL[found.group(1).lower()] if found else None
