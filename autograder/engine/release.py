"""Generate the student release (exercises/) from the sources (solutions/), and detect a stale release.

The release in each learner language (exercises/<language>/<assignment>/, e.g. exercises/zh-hans/) is made
from the English release and the translation files (:mod:`.translation`); a course folder without
translations/ has the English release alone."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from . import translation
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
    """Put the assignment's cells, hidden tests included, into the gradebook without touching exercises/.

    Where the gradebook already holds exactly these cells, nothing is written: nbgrader re-registers a
    notebook by removing it and adding it back, and a shard that starts while another is grading would
    pull the cells out from under that grading (its written-answer parts read as missing). The caller
    holds :func:`.gradebook.exclusive`, so no other process registers meanwhile."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        fresh = f"sqlite:///{tmp / 'gradebook.db'}"
        _generate(course, assignment, tmp / "release", fresh)
        if _cells(fresh, assignment) != _cells(course.db_url, assignment):
            _generate(course, assignment, tmp / "registered", course.db_url)


def _cells(db_url: str, assignment: str) -> set[tuple] | None:
    """What grading reads of an assignment in a gradebook: each notebook's cells, kinds, points and texts."""
    with Gradebook(db_url) as gb:
        try:
            notebooks = gb.find_assignment(assignment).notebooks
        except MissingEntry:
            return None
        return {(nb.name, kind, cell.name, getattr(cell, "max_score", None), getattr(cell, "checksum", None),
                 getattr(cell, "source", None), getattr(cell, "locked", None))
                for nb in notebooks
                for kind, cells in (("grade", nb.grade_cells), ("solution", nb.solution_cells),
                                    ("task", nb.task_cells), ("source", nb.source_cells))
                for cell in cells}


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


def languages(course: Course) -> list[str]:
    """The learner languages the course releases besides English: those of its translation files."""
    return list(translation.LANGUAGES) if translation.translations_folder(course.root).is_dir() else []


def language_release(course: Course, language: str) -> Path:
    return course.release if language == "en" else course.release / language


def release_translations(course: Course, assignment: str) -> list[Path]:
    """Regenerate exercises/<language>/ASSIGNMENT from the English release, for every language."""
    course.require(assignment)
    written = []
    if assignment not in translation.translated_assignments(course.root, course.release):
        return written  # not translated yet: tests/engine/test_translation.py names it
    trouble = translation.problems(course.root, course.release, [assignment])
    if trouble:
        raise CourseError("the translation does not match the English release:\n" + "\n".join(trouble))
    for language in languages(course):
        folder = language_release(course, language) / assignment
        for old in folder.glob("*.ipynb"):
            old.unlink()
        written += translation.release_language(course.root, course.release, assignment, language,
                                                language_release(course, language))
    return written


def stale_translations(course: Course, assignment: str) -> list[str]:
    """Translated notebooks that differ from what the English release and the translations give now, as
    ``<language>/<notebook>``; a missing or stale translation shows as its problem (notebook and cell)."""
    course.require(assignment)
    if not languages(course) or assignment not in translation.translated_assignments(course.root, course.release):
        return []
    trouble = translation.problems(course.root, course.release, [assignment])
    if trouble:
        return trouble
    stale = []
    with tempfile.TemporaryDirectory() as tmp:
        for language in languages(course):
            fresh_dir = Path(tmp) / language
            translation.release_language(course.root, course.release, assignment, language, fresh_dir)
            fresh = {p.name: p for p in (fresh_dir / assignment).glob("*.ipynb")}
            committed = {p.name: p for p in (language_release(course, language) / assignment).glob("*.ipynb")}
            stale += sorted(
                f"{language}/{name}"
                for name in fresh.keys() | committed.keys()
                if name not in fresh
                or name not in committed
                or json.loads(fresh[name].read_text()) != json.loads(committed[name].read_text())
            )
    return stale
