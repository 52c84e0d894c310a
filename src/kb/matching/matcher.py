"""Matching: relevance first (the hybrid search, one ranking per target group), then the adviser's rules."""

from kb import labels
from kb.content.entries import CompanyEntry, EntryBase
from kb.matching.asker import Asker, asker
from kb.matching.models import (
    LeftOut,
    MatchItem,
    MatchRequest,
    MatchResponse,
    UnknownCompanyError,
)
from kb.matching.rules import WEIGHTS, MatchWeights, adviser, elsewhere
from kb.search.explain import QueryTerms
from kb.search.fusion import SEMANTIC_SIDE
from kb.search.query import InvalidQueryError
from kb.search.retrieval import Candidate
from kb.search.service import KnowledgeBase
from kb.search.understanding import understand
from kb.text.places import gazetteer

CONSIDERED = 30  # candidates per group that the adviser's rules re-rank
MAX_LEFT_OUT = 3  # fitting entries not offered that a group names


class Matcher:
    def __init__(self, kb: KnowledgeBase, weights: MatchWeights = WEIGHTS):
        self.kb = kb
        self.weights = weights

    def match(self, request: MatchRequest) -> MatchResponse:
        profile = self._company(request.company) if request.company else None
        who = asker(request.description, request.region, request.municipality, profile)
        if not who.text:
            raise InvalidQueryError("describe your company and what you need, or give a company id")
        # The adviser's rules weigh place and wants themselves, and their floor decides what fits; from the
        # search's understanding only the language is taken (an English description's Swedish keywords).
        understood = understand(who.text).model_copy(update={"places": [], "intents": []})
        rankings = self.kb.rank_groups(
            who.text, {target.value: {"type": [target.value]} for target in request.targets}, understood=understood,
            cut=False,
        )
        groups, notes, left_out = {}, {}, {}
        for target, candidates in rankings.items():
            items, missed = self._group(who, candidates[:CONSIDERED], request)
            groups[target] = items
            if missed:
                left_out[target] = missed
            if len(items) < request.limit:
                notes[target] = labels.short_group(target, len(items))
        return MatchResponse(
            query=who.text, region=who.region, municipality=who.municipality, place_notes=list(who.notes),
            groups=groups, notes=notes, left_out=left_out,
        )

    def _company(self, entry_id: str) -> CompanyEntry:
        found = self.kb.entries([entry_id])
        if not found:
            raise UnknownCompanyError(f"no company with id '{entry_id}'")
        entry = found[entry_id]
        if not isinstance(entry, CompanyEntry):
            raise UnknownCompanyError(f"'{entry_id}' is a {entry.type.value}, not a company")
        return entry

    def _group(self, who: Asker, candidates: list[Candidate], request: MatchRequest) -> tuple[list[MatchItem], list[LeftOut]]:
        """The group's items, and what would have been among them by relevance alone but is not offered."""
        entries = self.kb.entries([c.entry_id for c in candidates])
        terms = QueryTerms.of(who.text)
        fitting = [c for c in candidates if c.entry_id in entries and self._relevant(c, entries[c.entry_id], terms)]
        scored, missed = [], []
        for candidate in fitting:
            entry = entries[candidate.entry_id]
            if getattr(entry, "status", None) == "closed" and not request.include_closed:
                missed.append((candidate, LeftOut(id=entry.id, title=entry.title, reason=labels.CLOSED_PROGRAM)))
                continue
            if elsewhere(who, entry):
                reason = labels.program_elsewhere(entry.regions, who.region or "")
                missed.append((candidate, LeftOut(id=entry.id, title=entry.title, reason=reason)))
            bonus, reasons = adviser(who, entry, self.weights)
            scored.append((candidate.score + bonus, entry, _reasons(terms, entry) + reasons))
        scored.sort(key=lambda item: -item[0])
        items = [_item(score, entry, reasons or [labels.SIMILAR_TO_DESCRIPTION]) for score, entry, reasons in scored]
        shown = {item.id for item in items[: request.limit]}
        # by relevance alone these would have been offered: say so, rather than leave them out silently
        top = {c.entry_id for c in fitting[: request.limit]}
        said = [left for candidate, left in missed if candidate.entry_id in top and left.id not in shown]
        return items[: request.limit], said[:MAX_LEFT_OUT]

    def _relevant(self, candidate: Candidate, entry: EntryBase, terms: QueryTerms) -> bool:
        """The floor: close in meaning, or sharing the asker's words in title or topics."""
        if candidate.scores.get(SEMANTIC_SIDE, 0.0) >= self.weights.semantic_floor:
            return True
        return bool(terms.matched_words(entry.title + " " + " ".join(entry.topics)))


def _reasons(terms: QueryTerms, entry: EntryBase) -> list[str]:
    """What the entry is about that the asker asked for: its topics, else telling words of its title and summary
    (never filler words, places or numbers; places have reasons of their own)."""
    topics = [topic for topic in entry.topics if terms.telling_words(topic)]
    if topics:
        return [labels.about(topics[:3])]
    words = [
        w for w in terms.telling_words(entry.title + " " + (entry.summary or ""))
        if not w.isdigit() and gazetteer().lookup(w) is None
    ]
    return [labels.takes_up(words[:3])] if words else []


def _item(score: float, entry: EntryBase, reasons: list[str]) -> MatchItem:
    return MatchItem(
        id=entry.id, type=entry.type.value, title=entry.title, summary=entry.summary, url=entry.url,
        regions=entry.regions, municipalities=entry.municipalities, score=round(score, 4), reasons=reasons,
    )
