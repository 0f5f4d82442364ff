"""`python -m autograder demo`: a simulated class graded end to end on a throwaway gradebook."""

from __future__ import annotations

import tempfile
from pathlib import Path

from autograder.authoring.simulate import student_notebook, write_student
from autograder.grading.course import Course
from autograder.grading.results import Result
from autograder.lms.grade_class import grade_class

ASSIGNMENT = "04_self_attention"
NOTEBOOK = "self_attention"

# Two classic mistakes: softmax over the wrong axis, and scores transposed.
PARTLY_WRONG = {
    "softmax": (
        "def softmax(x, axis=-1):\n"
        "    e = np.exp(x - np.max(x, axis=0, keepdims=True))\n"
        "    return e / np.sum(e, axis=0, keepdims=True)"
    ),
    "attention_scores": "def attention_scores(a, W_q, W_k):\n    return (a @ W_k) @ (a @ W_q).T",
}
# ben's work again, names changed and a comment added: the class report flags the pair all the same.
RENAMED_COPY = {
    "softmax": (
        "def softmax(z, axis=-1):\n"
        "    # subtract the max first, for stability\n"
        "    ez = np.exp(z - np.max(z, axis=0, keepdims=True))\n"
        "    return ez / np.sum(ez, axis=0, keepdims=True)"
    ),
    "attention_scores": "def attention_scores(x, W_q, W_k):\n    return (x @ W_k) @ (x @ W_q).T",
}


def make_class(course: Course, folder: Path) -> dict[str, str]:
    """Write the simulated class's submissions into ``folder``; returns student -> what they did."""
    write_student(folder, "ada", NOTEBOOK, student_notebook(course, ASSIGNMENT, NOTEBOOK))
    write_student(
        folder, "ben", NOTEBOOK, student_notebook(course, ASSIGNMENT, NOTEBOOK, PARTLY_WRONG)
    )
    write_student(
        folder, "eve", NOTEBOOK, student_notebook(course, ASSIGNMENT, NOTEBOOK, RENAMED_COPY)
    )
    write_student(
        folder, "cai", NOTEBOOK, student_notebook(course, ASSIGNMENT, NOTEBOOK, solve=False)
    )
    broken = folder / "dee" / f"{NOTEBOOK}.ipynb"
    broken.parent.mkdir(parents=True)
    # cut off mid-upload
    broken.write_text('{"cells": [ {"cell_type": "code", "source": "print(1)"')
    return {
        "ada": "correct",
        "ben": "partly wrong",
        "eve": "ben's work with names changed",
        "cai": "blank: the untouched release",
        "dee": "broken file",
    }


def run_demo(work: Path | None = None) -> tuple[list[Result], Path, dict[str, str]]:
    """Grade the simulated class into ``work`` (default: a fresh course/demo folder)."""
    base = Course.at()
    work = Path(work) if work else base.root / "course" / "demo"
    if work.exists():
        import shutil

        shutil.rmtree(work)
    course = Course(base.root, work.resolve())
    with tempfile.TemporaryDirectory() as tmp:
        kinds = make_class(course, Path(tmp))
        results, csv_path = grade_class(course, ASSIGNMENT, Path(tmp))
    return results, csv_path, kinds
