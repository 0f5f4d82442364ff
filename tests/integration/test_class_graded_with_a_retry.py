"""When nbgrader itself fails on a student (not the learner's code, which only fails cells), the
grader tries once more, keeps nbgrader's log for the instructor, and names the cause in one line."""

import pytest

from autograder.authoring.simulate import student_notebook, write_student
from autograder.grading import nbgrader_setup
from autograder.grading.course import Course
from autograder.lms.grade_class import grade_class

from ..corpora import self_attention as corpus_04

pytestmark = pytest.mark.slow  # grades notebooks through nbgrader

FAST = {"train_tagger": "tagger = None  # training skipped"}
LOG = (
    "Traceback (most recent call last):\nsqlite3.OperationalError: database is locked\n"
    "nbgrader.converters.base.NbGraderException: Please see the the above traceback"
)


def test_a_failed_run_is_retried_and_its_log_kept(tmp_path, monkeypatch):
    course = Course(Course.at().root, tmp_path / "work")
    folder = tmp_path / "subs"
    for student in ("once", "always"):
        write_student(
            folder,
            student,
            corpus_04.NOTEBOOK,
            student_notebook(course, corpus_04.ASSIGNMENT, corpus_04.NOTEBOOK, FAST),
        )
    failures = {"once": 1, "always": 99}
    real = nbgrader_setup.nbgrader_api

    def api(course, config=None):
        inner = real(course, config)
        autograde = inner.autograde

        def flaky(assignment, student, **kwargs):
            if failures[student] > 0:
                failures[student] -= 1
                return {"success": False, "log": LOG, "error": None}
            return autograde(assignment, student, **kwargs)

        inner.autograde = flaky
        return inner

    monkeypatch.setattr(nbgrader_setup, "nbgrader_api", api)
    results = {
        r.student: r for r in grade_class(course, corpus_04.ASSIGNMENT, folder, workers=1)[0]
    }
    assert results["once"].status == "graded" and results["once"].score > 0
    always = results["always"]
    assert always.status == "not graded" and always.score == 0
    assert (
        "sqlite3.OperationalError: database is locked" in always.reason
        and "\n" not in always.reason
    )
    log = course.work / "logs" / corpus_04.ASSIGNMENT / "always.log"
    assert log.read_text().count("database is locked") == 2  # both tries are kept
