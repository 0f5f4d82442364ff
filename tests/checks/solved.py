"""The solution notebooks, run as a learner's notebook runs, for the contract and mutation tests.

Every graded part is read from its hidden test cell (``checks.check_X(name, ...)``), so a part added
to a notebook is found here with no list to update. :class:`Solved` runs a notebook's code cells in
order, quick checks and test cells left out, as far as a test needs them (a training cell only for
the part that grades the trained model), and keeps the namespace; :meth:`Solved.with_cell` runs one
cell's source, a mutant of the solution, over a copy of it.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import io
import linecache
import re
from dataclasses import dataclass

import matplotlib
import nbformat

from autograder.wire.kernel import quiet

from ..corpora import CHAPTERS
from ..helpers import ROOT

matplotlib.use("Agg")

_CHECKS = re.compile(r"from autograder\.checks import (\w+) as checks")
_CALL = re.compile(r"checks\.(check_\w+)\(([\w, ]+)\)")
# quick checks, demos and figures: they define nothing a test needs
SKIPPED = ("check_", "try_", "plot_")


@dataclass(frozen=True)
class Part:
    chapter: str
    grade_id: str  # the test cell
    check_name: str
    names: tuple[str, ...]  # the learner names the check is called with, in order

    @property
    def check(self):
        return getattr(
            importlib.import_module(f"autograder.checks.{self.chapter}"), self.check_name
        )

    @property
    def id(self) -> str:
        return f"{self.chapter}:{self.grade_id}"


def assignment_of(chapter: str) -> str:
    return next(p.parent.name for p in (ROOT / "solutions").glob(f"*_{chapter}/{chapter}.ipynb"))


@functools.cache
def notebook(chapter: str) -> nbformat.NotebookNode:
    return nbformat.read(
        ROOT / "solutions" / assignment_of(chapter) / f"{chapter}.ipynb", as_version=4
    )


def parts(chapter: str) -> list[Part]:
    found = []
    for cell in notebook(chapter).cells:
        meta = cell.metadata.get("nbgrader", {})
        module, call = _CHECKS.search(cell.source), _CALL.search(cell.source)
        if (
            meta.get("grade")
            and not meta.get("solution")
            and cell.cell_type == "code"
            and module
            and call
        ):
            assert module.group(1) == chapter, cell.source
            names = tuple(n.strip() for n in call.group(2).split(",") if n.strip())
            found.append(Part(chapter, meta["grade_id"], call.group(1), names))
    return found


def all_parts() -> list[Part]:
    return [p for chapter in CHAPTERS for p in parts(chapter)]


def _runnable(cell) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    return (
        cell.cell_type == "code"
        and not (meta.get("grade") and not meta.get("solution"))
        and not str(meta.get("grade_id", "")).startswith(SKIPPED)
    )


def _solution(source: str) -> str:
    """A solution cell's source as the learner writes it (the markers removed)."""
    return "\n".join(
        line
        for line in source.splitlines()
        if "### BEGIN SOLUTION" not in line and "### END SOLUTION" not in line
    )


def cell_source(chapter: str, grade_id: str) -> str:
    (cell,) = [
        c
        for c in notebook(chapter).cells
        if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id
    ]
    return _solution(cell.source)


def _compiled(source: str, filename: str):
    """Compile a cell as IPython does: under a file name whose lines linecache can read (a crash's
    line is then the learner's line, as in a kernel)."""
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    return compile(source, filename, "exec")


def _binds(source: str, name: str) -> bool:
    return (
        re.search(
            rf"^(def|class)\s+{name}\b|^{name}\s*=|^\s*{name}\s*=|^for .*\b{name}\b.* in ",
            source,
            re.MULTILINE,
        )
        is not None
    )


class Solved:
    """A solution notebook run cell by cell, as far as the tests so far needed it."""

    def __init__(self, chapter: str):
        self.chapter = chapter
        self.cells = [c for c in notebook(chapter).cells if _runnable(c)]
        self.namespace: dict = {"__name__": "__main__"}
        self.done = 0

    def _run_next(self) -> None:
        cell = self.cells[self.done]
        with quiet(), contextlib.redirect_stdout(io.StringIO()):
            exec(
                _compiled(_solution(cell.source), f"/solved/{self.chapter}/cell{self.done}.py"),
                self.namespace,
            )
        self.done += 1

    def through(self, name: str) -> dict:
        """The namespace once the cell that defines (or trains) ``name`` has run."""
        last = max(
            (i for i, c in enumerate(self.cells) if _binds(_solution(c.source), name)), default=None
        )
        assert last is not None, f"no cell of {self.chapter} defines {name}"
        while self.done <= last:
            self._run_next()
        return self.namespace

    def get(self, name: str):
        return self.through(name)[name]

    def with_cell(self, grade_id: str, source: str, names: tuple[str, ...]) -> dict:
        """A copy of the namespace (run through ``names``) where cell ``grade_id`` ran
        ``source`` instead."""
        for name in names:
            self.through(name)
        namespace = dict(self.namespace)
        with quiet(), contextlib.redirect_stdout(io.StringIO()):
            exec(
                _compiled(
                    source, f"/solved/{self.chapter}/{grade_id}-mutant-{abs(hash(source))}.py"
                ),
                namespace,
            )
        return namespace


@functools.cache
def solved(chapter: str) -> Solved:
    return Solved(chapter)
