"""The import graph of ``src/regiongraph`` keeps the layers of docs/architecture.md.

Every module is parsed with :mod:`ast`; every import counts, module-level or inside a function (a
late import is still a dependency, only a hidden one). Three rules:

(a) no import cycle between packages;
(b) no import into a higher layer (the table is the one in docs/architecture.md, read here);
(c) no import of another package's private module (``_name``): a private module is imported only
    from inside the package that holds it, everyone else goes through the package's face.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
ARCHITECTURE = ROOT / "docs" / "architecture.md"

#: Unit-level edges (importer, imported) that break (a) or (b) today, each with why it is allowed.
ALLOWED: dict[tuple[str, str], str] = {}

#: Module-level imports of another package's private module that are allowed, with why.
ALLOWED_PRIVATE: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int
    name: str = ""  # the name of a ``from … import name`` that is no module


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted((SRC / "regiongraph").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _target(importer: str, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    package = importer.split(".") if MODULES[importer].name == "__init__.py" else importer.split(".")[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def _imports(module: str) -> Iterator[Import]:
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            target = _target(module, node)
            for alias in node.names:  # ``from pkg import submodule`` imports the submodule
                full = f"{target}.{alias.name}"
                if full in MODULES:
                    yield Import(module, full, node.lineno)
                else:
                    yield Import(module, target, node.lineno, alias.name)


IMPORTS = [i for m in MODULES for i in _imports(m) if i.imported.split(".")[0] == "regiongraph"]


def _layers() -> list[list[str]]:
    """The layer table of docs/architecture.md: one row per layer, low to high, its units in backticks."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("\n## Layers\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if re.match(r"\| \d+ ", line)]
    return [re.findall(r"`([\w.]+)`", row.split("|")[2]) for row in rows]


LAYERS = _layers()
LEVEL = {unit: n for n, units in enumerate(LAYERS) for unit in units}


def unit(module: str) -> str:
    """The unit of the layer table a module belongs to: the longest listed prefix (``api.server`` before ``api``)."""
    parts = module.split(".")[1:]
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in LEVEL:
            return ".".join(parts[:n])
    return ".".join(parts[:1]) or "regiongraph"


def _edges() -> dict[tuple[str, str], list[Import]]:
    edges: dict[tuple[str, str], list[Import]] = defaultdict(list)
    for i in IMPORTS:
        if i.importer != "regiongraph" and unit(i.importer) != unit(i.imported) and i.imported != "regiongraph":
            edges[unit(i.importer), unit(i.imported)].append(i)
    return edges


EDGES = _edges()


def _cyclic(edges: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The edges that lie on a cycle: both ends reach each other."""
    reach: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        reach[a].add(b)
    changed = True
    while changed:  # transitive closure; a few dozen units, so the simple way
        changed = False
        for a in list(reach):
            more = set().union(*(reach[b] for b in reach[a] if b in reach)) - reach[a]
            if more:
                reach[a] |= more
                changed = True
    return {(a, b) for a, b in edges if a in reach.get(b, set())}


def _show(pairs: set[tuple[str, str]]) -> list[str]:
    return [f"{a} -> {b}: " + ", ".join(f"{i.importer}:{i.line}" for i in EDGES[a, b]) for a, b in sorted(pairs)]


def test_the_layer_table_is_read_and_covers_every_module():
    assert len(LAYERS) >= 6 and "errors" in LAYERS[0] and "cli" in LAYERS[-1]
    unplaced = sorted({unit(m) for m in MODULES if m != "regiongraph"} - set(LEVEL))
    assert unplaced == [], f"modules without a layer in docs/architecture.md: {unplaced}"
    assert len(LEVEL) == sum(map(len, LAYERS)), "a unit is listed in two layers"


def test_no_import_cycle_between_packages():
    cycles = _cyclic(set(EDGES) - set(ALLOWED))
    assert cycles == set(), "\n".join(_show(cycles))


def test_no_import_into_a_higher_layer():
    upward = {(a, b) for a, b in EDGES if LEVEL[b] > LEVEL[a]} - set(ALLOWED)
    assert upward == set(), "\n".join(_show(upward))


def test_no_import_of_another_packages_private_module():
    reaching = set()
    for i in IMPORTS:
        parts = i.imported.split(".")
        private = next((n for n, part in enumerate(parts) if part.startswith("_") and not part.startswith("__")), None)
        if private is None:
            continue
        owner = ".".join(parts[:private])
        if i.importer != owner and not i.importer.startswith(owner + "."):
            reaching.add((i.importer, i.imported))
    assert reaching - set(ALLOWED_PRIVATE) == set(), sorted(reaching - set(ALLOWED_PRIVATE))


def test_the_root_face_lends_only_its_version_downwards():
    # Lower modules take ``__version__`` from the root face (bound before its first import); any
    # other name from there would make every layer depend on the top, which re-exports them all.
    lent = {(i.importer, i.name) for i in IMPORTS if i.imported == "regiongraph" and i.importer != "regiongraph"}
    assert lent and {name for _, name in lent} == {"__version__"}, sorted(lent)


def test_every_allowance_is_still_needed():
    # An allowance whose import went away must go too, or the table would hide the next one.
    assert set(ALLOWED) <= set(EDGES), sorted(set(ALLOWED) - set(EDGES))
    private = {(i.importer, i.imported) for i in IMPORTS}
    assert set(ALLOWED_PRIVATE) <= private, sorted(set(ALLOWED_PRIVATE) - private)
