"""Resuming a batch: a rerun grades only who is not graded yet or sent other files, and a grader
killed with SIGKILL loses nothing it had finished."""

import os
import signal
import subprocess
import sys
import time

import pytest

from autograder.authoring.simulate import student_notebook, write_student
from autograder.grading import resume
from autograder.grading.course import Course
from autograder.grading.results import Result, save_one
from autograder.grading.submissions import collect
from autograder.lms.grade_class import grade_class

ASSIGNMENT, NOTEBOOK = "01_vector_sets", "vector_sets"


def test_the_checksum_follows_every_file_a_student_sent(tmp_path):
    (tmp_path / "ada").mkdir()
    (tmp_path / "ada" / "vector_sets.ipynb").write_text("{}")
    before = resume.checksum(collect(tmp_path)[0])
    (tmp_path / "ada" / "notes.txt").write_text("extra")
    with_notes = resume.checksum(collect(tmp_path)[0])
    (tmp_path / "ada" / "vector_sets.ipynb").write_text("{ }")
    assert len({before, with_notes, resume.checksum(collect(tmp_path)[0])}) == 3


def test_a_record_alone_is_not_enough_and_force_grades_everyone(tmp_path, fresh_course):
    (tmp_path / "ada").mkdir()
    (tmp_path / "ada" / "vector_sets.ipynb").write_text("{}")
    (sub,) = collect(tmp_path)
    save_one(fresh_course, ASSIGNMENT, Result(sub.student), sub, sha256=resume.checksum(sub))
    from nbgrader.api import Gradebook

    with Gradebook(fresh_course.db_url):  # an empty gradebook: the record points at nothing
        pass
    assert resume.split(fresh_course, ASSIGNMENT, [sub]) == ([sub], [])
    assert resume.split(fresh_course, ASSIGNMENT, [sub], force=True) == ([sub], [])


def _mtimes(work, students):
    return {
        s: (work / "autograded" / s / ASSIGNMENT / f"{NOTEBOOK}.ipynb").stat().st_mtime_ns
        for s in students
    }


@pytest.mark.slow
def test_a_grader_killed_mid_batch_resumes_where_it_stopped(tmp_path):
    root = Course.at().root
    course = Course(root, tmp_path / "work")
    subs = tmp_path / "subs"
    for student in ("a_first", "b_second", "c_third"):
        write_student(
            subs,
            student,
            NOTEBOOK,
            student_notebook(course, ASSIGNMENT, NOTEBOOK, solve=student != "b_second"),
        )
    env = {**os.environ, "PYTHONPATH": str(root)}
    grader = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "autograder",
            "grade",
            ASSIGNMENT,
            str(subs),
            "--work",
            str(course.work),
            "--workers",
            "1",
        ],
        cwd=root,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    state = course.work / "results" / ASSIGNMENT  # each student's result, written when graded
    deadline = time.monotonic() + 300
    while (
        not (state / "a_first.json").exists()
        and grader.poll() is None
        and time.monotonic() < deadline
    ):
        time.sleep(0.2)
    os.killpg(grader.pid, signal.SIGKILL)  # the grader and its kernel, mid-batch
    grader.wait()
    assert (state / "a_first.json").exists() and not (state / "c_third.json").exists()
    first = _mtimes(course.work, ["a_first"])

    results = {r.student: r for r in grade_class(course, ASSIGNMENT, subs, workers=1)[0]}
    assert _mtimes(course.work, ["a_first"]) == first, (
        "a student graded before the kill was graded again"
    )
    full = results["c_third"].score
    assert results["a_first"].parts == results["c_third"].parts, (
        results["a_first"],
        results["c_third"],
    )
    assert results["a_first"].score == results["c_third"].score > 0
    assert results["b_second"].score == 0 and "not implemented yet" in results["b_second"].reason
    assert results["a_first"].feedback is not None

    # A student who sends a new file is graded again; the others are kept.
    kept = _mtimes(course.work, ["b_second", "c_third"])
    write_student(
        subs, "a_first", NOTEBOOK, student_notebook(course, ASSIGNMENT, NOTEBOOK, solve=False)
    )
    again = {r.student: r for r in grade_class(course, ASSIGNMENT, subs, workers=1)[0]}
    assert again["a_first"].score == 0 and again["c_third"].score == full
    assert _mtimes(course.work, ["b_second", "c_third"]) == kept
