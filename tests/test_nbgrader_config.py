"""nbgrader_config.py routes nbgrader's own entry points through the sandbox.

An instructor grades with ``nbgrader autograde`` in the course folder, or with formgrader's
Autograde button (nbgrader's API in the Jupyter server): both read nbgrader_config.py, never our
CLI. Here both grade, from a copy of the course, a perfect notebook and hostile ones: the scores
equal ``python -m autograder grade``'s, part by part, and no attack reads, writes or reaches what it
must not.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.authoring.simulate import student_notebook, write_student
from autograder.authoring.translation import solved_notebook
from autograder.grading.course import Course
from autograder.lms.grade_class import grade_class

from .corpora.redteam import ATTACKS, PART, SMUGGLED
from .helpers import TEST_SECRET, copy_of_the_course

pytestmark = [pytest.mark.slow, pytest.mark.sandbox]

ASSIGNMENT, NOTEBOOK = "04_self_attention", "self_attention"
FAST = {"train_tagger": "tagger = None  # training skipped in this batch"}
CASES = (
    "read_solution",
    "write_gradebook",
    "overwrite_answer_key",
    "network_loopback",
    "import_reference",
    "smuggle_test_code",
    "environment_token",
    "patch_allclose",
)
FORMGRADER = """
from nbgrader.apps.api import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config import PyFileConfigLoader
# as the Jupyter server loads it
config = PyFileConfigLoader("nbgrader_config.py", path=".").load_config()
api = NbGraderAPI(CourseDirectory(config=config), config=config)
print(api.autograde("04_self_attention", "rt-formgrader", force=True, create=True)["success"])
"""


def _scores(gradebook: Path) -> dict[str, dict[str, float]]:
    """student -> part -> score, for every student nbgrader graded, read with nbgrader's own API."""
    from nbgrader.api import Gradebook, MissingEntry

    out: dict[str, dict[str, float]] = {}
    with Gradebook(f"sqlite:///{gradebook}") as gb:
        for student in gb.students:
            try:
                submission = gb.find_submission(ASSIGNMENT, student.id)
            except MissingEntry:
                continue
            out[student.id] = {
                g.name: float(g.score) for nb in submission.notebooks for g in nb.grades
            }
    return out


@pytest.fixture(scope="module")
def graded_by_nbgrader(tmp_path_factory):
    copy = copy_of_the_course(tmp_path_factory.mktemp("course-copy"))
    course = Course(copy, copy / "course")
    submitted = {"rt-baseline": student_notebook(course, ASSIGNMENT, NOTEBOOK, FAST)}
    for attack in (a for a in ATTACKS if a.name in CASES):
        code = attack.source(str(copy), str(copy / "course"), 9)  # port 9: nothing serves there
        nb = student_notebook(course, ASSIGNMENT, NOTEBOOK, {**FAST, "dot_product_score": code})
        if attack.mutate:
            attack.mutate(nb)
        submitted[attack.student] = nb
    # a learner of the Traditional Chinese kit, the baseline's work
    submitted["rt-zh-hant"] = solved_notebook(course, ASSIGNMENT, NOTEBOOK, "zh-hant", FAST)
    for student, nb in submitted.items():
        write_student(copy / "course" / "submitted", f"{student}/{ASSIGNMENT}", NOTEBOOK, nb)
    write_student(
        copy / "course" / "submitted",
        f"rt-formgrader/{ASSIGNMENT}",
        NOTEBOOK,
        submitted["rt-baseline"],
    )
    package = {str(p): p.read_bytes() for p in (copy / "autograder").rglob("*.py")}
    Path(SMUGGLED).unlink(missing_ok=True)
    env = {
        **os.environ,
        "AUTOGRADER_SECRET": TEST_SECRET,
        "JUPYTERHUB_API_TOKEN": ("rt-token of the instructor"),
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    }
    for step in (
        ["generate_assignment", ASSIGNMENT, "--force"],
        ["autograde", ASSIGNMENT, "--force"],
    ):
        run = subprocess.run(
            [sys.executable, "-m", "nbgrader", *step],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
            timeout=1800,
        )
        # (a duplicated test cell, smuggle_test_code, would stop plain nbgrader for the whole class:
        # the course's SanitizeSubmission step makes it a notebook like the others)
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    button = subprocess.run(
        [sys.executable, "-c", FORMGRADER],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert button.stdout.strip().endswith("True"), button.stdout[-2000:] + button.stderr[-3000:]
    changed = sorted(
        p for p in (copy / "autograder").rglob("*.py") if package.get(str(p)) != p.read_bytes()
    )
    return copy, _scores(copy / "course" / "gradebook.db"), changed, run.stderr


def test_nbgrader_autograde_grades_in_the_sandbox(graded_by_nbgrader):
    copy, scores, changed, log = graded_by_nbgrader
    base = scores["rt-baseline"]
    assert (
        base[PART] > 0 and base["test_self_attention"] > 0 and base["test_SelfAttention_device"] > 0
    ), base
    for student in (f"rt-{name.replace('_', '-')}" for name in CASES):
        assert scores.get(student, {}).get(PART, 0) == 0, (
            student,
            scores.get(student),
            log[-3000:],
        )
    assert set(scores) >= {f"rt-{name.replace('_', '-')}" for name in CASES}, (
        "one stopped the others"
    )
    assert changed == [], "a submission changed the course's package"
    assert not Path(SMUGGLED).exists(), (
        "test-cell code from a submission ran in the grader's process"
    )


def test_formgraders_autograde_button_grades_alike(graded_by_nbgrader):
    _, scores, _, _ = graded_by_nbgrader
    assert scores["rt-formgrader"] == scores["rt-baseline"]


def test_nbgrader_autograde_keeps_a_chinese_notebook_in_its_language(graded_by_nbgrader):
    """nbgrader restores every locked cell from the English source; the course's step puts each
    back as the learner's kit has it, and the score is the English baseline's."""
    copy, scores, _, _ = graded_by_nbgrader
    assert scores["rt-zh-hant"] == scores["rt-baseline"]
    sent, graded = (
        nbformat.read(copy / "course" / where / "rt-zh-hant" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", 4)
        for where in ("submitted", "autograded")
    )
    kit = {
        c.metadata["nbgrader"]["grade_id"]: c.source for c in sent.cells if "nbgrader" in c.metadata
    }
    visible = [
        c
        for c in graded.cells
        if c.metadata.get("nbgrader", {}).get("locked") and not c.metadata["nbgrader"].get("grade")
    ]
    assert len(visible) >= 5 and any("檢查" in c.source for c in visible)
    for cell in visible:
        assert cell.source == kit[cell.metadata["nbgrader"]["grade_id"]]

    # nbgrader's warnings that a locked cell was changed: as many as for the English baseline (the
    # kit's own cells count as released), so a warning still means a learner changed a cell
    _, _, _, log = graded_by_nbgrader
    assert changed_cells(log, "rt-zh-hant") == changed_cells(log, "rt-baseline")


def changed_cells(log: str, student: str) -> list[str]:
    """The cells nbgrader's autograde warned were changed, in ``student``'s part of its log."""
    found, mine = [], False
    for line in log.splitlines():
        if "/submitted/" in line or f"{os.sep}submitted{os.sep}" in line:
            mine = f"submitted/{student}/" in line
        if mine and "has changed!" in line:
            found.append(re.search(r"for cell (\S+)", line).group(1))
    assert any(f"submitted/{student}/" in line for line in log.splitlines()), student
    return sorted(found)


def test_nbgrader_and_our_grade_give_the_same_scores(graded_by_nbgrader, tmp_path):
    copy, scores, _, _ = graded_by_nbgrader
    download = tmp_path / "download"
    for student in scores:
        source = copy / "course" / "submitted" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
        (download / student).mkdir(parents=True)
        shutil.copy2(source, download / student / f"{NOTEBOOK}.ipynb")
    results, _ = grade_class(Course(copy, tmp_path / "work"), ASSIGNMENT, download, report=False)
    ours = {r.student: r.parts for r in results}
    # the baseline, the attacks, formgrader's, the Chinese kit's
    assert ours == scores and len(ours) == len(CASES) + 3


def test_nbgrader_autograde_refuses_where_no_sandbox_can_be_built(graded_by_nbgrader):
    copy, _, _, _ = graded_by_nbgrader
    # a machine with no bwrap
    env = {
        **os.environ,
        "AUTOGRADER_SECRET": TEST_SECRET,
        "AUTOGRADER_BWRAP": "",
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    }
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "nbgrader",
            "autograde",
            ASSIGNMENT,
            "--student",
            "rt-baseline",
            "--force",
        ],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    reason = [
        ln
        for ln in run.stderr.splitlines()
        if "SandboxUnavailable: no sandbox for learner code here" in ln
    ]
    assert reason and "bubblewrap" in reason[0] and "unsandboxed" in reason[0], run.stderr[-3000:]
    assert not (copy / "course" / "autograded" / "rt-baseline" / ASSIGNMENT).exists(), (
        "nothing was graded"
    )
