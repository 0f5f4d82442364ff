"""End to end through nbgrader: a whole simulated class graded in one batch, then each grade asserted.

The class holds the solution notebook, the untouched release, one submission per planted mistake, correct
alternatives, and broken files; grading it once keeps the suite fast.
"""

import json
import shutil
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder.grading import grade
from autograder.simulate import student_notebook, write_student

from .corpus_04 import RIGHT, WRONG

ASSIGNMENT, NOTEBOOK = "04_self_attention", "self_attention"
MANUAL = {"answer_rows_sum_to_one", "answer_permutation"}


def _duplicated_cell(course):
    nb = student_notebook(course, ASSIGNMENT, NOTEBOOK)
    i = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "softmax")
    nb.cells.insert(i + 1, nbformat.from_dict(json.loads(json.dumps(nb.cells[i]))))
    for cell in nb.cells:
        cell.pop("id", None)  # an old JupyterLab copy: no cell ids to tell the two apart
    nb.nbformat_minor = 4
    return nb


@pytest.fixture(scope="session")
def graded(course, tmp_path_factory):
    folder = tmp_path_factory.mktemp("submissions")
    write_student(folder, "solution", NOTEBOOK, nbformat.read(course.source / ASSIGNMENT / f"{NOTEBOOK}.ipynb", 4))
    write_student(folder, "blank", NOTEBOOK, student_notebook(course, ASSIGNMENT, NOTEBOOK, solve=False))
    for case in WRONG + RIGHT:
        write_student(folder, case.name.replace("_", "-"), NOTEBOOK,
                      student_notebook(course, ASSIGNMENT, NOTEBOOK, case.answers))
    write_student(folder, "dupcell", NOTEBOOK, _duplicated_cell(course))
    # Broken files, each for one student.
    (folder / "empty").mkdir()
    (folder / "empty" / f"{NOTEBOOK}.ipynb").write_bytes(b"")
    (folder / "notjson").mkdir()
    (folder / "notjson" / f"{NOTEBOOK}.ipynb").write_text("this is not json {")
    (folder / "v3").mkdir()
    (folder / "v3" / f"{NOTEBOOK}.ipynb").write_text(json.dumps({"nbformat": 3, "nbformat_minor": 0,
                                                                 "worksheets": [], "cells": [], "metadata": {}}))
    (folder / "pdf").mkdir()
    (folder / "pdf" / "answers.pdf").write_bytes(b"%PDF-1.4")
    two = folder / "two"
    write_student(folder, "two", NOTEBOOK, student_notebook(course, ASSIGNMENT, NOTEBOOK))
    shutil.copy(two / f"{NOTEBOOK}.ipynb", two / "self_attention-Copy1.ipynb")
    renamed = folder / "renamed"
    write_student(folder, "renamed", "My Assignment 4 (final)", student_notebook(course, ASSIGNMENT, NOTEBOOK))
    assert (renamed / "My Assignment 4 (final).ipynb").exists()
    (folder / "nested").mkdir()
    with zipfile.ZipFile(folder / "nested" / "inner.zip", "w") as zf:
        zf.writestr(f"{NOTEBOOK}.ipynb", "{}")
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    results, csv_path = grade(course, ASSIGNMENT, folder)
    after = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert before == after, "grading must never modify the instructor's downloaded submissions"
    return {r.student: r for r in results}, csv_path


def test_solution_earns_every_autograded_point(graded):
    results, _ = graded
    r = results["solution"]
    assert r.status == "graded", r.reason
    auto = {p: s for p, s in r.parts.items() if p not in MANUAL}
    assert r.score == r.max_score - 4 and r.needs_manual_grade, r.parts
    assert len(auto) == 12 and r.reason == ""


def test_untouched_release_earns_zero_on_every_part(graded):
    results, _ = graded
    r = results["blank"]
    assert r.score == 0 and all(s == 0 for s in r.parts.values()), r.parts
    assert "not implemented yet" in r.reason


@pytest.mark.parametrize("case", WRONG, ids=[c.name for c in WRONG])
def test_each_mistake_loses_its_part_with_its_message(graded, case):
    results, _ = graded
    r = results[case.name.replace("_", "-")]
    full = results["solution"].parts
    assert r.parts[case.part] == 0, f"{case.name} kept the points of {case.part}"
    assert case.message in r.reason, r.reason
    others = {p for p in full if p not in MANUAL} - {case.part} - set(case.also_lost)
    lost = {p for p in others if r.parts[p] < full[p]}
    assert not lost, f"{case.name} also lost {lost}: one mistake must cost only its own part"


@pytest.mark.parametrize("case", RIGHT, ids=[c.name for c in RIGHT])
def test_correct_alternatives_keep_full_marks(graded, case):
    results, _ = graded
    r = results[case.name.replace("_", "-")]
    assert r.score == results["solution"].score, r.reason


@pytest.mark.parametrize("student, reason", [
    ("empty", "empty"), ("notjson", "not valid JSON"), ("v3", "format version 3"),
    ("pdf", "no .ipynb"), ("two", "2 notebooks for one student"), ("nested", "an archive (inner.zip)"),
])
def test_broken_submissions_get_a_clear_reason_and_zero(graded, course, student, reason):
    results, _ = graded
    r = results[student]
    assert r.status == "not graded" and r.score == 0 and reason in r.reason
    kept = list((course.work / "submitted" / student / ASSIGNMENT).glob("*.received"))
    assert kept or student == "nested", "the submitted files are kept for the instructor"


def test_renamed_notebook_and_duplicated_cell_are_still_graded(graded):
    results, _ = graded
    solution = results["solution"].score
    assert results["renamed"].score == solution, results["renamed"].reason
    assert results["dupcell"].status == "graded" and results["dupcell"].score == solution, results["dupcell"].reason


def test_csv_and_feedback(graded, course):
    results, csv_path = graded
    rows = {row["student_id"]: row for row in __import__("csv").DictReader(open(csv_path))}
    assert set(rows) == set(results)
    assert float(rows["solution"]["score"]) == results["solution"].score
    assert rows["softmax-wrong-axis"]["test_softmax"] == "0"
    html = Path(course.work / "feedback" / "softmax-wrong-axis" / ASSIGNMENT / f"{NOTEBOOK}.html").read_text()
    assert "ran over axis 0 instead of axis -1" in html
