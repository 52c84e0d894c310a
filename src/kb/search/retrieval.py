"""Candidates for a query: chunk hits from each side, best chunk per entry, fused into one ranking."""

from collections.abc import Sequence
from dataclasses import dataclass

from kb.embedding.base import Embedder
from kb.search.fusion import KEYWORD_SIDE, SEMANTIC_SIDE, Fusion
from kb.search.mode import Mode
from kb.store.base import DENSE, LEXICAL, Hit, SearchRequest, Store, Where
from kb.text.lexical import query_vector

# Chunk hits asked of each side, before they fold into entries: 100 saved ~0.7 ms a search at 10k chunks
# but changed the convex fusion's scaling (dev-set Recall@10 0.903 -> 0.893), so it stays at 200.
CANDIDATE_CHUNKS = 200


@dataclass
class Candidate:
    entry_id: str
    score: float
    shown: Hit  # the chunk to show (see _passages_to_show); its payload has HIT_FIELDS only
    ranks: dict[str, int]  # the entry's rank on each side that found it, from 1
    scores: dict[str, float]  # its best chunk's raw score on each side (cosine; BM25)

    def lifted(self, bonus: float) -> "Candidate":
        """This candidate, `bonus` higher: hundreds a search, where dataclasses.replace costs four times as much."""
        return Candidate(self.entry_id, self.score + bonus, self.shown, self.ranks, self.scores)


def retrieve(
    store: Store,
    embedder: Embedder,
    text: str,
    mode: Mode,
    wheres: Sequence[Where],
    fuse: Fusion,
    keywords: str | None = None,
) -> list[list[Candidate]]:
    """One ranking per filter in `wheres`, from one store call: the query is embedded once. `keywords`: what the
    keyword side looks for, when it is more than the text (an English query's Swedish words)."""
    sides: list[tuple[str, str, object]] = []
    if mode is not Mode.keyword:
        sides.append((SEMANTIC_SIDE, DENSE, embedder.embed_queries([text])[0].tolist()))
    if mode is not Mode.semantic:
        lexical = query_vector(keywords or text, fuse.ngram_weight)
        if lexical.indices:
            sides.append((KEYWORD_SIDE, LEXICAL, lexical))
    if not sides:
        return [[] for _ in wheres]
    requests = [SearchRequest(using, vector, where, CANDIDATE_CHUNKS) for where in wheres for _, using, vector in sides]
    responses = store.search(requests)
    step = len(sides)
    return [
        _fused({side: hits for (side, _, _), hits in zip(sides, responses[i : i + step], strict=True)}, fuse)
        for i in range(0, len(responses), step)
    ]


def _fused(hits: dict[str, list[Hit]], fuse: Fusion) -> list[Candidate]:
    best = {side: _best_per_entry(side_hits) for side, side_hits in hits.items()}
    rankings = {side: [(entry_id, hit.score) for entry_id, hit in entries.items()] for side, entries in best.items()}
    fused = fuse.fuse(rankings) if len(rankings) > 1 else next(iter(rankings.values()))
    ranks: dict[str, dict[str, int]] = {}  # per entry, as Candidate holds them: one pass, not one per candidate
    scores: dict[str, dict[str, float]] = {}
    for side, entries in best.items():
        for rank, (entry_id, hit) in enumerate(entries.items(), start=1):
            ranks.setdefault(entry_id, {})[side] = rank
            scores.setdefault(entry_id, {})[side] = hit.score
    shown = _passages_to_show(hits)
    return [Candidate(entry_id, score, shown[entry_id], ranks[entry_id], scores[entry_id]) for entry_id, score in fused]


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
