"""Shares of a supplier's sales read from an entry's text: sentences, list items and table rows.

Program managers write "Drygt 55 procent av försäljningen går till Kopparbergs Legering", "Siljan Kran
AB: omkring en tredjedel av omsättningen", or a table of suppliers with a column for the share of each
supplier's sales. A percentage is read as a share only where the text ties it to sales (omsättning,
försäljning, intäkter …) and it describes neither a change ("minskade med 25 procent") nor a comparison
("20 procent högre"); the sentence or row it came from is kept, to be shown beside the figure.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from kb.content.markdown import Block, blocks
from kb.network.names import name_key

_APPROX = r"(?:(?:drygt|knappt|omkring|cirka|ca\.?|ungefär|runt|nästan|närmare|strax\s+(?:över|under)|uppemot|över|under|minst|högst)\s+)?"
WORD_SHARES = {
    "hälften": 1 / 2, "halva": 1 / 2, "varannan krona": 1 / 2,
    "en tredjedel": 1 / 3, "en tredjedels": 1 / 3, "var tredje krona": 1 / 3, "två tredjedelar": 2 / 3,
    "en fjärdedel": 1 / 4, "en fjärdedels": 1 / 4, "var fjärde krona": 1 / 4, "tre fjärdedelar": 3 / 4,
    "en femtedel": 1 / 5, "var femte krona": 1 / 5, "en tiondel": 1 / 10, "var tionde krona": 1 / 10,
}
_WORDS = "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in WORD_SHARES), key=len, reverse=True))
_AMOUNT = re.compile(
    rf"(?<![\w,.]){_APPROX}(?:(?P<number>\d{{1,3}}(?:[.,]\d+)?)\s*(?:%|procent\b)|(?P<words>{_WORDS})\b)", re.I
)
_BARE_NUMBER = re.compile(rf"^\s*{_APPROX}(\d{{1,3}}(?:[.,]\d+)?)\s*(?:%|procent)?\s*$", re.I)
_SALES = re.compile(
    r"\b(?:omsättning\w*|försäljning\w*|intäkt\w*|fakturering\w*|leveranser\w*|volym\w*|orderstock\w*"
    r"|(?:allt|det)\s+(?:vi|de|företaget)\s+(?:säljer|tillverkar|levererar|producerar))", re.I
)
_OF_SALES = re.compile(rf"^\s*av\s+(?:\S+\s+){{0,3}}?{_SALES.pattern}", re.I)
_OF_OTHER = re.compile(r"^\s*av\b", re.I)
# The amount is a change or a comparison, not a share: "minskade med 25 procent", "från 20 till 30 %", "10 % högre".
_CHANGE_BEFORE = re.compile(r"\b(?:med|till|från|ökade|minskade|ökat|minskat|sjönk|steg)\s*$", re.I)
_CHANGE_AFTER = re.compile(
    r"^\s*(?:högre|lägre|mer|mindre|större|fler|färre|snabbare|billigare|dyrare|bättre|sämre|per\b|procentenhet"
    r"|ökning|minskning|till\s+\d)", re.I
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")
# A clause ends where a sentence turns to something else ("…, och …", "…; …", "… medan …").
_STRONG_BREAK = re.compile(r",\s+(?:och|men|medan)\s+|;\s*|\s+medan\s+|\s+men\s+", re.I)
_WEAK_BREAK = re.compile(r",\s+|\s+och\s+|\s+samt\s+", re.I)
_SHARE_HEADER = re.compile(r"andel|procent|%|del\s+av", re.I)
_NAME_HEADER = re.compile(r"kund|leverantör|företag|namn|partner|köpare", re.I)


@dataclass(frozen=True)
class Clause:
    key: str  # the clause's words as name keys are made (for finding names in it)
    shares: tuple[float, ...]


@dataclass(frozen=True)
class Statement:
    """A sentence, list item or table row that states one or more shares of sales."""

    evidence: str  # what a reader is shown
    clauses: tuple[Clause, ...]


def _amount_value(found: re.Match[str]) -> float:
    if found.group("number"):
        return float(found.group("number").replace(",", ".")) / 100
    return WORD_SHARES[re.sub(r"\s+", " ", found.group("words").lower())]


def share_amounts(text: str, sales_context: bool) -> list[tuple[int, int, float]]:
    """(start, end, share) of each amount in `text` that is a share of sales. `sales_context`: the sentence or
    its lead-in speaks of sales, so an amount that is not "… av <something>" counts."""
    found = []
    for amount in _AMOUNT.finditer(text):
        before, after = text[: amount.start()], text[amount.end() :]
        if _CHANGE_BEFORE.search(before) or _CHANGE_AFTER.match(after):
            continue
        if _OF_SALES.match(after) or (sales_context and not _OF_OTHER.match(after)):
            value = _amount_value(amount)
            if 0 < value <= 1:
                found.append((amount.start(), amount.end(), value))
    return found


def _clauses(text: str, amounts: list[tuple[int, int, float]]) -> tuple[Clause, ...]:
    """Split at strong breaks, and between two amounts at the last weak break, so each amount keeps its own names."""
    cuts = {m.start() for m in _STRONG_BREAK.finditer(text)}
    for (_, end, _), (start, _, _) in zip(amounts, amounts[1:], strict=False):
        weak = [m.start() for m in _WEAK_BREAK.finditer(text, end, start)]
        if weak:
            cuts.add(weak[-1])
    edges = [0, *sorted(cuts), len(text)]
    return tuple(
        Clause(name_key(text[a:b]), tuple(v for start, _, v in amounts if a <= start < b))
        for a, b in zip(edges, edges[1:], strict=False)
        if text[a:b].strip()
    )


def _sentence_statements(text: str, lead_in: str | None) -> list[Statement]:
    found = []
    for sentence in _SENTENCE_END.split(text):
        context = bool(_SALES.search(sentence)) or bool(lead_in)
        amounts = share_amounts(sentence, context)
        if amounts:
            evidence = f"{lead_in} … {sentence}" if lead_in else sentence
            found.append(Statement(evidence.strip(), _clauses(sentence, amounts)))
    return found


def _table_statements(table: Block, lead_in: str | None) -> list[Statement]:
    header, *rows = table.rows
    share_columns = [i for i, cell in enumerate(header) if _SHARE_HEADER.search(cell) and (_SALES.search(cell) or lead_in)]
    if not share_columns or not rows:
        return []
    share_column = share_columns[0]
    names = [i for i, cell in enumerate(header) if i != share_column and _NAME_HEADER.search(cell)]
    name_column = names[0] if names else next((i for i in range(len(header)) if i != share_column), None)
    if name_column is None:
        return []
    found = []
    for row in rows:
        cells = list(row) + [""] * (len(header) - len(row))
        number = _BARE_NUMBER.match(cells[share_column])
        words = _AMOUNT.search(cells[share_column])
        value = float(number.group(1).replace(",", ".")) / 100 if number else (_amount_value(words) if words else None)
        if value is None or not 0 < value <= 1 or not cells[name_column].strip():
            continue
        evidence = "; ".join(f"{h}: {c}" for h, c in zip(header, cells, strict=False) if c.strip())
        found.append(Statement(evidence, (Clause(name_key(cells[name_column]), (value,)),)))
    return found


@lru_cache(maxsize=8192)
def statements(body: str) -> tuple[Statement, ...]:
    """Every statement of a share of sales in a Markdown body, in reading order."""
    found: list[Statement] = []
    lead_in: str | None = None  # the paragraph or heading before a list or table, when it speaks of sales
    previous_kind = ""
    for block in blocks(body):
        if block.kind in ("heading", "paragraph"):
            lead_in = block.text if _SALES.search(block.text) else None
            if block.kind == "paragraph":
                found.extend(_sentence_statements(block.text, None))
        elif block.kind == "item":
            found.extend(_sentence_statements(block.text, lead_in))
        elif block.kind == "table":
            found.extend(_table_statements(block, lead_in))
        if block.kind != "item" and previous_kind == "item":
            lead_in = None if block.kind != "heading" else lead_in
        previous_kind = block.kind
    return tuple(found)


@lru_cache(maxsize=65536)
def _mention(key: str) -> re.Pattern[str]:
    """A name's key inside a clause's key, also in the genitive ("Hofors Valsverks omsättning")."""
    return re.compile(rf"(?<!\S){re.escape(key)}s?(?!\S)")


def shares_for(found: tuple[Statement, ...], partners: dict[str, set[str]]) -> dict[str, tuple[float, str]]:
    """The share each partner (node id → the keys it is written by) is given, with the evidence: the first
    clause that names this partner alone and states one share."""
    result: dict[str, tuple[float, str]] = {}
    for statement in found:
        for clause in statement.clauses:
            if len(clause.shares) != 1:
                continue
            named = [node for node, keys in partners.items() if any(_mention(k).search(clause.key) for k in keys if k)]
            if len(named) == 1 and named[0] not in result:
                result[named[0]] = (clause.shares[0], statement.evidence)
    return result
