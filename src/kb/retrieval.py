"""Candidates for a query: chunk hits from each side, best chunk per entry, fused into one ranking."""

from dataclasses import dataclass, field
from enum import Enum

from kb import fusion
from kb.embedding import Embedder
from kb.lexical import query_vector
from kb.store import DENSE, LEXICAL, Hit, SearchRequest, Store, Where

CANDIDATE_CHUNKS = 200  # chunk hits asked of each side
SEMANTIC_SIDE = "semantic"
KEYWORD_SIDE = "keyword"


class Mode(str, Enum):
    hybrid = "hybrid"
    semantic = "semantic"
    keyword = "keyword"


@dataclass(frozen=True)
class Fusion:
    """How the lexical query is weighted and the two sides combined.

    The defaults are what the dev set supported (docs/relevance.md, bench/fusion_sweep.py).
    """

    method: str = "convex"  # "convex" or "rrf"
    weights: dict[str, float] = field(default_factory=lambda: {SEMANTIC_SIDE: 0.6, KEYWORD_SIDE: 0.4})
    k: int = 60  # for rrf
    ngram_weight: float = 0.3  # weight of character n-grams in the lexical query, beside words (1.0)

    def fuse(self, rankings: dict[str, fusion.Ranking]) -> fusion.Ranking:
        if self.method == "rrf":
            return fusion.rrf(rankings, self.weights, self.k)
        return fusion.convex(rankings, self.weights)


@dataclass
class Candidate:
    entry_id: str
    score: float
    shown: Hit  # the chunk to show (see _passages_to_show); its payload has HIT_FIELDS only
    ranks: dict[str, int]  # the entry's rank on each side that found it, from 1
    scores: dict[str, float]  # its best chunk's raw score on each side (cosine; BM25)


def retrieve(
    store: Store,
    embedder: Embedder,
    text: str,
    mode: Mode,
    where: Where,
    fuse: Fusion,
    vector: list[float] | None = None,
) -> list[Candidate]:
    """`vector`: the query's embedding when the caller already has it (several searches for one text)."""
    requests: dict[str, SearchRequest] = {}
    if mode is not Mode.keyword:
        vector = vector or embedder.embed_queries([text])[0].tolist()
        requests[SEMANTIC_SIDE] = SearchRequest(DENSE, vector, where, CANDIDATE_CHUNKS)
    if mode is not Mode.semantic:
        lexical = query_vector(text, fuse.ngram_weight)
        if lexical.indices:
            requests[KEYWORD_SIDE] = SearchRequest(LEXICAL, lexical, where, CANDIDATE_CHUNKS)
    if not requests:
        return []
    hits = dict(zip(requests, store.search(list(requests.values())), strict=True))
    best = {side: _best_per_entry(side_hits) for side, side_hits in hits.items()}
    rankings = {side: [(entry_id, hit.score) for entry_id, hit in entries.items()] for side, entries in best.items()}
    fused = fuse.fuse(rankings) if len(rankings) > 1 else next(iter(rankings.values()))
    ranks = {side: {entry_id: rank for rank, entry_id in enumerate(entries, start=1)} for side, entries in best.items()}
    shown = _passages_to_show(hits)
    return [
        Candidate(
            entry_id,
            score,
            shown[entry_id],
            {side: ranks[side][entry_id] for side in ranks if entry_id in ranks[side]},
            {side: best[side][entry_id].score for side in best if entry_id in best[side]},
        )
        for entry_id, score in fused
    ]


def _passages_to_show(hits: dict[str, list[Hit]]) -> dict[str, Hit]:
    """Per entry, the chunk whose text best shows why it matched.

    The head chunk stands for the whole entry on the lexical side, so it often
    scores best there; a body chunk that holds the query's words shows them
    better. Then the head, then the semantic side's best chunk.
    """
    shown: dict[str, Hit] = {}
    lexical = hits.get(KEYWORD_SIDE, [])
    for hit in [h for h in lexical if h.payload.get("chunk") != 0] + lexical + hits.get(SEMANTIC_SIDE, []):
        shown.setdefault(hit.payload["entry_id"], hit)
    return shown


def _best_per_entry(hits: list[Hit]) -> dict[str, Hit]:
    """Hits come best first, so the first chunk seen of an entry is its best; order is kept."""
    best: dict[str, Hit] = {}
    for hit in hits:
        best.setdefault(hit.payload["entry_id"], hit)
    return best
