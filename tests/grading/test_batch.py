"""``grade`` and the sandbox: it refuses where none can be built, grades anyway only when told
``--unsandboxed`` (and says so in the summary, the CSV and the class report), and a notebook whose
imports failed is told so in the parts that then fail."""

import csv

import pytest

from autograder.authoring.simulate import student_notebook, write_student
from autograder.errors import CourseError
from autograder.grading.batch import summary_table
from autograder.grading.course import Course
from autograder.lms.grade_class import grade_class
from autograder.report.class_report import report_paths
from autograder.sandbox import preflight
from autograder.sandbox.launcher import BWRAP_ENV

pytestmark = pytest.mark.slow  # grades notebooks through nbgrader

ASSIGNMENT, NOTEBOOK = "01_vector_sets", "vector_sets"


@pytest.fixture
def no_bwrap(monkeypatch):
    """A machine with no bubblewrap at all (the grader asks afresh whether a sandbox can
    be built)."""
    monkeypatch.setenv(BWRAP_ENV, "")
    monkeypatch.setattr(preflight, "_problem", [])


def _one_student(course, tmp_path, answers=None):
    folder = tmp_path / "download"
    write_student(folder, "ada", NOTEBOOK, student_notebook(course, ASSIGNMENT, NOTEBOOK, answers))
    return folder


def test_without_a_sandbox_grading_refuses_before_touching_a_student(no_bwrap, tmp_path):
    course = Course(Course.at().root, tmp_path / "work")
    with pytest.raises(
        CourseError, match=(r"no sandbox for learner code here: bubblewrap .* --unsandboxed")
    ):
        grade_class(course, ASSIGNMENT, _one_student(course, tmp_path))
    assert not (course.work / "submitted").exists() and not (course.work / "autograded").exists()


def test_unsandboxed_grades_and_says_so_in_the_summary_the_csv_and_the_report(no_bwrap, tmp_path):
    course = Course(Course.at().root, tmp_path / "work")
    results, csv_path = grade_class(
        course, ASSIGNMENT, _one_student(course, tmp_path), unsandboxed=True
    )
    (ada,) = results
    assert ada.status == "graded" and ada.lost == {} and ada.score > 0, ada.reason
    assert ada.sandboxed is False
    assert "WITHOUT a sandbox" in summary_table(results)
    (row,) = csv.DictReader(open(csv_path))
    assert row["sandboxed"] == "False"
    page, _ = report_paths(course, ASSIGNMENT)
    assert "Graded without a sandbox" in page.read_text()


def test_a_sandboxed_class_says_sandboxed(course, tmp_path):
    results, csv_path = grade_class(
        Course(course.root, tmp_path / "work"),
        ASSIGNMENT,
        _one_student(course, tmp_path),
        report=False,
    )
    assert results[0].sandboxed is True and "WITHOUT" not in summary_table(results)
    assert next(csv.DictReader(open(csv_path)))["sandboxed"] == "True"


def test_a_failed_import_is_named_in_the_parts_it_costs(course, tmp_path):
    from autograder.authoring.simulate import solution_sources

    answer = (
        "import a_module_nobody_has\n" + solution_sources(course, ASSIGNMENT, NOTEBOOK)["one_hot"]
    )
    results, _ = grade_class(
        Course(course.root, tmp_path / "work"),
        ASSIGNMENT,
        _one_student(course, tmp_path, {"one_hot": answer}),
        report=False,
    )
    lost = results[0].lost
    assert lost["test_one_hot"].startswith(
        "the notebook's imports failed (ModuleNotFoundError: No module named "
        "'a_module_nobody_has'), then:"
    ), lost
    assert "test_num_frames" not in lost, "parts that do not depend on it keep their points"
