"""Submissions that look alike: pairs whose solution cells share far more code than the class
usually does.

Each solution cell is normalised before comparing: comments, blank lines and spacing dropped, and
every name the cell binds (arguments, variables, loop names, its own functions) read as one
placeholder, so renaming variables changes nothing. The cell is then cut into overlapping runs of
``RUN`` tokens. A run counts as evidence only when it is rare: runs of the released starter code,
and runs that most of the class shares (the obvious way to write a line), are left out. Two
students' similarity is the share of the smaller one's rare runs that the other has too. A pair is
flagged when it is far above the class's usual similarity. It flags; it does not accuse.
"""

from __future__ import annotations

import ast
import io
import keyword
import re
import statistics
import tokenize
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import nbformat

from autograder.cells import is_answer_cell
from autograder.grading.course import Course

RUN = 6  # tokens per run
MIN_RUNS = 8  # a pair must share at least this many rare runs to be flagged
FLOOR = 0.5  # ... and at least this similarity
SPREADS = 3  # ... and this many median absolute deviations above the class's median similarity

_SKIP = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER}


def _bound_names(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
    return names - set(keyword.kwlist)


def tokens(source: str, markdown: bool = False) -> list[tuple[str, int]]:
    """The normalised tokens of a cell, each with its (1-based) line."""
    if markdown:
        return [
            (m.group().lower(), source.count("\n", 0, m.start()) + 1)
            for m in re.finditer(r"\w+", source)
        ]
    bound, out, previous = _bound_names(source), [], ""
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type in _SKIP:
                continue
            text = {tokenize.NEWLINE: ";", tokenize.INDENT: "{", tokenize.DEDENT: "}"}.get(
                tok.type, tok.string
            )
            if tok.type == tokenize.NAME and tok.string in bound and previous != ".":
                text = "_"  # renamed or reordered names read alike
            out.append((text, tok.start[0]))
            previous = tok.string
    except (tokenize.TokenError, IndentationError, SyntaxError):  # not Python: compare its words
        return tokens(source, markdown=True)
    return out


def runs(source: str, markdown: bool = False) -> dict[tuple, set[int]]:
    """Each run of RUN normalised tokens -> the lines it covers."""
    toks = tokens(source, markdown)
    found: dict[tuple, set[int]] = {}
    for i in range(max(0, len(toks) - RUN + 1)):
        window = toks[i : i + RUN]
        found.setdefault(tuple(t for t, _ in window), set()).update(
            range(window[0][1], window[-1][1] + 1)
        )
    return found


def solution_cells(path: Path) -> dict[str, tuple[str, bool]]:
    """grade_id -> (source, is markdown) of a notebook's solution cells."""
    nb = nbformat.read(path, as_version=4)
    return {
        c.metadata["nbgrader"]["grade_id"]: (c.source, c.cell_type == "markdown")
        for c in nb.cells
        if is_answer_cell(c) and c.metadata["nbgrader"].get("grade_id")
    }


@dataclass
class Pair:
    a: str
    b: str
    similarity: float
    shared_runs: int
    # part -> a, b, lines
    cells: dict[str, tuple[str, str, set[int], set[int]]] = field(default_factory=dict)


@dataclass
class Similarity:
    pairs: list[Pair]  # every pair compared, most similar first
    typical: float  # the class's median similarity
    threshold: float  # what a pair must reach to be flagged
    compared: list[str]

    @property
    def flagged(self) -> list[Pair]:
        return [
            p for p in self.pairs if p.similarity >= self.threshold and p.shared_runs >= MIN_RUNS
        ]


def compare_class(
    notebooks: dict[str, dict[str, tuple[str, bool]]], starter: dict[str, tuple[str, bool]]
) -> Similarity:
    """Compare every pair of students' solution cells (student -> grade_id ->
    (source, markdown))."""
    found = {
        s: {
            (part, run): lines
            for part, (src, md) in cells.items()
            for run, lines in runs(src, md).items()
        }
        for s, cells in notebooks.items()
    }
    given = {(part, run) for part, (src, md) in starter.items() for run in runs(src, md)}
    counts: dict[tuple, int] = {}
    for keys in found.values():
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
    # a run more than this many students wrote is the usual way, not evidence
    common = max(2, len(found) // 3)
    rare = {
        s: {k for k in keys if k not in given and counts[k] <= common} for s, keys in found.items()
    }
    pairs = []
    for a, b in combinations(sorted(found), 2):
        shared = rare[a] & rare[b]
        smaller = min(len(rare[a]), len(rare[b]))
        pair = Pair(a, b, len(shared) / smaller if smaller else 0.0, len(shared))
        for part in sorted({part for part, _ in shared}):
            keys = [k for k in shared if k[0] == part]
            pair.cells[part] = (
                notebooks[a][part][0],
                notebooks[b][part][0],
                set().union(*(found[a][k] for k in keys)),
                set().union(*(found[b][k] for k in keys)),
            )
        pairs.append(pair)
    scores = [p.similarity for p in pairs]
    typical = statistics.median(scores) if scores else 0.0
    spread = statistics.median(abs(x - typical) for x in scores) if scores else 0.0
    threshold = max(FLOOR, typical + SPREADS * max(spread, 0.05))
    pairs.sort(key=lambda p: (-p.similarity, p.a, p.b))
    return Similarity(pairs, typical, threshold, sorted(found))


def class_similarity(course: Course, assignment: str, students: list[str]) -> Similarity:
    """Compare the notebooks graded for ``students`` (as collected under <work>/submitted/)."""
    notebooks, starter = {}, {}
    for name in course.notebooks(assignment):
        released = course.release / assignment / f"{name}.ipynb"
        if released.exists():
            starter.update(solution_cells(released))
    for student in students:
        cells = {}
        for name in course.notebooks(assignment):
            path = course.student_folder("submitted", student, assignment) / f"{name}.ipynb"
            if path.is_file():
                cells.update(solution_cells(path))
        if cells:
            notebooks[student] = cells
    return compare_class(notebooks, starter)
