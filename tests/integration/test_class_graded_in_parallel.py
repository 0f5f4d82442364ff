"""Parallel grading gives exactly the scores and reasons of a sequential run."""

import contextlib
import os
import signal
from pathlib import Path

import pytest

from autograder.authoring.simulate import student_notebook, write_student
from autograder.grading.course import Course
from autograder.lms.grade_class import grade_class

from ..corpora import self_attention as corpus_04

pytestmark = pytest.mark.slow  # grades notebooks through nbgrader

FAST = {"train_tagger": "tagger = None  # training skipped"}


def test_workers_give_the_same_grades_as_one_worker(tmp_path):
    root = Course.at().root
    course = Course(root, tmp_path / "seq")
    folder = tmp_path / "subs"
    write_student(
        folder,
        "ok",
        corpus_04.NOTEBOOK,
        student_notebook(course, corpus_04.ASSIGNMENT, corpus_04.NOTEBOOK, FAST),
    )
    write_student(
        folder,
        "blank",
        corpus_04.NOTEBOOK,
        student_notebook(course, corpus_04.ASSIGNMENT, corpus_04.NOTEBOOK, solve=False),
    )
    for case in corpus_04.WRONG[:3]:
        write_student(
            folder,
            case.student,
            corpus_04.NOTEBOOK,
            student_notebook(
                course, corpus_04.ASSIGNMENT, corpus_04.NOTEBOOK, {**case.answers, **FAST}
            ),
        )
    (folder / "empty").mkdir()
    (folder / "empty" / f"{corpus_04.NOTEBOOK}.ipynb").write_bytes(b"")
    one, _ = grade_class(course, corpus_04.ASSIGNMENT, folder, workers=1)
    two, _ = grade_class(Course(root, tmp_path / "par"), corpus_04.ASSIGNMENT, folder, workers=2)
    seen = [(r.student, r.score, r.parts, r.status, r.reason) for r in one]
    assert seen == [(r.student, r.score, r.parts, r.status, r.reason) for r in two]
    assert len({r.score for r in one}) >= 3, seen  # a real mix: full, partial, zero


def test_parallel_grading_into_postgres_gives_the_grades_of_a_sequential_run(
    tmp_path, postgres_url
):
    """Four students of assignment 01: one worker on SQLite, then two at once sharing one
    PostgreSQL gradebook."""
    from ..corpora import vector_sets as corpus_01

    root = Course.at().root
    course = Course(root, tmp_path / "seq")
    folder = tmp_path / "subs"
    nb = corpus_01.NOTEBOOK
    write_student(folder, "jane_doe", nb, student_notebook(course, corpus_01.ASSIGNMENT, nb))
    write_student(
        folder,
        "zoë",
        nb,
        student_notebook(course, corpus_01.ASSIGNMENT, nb, corpus_01.WRONG[0].answers),
    )
    write_student(
        folder, "blank", nb, student_notebook(course, corpus_01.ASSIGNMENT, nb, solve=False)
    )
    (folder / "empty").mkdir()
    (folder / "empty" / f"{nb}.ipynb").write_bytes(b"")
    one, _ = grade_class(course, corpus_01.ASSIGNMENT, folder, workers=1)
    two, _ = grade_class(
        Course(root, tmp_path / "par", postgres_url), corpus_01.ASSIGNMENT, folder, workers=2
    )
    seen = [(r.student, r.score, r.parts, r.status, r.reason) for r in one]
    assert seen == [(r.student, r.score, r.parts, r.status, r.reason) for r in two]
    assert len({r.score for r in one}) >= 3, seen


class _KillWorkersOnFirstGrade:
    """A progress stream that SIGKILLs every grading worker when the first student is reported: the
    other worker is then in the middle of a student, as when the OOM killer picks a worker on a
    busy machine."""

    def __init__(self):
        self.killed = []

    def write(self, text: str) -> None:
        if text.startswith("[1/") and not self.killed:
            for entry in Path("/proc").iterdir():
                with contextlib.suppress(OSError):
                    if (
                        entry.name.isdigit()
                        and "spawn_main" in (entry / "cmdline").read_text()
                        and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                        == os.getpid()
                    ):
                        os.kill(int(entry.name), signal.SIGKILL)
                        self.killed.append(int(entry.name))

    def flush(self) -> None:
        pass


def test_killed_workers_cost_no_other_students_grade(tmp_path):
    root = Course.at().root
    course = Course(root, tmp_path / "seq")
    folder = tmp_path / "subs"
    write_student(
        folder,
        "ok",
        corpus_04.NOTEBOOK,
        student_notebook(course, corpus_04.ASSIGNMENT, corpus_04.NOTEBOOK, FAST),
    )
    for case in corpus_04.WRONG[:2]:
        write_student(
            folder,
            case.student,
            corpus_04.NOTEBOOK,
            student_notebook(
                course, corpus_04.ASSIGNMENT, corpus_04.NOTEBOOK, {**case.answers, **FAST}
            ),
        )
    one, _ = grade_class(course, corpus_04.ASSIGNMENT, folder, workers=1)
    killer = _KillWorkersOnFirstGrade()
    two, _ = grade_class(
        Course(root, tmp_path / "par"), corpus_04.ASSIGNMENT, folder, workers=2, progress=killer
    )
    assert len(killer.killed) == 2, "both workers were running when the first student was reported"
    seen = [(r.student, r.score, r.parts, r.status, r.reason) for r in one]
    assert seen == [(r.student, r.score, r.parts, r.status, r.reason) for r in two]
    assert all(r.status == "graded" for r in two)
