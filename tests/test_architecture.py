"""The house's rules, read from the code's own imports: floors point down, no circles, a core without HTTP."""

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

from tests.support import ROOT

PACKAGE = ROOT / "src" / "kb"
# Each room's floor: a module may import from its own room, or from rooms on lower floors.
FLOORS = {
    "settings": 0, "labels": 0, "choice": 0,
    "content": 1, "text": 1,
    "embedding": 2, "store": 2,
    "indexing": 3,
    "search": 4,
    "matching": 5,
    "network": 6,
    "evaluation": 7,
    "api": 8,
    "cli": 9,
}
SHELLS = ("kb.api", "kb.cli")
FRAMEWORKS = ("fastapi", "starlette", "typer", "uvicorn", "jinja2", "click")


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(("kb", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
        found[name] = path
    return found


def imports(name: str, path: Path) -> set[str]:
    """Every name the module imports, at its top or inside a function (both count)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def project_edges() -> dict[str, set[str]]:
    known = modules()
    edges = {}
    for name, path in known.items():
        targets = set()
        for imported in imports(name, path):
            while imported and imported not in known:
                imported = imported.rpartition(".")[0]
            if imported and imported != name and imported != "kb":
                targets.add(imported)
        edges[name] = targets
    return edges


def room(module: str) -> str:
    return module.split(".")[1]


def test_every_room_has_a_floor():
    assert {room(m) for m in modules() if m != "kb"} <= set(FLOORS)


def test_no_import_circles():
    edges = {m: {t for t in targets if not t.startswith(m + ".")} for m, targets in project_edges().items()}
    try:
        tuple(TopologicalSorter(edges).static_order())
    except CycleError as exc:
        pytest.fail(f"import circle: {' -> '.join(exc.args[1])}")


def test_imports_only_point_down():
    upward = [
        f"{source} imports {target}"
        for source, targets in project_edges().items() if source != "kb"
        for target in targets
        if FLOORS[room(target)] > FLOORS[room(source)]
        or (FLOORS[room(target)] == FLOORS[room(source)] and room(target) != room(source))
    ]
    assert upward == []


def test_nothing_imports_the_cli_and_the_core_knows_no_http():
    edges = project_edges()
    assert [s for s, targets in edges.items() if "kb.cli" in targets] == []
    core_on_frameworks = [
        f"{name} imports {imported}"
        for name, path in modules().items() if not name.startswith(SHELLS)
        for imported in imports(name, path) if imported.split(".")[0] in FRAMEWORKS
    ]
    assert core_on_frameworks == []
