"""Reading what an instructor downloaded: layouts, student ids, broken files (no
grading: milliseconds)."""

import json
import zipfile

import nbformat
import pytest

from autograder.errors import CourseError
from autograder.grading.submissions import collect, read_problem, restore_metadata, sanitize, unpack

NOTEBOOK = nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]))


def _write(path, text=NOTEBOOK):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_one_folder_per_student_and_flat_lms_files_give_one_submission_each(tmp_path):
    _write(tmp_path / "ada" / "self_attention.ipynb")
    # nbgrader's nested layout
    _write(tmp_path / "ben" / "04_self_attention" / "self_attention.ipynb")
    _write(tmp_path / "cai.ipynb")
    _write(tmp_path / "dee_123_self_attention.ipynb")
    _write(tmp_path / "jane_doe.ipynb")  # nbgrader's and JupyterHub's usernames hold underscores
    _write(tmp_path / "zoë.müller_self_attention.ipynb")
    subs = collect(tmp_path, ("self_attention",))
    assert [s.student for s in subs] == ["ada", "ben", "cai", "dee", "jane_doe", "zoë.müller"]
    assert all(s.problem is None and s.notebook is not None for s in subs)


def test_what_cannot_be_graded_gets_a_one_line_reason(tmp_path):
    _write(tmp_path / "ada" / "a.ipynb")
    _write(tmp_path / "ada" / "b.ipynb")
    _write(tmp_path / "ben" / "notes.txt", "hello")
    (tmp_path / "cai").mkdir()
    (tmp_path / "cai" / "work.zip").write_bytes(b"PK")
    _write(tmp_path / "bad id!.ipynb")
    (tmp_path / "a..b").mkdir()
    _write(tmp_path / "a..b" / "x.ipynb")
    problems = {s.student: s.problem for s in collect(tmp_path)}
    assert "2 notebooks for one student" in problems["ada"]
    assert problems["ben"] == "no .ipynb file in the submission"
    assert "an archive (work.zip) instead of a notebook" in problems["cai"]
    assert "is not a usable student id" in problems["bad id!"]
    # an id never names a path outside the course
    assert "is not a usable student id" in problems["a..b"]


def test_hidden_files_and_macos_folders_are_ignored(tmp_path):
    _write(tmp_path / "ada" / "self_attention.ipynb")
    _write(tmp_path / "ada" / ".ipynb_checkpoints" / "self_attention-checkpoint.ipynb")
    _write(tmp_path / "__MACOSX" / "ada" / "._self_attention.ipynb")
    (sub,) = collect(tmp_path)
    assert (
        sub.student == "ada"
        and sub.problem is None
        and sub.notebook.name == ("self_attention.ipynb")
    )


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "empty (0 bytes)"),
        ('{"cells": [', "not valid JSON"),
        ("[1, 2]", "has no cells"),
        (
            json.dumps({"cells": [], "nbformat": 3, "metadata": {}}),
            "unsupported notebook format version 3",
        ),
        (
            json.dumps(
                {
                    "cells": [{"cell_type": "code"}],
                    "nbformat": 4,
                    "nbformat_minor": 5,
                    "metadata": {},
                }
            ),
            "malformed",
        ),
    ],
)
def test_read_problem_names_what_is_wrong(tmp_path, text, reason):
    assert reason in read_problem(_write(tmp_path / "x.ipynb", text))


def test_a_valid_notebook_has_no_problem(tmp_path):
    assert read_problem(_write(tmp_path / "x.ipynb")) is None


def test_unpack_skips_paths_that_climb_out(tmp_path):
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("ada.ipynb", NOTEBOOK)
        zf.writestr("../escape.ipynb", NOTEBOOK)
    out = unpack(archive, tmp_path / "out")
    assert (
        sorted(p.name for p in out.iterdir()) == ["ada.ipynb"]
        and not (tmp_path / "escape.ipynb").exists()
    )


def test_unpack_refuses_a_file_that_is_not_a_zip(tmp_path):
    (tmp_path / "x.zip").write_text("not a zip")
    with pytest.raises(CourseError, match="not a readable zip"):
        unpack(tmp_path / "x.zip", tmp_path / "out")


def _graded_cell(grade_id, source="assert True", **meta):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata.nbgrader = {
        "grade": True,
        "grade_id": grade_id,
        "locked": True,
        "points": 1,
        "schema_version": 3,
        "solution": False,
        "task": False,
        **meta,
    }
    return cell


def test_sanitize_keeps_the_last_copy_of_a_duplicated_cell_and_drops_damaged_metadata():
    nb = nbformat.v4.new_notebook(
        cells=[_graded_cell("t1", "first"), _graded_cell("t1", "last"), _graded_cell("t2")]
    )
    nb.cells[2].metadata.nbgrader = {"grade": "yes"}  # damaged
    notes = sanitize(nb)
    assert (
        "nbgrader" not in nb.cells[0].metadata and nb.cells[1].metadata.nbgrader["grade_id"] == "t1"
    )
    assert "nbgrader" not in nb.cells[2].metadata and len(notes) == 2


def test_restore_metadata_gives_a_relabelled_test_cell_its_released_metadata_back():
    release = nbformat.v4.new_notebook(cells=[_graded_cell("t1")])
    nb = nbformat.v4.new_notebook(cells=[_graded_cell("t1", points=100, locked=False)])
    assert restore_metadata(nb, release) and nb.cells[0].metadata.nbgrader["points"] == 1
