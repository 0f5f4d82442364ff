"""The gradebook's URL, and a lock that lets several grading processes share one gradebook.

The gradebook is any SQLAlchemy URL nbgrader supports. SQLite under the working folder is the
default (one machine); PostgreSQL is the one to use for more than one grading process or machine (a
cluster's shards). Creating the gradebook's tables and registering an assignment's cells are not
safe to run twice at once (both processes insert the same rows), so they run under ``exclusive``: a
PostgreSQL advisory lock, or a file lock next to a SQLite file.
"""

from __future__ import annotations

import contextlib
import fcntl
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from autograder.errors import (
    CourseError,
)

if TYPE_CHECKING:  # the queries take a course and fill a result; both modules import this one
    from autograder.grading.course import Course
    from autograder.grading.results import Result

# what nbgrader_config.py ships: SQLite in the working folder
SQLITE_DEFAULT = "sqlite:///course/gradebook.db"


def sqlite_url(path: Path) -> str:
    # Parallel graders share this file: wait for a lock instead of failing (seconds).
    return f"sqlite:///{path}?timeout=300"


def check_url(url: str) -> str:
    """``url`` if SQLAlchemy can parse it and has its driver here, else a CourseError saying what
    to do."""
    try:
        parsed = make_url(url)
        parsed.get_dialect()
    # ArgumentError for a bad URL, NoSuchModuleError or ImportError for a driver
    except Exception as exc:
        raise CourseError(
            f"unusable gradebook URL {describe(url)!r}: {exc.__class__.__name__}: {exc}"
        ) from exc
    return url


def describe(url: str) -> str:
    """The URL with its password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unparsable URL>"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


@contextlib.contextmanager
def exclusive(url: str, name: str = "autograder-register"):
    """Hold a lock named ``name`` shared by every process that uses this gradebook."""
    if is_sqlite(url):
        database = make_url(url).database
        if not database or database == ":memory:":
            yield
            return
        lock_path = Path(database).with_suffix(".lock")
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(lock_path, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield
        return
    engine = create_engine(url)
    key = zlib.crc32(name.encode())
    locks = engine.dialect.name == "postgresql"  # other servers: nbgrader's own transactions only
    try:
        with engine.connect() as conn:
            if locks:
                conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
            try:
                yield
            finally:
                if locks:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
    finally:
        engine.dispose()


def scrub_environment(url: str, environ=None) -> list[str]:
    """Remove from the environment every variable that holds the gradebook's URL or its password.

    Kernels inherit the grader's environment, and a scheduler often hands the URL over in one (a
    Kubernetes Secret, ``GRADEBOOK`` in the Slurm script): learner code must never read the
    credentials of the shared gradebook. The grader keeps the URL in memory. Returns the
    names removed."""
    import os

    environ = os.environ if environ is None else environ
    if is_sqlite(url):
        return []
    secrets = {url, make_url(url).render_as_string(hide_password=False)}
    password = make_url(url).password
    if password:
        secrets.add(str(password))
    names = [name for name, value in environ.items() if any(s and s in value for s in secrets)]
    for name in names:
        del environ[name]
    return names


def record_zero(course: Course, assignment: str, student: str) -> None:
    """A submission nbgrader cannot read still appears in the gradebook, with zero points, as
    nbgrader does for a missing notebook."""
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url) as gb:
        gb.update_or_create_student(student)
        submission = gb.update_or_create_submission(assignment, student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                grade.auto_score = 0
                grade.manual_score = None
                grade.needs_manual_grade = False
        gb.db.commit()


def read_scores(course: Course, assignment: str, result: Result) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url) as gb:
        submission = gb.find_submission(assignment, result.student)
        result.score, result.max_score = float(submission.score), float(submission.max_score)
        result.needs_manual_grade = bool(submission.needs_manual_grade)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                result.parts[grade.name] = float(grade.score)
                result.part_max[grade.name] = float(grade.max_score)


def max_score(course: Course, assignment: str) -> float:
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url) as gb:
        return float(gb.find_assignment(assignment).max_score)


def manual_parts(course: Course, assignment: str) -> set[str]:
    """Parts graded by hand (answer cells that are also solution cells) score zero until graded."""
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url) as gb:
        return {
            cell.name
            for nb in gb.find_assignment(assignment).notebooks
            for cell in nb.solution_cells
        }
