"""One class, learners of two kits: an English notebook and a Traditional Chinese one (the zh-hant
kit), graded together by a course whose language is English, as an instructor grades a class that
mixes them.

Each learner is answered in their notebook's language (the hidden checks' messages, the feedback
page, its part titles) and their graded copy reads as their notebook did (nbgrader restores the
locked cells from the English source; the grader puts them back in the notebook's language); the
class report, in the instructor's language, counts the same mistake made in two languages once.
"""

import nbformat
import pytest
from bs4 import BeautifulSoup

from autograder.authoring.simulate import student_notebook, write_student
from autograder.authoring.translation import solved_notebook
from autograder.grading.course import Course
from autograder.grading.language import course_language
from autograder.lms.grade_class import grade_class
from autograder.messages import say_in
from autograder.report.class_report import analyse, write_report

from ..helpers import ROOT

pytestmark = pytest.mark.slow  # grades notebooks through nbgrader

ASSIGNMENT, NOTEBOOK = "01_vector_sets", "vector_sets"
# a named mistake of the catalogue (docs/mistakes.md): the dot products, not divided by the lengths
DOT_PRODUCTS = {"cosine_similarity_matrix": "def cosine_similarity_matrix(X):\n    return X @ X.T"}
MISTAKE = (
    "you returned the dot products X @ X.T; divide each by the lengths of both rows, "
    "(x_i . x_j) / (|x_i| |x_j|)."
)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = Course(ROOT, tmp_path_factory.mktemp("two-languages-work"))
    assert course_language(course) == "en"  # the shipped nbgrader_config.py
    folder = tmp_path_factory.mktemp("two-languages-class")
    english = student_notebook(course, ASSIGNMENT, NOTEBOOK, DOT_PRODUCTS)
    taiwan = solved_notebook(course, ASSIGNMENT, NOTEBOOK, "zh-hant", DOT_PRODUCTS)
    write_student(folder, "ann", NOTEBOOK, english)
    write_student(folder, "wei", NOTEBOOK, taiwan)
    graded, _ = grade_class(course, ASSIGNMENT, folder)
    results = {r.student: r for r in graded}
    return course, results, taiwan


def autograded(course, student):
    path = course.student_folder("autograded", student, ASSIGNMENT) / f"{NOTEBOOK}.ipynb"
    return nbformat.read(path, as_version=4)


def feedback(course, student) -> BeautifulSoup:
    page = course.student_folder("feedback", student, ASSIGNMENT) / f"{NOTEBOOK}.html"
    return BeautifulSoup(page.read_text(encoding="utf-8"), features="html.parser")


def test_both_learners_lose_the_same_parts_and_score_the_same(graded):
    _, results, _ = graded
    assert set(results["ann"].lost) == set(results["wei"].lost)
    assert "test_cosine_similarity_matrix" in results["wei"].lost
    assert results["ann"].score == results["wei"].score < results["ann"].max_score


def test_the_chinese_notebook_is_graded_and_answered_in_its_language(graded):
    course, results, _ = graded
    chinese = say_in("zh-hant", MISTAKE)
    assert chinese in results["wei"].lost["test_cosine_similarity_matrix"]
    assert MISTAKE in results["ann"].lost["test_cosine_similarity_matrix"]
    page = feedback(course, "wei")
    assert page.html["lang"] == "zh-Hant-TW"
    assert chinese in page.get_text() and MISTAKE not in page.get_text()
    titles = [row.select_one("td").get_text() for row in page.select("#summary tbody tr")]
    assert titles and all(t.startswith("第 ") and "部分" in t for t in titles), titles
    english = feedback(course, "ann")
    assert english.html.get("lang", "en") == "en" and MISTAKE in english.get_text()
    assert any(
        r.select_one("td").get_text().startswith("Part ") for r in english.select("tbody tr")
    )


def test_the_graded_copy_keeps_the_locked_cells_in_the_notebooks_language(graded):
    """Every locked cell the learner read (the visible checks) is back as their kit has it; the
    test cells' comment is in it too, their hidden tests aside."""
    course, _, taiwan = graded
    sent = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in taiwan.cells
        if "nbgrader" in c.metadata
    }
    checked = 0
    for cell in autograded(course, "wei").cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("locked") or meta.get("solution"):
            continue
        if meta.get("grade"):  # hidden tests put back: the learner's visible comment first
            assert cell.source.startswith(sent[meta["grade_id"]].split("\n")[0]), cell.source
            assert "### BEGIN HIDDEN TESTS" in cell.source
        else:
            assert cell.source == sent[meta["grade_id"]], meta["grade_id"]
        checked += 1
    assert checked >= 10
    english_cells = [c.source for c in autograded(course, "ann").cells]
    assert not any("檢查" in s or "計分" in s for s in english_cells)


def test_the_class_report_names_the_mistake_once_in_the_instructors_language(graded):
    course, _, _ = graded
    text = write_report(course, ASSIGNMENT).read_text(encoding="utf-8")
    assert MISTAKE.split(";")[0] in text and say_in("zh-hant", MISTAKE) not in text
    report = analyse(course, ASSIGNMENT)
    ((mistake, who),) = report.mistakes["test_cosine_similarity_matrix"]
    assert mistake == MISTAKE and sorted(s["student"] for s in who) == ["ann", "wei"]
    chinese = write_report(course, ASSIGNMENT, "zh-hans").read_text(encoding="utf-8")
    assert say_in("zh-hans", MISTAKE).split("；")[0] in chinese
