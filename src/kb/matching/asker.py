"""Who asks for a match, as far as the request and the company profile tell: place, size, intents."""

import re
from dataclasses import dataclass

from kb.content.entries import CompanyEntry
from kb.labels import FIELD_LABELS
from kb.matching.places import check_place
from kb.text.intents import intents_in, language_of
from kb.text.places import municipality_in, region_of

SMALL_COMPANY_LIMIT = 250  # employees; the EU's SME line
_SMALL_SELF = re.compile(r"\blitet?\b|\bsmå\b|familjeföretag|enmansföretag|småföretag", re.I)
_LARGE_SELF = re.compile(r"koncern|storföretag|stort företag|\bstora\b", re.I)
_EMPLOYEES = re.compile(r"(\d[\d\s]*)\s*anställda", re.I)

@dataclass(frozen=True)
class Asker:
    text: str  # what is searched for: the description, then the profile
    region: str | None
    municipality: str | None
    employees: int | None
    size: str | None  # "small", "large" or unknown
    intents: tuple[str, ...]
    language: str = "sv"  # of the description: "sv" or "en"
    notes: tuple[str, ...] = ()  # what was corrected in the place the request gave


def asker(description: str, region: str | None, municipality: str | None, profile: CompanyEntry | None) -> Asker:
    """The request's own fields (checked against the list of places) first, then the company profile, then
    what the description says."""
    text = " ".join(part for part in (description.strip(), profile_text(profile)) if part)
    checked = check_place(region, municipality)
    municipality = (
        checked.municipality
        or (profile.municipalities[0] if profile and profile.municipalities else None)
        or municipality_in(description)
    )
    region = checked.region or (region_of(municipality) if municipality else None)
    if not region and profile and profile.regions:
        region = profile.regions[0]
    employees = _employees(profile, description)
    return Asker(
        text, region, municipality, employees, company_size(employees, description), intents_in(text),
        language_of(text), tuple(checked.notes),
    )


def profile_text(profile: CompanyEntry | None) -> str:
    """A company entry as a match description: its sector, summary, needs and offers."""
    if profile is None:
        return ""
    parts = [profile.sector or "", profile.summary or ""]
    if profile.needs:
        parts.append(f"{FIELD_LABELS['needs']}: " + ", ".join(profile.needs))
    if profile.offers:
        parts.append(f"{FIELD_LABELS['offers']}: " + ", ".join(profile.offers))
    return ". ".join(p for p in parts if p)


def _employees(profile: CompanyEntry | None, description: str) -> int | None:
    if profile and profile.employees is not None:
        return profile.employees
    found = _EMPLOYEES.search(description)
    return int(re.sub(r"\s", "", found.group(1))) if found else None


def company_size(employees: int | None, description: str) -> str | None:
    """"small" or "large" by head count when known, else by the words the description uses of itself."""
    if employees is not None:
        return "small" if employees < SMALL_COMPANY_LIMIT else "large"
    if _LARGE_SELF.search(description):
        return "large"
    if _SMALL_SELF.search(description):
        return "small"
    return None
