"""The package's layers: each folder imports only from the layers below it, and no module imports
itself back through others. Every import counts, also one inside a function (it runs all the same);
only imports under ``if TYPE_CHECKING:`` are left out (they never run)."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "autograder"

# Lowest first. A folder may import its own layer's modules and any layer below; the peers of one
# layer (learner and tools; lms, report and authoring) may import each other as long as no
# circle forms.
LAYERS = [
    {"learner", "tools"},  # what a learner's kernel imports; the book's helpers
    {"messages"},  # every message in the learner's language
    {"errors", "cells"},  # the two ways grading says no; what nbgrader's cell metadata says
    {"sandbox"},  # what runs the learner's kernel, and what runs inside it
    {"wire"},  # the kernel's side and the grader's side of a check
    {"reference"},  # the answer key
    {"checks"},  # the hidden tests' logic
    {"grading"},  # nbgrader, the gradebook, the batch, results
    {"lms", "report", "authoring"},  # what reads grading's results, and what builds the course
    {"cli", "__main__"},  # parses and forwards
]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_nodes(tree: ast.AST):
    """Every node except what sits under ``if TYPE_CHECKING:``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                stack.extend(child.orelse)
                continue
            stack.append(child)


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The package's modules that ``path`` imports (relative imports resolved; ``from pkg import
    module`` counted as the module)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in _runtime_nodes(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known)
    return {m for m in found if m in known and m != name}


def import_graph() -> dict[str, set[str]]:
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: imports_of(path, set(paths)) for name, path in paths.items()}


def layer_of(module: str) -> int:
    top = module.split(".")[1] if "." in module else module
    for number, folders in enumerate(LAYERS):
        if top in folders:
            return number
    raise AssertionError(f"{module} is in no layer: add its folder to LAYERS")


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One circle through each strongly connected group of modules (Tarjan's algorithm)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups


def test_every_module_imports_only_from_its_own_layer_or_below():
    graph = import_graph()
    upward = [
        f"{module} imports {target}"
        for module, targets in sorted(graph.items())
        if module != "autograder"
        for target in sorted(targets)
        if target != "autograder" and layer_of(target) > layer_of(module)
    ]
    assert not upward, "imports against the layer order:\n" + "\n".join(upward)


def test_no_module_imports_itself_back_through_others():
    found = cycles(import_graph())
    assert not found, "import circles:\n" + "\n".join(" <-> ".join(c) for c in found)


def test_the_checks_find_an_upward_import_and_a_circle():
    """The two checks above, on a made-up graph: they can fail."""
    graph = {
        "autograder.errors": {"autograder.grading.batch"},
        "autograder.grading.batch": {"autograder.errors"},
    }
    assert cycles(graph) == [["autograder.errors", "autograder.grading.batch"]]
    assert layer_of("autograder.errors") < layer_of("autograder.grading.batch")
    with pytest.raises(AssertionError, match="in no layer"):
        layer_of("autograder.engine.pipeline")


def test_function_level_and_relative_imports_are_read(tmp_path):
    module = tmp_path / "autograder" / "grading" / "x.py"
    module.parent.mkdir(parents=True)
    module.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..cli import main\n"
        "def f():\n    from ..report import class_report\n    from . import batch\n"
    )
    known = {"autograder.report.class_report", "autograder.grading.batch", "autograder.cli.main"}
    global PACKAGE
    saved, PACKAGE = PACKAGE, tmp_path / "autograder"
    try:
        assert imports_of(module, known) == {
            "autograder.report.class_report",
            "autograder.grading.batch",
        }
    finally:
        PACKAGE = saved
