"""Where collaboration can start: needs several companies share, one company's need that another offers,
and for each exposed company the support (programs, experts, courses) that answers its weakness.

Needs and offers are compared by meaning (the model's query side, through the façade): "kranförare med
behörighet" and "personal med kranförarbevis" are one need. Two texts are alike when their vectors are
near-copies, or close and they share a word that is not one of the words every need uses ("rekrytera").
"""

from collections.abc import Callable

import numpy as np

from kb import labels
from kb.content.entries import CompanyEntry
from kb.matching.matcher import Matcher
from kb.matching.models import MAX_DESCRIPTION_CHARS, MatchRequest
from kb.network.analysis import Signal
from kb.network.graph import Graph
from kb.network.models import CompanyOut, OpportunityOut
from kb.search.service import KnowledgeBase
from kb.text.lexical import terms

# Calibrated on content/ (docs/network.md): e5 puts every "rekrytera …" need close to every other, so closeness
# alone joins only near-copies; otherwise two texts must also share a telling word ("svetsare", "cnc").
SAME_TEXT = 0.975
ALIKE_WITH_WORD = 0.90  # two needs
MEETS_WITH_WORD = 0.89  # a need and an offer
OFFERS_PER_NEED = 3  # the best offers kept for each company's need
SUPPORT_PER_GROUP = 2  # programs, experts and courses offered to an exposed company, of each
PREFIX = 5  # a compound shares a telling word with its head: "kranförare" and "kranförarbevis"
_GENERIC_WORDS = (
    "rekrytera anställa minska öka fler bättre kompetens behöver behov utveckla utveckling ny nya mer "
    "automatisera automation digitalisera digitalisering förbättra kortare personal medarbetare samarbete stöd hjälp "
    "kunskap"
)
GENERIC = frozenset(terms(_GENERIC_WORDS))
Embed = Callable[[list[str]], np.ndarray]


def _telling(text: str) -> frozenset[str]:
    return frozenset(terms(text)) - GENERIC


def share_a_word(a: frozenset[str], b: frozenset[str]) -> bool:
    if a & b:
        return True
    return any(
        len(short) >= PREFIX and long.startswith(short)
        for x in a for y in b for short, long in [sorted((x, y), key=len)]
    )


def _alike(a: list[str], b: list[str], va: np.ndarray, vb: np.ndarray, floor: float) -> np.ndarray:
    """A boolean matrix: text i of `a` is like text j of `b`."""
    cos = va @ vb.T
    result = cos >= SAME_TEXT
    words_a, words_b = [_telling(t) for t in a], [_telling(t) for t in b]
    for i, j in zip(*np.nonzero((cos >= floor) & ~result), strict=True):
        result[i, j] = share_a_word(words_a[i], words_b[j])
    return result


def _items(graph: Graph, field: str) -> list[tuple[str, str]]:
    return [(cid, text) for cid, c in graph.companies.items() for text in getattr(c, field)]


def _action(need: str) -> str:
    lowered = need.lower()
    if any(w in lowered for w in ("rekryt", "anställ", "personal", "medarbetare", "kompetensförsörj")):
        return "recruit"
    if any(w in lowered for w in ("utbild", "kompetens", "kunskap", "behörighet", "certifi", "kurs", "lär")):
        return "train"
    return "invest"


def needs_and_offers(graph: Graph, vectors: dict[str, np.ndarray], embed: Embed) -> list[OpportunityOut]:
    """Shared needs and needs that meet offers; `vectors` (text → vector) is filled with what is embedded."""
    needs, offers = _items(graph, "needs"), _items(graph, "offers")
    missing = [t for t in dict.fromkeys(text for _, text in needs + offers) if t not in vectors]
    if missing:
        vectors.update(zip(missing, embed(missing), strict=True))
    need_texts = list(dict.fromkeys(t for _, t in needs))
    offer_texts = list(dict.fromkeys(t for _, t in offers))
    if not need_texts:
        return []
    vn = np.stack([vectors[t] for t in need_texts])
    found = _shared_needs(needs, need_texts, vn)
    if offer_texts:
        found += _needs_meet_offers(graph, needs, offers, need_texts, offer_texts, vn, np.stack([vectors[t] for t in offer_texts]))
    return found


def _shared_needs(needs: list[tuple[str, str]], texts: list[str], vn: np.ndarray) -> list[OpportunityOut]:
    """Leader clustering: the need most others are like gathers them (no chains of merely similar needs)."""
    alike = _alike(texts, texts, vn, vn, ALIKE_WITH_WORD)
    cos = vn @ vn.T
    index = {t: i for i, t in enumerate(texts)}
    who: dict[int, set[str]] = {}
    for company, text in needs:
        who.setdefault(index[text], set()).add(company)
    order = sorted(range(len(texts)), key=lambda i: (-int(alike[i].sum()), texts[i]))
    taken: set[int] = set()
    found = []
    for leader in order:
        if leader in taken:
            continue
        group = [j for j in np.nonzero(alike[leader])[0] if j not in taken]
        companies = sorted({c for j in group for c in who.get(j, ())})
        if len(companies) < 2:
            continue
        taken.update(group)
        wordings = {c: texts[j] for j in group for c in sorted(who.get(j, ()))}
        similarity = float(np.mean([cos[leader, j] for j in group]))
        found.append(OpportunityOut(
            kind="shared-need", companies=companies, need=texts[leader], wordings=wordings,
            reason=labels.shared_need(len(companies), texts[leader], _action(texts[leader])),
            score=round(min(1.0, similarity + 0.02 * (len(companies) - 2)), 3),
        ))
    return found


def _needs_meet_offers(graph, needs, offers, need_texts, offer_texts, vn, vo) -> list[OpportunityOut]:
    """For each company's need, the best offers of other companies (one per offering company, at most three)."""
    alike = _alike(need_texts, offer_texts, vn, vo, MEETS_WITH_WORD)
    cos = vn @ vo.T
    offered_by: dict[str, list[str]] = {}
    for offerer, offer in offers:
        offered_by.setdefault(offer, []).append(offerer)
    best = {  # per distinct need text: the offer texts like it, best first
        need: sorted(((float(cos[i, j]), offer_texts[j]) for j in np.nonzero(alike[i])[0]), reverse=True)
        for i, need in enumerate(need_texts)
    }
    found = []
    for company, need in needs:
        seen: set[str] = set()
        candidates = ((score, offer, offerer) for score, offer in best[need] for offerer in offered_by[offer])
        for score, offer, offerer in candidates:
            if len(seen) == OFFERS_PER_NEED:
                break
            if offerer == company or offerer in seen:
                continue
            seen.add(offerer)
            found.append(OpportunityOut.model_construct(  # thousands at scale, from checked values
                kind="need-offer", companies=[company, offerer], need=need, offer=offer, score=round(score, 3),
                reason=labels.need_meets_offer(graph.name(company), need, graph.name(offerer), offer),
                entries=[], wordings={},  # given, so pydantic looks up no default factory (slow in construct)
            ))
    return found


def weakness_asks(signals: list[Signal]) -> list[str]:
    """What the company's weaknesses ask of the support system, in words matching understands."""
    asks = []
    for about in ("customer", "supplier", "shared"):
        rated = [s.reason for s in signals if s.about == about and s.level]
        if rated:
            asks.append(labels.SUPPORT_ASKS[about].format(reason=rated[0]))
    return asks


def support(kb: KnowledgeBase, graph: Graph, card: CompanyOut, signals: list[Signal]) -> OpportunityOut | None:
    """The programs, experts and courses (closed programs left out) that answer an exposed company's weakness."""
    if card.exposure == "low":
        return None
    entry: CompanyEntry = graph.companies[card.id]
    asks = weakness_asks(signals)
    parts = [*asks]
    if entry.needs:
        parts.append(f"{labels.FIELD_LABELS['needs']}: " + ", ".join(entry.needs) + ".")
    if entry.employees is not None:
        parts.append(f"Vi har {entry.employees} anställda.")
    if not parts:
        return None
    response = Matcher(kb).match(MatchRequest(
        description=" ".join(parts)[:MAX_DESCRIPTION_CHARS], region=entry.regions[0] if entry.regions else None,
        municipality=entry.municipalities[0] if entry.municipalities else None, limit=SUPPORT_PER_GROUP,
    ))
    items = [item for group in response.groups.values() for item in group]
    if not items:
        return None
    weakness = next((s.reason for s in signals if s.level), None) or ", ".join(entry.needs[:2])
    weight = 1.0 if card.exposure == "high" else 0.7
    return OpportunityOut(
        kind="support", companies=[card.id], need=weakness, entries=[item.id for item in items],
        reason=labels.support_for(weakness), score=round(weight * min(1.0, max(item.score for item in items)), 3),
    )
