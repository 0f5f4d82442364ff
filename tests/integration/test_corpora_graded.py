"""End to end through nbgrader: for every assignment with a corpus (tests/corpora/<chapter>.py), a
whole simulated class is graded in one batch, then each grade is asserted.

The class holds the solution notebook itself, the untouched release, one planted mistake per part
and one correct alternative per set of answer cells (:func:`through_nbgrader`); assignment 04 also
carries the broken files. Mistakes in different answer cells that cost different parts share a
notebook (:func:`packed`), as a learner's several slips do: each must still cost only its own part,
with its own message; correct alternatives in different cells share one too, and keep full marks
together. Every case of every corpus is judged by the checks in tests/checks/ (through the grading
wire, in this process, in seconds); here a whole notebook goes through nbgrader and the sandbox,
where what one part's code costs the others (a cell that trains with it, a time limit) shows.
Grading each class once, in as few notebooks as the cases allow, keeps the suite fast. Where a
PostgreSQL server is set up (AUTOGRADER_TEST_POSTGRES; .ci/run does), assignment 01's class is
graded into it instead of SQLite: the same assertions then hold on the server instructors share.
"""

import csv
import importlib
import json
import shutil
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder.authoring.simulate import student_notebook, write_student
from autograder.grading.course import Course
from autograder.lms.grade_class import grade_class

from ..corpora import CHAPTERS
from ..helpers import create_postgres_database

pytestmark = pytest.mark.slow  # grades notebooks through nbgrader

CORPORA = {
    m.ASSIGNMENT: m for m in (importlib.import_module(f"tests.corpora.{name}") for name in CHAPTERS)
}
POSTGRES_CORPUS = "01_vector_sets"


def _add_broken_files(course, folder: Path, assignment: str, notebook: str) -> None:
    """Students whose files nbgrader alone would choke on (04 carries these for the
    whole pipeline)."""
    nb = student_notebook(course, assignment, notebook)
    i = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("solution"))
    nb.cells.insert(i + 1, nbformat.from_dict(json.loads(json.dumps(nb.cells[i]))))
    for cell in nb.cells:
        cell.pop("id", None)  # an old JupyterLab copy: no cell ids to tell the two apart
    nb.nbformat_minor = 4
    write_student(folder, "dupcell", notebook, nb)
    for student, name, content in [
        ("empty", f"{notebook}.ipynb", b""),
        ("notjson", f"{notebook}.ipynb", b"this is not json {"),
        (
            "v3",
            f"{notebook}.ipynb",
            json.dumps(
                {"nbformat": 3, "nbformat_minor": 0, "worksheets": [], "cells": [], "metadata": {}}
            ).encode(),
        ),
        ("pdf", "answers.pdf", b"%PDF-1.4"),
    ]:
        (folder / student).mkdir()
        (folder / student / name).write_bytes(content)
    write_student(folder, "two", notebook, nb)
    shutil.copy(folder / "two" / f"{notebook}.ipynb", folder / "two" / f"{notebook}-Copy1.ipynb")
    write_student(
        folder, "renamed", "My Assignment (final)", student_notebook(course, assignment, notebook)
    )
    (folder / "nested").mkdir()
    with zipfile.ZipFile(folder / "nested" / "inner.zip", "w") as zf:
        zf.writestr(f"{notebook}.ipynb", "{}")


def through_nbgrader(corpus, kind: str) -> list:
    """The cases graded here as whole notebooks: for WRONG, one per part (the first that may cost
    other parts too, else the first listed); for RIGHT, one per set of answer cells; and every case
    a test below names."""
    chosen: dict = {}
    for case in getattr(corpus, kind):
        key = case.part if kind == "WRONG" else tuple(sorted(case.answers))
        if key not in chosen or (case.also_lost and not chosen[key].also_lost):
            chosen[key] = case
    return [c for c in getattr(corpus, kind) if c in chosen.values() or c.name in NAMED_BELOW]


NAMED_BELOW = {"softmax_wrong_axis"}  # test_csv_and_feedback reads its row and page


def _costs(case) -> set[str]:
    return {case.part, *case.also_lost} if case.part else set()


def packed(cases: list) -> list[list]:
    """The cases in groups, one notebook per group (first fit, in corpus order): the cases of a
    group fill different answer cells, and the parts their mistakes may cost do not overlap, so each
    part's grade and message in that notebook comes from exactly one case."""
    groups: list[list] = []
    for case in cases:
        group = next(
            (
                g
                for g in groups
                if all(
                    not set(case.answers) & set(c.answers) and not _costs(case) & _costs(c)
                    for c in g
                )
            ),
            None,
        )
        if group is None:
            groups.append(group := [])
        group.append(case)
    return groups


def student_of(assignment: str, case) -> str:
    """The student whose notebook holds ``case``: named after the first case of its group."""
    kind = "WRONG" if case.part else "RIGHT"
    return next(
        g[0].student for g in packed(through_nbgrader(CORPORA[assignment], kind)) if case in g
    )


def _grade(course, tmp_path_factory, assignment: str) -> tuple[dict, Path]:
    """Grade the assignment's class in one batch; returns (student -> Result, CSV path)."""
    corpus = CORPORA[assignment]
    folder = tmp_path_factory.mktemp(f"submissions-{assignment}")
    source = nbformat.read(course.source / assignment / f"{corpus.NOTEBOOK}.ipynb", as_version=4)
    write_student(folder, "solution", corpus.NOTEBOOK, source)
    write_student(
        folder,
        "blank",
        corpus.NOTEBOOK,
        student_notebook(course, assignment, corpus.NOTEBOOK, solve=False),
    )
    for group in packed(through_nbgrader(corpus, "WRONG")) + packed(
        through_nbgrader(corpus, "RIGHT")
    ):
        answers = {cell: source for case in group for cell, source in case.answers.items()}
        write_student(
            folder,
            group[0].student,
            corpus.NOTEBOOK,
            student_notebook(course, assignment, corpus.NOTEBOOK, answers),
        )
    if assignment == "04_self_attention":
        _add_broken_files(course, folder, assignment, corpus.NOTEBOOK)
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    url = create_postgres_database() if assignment == POSTGRES_CORPUS else None
    results, csv_path = grade_class(
        Course(course.root, course.work, url) if url else course, assignment, folder
    )
    after = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert before == after, "grading must never modify the instructor's downloaded submissions"
    return {r.student: r for r in results}, csv_path


@pytest.fixture(scope="module")
def graded(course, tmp_path_factory):
    """graded(assignment): (student -> Result, CSV path) of that assignment's class, graded once
    for this module, when a test first asks for it."""
    classes: dict[str, tuple[dict, Path]] = {}

    def of(assignment: str) -> tuple[dict, Path]:
        if assignment not in classes:
            classes[assignment] = _grade(course, tmp_path_factory, assignment)
        return classes[assignment]

    return of


def _cases(kind: str):
    return [
        pytest.param(a, c, id=f"{a}-{c.name}")
        for a, m in CORPORA.items()
        for c in through_nbgrader(m, kind)
    ]


@pytest.mark.parametrize("assignment", CORPORA)
def test_solution_earns_every_autograded_point(graded, assignment):
    r = graded(assignment)[0]["solution"]
    manual = CORPORA[assignment].MANUAL
    assert r.status == "graded" and r.reason == "", r.reason
    manual_points = r.max_score - sum(s for p, s in r.parts.items() if p not in manual)
    assert all(r.parts[p] == 0 for p in manual) and r.needs_manual_grade == bool(manual)
    assert r.score == r.max_score - manual_points and r.score > 0, r.parts


@pytest.mark.parametrize("assignment", CORPORA)
def test_untouched_release_earns_zero_on_every_part(graded, assignment):
    r = graded(assignment)[0]["blank"]
    assert r.score == 0 and all(s == 0 for s in r.parts.values()), r.parts
    assert "not implemented yet" in r.reason, r.reason


@pytest.mark.parametrize("assignment, case", _cases("WRONG"))
def test_each_mistake_loses_its_part_with_its_message(graded, assignment, case):
    results = graded(assignment)[0]
    student = student_of(assignment, case)
    r, full = results[student], results["solution"].parts
    assert r.parts[case.part] == 0, f"{case.name} kept the points of {case.part}"
    assert case.message in r.lost.get(case.part, ""), r.reason
    group = next(g for g in packed(through_nbgrader(CORPORA[assignment], "WRONG")) if case in g)
    others = set(full) - CORPORA[assignment].MANUAL - set().union(*map(_costs, group))
    lost = {p for p in others if r.parts[p] < full[p]}
    assert not lost, (
        f"{student}'s mistakes ({', '.join(c.name for c in group)}) also cost {lost}: each "
        "must cost only its own part"
    )


@pytest.mark.parametrize("assignment, case", _cases("RIGHT"))
def test_correct_alternatives_keep_full_marks(graded, assignment, case):
    r = graded(assignment)[0][student_of(assignment, case)]
    assert r.score == graded(assignment)[0]["solution"].score, r.reason


@pytest.mark.parametrize(
    "student, reason",
    [
        ("empty", "empty"),
        ("notjson", "not valid JSON"),
        ("v3", "format version 3"),
        ("pdf", "no .ipynb"),
        ("two", "2 notebooks for one student"),
        ("nested", "an archive (inner.zip)"),
    ],
)
def test_broken_submissions_get_a_clear_reason_and_zero(course, graded, student, reason):
    r = graded("04_self_attention")[0][student]
    assert r.status == "not graded" and r.score == 0 and reason in r.reason, r.reason
    kept = list((course.work / "submitted" / student / "04_self_attention").glob("*.received"))
    assert kept, "the submitted files are kept for the instructor"


def test_renamed_notebook_and_duplicated_cell_are_still_graded(graded):
    results = graded("04_self_attention")[0]
    solution = results["solution"].score
    assert results["renamed"].score == solution, results["renamed"].reason
    assert results["dupcell"].status == "graded" and results["dupcell"].score == solution, results[
        "dupcell"
    ].reason


def test_csv_and_feedback(course, graded):
    results, csv_path = graded("04_self_attention")
    wrong_axis = next(
        c for c in CORPORA["04_self_attention"].WRONG if c.name == ("softmax_wrong_axis")
    )
    student = student_of("04_self_attention", wrong_axis)
    rows = {row["student_id"]: row for row in csv.DictReader(open(csv_path))}
    assert set(rows) == set(results)
    assert float(rows["solution"]["score"]) == results["solution"].score
    assert rows[student]["test_softmax"] == "0"
    html = (
        course.work / "feedback" / student / "04_self_attention" / "self_attention.html"
    ).read_text()
    assert "ran over axis 0 instead of axis -1" in html
    # the course's feedback page (issue 26): a summary first, plain messages, no hidden tests, math
    # as MathML
    assert (
        html.index('id="summary"') < html.index('id="notebook"') and 'href="#test_softmax"' in html
    )
    assert "GradingError" not in html and "HIDDEN TESTS" not in html and "<math" in html
    assert results[student].lost["test_softmax"] in rows[student]["reason"]  # whole
