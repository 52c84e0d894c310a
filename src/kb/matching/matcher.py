"""Matching: relevance first (the hybrid search, one ranking per target group), then the adviser's rules."""

from kb import labels
from kb.content.entries import CompanyEntry, EntryBase
from kb.matching.asker import Asker, asker
from kb.matching.models import (
    MatchItem,
    MatchRequest,
    MatchResponse,
    UnknownCompanyError,
)
from kb.matching.rules import WEIGHTS, MatchWeights, adviser
from kb.search.explain import QueryTerms
from kb.search.fusion import SEMANTIC_SIDE
from kb.search.query import InvalidQueryError
from kb.search.retrieval import Candidate
from kb.search.service import KnowledgeBase

CONSIDERED = 30  # candidates per group that the adviser's rules re-rank
SIMILAR_RANK = 5  # "like your description" when the semantic side ranks the entry this high


class Matcher:
    def __init__(self, kb: KnowledgeBase, weights: MatchWeights = WEIGHTS):
        self.kb = kb
        self.weights = weights

    def match(self, request: MatchRequest) -> MatchResponse:
        profile = self._company(request.company) if request.company else None
        who = asker(request.description, request.region, request.municipality, profile)
        if not who.text:
            raise InvalidQueryError("describe your company and what you need, or give a company id")
        rankings = self.kb.rank_groups(who.text, {target.value: {"type": [target.value]} for target in request.targets})
        groups, notes = {}, {}
        for target, candidates in rankings.items():
            items = self._group(who, candidates[:CONSIDERED], request)
            groups[target] = items
            if len(items) < request.limit:
                notes[target] = labels.short_group(target, len(items))
        return MatchResponse(query=who.text, region=who.region, municipality=who.municipality, groups=groups, notes=notes)

    def _company(self, entry_id: str) -> CompanyEntry:
        found = self.kb.entries([entry_id])
        if not found:
            raise UnknownCompanyError(f"no company with id '{entry_id}'")
        entry = found[entry_id]
        if not isinstance(entry, CompanyEntry):
            raise UnknownCompanyError(f"'{entry_id}' is a {entry.type.value}, not a company")
        return entry

    def _group(self, who: Asker, candidates: list[Candidate], request: MatchRequest) -> list[MatchItem]:
        entries = self.kb.entries([c.entry_id for c in candidates])
        terms = QueryTerms.of(who.text)
        scored = []
        for candidate in candidates:
            entry = entries.get(candidate.entry_id)
            if entry is None or (getattr(entry, "status", None) == "closed" and not request.include_closed):
                continue
            if not self._relevant(candidate, entry, terms):
                continue
            bonus, reasons = adviser(who, entry, self.weights)
            scored.append((candidate.score + bonus, entry, _topic_reasons(terms, entry, candidate) + reasons))
        scored.sort(key=lambda item: -item[0])
        return [_item(score, entry, reasons) for score, entry, reasons in scored[: request.limit]]

    def _relevant(self, candidate: Candidate, entry: EntryBase, terms: QueryTerms) -> bool:
        """The floor: close in meaning, or sharing the asker's words in title or topics."""
        if candidate.scores.get(SEMANTIC_SIDE, 0.0) >= self.weights.semantic_floor:
            return True
        return bool(terms.matched_words(entry.title + " " + " ".join(entry.topics)))


def _topic_reasons(terms: QueryTerms, entry: EntryBase, candidate: Candidate) -> list[str]:
    reasons = []
    topics = terms.matched_words(" ".join(entry.topics))
    if topics:
        reasons.append(labels.about(topics[:3]))
    else:
        words = [w for w in terms.matched_words(entry.title + " " + (entry.summary or "")) if not w.isdigit()]
        if words:
            reasons.append(labels.mentions(words[:3]))
    if candidate.ranks.get(SEMANTIC_SIDE, SIMILAR_RANK + 1) <= SIMILAR_RANK:
        reasons.append(labels.SIMILAR_TO_DESCRIPTION)
    return reasons


def _item(score: float, entry: EntryBase, reasons: list[str]) -> MatchItem:
    return MatchItem(
        id=entry.id, type=entry.type.value, title=entry.title, summary=entry.summary, url=entry.url,
        regions=entry.regions, municipalities=entry.municipalities, score=round(score, 4), reasons=reasons,
    )
