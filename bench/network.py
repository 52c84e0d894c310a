"""The company network at scale: 2,000 generated companies and 8,000 supplier → customer relations.

    .venv/bin/python bench/network.py [--companies N] [--relations M] [--rounds R]

Writes the companies as Markdown (shares in front matter on some relations, in a sentence on others), indexes
them once (which embeds the needs and offers too), then prints beside each target: building the network (first
in a server started after the index, which reads those vectors back; with no embedding cache, which embeds them;
after an index change that touched no relation, and one that changed relations too), one company's support (a match), and `kb serve` in its own process over
HTTP: GET /api/network p50, the page /natverk p50, and a company's card.
"""

import argparse
import random
import statistics
import tempfile
from pathlib import Path

from timing import HttpClient, kb_serve, quantile, server, timed

from kb.embedding.cache import CachedEmbedder
from kb.embedding.factory import load_embedder
from kb.indexing.build import index_folder
from kb.network import analysis, opportunities
from kb.network.graph import build_graph
from kb.network.service import NetworkService
from kb.search.service import KnowledgeBase
from kb.settings import Settings
from kb.text.places import PROGRAM_REGIONS, gazetteer

FIRST = ["Bergs", "Dala", "Siljans", "Vänerns", "Klarälvens", "Hälsinge", "Gästrike", "Ljusnans", "Runns", "Fryks",
         "Norra", "Södra", "Västra", "Östra", "Mellan", "Skogs", "Malm", "Järn", "Koppar", "Stål"]
SECOND = ["Mekaniska", "Gjuteri", "Smide", "Ytbehandling", "Automation", "Svets", "Plåt", "Hydraulik", "Kran",
          "Trä", "Komposit", "Elmontage", "Verktyg", "Processteknik", "Slipteknik", "Härdverkstad", "Legering"]
NEEDS = ["rekrytera {w}", "fler kunder inom {i}", "minska energiförbrukningen i {o}", "automatisera {m}",
         "kompetens i {k}", "kranförare med behörighet", "personal med kranförarbevis", "en andra leverantör av {r}"]
OFFERS = ["legoarbete i {m}", "LIA-platser för {w}", "utbildning i {k}", "service av {o}", "robotceller för {m}"]
FILL = {
    "w": ["svetsare", "CNC-operatörer", "elektriker", "underhållstekniker", "automationstekniker", "lackerare"],
    "i": ["gruvindustrin", "energibranschen", "fordonsindustrin", "byggsektorn", "verktygsindustrin"],
    "o": ["smältugnarna", "torkugnarna", "härdugnarna", "tryckluftssystemet"],
    "m": ["slipning", "svetsning", "maskinbetjäning", "lackering", "montering"],
    "k": ["OT-säkerhet", "lean", "PLC-programmering", "hydraulik"],
    "r": ["specialstål", "gjutgods", "formsand", "hartser"],
}


QUALIFIERS = ["", "", " i Dalarna", " i Gävleborg", " i Värmland", " till nya linjen", " under 2025", " på heltid",
              " för skiftarbete", " med erfarenhet"]


# Outside suppliers: a group many name, two actors shared by hundreds of companies, a long tail of small ones.
SUPPLIERS = ["Stålgrossister i Norden", "Bergslagens Stålservice AB", "Nordstål Oy"] + [f"Leverantör {i} AB" for i in range(200)]
SUPPLIER_WEIGHTS = [300, 200, 100] + [7] * 200


def phrase(rng: random.Random, patterns: list[str]) -> str:
    """Needs and offers from a pool with variations: a few thousand companies write a few hundred distinct texts."""
    pattern = rng.choice(patterns)
    return pattern.format(**{key: rng.choice(values) for key, values in FILL.items()}) + rng.choice(QUALIFIERS)


def generate(folder: Path, companies: int, relations: int, seed: int = 12) -> None:
    rng = random.Random(seed)
    places = [(region, name) for region in PROGRAM_REGIONS for name in gazetteer().municipalities_in(region)]
    names = [f"{FIRST[i % len(FIRST)]} {SECOND[i // len(FIRST) % len(SECOND)]} {i // (len(FIRST) * len(SECOND)) + 1} AB"
             for i in range(companies)]
    customers: dict[int, list[str]] = {i: [] for i in range(companies)}
    sentences: dict[int, list[str]] = {i: [] for i in range(companies)}
    pairs: set[tuple[int, int]] = set()
    hubs = rng.sample(range(companies), companies // 50)  # a few big customers many depend on
    while len(pairs) < relations - companies:  # each company also names one supplier (below)
        supplier = rng.randrange(companies)
        customer = rng.choice(hubs) if rng.random() < 0.3 else rng.randrange(companies)
        if supplier == customer or (supplier, customer) in pairs:
            continue
        pairs.add((supplier, customer))
        share = rng.choice([None, None, rng.randint(5, 60)])
        if share is not None and rng.random() < 0.5:
            sentences[supplier].append(f"Omkring {share} procent av försäljningen går till {names[customer]}.")
            share = None
        customers[supplier].append(f'"{names[customer]} ({share} %)"' if share else f'"{names[customer]}"')
    folder.mkdir(parents=True)
    for i, name in enumerate(names):
        region, municipality = rng.choice(places)
        needs = ", ".join(phrase(rng, NEEDS) for _ in range(rng.randint(1, 4)))
        offers = ", ".join(phrase(rng, OFFERS) for _ in range(rng.randint(1, 3)))
        (folder / f"foretag-{i:04d}.md").write_text(
            f"---\ntype: company\ntitle: {name}\nregions: [{region}]\nmunicipalities: [{municipality}]\n"
            f"employees: {rng.randint(5, 400)}\nneeds: [{needs}]\noffers: [{offers}]\n"
            f"customers: [{', '.join(customers[i]) or 'Exempelkunder i Norden'}]\n"
            f"suppliers: [{rng.choices(SUPPLIERS, SUPPLIER_WEIGHTS)[0]}]\n---\n\n"
            f"# {name}\n\nEtt genererat företag i {municipality}. {' '.join(sentences[i])}\n",
            encoding="utf-8",
        )


def row(name: str, value: float, unit: str, target: float | None = None) -> None:
    floor = f"(target ≤ {target:g} {unit}: {'ok' if value <= target else 'OVER'})" if target is not None else ""
    print(f"{name:<40} {value:9.3f} {unit:<3} {floor}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--companies", type=int, default=2000)
    parser.add_argument("--relations", type=int, default=8000)
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "content"
        generate(folder, args.companies, args.relations)
        settings = Settings(store_path=Path(tmp) / "index", embedding_cache=Path(tmp) / "cache.sqlite", content_dir=folder)
        embedder = load_embedder(settings)
        index_seconds = index_folder(settings, embedder, folder).seconds
        kb = KnowledgeBase(settings, embedder=embedder)  # as kb serve runs it: needs and offers kept on disk
        # Nothing embedded before (no embedding cache: every build embeds the needs and offers).
        bare = KnowledgeBase(settings, embedder=CachedEmbedder(embedder.inner, None), store=kb.store)
        unkept, _ = timed(NetworkService(bare).current)
        # A server started after `kb index`: a new process's memory, the needs' vectors on disk from the index.
        restarted = KnowledgeBase(settings, embedder=CachedEmbedder(embedder.inner, settings.embedding_cache), store=kb.store)
        cold, _ = timed(NetworkService(restarted).current)
        service = NetworkService(kb)
        service.current()
        warm, _ = timed(service.build, "another revision")  # an index change that touched no relation or need
        service._network = None  # as if every relation had changed: clusters and opportunities computed anew
        changed, network = timed(service.build, "a third revision")  # needs' vectors are still kept
        stages = {}  # where a warm build's time goes
        stages["read entries (façade)"], entries = timed(kb.entries_where, {})
        stages["graph, shares from text"], graph = timed(build_graph, entries)
        stages["companies: figures, exposure"], _ = timed(analysis.companies, graph)
        stages["hubs"], _ = timed(analysis.hubs, graph)
        stages["clusters (Louvain)"], _ = timed(analysis.clusters, graph)
        stages["shared needs, needs meet offers"], _ = timed(opportunities.needs_and_offers, graph, service._vectors, kb.embed)
        texts = {t for c in network.graph.companies.values() for t in c.needs_and_offers()}
        exposed = [c.id for c in network.cards.values() if c.exposure != "low"][:5]
        support = [timed(network.support, company)[0] for company in exposed]
        kb.close()  # the embedded store has one owner: now the server's
        with server(kb_serve(settings.store_path, folder, embedding_cache=settings.embedding_cache), "/api/health") as url:
            client = HttpClient(url)
            first = client.ms("GET", "/api/network")  # builds the network in the server
            api = [client.ms("GET", "/api/network") for _ in range(args.rounds)]
            filtered = [client.ms("GET", "/api/network", {"region": "Dalarna"}) for _ in range(args.rounds)]
            client.ms("GET", "/natverk")  # its first support matches
            page = [client.ms("GET", "/natverk") for _ in range(max(5, args.rounds // 5))]
            card = [client.ms("GET", f"/api/companies/{company}/network") for company in exposed]
            client.close()

    print(f"{len(network.cards)} companies, {len(network.edges)} edges, {len(network.nodes)} nodes, "
          f"{len(network.hubs)} hubs, {len(network.clusters)} clusters, {len(network.found)} opportunities; "
          f"{len(texts)} distinct need/offer texts; indexing took {index_seconds:.0f} s (not a network figure)")
    row("build, first in a server after kb index", cold, "s", 3)
    row("build, no embedding cache (embeds them)", unkept, "s")
    row("build after an index change (no relation)", warm, "s", 3)
    row("build after an index change (relations too)", changed, "s", 3)
    for stage, seconds in stages.items():
        row(f"  {stage}", seconds, "s")
    row("one company's support (a match), median", statistics.median(support), "s")
    row("GET /api/network, first (server builds)", first / 1000, "s")
    row("GET /api/network p50 over HTTP", quantile(api, 0.5), "ms", 50)
    row("GET /api/network p95 over HTTP", quantile(api, 0.95), "ms")
    row("GET /api/network?region=Dalarna p50", quantile(filtered, 0.5), "ms", 50)
    row("GET /natverk p50 over HTTP", quantile(page, 0.5), "ms", 1000)
    row("GET /api/companies/{id}/network, first", statistics.median(card), "ms")


if __name__ == "__main__":
    main()
