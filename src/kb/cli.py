"""The `kb` command: validate, index, search, serve.

Every command takes every setting as a flag named after it (`store_path` →
`--store-path`), beside its `KB_*` environment variable; the flag wins.
"""

import functools
import inspect
import sys
import typing
from collections.abc import Iterator
from enum import Enum
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel, SecretStr, ValidationError
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from kb import labels
from kb.content.loader import load_content
from kb.content.problems import Problem
from kb.embedding.base import EmbeddingModelError
from kb.embedding.factory import load_embedder
from kb.evaluation.metrics import METRICS, load_queries
from kb.evaluation.scratch import evaluate_modes
from kb.indexing.build import index_folder
from kb.matching.matcher import Matcher
from kb.matching.models import MatchRequest, UnknownCompanyError
from kb.network import export
from kb.network.models import UnknownNodeError
from kb.network.service import network_service
from kb.search.query import InvalidQueryError, SearchFilters, SearchQuery
from kb.search.retrieval import Mode
from kb.search.service import KnowledgeBase
from kb.settings import Settings
from kb.store.base import StoreError

# What a user can get wrong, each ending a command in one sentence rather than a traceback.
EXPECTED_ERRORS = (StoreError, EmbeddingModelError, InvalidQueryError, UnknownCompanyError, UnknownNodeError)

app = typer.Typer(help="Smart Industri kunskapsbank: index Markdown entries and search them.", no_args_is_help=True)
err = Console(stderr=True)


def _option_type(annotation: Any) -> Any:
    """The plain type a settings field takes on the command line (SecretStr → str, X | None → X)."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    plain = args[0] if args else annotation
    return str if plain is SecretStr else plain


def with_settings(command):
    """Add one option per settings field to a command, and hand it the resulting Settings."""
    own = [p for p in inspect.signature(command).parameters.values() if p.name != "settings"]
    extra = [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            annotation=Annotated[
                _option_type(info.annotation) | None,
                typer.Option(f"--{name.replace('_', '-')}", help=info.description, rich_help_panel="Settings (KB_*)"),
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
    err.print(f"[red]{message}[/red]", highlight=False)
    return typer.Exit(code)


def _print_problems(title: str, problems: list[Problem], style: str) -> None:
    if problems:
        err.print(f"[{style}]{title} ({len(problems)}):[/{style}]")
        for problem in problems:
            err.print(f"  {problem}", highlight=False, markup=False, soft_wrap=True)


@contextmanager
def _knowledge_base(settings: Settings) -> Iterator[KnowledgeBase]:
    """An open knowledge base; what a user got wrong ends the command with one sentence, not a traceback."""
    try:
        kb = KnowledgeBase(settings)
    except EXPECTED_ERRORS as exc:
        raise _fail(str(exc)) from None
    try:
        yield kb
    except EXPECTED_ERRORS as exc:
        raise _fail(str(exc)) from None
    finally:
        kb.close()


def _print_json(model: BaseModel) -> None:
    sys.stdout.write(model.model_dump_json(indent=2) + "\n")


ContentArg = Annotated[
    Path | None, typer.Argument(metavar="CONTENT_DIR", help="Content folder (default: --content-dir, KB_CONTENT_DIR or ./content).")
]


@app.command()
@with_settings
def validate(folder: ContentArg = None, *, settings: Settings) -> None:
    """Check every content file without indexing. Exit 1 when any file is rejected."""
    folder = folder or settings.content_dir
    try:
        loaded = load_content(folder, settings.max_file_bytes)
    except FileNotFoundError as exc:
        raise _fail(str(exc)) from None
    _print_problems("Warnings", loaded.warnings, "yellow")
    _print_problems("Rejected files", loaded.rejected, "red")
    err.print(f"{len(loaded.entries)} entries accepted, {len(loaded.rejected)} files rejected, "
              f"{len(loaded.warnings)} warnings.")
    raise typer.Exit(0 if loaded.ok else 1)


@app.command()
@with_settings
def index(
    folder: ContentArg = None,
    rebuild: Annotated[bool, typer.Option(help="Build a fresh index aside, then switch to it.")] = False,
    *,
    settings: Settings,
) -> None:
    """Index a content folder. Exit 0 when every file was accepted, 1 when any was rejected."""
    folder = folder or settings.content_dir
    if not folder.is_dir():
        raise _fail(f"content folder not found: {folder}")
    columns = (TextColumn("Embedding"), BarColumn(), MofNCompleteColumn(), TextColumn("chunks"), TimeElapsedColumn())
    try:
        with Progress(*columns, console=err, transient=True) as bar:
            task = bar.add_task("embed", total=None)

            def advance(done: int, total: int) -> None:
                bar.update(task, advance=done, total=total)

            report = index_folder(settings, load_embedder(settings), folder, rebuild=rebuild, progress=advance)
    except EXPECTED_ERRORS as exc:
        raise _fail(str(exc)) from None
    _print_problems("Warnings", report.warnings, "yellow")
    _print_problems("Rejected files", report.rejected, "red")
    err.print(
        f"{'Rebuilt' if report.rebuilt else 'Updated'} index in {report.seconds:.1f} s: "
        f"{len(report.indexed)} entries indexed, {len(report.unchanged)} unchanged, {len(report.removed)} removed; "
        f"{report.chunks_embedded} chunks written, {report.chunks_total} in the index; "
        f"{len(report.warnings)} warnings, {len(report.rejected)} files rejected."
    )
    raise typer.Exit(0 if report.ok else 1)


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
    filters = SearchFilters(
        type=type or [], region=region or [], municipality=municipality or [], topic=topic or [], status=status or []
    )
    request = SearchQuery(query, filters.as_dict(), limit, offset, mode)
    try:
        request.validate()
    except InvalidQueryError as exc:
        raise _fail(str(exc)) from None
    with _knowledge_base(settings) as kb:
        response = kb.search(request)
    if as_json:
        _print_json(response)
        return
    out = Console()
    if not response.results:
        out.print(labels.NO_RESULTS)
    for rank, result in enumerate(response.results, start=request.offset + 1):
        place = ", ".join(result.municipalities or result.regions)
        out.print(f"[bold]{rank}. {result.title}[/bold]  [dim]{result.type} · {place} · {result.id} · {result.score:.3f}[/dim]")
        out.print(f"   {result.snippet}", highlight=False, markup=False)
        out.print(f"   [dim]{' · '.join(reason.text for reason in result.reasons)}[/dim]", highlight=False)


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
    try:
        request = MatchRequest(
            description=description, region=region, municipality=municipality, company=company,
            targets=[t.strip() for t in targets.split(",") if t.strip()], limit=limit, include_closed=include_closed,
        )
    except ValidationError as exc:
        raise _fail("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())) from None
    with _knowledge_base(settings) as kb:
        response = Matcher(kb).match(request)
    if as_json:
        _print_json(response)
        return
    out = Console()
    for group, items in response.groups.items():
        out.print(f"[bold underline]{group}[/bold underline]")
        for item in items:
            out.print(f"  [bold]{item.title}[/bold]  [dim]{item.id} · {item.score:.3f}[/dim]")
            out.print(f"    {' · '.join(item.reasons)}", highlight=False, markup=False)
        if group in response.notes:
            out.print(f"  [dim]{response.notes[group]}[/dim]")


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
    if table not in ("nodes", "edges"):
        raise _fail("--table is nodes or edges")
    with _knowledge_base(settings) as kb:
        current = network_service(kb).current()
        if company or impact:
            answer = current.card(company) if company else current.impact(impact)
            if format is NetworkFormat.json:
                _print_json(answer)
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


def _print_network(view) -> None:
    out = Console()
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


def _print_card_or_impact(answer) -> None:
    out = Console()
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
    *,
    settings: Settings,
) -> None:
    """Index a content folder aside and print nDCG@10, Recall@10 and MRR@10 per search mode."""
    try:
        graded = load_queries(queries)
    except (OSError, ValueError) as exc:
        raise _fail(str(exc)) from None
    folder = folder or settings.content_dir
    if not folder.is_dir():
        raise _fail(f"content folder not found: {folder}")
    try:
        scores = evaluate_modes(settings, folder, graded, list(Mode))
    except EXPECTED_ERRORS as exc:
        raise _fail(str(exc)) from None
    table = Table(title=f"{len(graded)} queries over {folder} ({settings.embedding_model})")
    table.add_column("mode")
    for name in METRICS:
        table.add_column(name, justify="right")
    for mode, values in scores.items():
        table.add_row(mode, *(f"{values[name]:.3f}" for name in METRICS))
    Console().print(table)


@app.command()
@with_settings
def serve(*, settings: Settings) -> None:
    """Serve the API (and its OpenAPI docs at /docs) on KB_HOST:KB_PORT."""
    # The web layer is imported only to serve: FastAPI and the app cost ~0.5 s that other commands need not pay.
    import uvicorn

    from kb.api.app import create_app

    try:
        application = create_app(settings)
    except EXPECTED_ERRORS as exc:
        raise _fail(str(exc)) from None
    uvicorn.run(application, host=settings.host, port=settings.port)
