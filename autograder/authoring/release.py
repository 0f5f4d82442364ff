"""Generate the student release (exercises/) from the sources (solutions/), and detect a
stale release.

The release in each learner language (exercises/<language>/<assignment>/, e.g. exercises/zh-hans/)
is made from the English release and the translation files (:mod:`.translation`); a course folder
without translations/ has the English release alone."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from autograder.authoring import translation
from autograder.authoring.translation import language_release, languages
from autograder.errors import CourseError
from autograder.grading import register
from autograder.grading.course import Course


def release(course: Course, assignment: str) -> Path:
    """Regenerate exercises/ASSIGNMENT and record the assignment (and its hidden tests) in
    the gradebook."""
    course.require(assignment)
    register.generate(course, assignment, course.release, course.db_url)
    return course.release / assignment


def stale_notebooks(course: Course, assignment: str) -> list[str]:
    """Release notebooks that differ from what the sources generate now (missing ones included)."""
    course.require(assignment)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        register.generate(course, assignment, tmp / "release", f"sqlite:///{tmp / 'gradebook.db'}")
        fresh = {p.name: p for p in (tmp / "release" / assignment).glob("*.ipynb")}
        committed = {p.name: p for p in (course.release / assignment).glob("*.ipynb")}
        return sorted(
            name
            for name in fresh.keys() | committed.keys()
            if name not in fresh
            or name not in committed
            or json.loads(fresh[name].read_text()) != json.loads(committed[name].read_text())
        )


def release_translations(course: Course, assignment: str) -> list[Path]:
    """Regenerate exercises/<language>/ASSIGNMENT from the English release, for every language."""
    course.require(assignment)
    written = []
    if assignment not in translation.translated_assignments(course.root, course.release):
        return written  # not translated yet: tests/authoring/test_translation.py names it
    trouble = translation.problems(course.root, course.release, [assignment])
    if trouble:
        raise CourseError(
            "the translation does not match the English release:\n" + "\n".join(trouble)
        )
    for language in languages(course):
        folder = language_release(course, language) / assignment
        for old in folder.glob("*.ipynb"):
            old.unlink()
        written += translation.release_language(
            course.root, course.release, assignment, language, language_release(course, language)
        )
    return written


def stale_translations(course: Course, assignment: str) -> list[str]:
    """Translated notebooks that differ from what the English release and the translations give now,
    as ``<language>/<notebook>``; a missing or stale translation shows as its problem (notebook
    and cell)."""
    course.require(assignment)
    if not languages(course) or assignment not in translation.translated_assignments(
        course.root, course.release
    ):
        return []
    trouble = translation.problems(course.root, course.release, [assignment])
    if trouble:
        return trouble
    stale = []
    with tempfile.TemporaryDirectory() as tmp:
        for language in languages(course):
            fresh_dir = Path(tmp) / language
            translation.release_language(
                course.root, course.release, assignment, language, fresh_dir
            )
            fresh = {p.name: p for p in (fresh_dir / assignment).glob("*.ipynb")}
            committed = {
                p.name: p for p in (language_release(course, language) / assignment).glob("*.ipynb")
            }
            stale += sorted(
                f"{language}/{name}"
                for name in fresh.keys() | committed.keys()
                if name not in fresh
                or name not in committed
                or json.loads(fresh[name].read_text()) != json.loads(committed[name].read_text())
            )
    return stale
