"""A class split into shards (autograder.grading.shards): stable, complete, and never graded where
no sandbox can be built. The shards grading a class together are in
tests/integration/test_class_graded_in_shards.py."""

import pytest

from autograder.errors import CourseError
from autograder.grading import shards
from autograder.grading.course import Course
from autograder.lms.grade_class import grade_class

from ..corpora import vector_sets as corpus


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


def test_a_shard_refuses_to_grade_where_the_sandbox_cannot_run(tmp_path, monkeypatch):
    from autograder.sandbox import preflight
    from autograder.sandbox.launcher import BWRAP_ENV

    monkeypatch.setenv(BWRAP_ENV, "")  # as on a node with no bwrap at all
    monkeypatch.setattr(preflight, "_problem", [])  # asked afresh
    (tmp_path / "subs" / "ada").mkdir(parents=True)
    (tmp_path / "subs" / "ada" / "vector_sets.ipynb").write_text("{}")
    with pytest.raises(
        CourseError, match=("this node cannot grade: no sandbox .*bubblewrap.* is not installed")
    ):
        grade_class(
            Course(Course.at().root, tmp_path / "w"),
            corpus.ASSIGNMENT,
            tmp_path / "subs",
            shard=(0, 1),
        )
    # whatever --unsandboxed says
    with pytest.raises(CourseError, match="never grades without a sandbox"):
        grade_class(
            Course(Course.at().root, tmp_path / "w"),
            corpus.ASSIGNMENT,
            tmp_path / "subs",
            shard=(0, 1),
            unsandboxed=True,
        )
