"""The place a match request gives, checked against the complete list of Sweden's regions and municipalities.

A misspelt name becomes the nearest one, a name no place has is left out, a municipality and a region
that disagree are settled by the municipality (the narrower fact), and a region outside the program's
three is accepted: each of these is said in a note, never silently.
"""

from dataclasses import dataclass, field

from kb import labels
from kb.text.places import PROGRAM_REGIONS, Place, gazetteer


@dataclass
class CheckedPlace:
    region: str | None
    municipality: str | None
    notes: list[str] = field(default_factory=list)


def check_place(region: str | None, municipality: str | None) -> CheckedPlace:
    checked = CheckedPlace(None, None)
    for given, kind in ((municipality, "municipality"), (region, "region")):
        place = _known(given, kind, checked.notes) if given and given.strip() else None
        if place is None:
            continue
        if place.kind != kind:  # a region written as the municipality, or the other way round
            checked.notes.append(labels.place_kind(place.name, place.kind))
        if place.kind == "municipality":
            checked.municipality = checked.municipality or place.name
        else:
            checked.region = checked.region or place.name
    if checked.municipality:
        home = gazetteer().municipalities[checked.municipality].region
        if checked.region and checked.region != home:
            checked.notes.append(labels.place_mismatch(checked.municipality, home, checked.region))
        checked.region = home
    if checked.region and checked.region not in PROGRAM_REGIONS:
        checked.notes.append(labels.outside_program(checked.region))
    return checked


def _known(name: str, kind: str, notes: list[str]) -> Place | None:
    """The place a name is, else the nearest place of the kind asked for (with a note), else None (with a note)."""
    place = gazetteer().lookup(name)
    if place is not None:
        return place
    nearest = gazetteer().nearest(name, kind)
    if nearest is not None:
        notes.append(labels.place_read_as(name.strip(), nearest.name))
        return nearest
    notes.append(labels.place_unknown(name.strip(), kind))
    return None
