"""LMS downloads in and grade files out, on the real-looking samples in tests/samples/lms
(no grading)."""

import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder.errors import CourseError
from autograder.grading import results, shards
from autograder.grading.results import Result
from autograder.lms import export
from autograder.lms.downloads import detect, read_download, read_roster

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "lms"
NOTEBOOK = nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]))
NB = ("self_attention",)


def _write(path, text=NOTEBOOK):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _read(root, roster=None):
    layout, subs = read_download(root, None, NB)
    if roster:
        subs = read_roster(SAMPLES / roster)[1].apply(subs)
    return layout, {s.student: s for s in subs}


def test_canvas_files_are_matched_to_the_roster_by_user_id(tmp_path):
    _write(tmp_path / "doejane_10234_7781001_self_attention.ipynb")
    # late, renamed by Canvas
    _write(tmp_path / "mullerzoe_LATE_10235_7781002_self_attention-1.ipynb")
    _write(tmp_path / "stranger_10400_7781003_self_attention.ipynb")
    layout, subs = _read(tmp_path, "canvas_gradebook_export.csv")
    assert layout == "canvas" and set(subs) == {"jane_doe", "zoe.muller", "10400"}
    assert (
        subs["zoe.muller"].late and not subs["jane_doe"].late and subs["jane_doe"].problem is None
    )
    assert (
        subs["jane_doe"].prefix == "doejane_10234_7781001_" and subs["jane_doe"].lms_key == "10234"
    )
    assert "not on the roster" in subs["10400"].problem
    _, roster = read_roster(SAMPLES / "canvas_gradebook_export.csv")
    assert roster.missing(list(subs.values())) == ["li.smith"]  # Canvas's test student is nobody


def test_moodle_folders_and_flat_files_with_full_names(tmp_path):
    _write(tmp_path / "Jane Doe_5512_assignsubmission_file_" / "self_attention.ipynb")
    _write(tmp_path / "Zoë Müller_5513_assignsubmission_file_self_attention.ipynb")
    layout, subs = _read(tmp_path)
    assert (
        layout == "moodle" and set(subs) == {"5512", "5513"} and subs["5513"].name == ("Zoë Müller")
    )
    _, subs = _read(tmp_path, "moodle_grading_worksheet.csv")
    assert set(subs) == {"jane.doe@uni.example", "zoe.muller@uni.example"}
    assert all(s.problem is None for s in subs.values())
    assert subs["zoe.muller@uni.example"].prefix == "Zoë Müller_5513_assignsubmission_file_"


def test_gradescope_export_reads_its_metadata(tmp_path):
    shutil.copy(
        SAMPLES / "gradescope_submission_metadata.yml", tmp_path / "submission_metadata.yml"
    )
    _write(tmp_path / "submission_231990411" / "self_attention.ipynb")
    _write(tmp_path / "submission_231990977" / "self_attention.ipynb")
    layout, subs = _read(tmp_path)
    assert (
        layout == "gradescope"
        and set(subs) == {"1001", "1002"}
        and subs["1002"].name == "Zoë Müller"
    )


def test_github_classroom_repositories_and_their_roster(tmp_path):
    _write(tmp_path / "04-self-attention-janedoe-gh" / "self_attention.ipynb")
    _write(tmp_path / "04-self-attention-zmuller" / "self_attention.ipynb")
    _write(tmp_path / "04-self-attention-zmuller" / "README.md", "# notes")
    layout, subs = read_download(tmp_path, "classroom", NB)
    assert layout == "classroom" and [s.student for s in subs] == ["janedoe-gh", "zmuller"]
    _, roster = read_roster(SAMPLES / "classroom_roster.csv")
    subs = roster.apply(subs)
    assert [s.student for s in subs] == ["jane_doe", "zoe.muller"] and all(
        s.problem is None for s in subs
    )
    assert roster.missing(subs) == ["li.smith"]


def test_nbgrader_exchange_keeps_each_students_latest_submission(tmp_path):
    _write(
        tmp_path
        / "jane_doe+04_self_attention+2026-12-01 09:00:00.000000 UTC+a1"
        / "self_attention.ipynb"
    )
    latest = _write(
        tmp_path
        / "jane_doe+04_self_attention+2026-12-01 21:14:03.000000 UTC+b2"
        / "self_attention.ipynb"
    )
    _write(
        tmp_path
        / "li.smith+04_self_attention+2026-12-01 10:00:00.000000 UTC"
        / "self_attention.ipynb"
    )
    layout, subs = _read(tmp_path)
    assert (
        layout == "exchange"
        and set(subs) == {"jane_doe", "li.smith"}
        and subs["jane_doe"].notebook == latest
    )


def test_plain_folders_stay_nbgrader_and_an_unknown_layout_is_refused(tmp_path):
    _write(tmp_path / "jane_doe" / "self_attention.ipynb")
    assert detect(tmp_path) == "nbgrader"
    with pytest.raises(CourseError, match="unknown layout 'blackboard'"):
        read_download(tmp_path, "blackboard")


def _graded_class(course, tmp_path):
    """Two recorded results, as grading a Canvas download leaves them."""
    feedback = course.work / "feedback" / "jane_doe" / "04_self_attention"
    _write(feedback / "self_attention.html", "<html>feedback</html>")
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
    _, subs = _read(_canvas_download(tmp_path), "canvas_gradebook_export.csv")
    results.save(course, "04_self_attention", [ok, broken], list(subs.values()), "canvas")


def _canvas_download(tmp_path):
    _write(tmp_path / "dl" / "doejane_10234_7781001_self_attention.ipynb")
    _write(tmp_path / "dl" / "mullerzoe_LATE_10235_7781002_self_attention.ipynb")
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


def test_shards_split_a_class_stably_and_completely():
    class S:
        def __init__(self, student):
            self.student = student

    subs = [S(f"student_{i}") for i in range(40)]
    slices = [shards.pick(subs, k, 3) for k in range(3)]
    assert sorted(s.student for part in slices for s in part) == sorted(s.student for s in subs)
    assert all(slices) and [s.student for s in shards.pick(subs[::-1], 1, 3)][::-1] == [
        s.student for s in slices[1]
    ]
    assert shards.parse("2/3") == (2, 3)
    assert shards.parse("4", {"SLURM_ARRAY_TASK_ID": "3"}) == (3, 4)
    assert shards.parse("4", {"JOB_COMPLETION_INDEX": "0"}) == (0, 4)
    for bad in ("3/3", "x/2", "2"):
        with pytest.raises(CourseError):
            shards.parse(bad, {})


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
