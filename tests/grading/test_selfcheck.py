"""Self-study: a learner grades their own notebook with one command and reads the
class's feedback."""

import os
import subprocess
import sys

import nbformat
import pytest

from autograder.authoring.simulate import student_notebook
from autograder.errors import CourseError
from autograder.grading.course import Course
from autograder.grading.selfcheck import find_assignment

from ..helpers import ROOT

WRONG_SOFTMAX = (
    "def softmax(x, axis=-1):\n    e = np.exp(x - np.max(x, axis=0, keepdims=True))\n"
    "    return e / np.sum(e, axis=0, keepdims=True)"
)


def test_the_assignment_is_told_by_the_folder_or_the_file_name(tmp_path):
    course = Course.at()
    assert (
        find_assignment(course, ROOT / "exercises" / "04_self_attention" / "self_attention.ipynb")
        == "04_self_attention"
    )
    assert find_assignment(course, tmp_path / "transformer_layer.ipynb") == "05_transformer_layer"
    assert find_assignment(course, tmp_path / "transformer_block.ipynb") == "06_transformer_block"
    with pytest.raises(CourseError, match="--assignment"):
        find_assignment(course, tmp_path / "my_work.ipynb")


@pytest.mark.slow
def test_check_prints_the_score_and_the_named_mistake_of_every_lost_part(tmp_path):
    course = Course.at()
    mine = tmp_path / "Downloads" / "self_attention.ipynb"  # anywhere, under its own name
    mine.parent.mkdir()
    nbformat.write(
        student_notebook(course, "04_self_attention", "self_attention", {"softmax": WRONG_SOFTMAX}),
        mine,
    )
    run = subprocess.run(
        [sys.executable, "-m", "autograder", "check", str(mine)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.splitlines()
    assert lines[0].startswith("04_self_attention: 18/25")
    at = next(i for i, ln in enumerate(lines) if "test_softmax " in ln)
    assert lines[at].strip().startswith("x  test_softmax 0/2")
    message = " ".join(ln.strip() for ln in lines[at + 1 : at + 12] if ln.startswith("       "))
    # the whole message, wrapped
    assert "axis 0 instead of axis -1" in message and "keepdims=True" in message
    assert any(ln.strip() == "ok test_attention_output 2/2" for ln in lines), (
        "a later part keeps its points"
    )
    assert any("answer_permutation: written answer" in ln for ln in lines)
    assert sorted(p.name for p in mine.parent.iterdir()) == ["self_attention.ipynb"], (
        "nothing written beside it"
    )


@pytest.mark.slow
def test_check_names_the_mistake_in_the_language_asked_for(tmp_path):
    """`check --language zh-hans`: the grader's checks speak Simplified Chinese, and so does
    `check` itself."""
    course = Course.at()
    mine = tmp_path / "self_attention.ipynb"
    untrained = "tagger = None  # no training: this test reads the messages"  # and stays quick
    nbformat.write(
        student_notebook(
            course,
            "04_self_attention",
            "self_attention",
            {"softmax": WRONG_SOFTMAX, "train_tagger": untrained},
        ),
        mine,
    )
    run = subprocess.run(
        [sys.executable, "-m", "autograder", "check", str(mine), "--language", "zh-hans"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.splitlines()
    assert lines[0].startswith("04_self_attention: 15/25（书面作答由老师批改）"), run.stdout
    assert (
        "`tagger` 应该是你训练好的 SelfAttentionTagger（一个 nn.Module），但这里是 NoneType。"
        in run.stdout
    )
    at = next(i for i, ln in enumerate(lines) if "test_softmax " in ln)
    message = "".join(ln.strip() for ln in lines[at + 1 : at + 12] if ln.startswith("       "))
    assert message.startswith("softmax(x, axis=-1)（x 的形状为 (3, 4)）：Softmax")
    assert "Softmax 沿着 axis 0 做了，而不是 axis -1" in message and "keepdims=True" in message
    assert "instead of" not in run.stdout
    assert any("answer_permutation：书面作答" in ln for ln in lines)


@pytest.mark.slow
def test_check_runs_a_learners_own_notebook_where_no_sandbox_can_be_built_and_says_so(tmp_path):
    """A learner's own code on their own machine: `check` runs it without the sandbox, in one
    line's notice."""
    course = Course.at()
    mine = tmp_path / "vector_sets.ipynb"
    nbformat.write(student_notebook(course, "01_vector_sets", "vector_sets"), mine)
    env = {**os.environ, "AUTOGRADER_BWRAP": ""}  # a machine with no bubblewrap
    run = subprocess.run(
        [sys.executable, "-m", "autograder", "check", str(mine)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
        env=env,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    notice = [
        ln
        for ln in run.stderr.splitlines()
        if ln.startswith("note: no sandbox for learner code here")
    ]
    assert len(notice) == 1 and "bubblewrap" in notice[0]
    assert run.stdout.splitlines()[0].startswith("01_vector_sets: ") and " x " not in run.stdout


def test_check_prints_every_line_of_a_message_wrapped_never_cut():
    from autograder.errors import failure_message
    from autograder.grading.results import Result
    from autograder.grading.selfcheck import report

    message = (
        "softmax(x, axis=-1) returned NaN: you subtracted the maximum of the whole array, so "
        "slices far below it underflow to exp(...) = 0 and divide 0 by 0. Subtract each slice's "
        "own maximum: np.max(x, axis=axis, keepdims=True).\nYou returned\n[[0.25 0.25 0.25 0.25]\n "
        "[ nan  nan  nan  nan]]"
    )
    result = Result(
        "me",
        score=1,
        max_score=3,
        parts={"test_softmax": 0.0, "test_dot": 1.0},
        part_max={"test_softmax": 2.0, "test_dot": 1.0},
        lost={"test_softmax": message},
    )
    text = report("04_self_attention", result)
    assert "  x  test_softmax 0/2:" in text and "  ok test_dot 1/1" in text
    body = " ".join(ln.strip() for ln in text.splitlines() if ln.startswith("       "))
    # the whole message
    assert "Subtract each slice's own maximum: np.max(x, axis=axis, keepdims=True)." in body
    # arrays kept
    assert "       [[0.25 0.25 0.25 0.25]" in text and "        [ nan  nan  nan  nan]]" in text
    assert max(len(ln) for ln in text.splitlines()) <= 100
    assert failure_message("GradingError", message + "\n") == message
    assert failure_message("NotImplementedError", "") == (
        "this part is not implemented yet: replace `raise NotImplementedError()` with your code."
    )


def test_check_speaks_traditional_chinese_and_wraps_it():
    from autograder.grading.results import Result
    from autograder.grading.selfcheck import report

    message = (
        "Softmax 沿著 Query 做了（axis 0）：變成每一行的和為 1，但應該是每一列，" * 4
        + "\n[[0.25 0.25]]"
    )
    result = Result(
        "me",
        score=1,
        max_score=5,
        parts={"test_softmax": 0.0, "answer": 0.0},
        part_max={"test_softmax": 2.0, "answer": 2.0},
        lost={"test_softmax": message},
        manual_parts={"answer"},
    )
    text = report("04_self_attention", result, "zh-hant")
    assert text.splitlines()[0] == "04_self_attention: 1/5（書面作答由老師批改）"
    assert "  ?  answer：書面作答，由老師批改（2 分）" in text
    body = [ln for ln in text.splitlines() if ln.startswith("       ")]
    # whole, wrapped between characters
    assert "".join(ln.strip() for ln in body[:-1]) == message.splitlines()[0]
    assert body[-1] == "       [[0.25 0.25]]"
    assert all(
        sum(2 if "\u4e00" <= ch <= "\u9fff" or ch in "（）：，" else 1 for ch in ln) <= 100
        for ln in body
    )
