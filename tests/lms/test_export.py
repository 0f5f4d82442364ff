"""Grade files out for each LMS (autograder.lms.export), checked against the real-looking samples
in tests/samples/lms (no grading: the results are written as grading leaves them)."""

import csv
import io
import json
import zipfile

import pytest

from autograder.errors import CourseError
from autograder.grading import results
from autograder.grading.results import Result
from autograder.lms import export
from autograder.lms.downloads import read_roster

from .samples import SAMPLES, read, write


def _graded_class(course, tmp_path):
    """Two recorded results, as grading a Canvas download leaves them."""
    feedback = course.work / "feedback" / "jane_doe" / "04_self_attention"
    write(feedback / "self_attention.html", "<html>feedback</html>")
    ok = Result(
        "jane_doe",
        21,
        25,
        parts={"test_softmax": 4, "test_scores": 0, "answer_why": 0},
        part_max={"test_softmax": 4, "test_scores": 4, "answer_why": 4},
        lost={"test_scores": "the scores are transposed"},
        manual_parts={"answer_why"},
        needs_manual_grade=True,
        feedback=feedback,
    )
    broken = Result(
        "zoe.muller", 0, 25, status="not graded", reason=("the notebook file is empty (0 bytes)")
    )
    _, subs = read(_canvas_download(tmp_path), "canvas_gradebook_export.csv")
    results.save(course, "04_self_attention", [ok, broken], list(subs.values()), "canvas")


def _canvas_download(tmp_path):
    write(tmp_path / "dl" / "doejane_10234_7781001_self_attention.ipynb")
    write(tmp_path / "dl" / "mullerzoe_LATE_10235_7781002_self_attention.ipynb")
    return tmp_path / "dl"


def test_canvas_gradebook_csv_has_its_header_points_row_and_roster_ids(fresh_course, tmp_path):
    _graded_class(fresh_course, tmp_path)
    _, roster = read_roster(SAMPLES / "canvas_gradebook_export.csv")
    written = export.export(fresh_course, "04_self_attention", ["canvas"], roster)
    rows = list(csv.reader(io.StringIO(written["canvas"].read_text())))
    sample = list(csv.reader(open(SAMPLES / "canvas_gradebook_export.csv")))
    assert (
        rows[0][:5] == sample[0][:5]
        and rows[1][0].strip() == "Points Possible"
        and rows[1][5] == "25"
    )
    assert rows[2] == ["Doe, Jane", "10234", "S1001", "jane_doe", "Self-attention 2026", "21"]
    assert rows[3][1:4] == ["10235", "S1002", "zoe.muller"] and rows[3][5] == "0"


def test_moodle_worksheet_names_each_participant_with_feedback(fresh_course, tmp_path):
    _graded_class(fresh_course, tmp_path)
    written = export.export(fresh_course, "04_self_attention", ["moodle"])
    rows = {r["Identifier"]: r for r in csv.DictReader(open(written["moodle"]))}
    # the download's ids without a roster
    assert set(rows) == {"Participant 10234", "Participant 10235"}
    assert (
        rows["Participant 10234"]["Grade"] == "21"
        and "transposed" in rows["Participant 10234"]["Feedback comments"]
    )
    assert (
        "Not graded: the notebook file is empty" in rows["Participant 10235"]["Feedback comments"]
    )
    header = next(csv.reader(open(SAMPLES / "moodle_grading_worksheet.csv")))
    assert {"Identifier", "Grade", "Feedback comments"} <= set(header) & set(
        rows["Participant 10234"]
    )


def test_gradescope_results_json_has_one_test_per_autograded_part(fresh_course, tmp_path):
    _graded_class(fresh_course, tmp_path)
    folder = export.export(fresh_course, "04_self_attention", ["gradescope"])["gradescope"]
    result = json.loads((folder / "jane_doe" / "results.json").read_text())
    assert result["score"] == 21 and "graded by hand" in result["output"]
    tests = {t["name"]: t for t in result["tests"]}
    assert set(tests) == {"test_softmax", "test_scores"}
    assert tests["test_scores"] == {
        "name": "test_scores",
        "score": 0,
        "max_score": 4,
        "status": "failed",
        "output": "the scores are transposed",
    }


def test_feedback_zip_names_files_as_the_lms_download_did(fresh_course, tmp_path):
    _graded_class(fresh_course, tmp_path)
    written = export.export(fresh_course, "04_self_attention", ["csv"])
    with zipfile.ZipFile(written["feedback"]) as zf:
        assert zf.namelist() == ["doejane_10234_7781001_self_attention.html"]
    rows = {r["student_id"]: r for r in csv.DictReader(open(written["csv"]))}
    assert rows["jane_doe"]["test_scores"] == "0" and rows["zoe.muller"]["status"] == "not graded"


def test_export_is_refused_while_a_student_of_the_class_has_no_result(fresh_course, tmp_path):
    """A cluster's array with a task still running (or killed): the export would leave its
    students out."""
    _graded_class(fresh_course, tmp_path)
    results.save_class(fresh_course, "04_self_attention", ["jane_doe", "zoe.muller", "ada"])
    with pytest.raises(
        CourseError, match=(r"export refused: 1 of 3 students not graded yet \(ada\); .*rerun")
    ):
        export.export(fresh_course, "04_self_attention", ["csv"])
    # the class, all graded
    results.save_class(fresh_course, "04_self_attention", ["jane_doe", "zoe.muller"])
    assert export.export(fresh_course, "04_self_attention", ["csv"])["csv"].exists()
