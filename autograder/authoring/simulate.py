"""Make student notebooks from the release: the demo's simulated class and the tests'
submission corpus.

A simulated student starts from what learners receive (exercises/), fills every solution cell with
the instructor's solution, and then applies their own answers (``answers``: grade_id -> cell
source), which is how the corpus plants one mistake at a time.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from autograder.cells import is_answer_cell, nbgrader_meta
from autograder.grading.course import Course

_SOLUTION_MARKERS = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n", re.MULTILINE)


def solution_sources(course: Course, assignment: str, notebook: str) -> dict[str, str]:
    """grade_id -> the instructor's solution code of each solution cell, markers removed."""
    nb = nbformat.read(course.source / assignment / f"{notebook}.ipynb", as_version=4)
    return {
        c.metadata["nbgrader"]["grade_id"]: _SOLUTION_MARKERS.sub("", c.source + "\n").rstrip("\n")
        for c in nb.cells
        if is_answer_cell(c)
    }


def student_notebook(
    course: Course,
    assignment: str,
    notebook: str,
    answers: dict[str, str] | None = None,
    solve: bool = True,
) -> nbformat.NotebookNode:
    """The released notebook with solution cells filled in (``solve``) and then overridden
    by ``answers``."""
    nb = nbformat.read(course.release / assignment / f"{notebook}.ipynb", as_version=4)
    fill = solution_sources(course, assignment, notebook) if solve else {}
    fill.update(answers or {})
    for cell in nb.cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if grade_id in fill:
            cell.source = fill[grade_id]
    return nb


def write_student(folder: Path, student: str, notebook: str, nb: nbformat.NotebookNode) -> Path:
    path = folder / student / f"{notebook}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path
