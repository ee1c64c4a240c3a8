"""The import rules of Trygg's layout, read from the source (see docs/adr/0007-layout.md).

Every ``import`` and ``from … import`` in ``trygg/`` counts, wherever it stands: at the top,
inside a function (a lazy import) or under ``TYPE_CHECKING``. Tests, conftest files and
``tests/`` are not checked: a test may reach anywhere to set the scene.

The rules:

1. **Layers.** From the ground up: core < audit < organisations < accounts < modules <
   logreview < (api, demo, home, operations). A package imports only packages below it.
   Packages on the same layer do not import each other, except modules, under rule 2.
2. **Modules** (fund, defectors and those to come) import another module's public reads and
   writes only: a ``services``, ``selectors`` or ``constants`` module. Never its views, forms,
   models or anything else.
3. **No cycles** between modules, and none between the parts (sub-packages) of one package:
   ``defectors.status`` may use ``defectors.cases``, but then ``defectors.cases`` may not use
   ``defectors.status``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS: list[set[str]] = [
    {"core"},
    {"audit"},
    {"organisations"},
    {"accounts"},
    {"fund", "defectors", "prevention"},  # the modules: cooperation and residents join here
    {"logreview"},
    {"api", "demo", "home", "operations"},
]
MODULES = LAYERS[4]
PUBLIC = {"services", "selectors", "constants"}


def layer_of(package: str) -> int:
    for index, packages in enumerate(LAYERS):
        if package in packages:
            return index
    raise KeyError(f"trygg.{package} is in no layer: add it to LAYERS in tests/architecture.py")


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, e.g. trygg.defectors.cases.views
    target: str  # what it names, e.g. trygg.defectors.cases.selectors.case_get
    line: int

    def where(self) -> str:
        return f"{self.source} (line {self.line}) imports {self.target}"


def is_checked(module: str) -> bool:
    parts = module.split(".")
    return "tests" not in parts and parts[-1] != "conftest"


def tree_sources(root: Path = ROOT) -> dict[str, str]:
    """{module name: source} of every checked module under trygg/."""
    sources = {}
    for path in sorted((root / "trygg").rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        module = ".".join(parts)
        if is_checked(module):
            sources[module] = path.read_text(encoding="utf-8")
    return sources


def imports_of(module: str, source: str, *, is_package: bool = False) -> list[Import]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the importing module's package
                anchor = module.split(".")
                anchor = anchor if is_package else anchor[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found.extend(
            Import(module, name, node.lineno) for name in names if name.startswith("trygg.")
        )
    return found


def _part(name: str, packages: set[str]) -> str | None:
    """The sub-package of a dotted name (trygg.defectors.cases.views -> trygg.defectors.cases),
    or None when the name stands at the package's root (models, policies, urls…)."""
    parts = name.split(".")
    if len(parts) < 3:
        return None
    candidate = ".".join(parts[:3])
    return candidate if candidate in packages else None


def _cycles(edges: dict[str, dict[str, Import]]) -> list[list[str]]:
    """Every strongly connected group of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def violations(sources: dict[str, str]) -> list[str]:
    """One sentence per broken rule, naming the import that breaks it."""
    packages = {m for m in sources if any(other.startswith(m + ".") for other in sources)}
    problems = []
    module_edges: dict[str, dict[str, Import]] = {}
    part_edges: dict[str, dict[str, Import]] = {}
    for module, source in sources.items():
        for imp in imports_of(module, source, is_package=module in packages):
            if not is_checked(imp.target):
                continue
            here, there = module.split(".")[1], imp.target.split(".")[1]
            if here != there:
                mine, theirs = layer_of(here), layer_of(there)
                if here in MODULES and there in MODULES:
                    leaf = set(imp.target.split(".")[2:])
                    if not leaf & PUBLIC:
                        problems.append(
                            f"{imp.where()}: a module imports another module's services, "
                            "selectors or constants only, never its internals"
                        )
                    module_edges.setdefault(here, {}).setdefault(there, imp)
                elif theirs >= mine:
                    below = sorted(p for layer in LAYERS[:mine] for p in layer) or ["nothing"]
                    problems.append(
                        f"{imp.where()}: trygg.{here} may import only packages below it "
                        f"({', '.join(below)})"
                    )
                continue
            source_part, target_part = _part(module, packages), _part(imp.target, packages)
            if source_part and target_part and source_part != target_part:
                part_edges.setdefault(source_part, {}).setdefault(target_part, imp)
    for edges, what in ((module_edges, "modules"), (part_edges, "parts of a package")):
        for group in _cycles(edges):
            examples = "; ".join(
                edges[a][b].where() for a in group for b in group if b in edges.get(a, {})
            )
            problems.append(
                f"import cycle between {what} {', '.join(group)}: {examples}. "
                "Move what both need down into the one the other uses"
            )
    return problems
