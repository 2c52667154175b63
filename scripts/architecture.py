"""The house rules, checked on every ``make test``: layers import only downwards, no import
circles, small folders, small modules.

    python scripts/architecture.py          # prints each breach and exits 1, or prints "ok"

Layers, lowest first (docs/architecture.md): ``tracker.config`` and ``tracker.db``; the models;
the services; ``tracker.web`` and ``tracker.forms``; ``tracker.views``, ``tracker.api`` and
``tracker.cli``; and the app factory (``tracker/__init__.py``). A module may import its own
layer's package and the layers below; packages of one layer do not import each other, except
the service packages, whose package-level graph must have no circle. Services never import
Flask or Werkzeug, and views, the API and the command line run no query of their own: no
``select(`` there (they call a service). Every import counts, ``if TYPE_CHECKING:`` and
function-level ones too: a circle that only the type checker sees is still a circle a reader
has to untangle.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_MODULES_PER_FOLDER = 12
MAX_LINES = 400
# Top-level package -> layer (higher may import lower).
LAYERS = {
    "tracker.config": 0, "tracker.db": 0,
    "tracker.models": 1,
    "tracker.services": 2,
    "tracker.web": 3, "tracker.forms": 3,
    "tracker.views": 4, "tracker.api": 4, "tracker.cli": 4,
    "tracker": 5,
}
WEB_FRAMEWORKS = ("flask", "flask_login", "flask_wtf", "werkzeug", "wtforms")
# Where no query is built: these layers call a service for whatever they read or write.
NO_QUERIES = ("views", "api", "cli")

Graph = dict[str, set[str]]


def module_names(package: Path) -> dict[str, Path]:
    """Dotted name -> file, for every module of the package (``__init__`` names its package)."""
    found: dict[str, Path] = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imports(tree: ast.AST, name: str, is_package: bool) -> Iterable[tuple[str, list[str]]]:
    """Every import in an AST: (module, the names taken from it), relative imports resolved."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[:len(base) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            yield module, [alias.name for alias in node.names]


def import_graph(package: Path) -> tuple[Graph, dict[str, set[str]]]:
    """Module -> the package's modules it imports, and module -> outside packages it imports.

    ``from pkg import sub`` where ``sub`` is a module is an import of ``pkg.sub`` alone (Python
    finds the submodule even while ``pkg/__init__`` is still running); a name defined in ``pkg``
    is an import of ``pkg``."""
    modules = module_names(package)
    graph: Graph = {}
    outside: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        targets: set[str] = set()
        for module, names in _imports(tree, name, path.name == "__init__.py"):
            submodules = {f"{module}.{n}" for n in names if f"{module}.{n}" in modules}
            targets |= submodules
            if not names or len(submodules) < len(names):
                targets.add(module)
        graph[name] = {t for t in targets if t in modules and t != name}
        outside[name] = {t.split(".")[0] for t in targets if t.split(".")[0] != package.name}
    return graph, outside


def cycles(graph: Graph) -> list[list[str]]:
    """The import circles: one path per strongly connected group of more than one node."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:  # Tarjan's algorithm
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def layer_of(module: str) -> str:
    """The layer package a module belongs to (the longest matching prefix in LAYERS)."""
    parts = module.split(".")
    for length in range(len(parts), 0, -1):
        prefix = ".".join(parts[:length])
        if prefix in LAYERS:
            return prefix
    raise ValueError(f"{module} is in no layer")


def service_package(module: str) -> str:
    """``tracker.services.search.query`` -> ``tracker.services.search``."""
    return ".".join(module.split(".")[:3])


def layer_breaches(graph: Graph, outside: dict[str, set[str]]) -> list[str]:
    """Imports that go upwards or sideways, and services that import a web framework."""
    breaches = []
    for module, targets in sorted(graph.items()):
        here = layer_of(module)
        for target in sorted(targets):
            there = layer_of(target)
            if LAYERS[there] > LAYERS[here]:
                breaches.append(f"{module} imports {target}: {here} may not import the layer above it")
            elif LAYERS[there] == LAYERS[here] and there != here:
                breaches.append(f"{module} imports {target}: {here} and {there} are one layer; "
                                "neither imports the other")
        if here == "tracker.services":
            for framework in sorted(outside.get(module, set()) & set(WEB_FRAMEWORKS)):
                breaches.append(f"{module} imports {framework}: services know nothing of the web")
    return breaches


def service_cycles(graph: Graph) -> list[list[str]]:
    """Circles between the service packages (``services.pages`` -> ``services.search`` -> …)."""
    packages: Graph = {}
    for module, targets in graph.items():
        if layer_of(module) != "tracker.services" or module == "tracker.services":
            continue
        for target in targets:
            if layer_of(target) == "tracker.services" and target != "tracker.services" \
                    and service_package(target) != service_package(module):
                packages.setdefault(service_package(module), set()).add(service_package(target))
    return cycles(packages)


def queries_outside_services(root: Path) -> list[str]:
    """Calls of ``select(`` in views, the API and the command line."""
    breaches = []
    for layer in NO_QUERIES:
        for path in sorted((root / "tracker" / layer).rglob("*.py")):
            name = path.relative_to(root).as_posix()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
                if isinstance(node, ast.Call) and (
                        (isinstance(node.func, ast.Name) and node.func.id == "select")
                        or (isinstance(node.func, ast.Attribute) and node.func.attr == "select")):
                    breaches.append(f"{name}:{node.lineno} runs select(: queries belong in tracker/services")
    return breaches


def crowded_folders(root: Path, *folders: Path) -> list[str]:
    """Folders holding more than MAX_MODULES_PER_FOLDER modules side by side."""
    breaches = []
    for top in folders:
        for folder in sorted({top, *(p.parent for p in top.rglob("*.py"))}):
            modules = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
            if len(modules) > MAX_MODULES_PER_FOLDER:
                breaches.append(f"{folder.relative_to(root)}/ holds {len(modules)} modules "
                                f"(at most {MAX_MODULES_PER_FOLDER}): group them by concept")
    return breaches


def long_modules(root: Path, *folders: Path) -> list[str]:
    """Modules over MAX_LINES lines."""
    breaches = []
    for top in folders:
        for path in sorted(top.rglob("*.py")):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_LINES:
                breaches.append(f"{path.relative_to(root)} has {lines} lines (at most {MAX_LINES}): "
                                "it is two modules")
    return breaches


def check(root: Path = ROOT) -> list[str]:
    """Every breach of the house rules in this checkout."""
    graph, outside = import_graph(root / "tracker")
    breaches = [f"import circle: {' <-> '.join(group)}" for group in cycles(graph)]
    breaches += [f"service packages in a circle: {' <-> '.join(group)}" for group in service_cycles(graph)]
    breaches += layer_breaches(graph, outside)
    breaches += queries_outside_services(root)
    folders = [folder for folder in (root / "tracker", root / "tests") if folder.is_dir()]
    breaches += crowded_folders(root, *folders)
    breaches += long_modules(root, *folders)
    return breaches


def main() -> int:
    """Print the breaches; exit 1 if there are any."""
    breaches = check()
    for breach in breaches:
        print(breach)
    print("architecture: ok" if not breaches else f"architecture: {len(breaches)} breach(es)")
    return 1 if breaches else 0


if __name__ == "__main__":
    sys.exit(main())
