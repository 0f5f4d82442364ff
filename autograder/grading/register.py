"""Assignments in the gradebook: nbgrader's generate step, and registering an assignment's
cells once.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from autograder.errors import CourseError, nbgrader_cause
from autograder.grading import nbgrader_setup
from autograder.grading.course import Course


def generate(course: Course, assignment: str, release_dir: Path, db_url: str) -> None:
    config = nbgrader_setup.nbgrader_config(course)
    config.CourseDirectory.release_directory = str(release_dir)
    config.CourseDirectory.db_url = db_url
    result = nbgrader_setup.nbgrader_api(course, config).generate_assignment(assignment, force=True)
    if not result["success"]:
        raise CourseError(f"nbgrader could not generate {assignment}: {nbgrader_cause(result)}")


def register(course: Course, assignment: str) -> None:
    """Put the assignment's cells, hidden tests included, into the gradebook without
    touching exercises/.

    Where the gradebook already holds exactly these cells, nothing is written: nbgrader re-registers
    a notebook by removing it and adding it back, and a shard that starts while another is grading
    would pull the cells out from under that grading (its written-answer parts read as missing). The
    caller holds :func:`.gradebook.exclusive`, so no other process registers meanwhile."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        fresh = f"sqlite:///{tmp / 'gradebook.db'}"
        generate(course, assignment, tmp / "release", fresh)
        if registered_cells(fresh, assignment) != registered_cells(course.db_url, assignment):
            generate(course, assignment, tmp / "registered", course.db_url)


def registered_cells(db_url: str, assignment: str) -> set[tuple] | None:
    """What grading reads of an assignment in a gradebook: each notebook's cells, kinds, points
    and texts."""
    with Gradebook(db_url) as gb:
        try:
            notebooks = gb.find_assignment(assignment).notebooks
        except MissingEntry:
            return None
        return {
            (
                nb.name,
                kind,
                cell.name,
                getattr(cell, "max_score", None),
                getattr(cell, "checksum", None),
                getattr(cell, "source", None),
                getattr(cell, "locked", None),
            )
            for nb in notebooks
            for kind, cells in (
                ("grade", nb.grade_cells),
                ("solution", nb.solution_cells),
                ("task", nb.task_cells),
                ("source", nb.source_cells),
            )
            for cell in cells
        }
