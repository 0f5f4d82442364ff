"""The instructor CLI as an instructor uses it: demo, grading a zip from an LMS, and mistakes
in use."""

import subprocess
import sys
import zipfile

import nbformat
import pytest

from autograder.authoring.simulate import student_notebook
from autograder.cli.main import main
from autograder.grading.course import Course


@pytest.mark.slow
def test_demo_grades_the_simulated_class(tmp_path, capsys):
    assert main(["demo", "--work", str(tmp_path / "demo")]) == 0
    out = capsys.readouterr().out
    table = {
        line.split()[0]: line
        for line in out.splitlines()
        if line[:3] in ("ada", "ben", "cai", "dee", "eve")
    }
    assert "21/25 +manual" in table["ada"] and "graded" in table["ada"]
    assert "16/25 +manual" in table["ben"] and "test_softmax" in table["ben"]
    assert "0/25" in table["cai"] and "not implemented yet" in table["cai"]
    assert (
        "0/25" in table["dee"] and "not graded" in table["dee"] and "not valid JSON" in table["dee"]
    )
    csv_text = (tmp_path / "demo" / "grades" / "04_self_attention.csv").read_text()
    assert csv_text.splitlines()[0].startswith("student_id,score,max_score,status")
    ben = next(line for line in csv_text.splitlines() if line.startswith("ben,"))
    assert "the softmax ran over axis 0 instead of axis -1" in ben and "transposed" in ben
    assert (
        tmp_path / "demo" / "feedback" / "ben" / "04_self_attention" / "self_attention.html"
    ).exists()
    assert "16/25 +manual" in table["eve"]  # ben's work, renamed: the class report flags the pair
    report = tmp_path / "demo" / "reports" / "04_self_attention.html"
    assert out.strip().splitlines()[-1].startswith(f"class report: {report}")
    assert "ben and eve" in report.read_text()


@pytest.mark.slow
def test_grade_an_lms_zip_of_flat_files(tmp_path, capsys):
    course = Course.at()
    archive = tmp_path / "downloaded.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(
            "alice_123_self_attention.ipynb",
            nbformat.writes(student_notebook(course, "04_self_attention", "self_attention")),
        )
        zf.writestr(
            "bob.ipynb",
            nbformat.writes(
                student_notebook(course, "04_self_attention", "self_attention", solve=False)
            ),
        )
        zf.writestr("../escape.ipynb", "{}")  # a path that climbs out is ignored, never written
    csv_path = tmp_path / "grades.csv"
    code = main(
        [
            "grade",
            "04_self_attention",
            str(archive),
            "--work",
            str(tmp_path / "work"),
            "--csv",
            str(csv_path),
        ]
    )
    assert code == 0
    rows = csv_path.read_text().splitlines()
    assert [r.split(",")[0] for r in rows[1:]] == ["alice", "bob"]
    assert rows[1].split(",")[1:3] == ["21", "25"] and rows[2].split(",")[1] == "0"
    assert not (tmp_path / "escape.ipynb").exists()


def _cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "autograder", *args], capture_output=True, text=True, cwd=cwd
    )


def test_mistakes_in_use_give_one_line_and_a_nonzero_exit(tmp_path):
    for args, message in [
        (("grade", "nope", str(tmp_path)), "unknown assignment 'nope'"),
        (("grade", "04_self_attention", str(tmp_path / "missing")), "submissions not found"),
        (("release", "nope"), "unknown assignment"),
    ]:
        result = _cli(*args, "--work", str(tmp_path / "w")) if args[0] == "grade" else _cli(*args)
        assert result.returncode == 2
        assert result.stderr.strip().count("\n") == 0 and message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    result = _cli("grade", "04_self_attention", str(empty), "--work", str(tmp_path / "w"))
    assert result.returncode == 2 and "no submissions found" in result.stderr


def test_report_before_grading_says_so_in_one_line(tmp_path):
    result = _cli("report", "04_self_attention", "--work", str(tmp_path / "w"))
    assert result.returncode == 2 and "nothing graded for 04_self_attention" in result.stderr
    assert result.stderr.strip().count("\n") == 0, result.stderr


def test_works_from_a_bare_interpreter_without_the_environment_on_path(tmp_path):
    """A cron job or an IDE calls venv/bin/python directly: nbgrader's own tools (alembic) must
    still be found."""
    import os

    env = {**os.environ, "PATH": "/usr/bin:/bin"}
    run = subprocess.run(
        [sys.executable, "-m", "autograder", "release", "--check", "04_self_attention"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stdout[-1000:] + run.stderr[-2000:]
    assert "up to date" in run.stdout


@pytest.mark.slow
def test_a_canvas_download_graded_and_exported_for_canvas(tmp_path, capsys):
    """The instructor's round trip: Canvas's zip and gradebook export in, Canvas's import CSV and
    feedback zip out."""
    from pathlib import Path

    course = Course.at()
    roster = (
        Path(__file__).resolve().parent.parent / "samples" / "lms" / ("canvas_gradebook_export.csv")
    )
    archive = tmp_path / "submissions.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(
            "doejane_10234_7781001_vector_sets.ipynb",
            nbformat.writes(student_notebook(course, "01_vector_sets", "vector_sets")),
        )
        zf.writestr(
            "mullerzoe_LATE_10235_7781002_vector_sets-1.ipynb",
            nbformat.writes(student_notebook(course, "01_vector_sets", "vector_sets", solve=False)),
        )
    work = ["--work", str(tmp_path / "work")]
    assert main(["grade", "01_vector_sets", str(archive), "--roster", str(roster), *work]) == 0
    assert "on the roster with no submission (1): li.smith" in capsys.readouterr().err
    assert main(["export", "01_vector_sets", "--roster", str(roster), *work]) == 0
    grades = tmp_path / "work" / "grades"
    import csv

    rows = list(csv.reader(open(grades / "01_vector_sets.canvas.csv")))
    assert rows[0][-1] == "01_vector_sets" and rows[1][0] == "Points Possible"
    by_login = {row[-3]: row[-1] for row in rows[2:]}  # SIS Login ID -> score
    assert float(by_login["jane_doe"]) > 0 and by_login["zoe.muller"] == "0"
    with zipfile.ZipFile(grades / "01_vector_sets-feedback.zip") as zf:
        assert sorted(zf.namelist()) == [
            "doejane_10234_7781001_vector_sets.html",
            "mullerzoe_LATE_10235_7781002_vector_sets.html",
        ]


def test_grades_from_a_bare_interpreter_without_the_environment_on_path(tmp_path):
    """The same bare interpreter grades a (one-student) class: nbgrader's tools, the kernel and
    the sandbox."""
    import os

    course = Course.at()
    subs = tmp_path / "subs" / "ada"
    subs.mkdir(parents=True)
    nb = student_notebook(
        course,
        "04_self_attention",
        "self_attention",
        {"train_tagger": "tagger = None  # training skipped"},
    )
    nbformat.write(nb, subs / "self_attention.ipynb")
    env = {**os.environ, "PATH": "/usr/bin:/bin"}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "autograder",
            "grade",
            "04_self_attention",
            str(tmp_path / "subs"),
            "--work",
            str(tmp_path / "work"),
            "--workers",
            "1",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=course.root,
    )
    assert run.returncode == 0, run.stdout[-1000:] + run.stderr[-2000:]
    row = (
        (tmp_path / "work" / "grades" / "04_self_attention.csv")
        .read_text()
        .splitlines()[1]
        .split(",")
    )
    # all but training and manual
    assert row[0] == "ada" and row[3] == "graded" and float(row[1]) == 18, row
