"""Generate the student release (exercises/) from the sources (solutions/), and detect a stale release."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from .course import Course
from .errors import CourseError, nbgrader_cause


def _generate(course: Course, assignment: str, release_dir: Path, db_url: str) -> None:
    config = course.config()
    config.CourseDirectory.release_directory = str(release_dir)
    config.CourseDirectory.db_url = db_url
    result = course.api(config).generate_assignment(assignment, force=True)
    if not result["success"]:
        raise CourseError(f"nbgrader could not generate {assignment}: {nbgrader_cause(result)}")


def release(course: Course, assignment: str) -> Path:
    """Regenerate exercises/ASSIGNMENT and record the assignment (and its hidden tests) in the gradebook."""
    course.require(assignment)
    _generate(course, assignment, course.release, course.db_url)
    return course.release / assignment


def register(course: Course, assignment: str) -> None:
    """Put the assignment's cells, hidden tests included, into the gradebook without touching exercises/."""
    with tempfile.TemporaryDirectory() as tmp:
        _generate(course, assignment, Path(tmp), course.db_url)


def stale_notebooks(course: Course, assignment: str) -> list[str]:
    """Release notebooks that differ from what the sources generate now (missing ones included)."""
    course.require(assignment)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        _generate(course, assignment, tmp / "release", f"sqlite:///{tmp / 'gradebook.db'}")
        fresh = {p.name: p for p in (tmp / "release" / assignment).glob("*.ipynb")}
        committed = {p.name: p for p in (course.release / assignment).glob("*.ipynb")}
        return sorted(
            name
            for name in fresh.keys() | committed.keys()
            if name not in fresh
            or name not in committed
            or json.loads(fresh[name].read_text()) != json.loads(committed[name].read_text())
        )
