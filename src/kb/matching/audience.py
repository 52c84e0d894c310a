"""Which company sizes an offer is for, read from its audience, eligibility and summary."""

import re

from kb import labels
from kb.content.entries import EntryBase
from kb.matching.asker import SMALL_COMPANY_LIMIT, Asker

_SME = re.compile(r"små och medelstora|småföretag|små (industri)?företag|\bsme\b|mindre företag", re.I)
_LARGE = re.compile(r"större (industri)?företag|stora (industri)?företag|storföretag", re.I)
_AT_MOST = re.compile(r"(?:färre än|under|högst|max(?:imalt)?)\s+(\d+)\s+anställda", re.I)
_AT_LEAST = re.compile(r"(?:fler än|över|minst)\s+(\d+)\s+anställda", re.I)


def _audience_text(entry: EntryBase) -> str:
    return " ".join([*getattr(entry, "audience", []), getattr(entry, "eligibility", None) or "", entry.summary or ""])


def employee_range(entry: EntryBase) -> tuple[int, float] | None:
    """Explicit limits first ("färre än 50 anställda"), else SME or large-company wording; None if it says neither."""
    text = _audience_text(entry)
    at_most, at_least = _AT_MOST.search(text), _AT_LEAST.search(text)
    if at_most or at_least:
        low = int(at_least.group(1)) + 1 if at_least else 0
        high = int(at_most.group(1)) - 1 if at_most else float("inf")
        return low, high
    if _SME.search(text):
        return 0, SMALL_COMPANY_LIMIT - 1
    if _LARGE.search(text):
        return SMALL_COMPANY_LIMIT, float("inf")
    return None


def audience_fits(entry: EntryBase, asker: Asker) -> bool | None:
    """True or False when both the offer's audience and the asker's size are known; None otherwise."""
    span = employee_range(entry)
    if span is None:
        return None
    low, high = span
    if asker.employees is not None:
        return low <= asker.employees <= high
    if asker.size == "small":
        return low < SMALL_COMPANY_LIMIT
    if asker.size == "large":
        return high >= SMALL_COMPANY_LIMIT
    return None


def audience_reason(entry: EntryBase) -> str:
    low, high = employee_range(entry) or (0, 0)
    if high < SMALL_COMPANY_LIMIT:
        return labels.AUDIENCE_SME
    if low >= SMALL_COMPANY_LIMIT:
        return labels.AUDIENCE_LARGE
    return labels.AUDIENCE_FITS
