"""LMS downloads in (autograder.lms.downloads), on the real-looking samples in tests/samples/lms
(no grading)."""

import shutil

import pytest

from autograder.errors import CourseError
from autograder.lms.downloads import detect, read_download, read_roster

from .samples import NB, SAMPLES, read, write


def test_canvas_files_are_matched_to_the_roster_by_user_id(tmp_path):
    write(tmp_path / "doejane_10234_7781001_self_attention.ipynb")
    # late, renamed by Canvas
    write(tmp_path / "mullerzoe_LATE_10235_7781002_self_attention-1.ipynb")
    write(tmp_path / "stranger_10400_7781003_self_attention.ipynb")
    layout, subs = read(tmp_path, "canvas_gradebook_export.csv")
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
    write(tmp_path / "Jane Doe_5512_assignsubmission_file_" / "self_attention.ipynb")
    write(tmp_path / "Zoë Müller_5513_assignsubmission_file_self_attention.ipynb")
    layout, subs = read(tmp_path)
    assert (
        layout == "moodle" and set(subs) == {"5512", "5513"} and subs["5513"].name == ("Zoë Müller")
    )
    _, subs = read(tmp_path, "moodle_grading_worksheet.csv")
    assert set(subs) == {"jane.doe@uni.example", "zoe.muller@uni.example"}
    assert all(s.problem is None for s in subs.values())
    assert subs["zoe.muller@uni.example"].prefix == "Zoë Müller_5513_assignsubmission_file_"


def test_gradescope_export_reads_its_metadata(tmp_path):
    shutil.copy(
        SAMPLES / "gradescope_submission_metadata.yml", tmp_path / "submission_metadata.yml"
    )
    write(tmp_path / "submission_231990411" / "self_attention.ipynb")
    write(tmp_path / "submission_231990977" / "self_attention.ipynb")
    layout, subs = read(tmp_path)
    assert (
        layout == "gradescope"
        and set(subs) == {"1001", "1002"}
        and subs["1002"].name == "Zoë Müller"
    )


def test_github_classroom_repositories_and_their_roster(tmp_path):
    write(tmp_path / "04-self-attention-janedoe-gh" / "self_attention.ipynb")
    write(tmp_path / "04-self-attention-zmuller" / "self_attention.ipynb")
    write(tmp_path / "04-self-attention-zmuller" / "README.md", "# notes")
    layout, subs = read_download(tmp_path, "classroom", NB)
    assert layout == "classroom" and [s.student for s in subs] == ["janedoe-gh", "zmuller"]
    _, roster = read_roster(SAMPLES / "classroom_roster.csv")
    subs = roster.apply(subs)
    assert [s.student for s in subs] == ["jane_doe", "zoe.muller"] and all(
        s.problem is None for s in subs
    )
    assert roster.missing(subs) == ["li.smith"]


def test_nbgrader_exchange_keeps_each_students_latest_submission(tmp_path):
    write(
        tmp_path
        / "jane_doe+04_self_attention+2026-12-01 09:00:00.000000 UTC+a1"
        / "self_attention.ipynb"
    )
    latest = write(
        tmp_path
        / "jane_doe+04_self_attention+2026-12-01 21:14:03.000000 UTC+b2"
        / "self_attention.ipynb"
    )
    write(
        tmp_path
        / "li.smith+04_self_attention+2026-12-01 10:00:00.000000 UTC"
        / "self_attention.ipynb"
    )
    layout, subs = read(tmp_path)
    assert (
        layout == "exchange"
        and set(subs) == {"jane_doe", "li.smith"}
        and subs["jane_doe"].notebook == latest
    )


def test_plain_folders_stay_nbgrader_and_an_unknown_layout_is_refused(tmp_path):
    write(tmp_path / "jane_doe" / "self_attention.ipynb")
    assert detect(tmp_path) == "nbgrader"
    with pytest.raises(CourseError, match="unknown layout 'blackboard'"):
        read_download(tmp_path, "blackboard")
