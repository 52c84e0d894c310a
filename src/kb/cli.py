"""The `kb` command: validate, index, search, serve.

Every command takes every setting as a flag named after it (`store_path` →
`--store-path`), beside its `KB_*` environment variable; the flag wins.
"""

import functools
import inspect
import json
import socket
import sys
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from pydantic import SecretStr

from kb import labels
from kb.api import owner
from kb.search.mode import Mode
from kb.settings import Language, Settings

# A command imports what it needs where it needs it, so that `kb search` through a running server does not pay
# for numpy, the store, the model or rich's progress bars (python -X importtime -c "import kb.cli").
if TYPE_CHECKING:
    from rich.console import Console

    from pydantic import ValidationError

    from kb.content.problems import Problem
    from kb.indexing.build import IndexReport
    from kb.network.models import CardOut, ImpactOut, NetworkOut
    from kb.search.service import KnowledgeBase
    from kb.store.base import Store

T = TypeVar("T")
app = typer.Typer(help="Smart Industri kunskapsbank: index Markdown entries and search them.", no_args_is_help=True)


def expected_errors() -> tuple[type[Exception], ...]:
    """What a user can get wrong, each ending a command in one sentence rather than a traceback (imported once a
    command works here rather than through a server)."""
    from kb.embedding.base import EmbeddingModelError
    from kb.matching.models import UnknownCompanyError
    from kb.network.models import UnknownNodeError
    from kb.search.query import InvalidQueryError
    from kb.store.base import StoreError

    return (StoreError, EmbeddingModelError, InvalidQueryError, UnknownCompanyError, UnknownNodeError)


@functools.cache
def console(stderr: bool = False) -> "Console":
    from rich.console import Console  # ~0.1 s: only once there is something to print

    return Console(stderr=stderr)


def _option_type(annotation: Any) -> Any:
    """The plain type a settings field takes on the command line (SecretStr → str, X | None → X)."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    plain = args[0] if args else annotation
    return str if plain is SecretStr else plain


def _flag(name: str, annotation: Any) -> str:
    """`--store-path`; a yes/no setting gets both ways, `--watch/--no-watch`."""
    flag = f"--{name.replace('_', '-')}"
    return f"{flag}/--no-{flag[2:]}" if _option_type(annotation) is bool else flag


def with_settings(command):
    """Add one option per settings field to a command, and hand it the resulting Settings."""
    own = [p for p in inspect.signature(command).parameters.values() if p.name != "settings"]
    extra = [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            annotation=Annotated[
                _option_type(info.annotation) | None,
                typer.Option(_flag(name, info.annotation), help=info.description, rich_help_panel="Settings (KB_*)"),
            ],
            default=None,
        )
        for name, info in Settings.model_fields.items()
    ]

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        given = {name: kwargs.pop(name) for name in Settings.model_fields if name in kwargs}
        settings = Settings(**{k: v for k, v in given.items() if v is not None})
        return command(*args, settings=settings, **kwargs)

    wrapper.__signature__ = inspect.Signature(own + extra)  # type: ignore[attr-defined]
    return wrapper


def _fail(message: str, code: int = 2) -> typer.Exit:
    console(stderr=True).print(f"[red]{message}[/red]", highlight=False)
    return typer.Exit(code)


# The two lists of problems, headed in the language authors chose (KB_LANGUAGE).
PROBLEM_HEADINGS = {Language.en: ("Warnings", "Rejected files"), Language.sv: labels.PROBLEM_HEADINGS}


def _invalid(exc: "ValidationError") -> typer.Exit:
    """A request the command line built but the core refused: each field and what is wrong with it, one line."""
    return _fail(owner.describe_errors(exc.errors()))


def _print_problems(warnings: "list[Problem]", rejected: "list[Problem]", language: Language) -> None:
    err = console(stderr=True)
    headings = PROBLEM_HEADINGS[language]
    for title, problems, style in ((headings[0], warnings, "yellow"), (headings[1], rejected, "red")):
        if problems:
            err.print(f"[{style}]{title} ({len(problems)}):[/{style}]")
            for problem in problems:
                err.print(f"  {problem.describe(language)}", highlight=False, markup=False, soft_wrap=True)


def _ask(settings: Settings, through_server: Callable[[owner.OwnerClient], T], here: Callable[[], T]) -> T:
    """Through the running server that owns the store, when there is one (it holds the store, so this process
    could not open it; it also checks the request); else here, from the store itself."""
    server = owner.reach(settings)
    if server is not None:
        try:
            return through_server(server)
        except owner.Refused as exc:
            raise _fail(str(exc)) from None
        except owner.Unreachable:
            pass  # a socket left behind by a server that is gone
    return here()


@contextmanager
def _knowledge_base(settings: Settings) -> "Iterator[KnowledgeBase]":
    """An open knowledge base; what a user got wrong ends the command with one sentence, not a traceback."""
    from kb.search.service import KnowledgeBase  # the model, the store and the search: only to work here

    expected = expected_errors()
    try:
        kb = KnowledgeBase(settings)
    except expected as exc:
        raise _fail(str(exc)) from None
    try:
        yield kb
    except expected as exc:
        raise _fail(str(exc)) from None
    finally:
        kb.close()


def _print_json(body: Any) -> None:
    sys.stdout.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")


ContentArg = Annotated[
    Path | None, typer.Argument(metavar="CONTENT_DIR", help="Content folder (default: --content-dir, KB_CONTENT_DIR or ./content).")
]


@app.command()
@with_settings
def validate(folder: ContentArg = None, *, settings: Settings) -> None:
    """Check every content file without indexing. Exit 1 when any file is rejected."""
    from kb.content.loader import load_content  # the parser (Markdown, YAML, the entry models)

    folder = folder or settings.content_dir
    try:
        loaded = load_content(folder, settings.max_file_bytes)
    except FileNotFoundError as exc:
        raise _fail(str(exc)) from None
    _print_problems(loaded.warnings, loaded.rejected, settings.language)
    counts = (len(loaded.entries), len(loaded.rejected), len(loaded.warnings))
    if settings.language is Language.sv:
        console(stderr=True).print(labels.validated(*counts))
    else:
        console(stderr=True).print(f"{counts[0]} entries accepted, {counts[1]} files rejected, {counts[2]} warnings.")
    raise typer.Exit(0 if loaded.ok else 1)


@app.command()
@with_settings
def index(
    folder: ContentArg = None,
    rebuild: Annotated[bool, typer.Option(help="Build a fresh index aside, then switch to it.")] = False,
    *,
    settings: Settings,
) -> None:
    """Index a content folder. Exit 0 when every file was accepted, 1 when any was rejected.

    While `kb serve` runs on the same embedded store, the server does the work (it owns the store) and this
    command prints its summary.
    """
    folder = folder or settings.content_dir
    if not folder.is_dir():
        raise _fail(f"content folder not found: {folder}")
    report = _ask(
        settings, lambda server: _indexed_by(server, folder, rebuild), lambda: _index_here(settings, folder, rebuild)
    )
    _print_problems(report.warnings, report.rejected, settings.language)
    counts = (len(report.indexed), len(report.unchanged), len(report.removed), report.chunks_embedded,
              report.chunks_total, len(report.warnings), len(report.rejected))
    if settings.language is Language.sv:
        console(stderr=True).print(labels.indexed(report.rebuilt, report.seconds, counts))
    else:
        console(stderr=True).print(
            f"{'Rebuilt' if report.rebuilt else 'Updated'} index in {report.seconds:.1f} s: {counts[0]} entries "
            f"indexed, {counts[1]} unchanged, {counts[2]} removed; {counts[3]} chunks written, {counts[4]} in the "
            f"index; {counts[5]} warnings, {counts[6]} files rejected."
        )
    raise typer.Exit(0 if report.ok else 1)


def _indexed_by(server: owner.OwnerClient, folder: Path, rebuild: bool) -> "IndexReport":
    """The running server's summary of indexing `folder` (it owns the store)."""
    with console(stderr=True).status("The running server is indexing (it owns the index) …"):
        body = server.call("POST", "/api/admin/reindex", timeout=None,
                           json_body={"rebuild": rebuild, "folder": str(folder.resolve())})
    from pydantic import TypeAdapter  # the summary's own model, once the server has answered

    from kb.indexing.build import IndexReport

    return TypeAdapter(IndexReport).validate_python(body)


def _index_here(settings: Settings, folder: Path, rebuild: bool) -> "IndexReport":
    """Open the store first: a busy or damaged one says so before the model takes seconds to load."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from kb.embedding.factory import load_embedder
    from kb.indexing.build import build_index
    from kb.store.factory import open_store

    columns = (TextColumn("Embedding"), BarColumn(), MofNCompleteColumn(), TextColumn("chunks"), TimeElapsedColumn())
    try:
        store = open_store(settings)
        try:
            embedder = load_embedder(settings)
            with Progress(*columns, console=console(stderr=True), transient=True) as bar:
                task = bar.add_task("embed", total=None)

                def advance(done: int, total: int) -> None:
                    bar.update(task, advance=done, total=total)

                return build_index(settings, store, embedder, folder, rebuild=rebuild, progress=advance)
        finally:
            store.close()
    except expected_errors() as exc:
        raise _fail(str(exc)) from None


@app.command()
@with_settings
def search(
    query: Annotated[str, typer.Argument(help="What to look for, in your own words.")],
    type: Annotated[list[str] | None, typer.Option("--type", help="Only this type (repeatable).")] = None,
    region: Annotated[list[str] | None, typer.Option(help="Only this region (repeatable).")] = None,
    municipality: Annotated[list[str] | None, typer.Option(help="Only this municipality (repeatable).")] = None,
    topic: Annotated[list[str] | None, typer.Option(help="Only this topic (repeatable).")] = None,
    status: Annotated[list[str] | None, typer.Option(help="Only this status (repeatable).")] = None,
    limit: int = 10,
    offset: int = 0,
    mode: Annotated[Mode, typer.Option(help="hybrid (default), semantic or keyword.")] = Mode.hybrid,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    *,
    settings: Settings,
) -> None:
    """Search the index."""
    given = {"type": type, "region": region, "municipality": municipality, "topic": topic, "status": status}
    filters = {key: values for key, values in given.items() if values}
    params: list[tuple[str, str | int]] = [("q", query), ("limit", limit), ("offset", offset), ("mode", mode.value)]
    params += [(key, value) for key, values in filters.items() for value in values]

    def here() -> dict[str, Any]:
        from pydantic import ValidationError  # the search's own checks, before the model loads

        from kb.search.query import InvalidQueryError, SearchFilters, SearchQuery

        try:
            checked = SearchFilters(**filters).as_dict()
        except ValidationError as exc:  # e.g. more values of one filter than a search takes
            raise _invalid(exc) from None
        request = SearchQuery(query, checked, limit, offset, mode)
        try:
            request.validate()
        except InvalidQueryError as exc:
            raise _fail(str(exc)) from None
        with _knowledge_base(settings) as kb:
            return kb.search(request).model_dump(mode="json")

    response = _ask(settings, lambda server: server.call("GET", "/api/search", params=params), here)
    if as_json:
        _print_json(response)
        return
    from kb import labels

    out = console()
    if not response["results"]:
        out.print(labels.NO_RESULTS)
    for rank, result in enumerate(response["results"], start=offset + 1):
        place = ", ".join(result["municipalities"] or result["regions"])
        out.print(f"[bold]{rank}. {result['title']}[/bold]  "
                  f"[dim]{result['type']} · {place} · {result['id']} · {result['score']:.3f}[/dim]")
        out.print(f"   {result['snippet']}", highlight=False, markup=False)
        out.print(f"   [dim]{' · '.join(reason['text'] for reason in result['reasons'])}[/dim]", highlight=False)


@app.command()
@with_settings
def match(
    description: Annotated[str, typer.Argument(help="Ert företag och vad ni behöver, med egna ord.")] = "",
    region: Annotated[str | None, typer.Option(help="Your region, e.g. Dalarna.")] = None,
    municipality: Annotated[str | None, typer.Option(help="Your municipality, e.g. Sandviken.")] = None,
    company: Annotated[str | None, typer.Option(help="Id of your company entry: its profile is the query.")] = None,
    targets: Annotated[
        str, typer.Option(help="Comma-separated types to find, e.g. company,organization,expert for a school.")
    ] = "program,expert,course",
    limit: Annotated[int, typer.Option(help="Results per group.")] = 5,
    include_closed: Annotated[bool, typer.Option(help="Also offer closed programs.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    *,
    settings: Settings,
) -> None:
    """Find the programs, experts and courses that fit a company's need (or partners for a school)."""
    asked = {
        "description": description, "region": region, "municipality": municipality, "company": company,
        "targets": [t.strip() for t in targets.split(",") if t.strip()], "limit": limit, "include_closed": include_closed,
    }  # fmt: skip

    def here() -> dict[str, Any]:
        from pydantic import ValidationError  # the request's own checks, before the model loads

        from kb.matching.matcher import Matcher
        from kb.matching.models import MatchRequest

        try:
            request = MatchRequest(**asked)
        except ValidationError as exc:
            raise _invalid(exc) from None
        with _knowledge_base(settings) as kb:
            return Matcher(kb).match(request).model_dump(mode="json")

    response = _ask(settings, lambda server: server.call("POST", "/api/match", json_body=asked), here)
    if as_json:
        _print_json(response)
        return
    out = console()
    for group, items in response["groups"].items():
        out.print(f"[bold underline]{group}[/bold underline]")
        for item in items:
            out.print(f"  [bold]{item['title']}[/bold]  [dim]{item['id']} · {item['score']:.3f}[/dim]")
            out.print(f"    {' · '.join(item['reasons'])}", highlight=False, markup=False)
        if group in response["notes"]:
            out.print(f"  [dim]{response['notes'][group]}[/dim]")


class NetworkFormat(str, Enum):
    table = "table"
    json = "json"
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"


@app.command()
@with_settings
def network(
    format: Annotated[NetworkFormat, typer.Option("--format", help="table, json, graphml, gexf or csv.")] = NetworkFormat.table,
    region: Annotated[list[str] | None, typer.Option(help="Only companies in this region (repeatable).")] = None,
    municipality: Annotated[list[str] | None, typer.Option(help="Only companies in this municipality (repeatable).")] = None,
    company: Annotated[str | None, typer.Option(help="One company's network card (id), with its support.")] = None,
    impact: Annotated[str | None, typer.Option(help="What if this node (id) stops delivering or buying.")] = None,
    table: Annotated[str, typer.Option(help="For --format csv: nodes or edges.")] = "edges",
    *,
    settings: Settings,
) -> None:
    """The company network: exposure per company, hubs, clusters; or a card, a what-if, or an export."""
    from kb.network import export  # the graph (networkx, igraph): only for this command
    from kb.network.service import network_service

    if table not in ("nodes", "edges"):
        raise _fail("--table is nodes or edges")
    with _knowledge_base(settings) as kb:
        current = network_service(kb).current()
        if company or impact:
            answer = current.card(company) if company else current.impact(impact)
            if format is NetworkFormat.json:
                sys.stdout.write(answer.model_dump_json(indent=2) + "\n")
            else:
                _print_card_or_impact(answer)
            return
        view = current.view(region or [], municipality or [])
    if format is NetworkFormat.table:
        _print_network(view)
        return
    text = {
        NetworkFormat.json: lambda: view.model_dump_json(indent=2) + "\n",
        NetworkFormat.graphml: lambda: export.graphml(view) + "\n",
        NetworkFormat.gexf: lambda: export.gexf(view) + "\n",
        NetworkFormat.csv: lambda: export.csv_table(view, table),
    }[format]()
    sys.stdout.write(text)


def _print_network(view: "NetworkOut") -> None:
    from rich.table import Table

    out = console()
    companies = Table(title=f"{len(view.companies)} företag, {len(view.edges)} leveranser")
    for column in ("företag", "exponering", "största kund", "HHI", "skäl"):
        companies.add_column(column)
    order = {"high": 0, "medium": 1, "low": 2}
    for card in sorted(view.companies, key=lambda c: (order[c.exposure], c.label)):
        companies.add_row(
            card.label, labels.EXPOSURE_LABELS[card.exposure],
            labels.percent(card.largest_customer_share) if card.largest_customer_share is not None else "–",
            labels.decimal(card.hhi) if card.hhi is not None else "–", "\n".join(card.reasons + card.missing),
        )
    out.print(companies)
    hubs = Table(title="Nav")
    for column in ("nav", "roll", "beroende företag"):
        hubs.add_column(column)
    for hub in view.hubs:
        hubs.add_row(hub.label, labels.HUB_ROLE_LABELS[hub.role], ", ".join(hub.dependents))
    out.print(hubs)
    for cluster in view.clusters:
        out.print(f"[bold]{cluster.id}[/bold] {cluster.label}: {', '.join(cluster.members)}", highlight=False)


def _print_card_or_impact(answer: "CardOut | ImpactOut") -> None:
    out = console()
    if hasattr(answer, "affected"):
        out.print(f"[bold]{answer.summary}[/bold]", highlight=False)
        for loss in answer.affected:
            out.print(f"  {loss.label}: {loss.reason}", highlight=False, markup=False)
        return
    card = answer.company
    out.print(f"[bold]{card.label}[/bold] – {labels.EXPOSURE_LABELS[card.exposure]}", highlight=False)
    for reason in card.reasons + card.missing:
        out.print(f"  {reason}", highlight=False, markup=False)
    for opportunity in answer.opportunities:
        out.print(f"  {labels.OPPORTUNITY_LABELS[opportunity.kind]}: {opportunity.reason} {' '.join(opportunity.entries)}",
                  highlight=False, markup=False)


@app.command("eval")
@with_settings
def evaluate_queries(
    queries: Annotated[Path, typer.Argument(help="Graded queries, one JSON object per line.")],
    folder: ContentArg = None,
    off_topic: Annotated[
        Path | None, typer.Option(help="Queries nothing should answer (eval/off-topic.jsonl): are they answered empty?")
    ] = None,
    *,
    settings: Settings,
) -> None:
    """Index a content folder aside and print nDCG@10, Recall@10 and MRR@10 per search mode, split and persona."""
    from rich.table import Table

    from kb.evaluation.metrics import METRICS, load_off_topic, load_queries
    from kb.evaluation.scratch import evaluate_modes

    try:
        graded = load_queries(queries)
        unanswerable = load_off_topic(off_topic) if off_topic else []
    except (OSError, ValueError) as exc:
        raise _fail(str(exc)) from None
    folder = folder or settings.content_dir
    if not folder.is_dir():
        raise _fail(f"content folder not found: {folder}")
    try:
        reports = evaluate_modes(settings, folder, graded, list(Mode), unanswerable)
    except expected_errors() as exc:
        raise _fail(str(exc)) from None
    table = Table(title=f"{len(graded)} queries over {folder} ({settings.embedding_model})")
    table.add_column("mode")
    table.add_column("queries")
    for name in METRICS:
        table.add_column(name, justify="right")
    for mode, report in reports.items():
        for group, values in report.scores.items():
            table.add_row(mode if group == "all" else "", group, *(f"{values[name]:.3f}" for name in METRICS))
        table.add_section()
    console().print(table)
    for mode, report in reports.items():
        line = (f"{mode}: {report.answered} of {len(graded)} graded queries find something "
                f"(median {report.median_total:g} results)")
        if unanswerable:
            line += f"; {report.off_topic_empty} of {report.off_topic} off-topic queries find nothing"
        console().print(line, highlight=False)


@app.command()
@with_settings
def serve(*, settings: Settings) -> None:
    """Serve the API (and its OpenAPI docs at /docs) on KB_HOST:KB_PORT, and keep the index current: the
    content folder is applied at start, then every change as it happens (KB_WATCH)."""
    from kb.store.factory import open_store

    try:  # the store first: a busy or misplaced one is refused before FastAPI (~0.5 s) and the model load
        store = open_store(settings)
    except expected_errors() as exc:
        raise _fail(str(exc)) from None
    try:
        _serve(settings, store)
    finally:
        store.close()


def without_delay(listening: socket.socket) -> socket.socket:
    """TCP_NODELAY on the port's socket (connections accepted from it inherit it). uvicorn sets it on sockets it
    binds itself, not on one it is given: without it, each answer on a kept-alive connection waited ~40 ms for the
    client's delayed ACK (Nagle), 56 ms over HTTP for a keyword search of 8 ms (docs/performance.md)."""
    if listening.family in (socket.AF_INET, socket.AF_INET6):
        listening.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return listening


def _serve(settings: Settings, store: "Store") -> None:
    # The web layer is imported only to serve: FastAPI and the app cost ~0.5 s that other commands need not pay.
    import logging

    import uvicorn

    from kb.api.app import create_app
    from kb.search.service import KnowledgeBase

    try:
        application = create_app(kb=KnowledgeBase(settings, store=store), live=True)
    except expected_errors() as exc:
        raise _fail(str(exc)) from None
    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(message)s")  # the index's news beside uvicorn's
    config = uvicorn.Config(application, host=settings.host, port=settings.port)
    sockets = [without_delay(config.bind_socket())]
    local = owner.bind(settings)  # where the local `kb index`, `kb search` and `kb match` reach this server
    if local is not None:
        application.state.owner_address = local.getsockname()
        sockets.append(local)
    uvicorn.Server(config).run(sockets=sockets)  # the app's shutdown removes the socket
