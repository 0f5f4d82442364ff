"""Where instructors really grade: as an ordinary user, from a copy of the course of their own.

CI runs as root; here an unprivileged account (tests/unprivileged.py) gets its own copy of this
checkout in its home, as a second clone would be (the environment stays the one installed from this
checkout, whose editable install points here), and runs, as that user, the sandbox's own tests, the
warm templates' and the whole red-team suite: every protection must hold without root, each kernel
in a user namespace of its own. Then it grades the perfect notebook from its copy, which must keep
every point.
"""

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from ..helpers import ROOT, copy_of_the_course
from ..unprivileged import give, instructor, run_as_instructor

pytestmark = [pytest.mark.slow, pytest.mark.sandbox]

ASSIGNMENT, NOTEBOOK = "04_self_attention", "self_attention"


@pytest.fixture(scope="module")
def their_copy():
    """This checkout's files (committed or not, never what git ignores), copied into the
    instructor's home."""
    copy = copy_of_the_course(Path(instructor().pw_dir) / "course")
    yield give(copy)
    shutil.rmtree(copy, ignore_errors=True)


def _pytest_as_instructor(copy, *tests: str) -> str:
    run = run_as_instructor(
        [
            sys.executable,
            "-m",
            "pytest",
            *tests,
            "-q",
            "-p",
            "no:cacheprovider",
            "-rfEs",
            "--durations=0",
            "-n",
            "0",
        ],
        cwd=copy,
        env={"REQUIRE_SANDBOX": "1"},
        reach=(str(ROOT),),
    )
    summary = run.stdout.strip().splitlines()[-1]
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "skipped" not in summary and "passed" in summary, summary
    return summary


def test_the_sandbox_holds_for_an_ordinary_user(their_copy):
    _pytest_as_instructor(
        their_copy, "tests/sandbox/test_sandbox.py", "tests/grading/test_secret.py"
    )


def test_warm_templates_hold_for_an_ordinary_user(their_copy):
    _pytest_as_instructor(their_copy, "tests/sandbox/test_kernel_pool.py")


def test_every_red_team_case_holds_for_an_ordinary_user(their_copy):
    summary = _pytest_as_instructor(their_copy, "tests/integration/test_red_team_graded.py")
    assert int(re.search(r"(\d+) passed", summary).group(1)) >= 50, summary


def test_the_perfect_notebook_keeps_every_point_graded_from_a_second_copy(their_copy, tmp_path):
    """The environment was installed from this checkout; the instructor grades from their
    own copy."""
    download = their_copy / "download"
    (download / "ada").mkdir(parents=True)
    shutil.copy2(their_copy / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", download / "ada")
    give(download)
    run = run_as_instructor(
        [sys.executable, "-m", "autograder", "grade", ASSIGNMENT, "download", "--workers", "1"],
        cwd=their_copy,
        reach=(str(ROOT),),
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    results = json.loads((their_copy / "course" / "results" / ASSIGNMENT / "ada.json").read_text())
    assert results["sandboxed"] is True and results["status"] == "graded", results["reason"]
    auto = {p: s for p, s in results["parts"].items() if p not in results["manual_parts"]}
    assert auto and all(s == results["part_max"][p] for p, s in auto.items()), results["lost"]
