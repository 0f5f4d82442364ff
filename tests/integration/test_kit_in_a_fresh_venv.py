"""The learner kit installed as a learner would (its one command, into a fresh virtual environment
that has never seen the instructor's package), and every exercise run there with the instructor's
solutions filled in."""

import json
import os
import subprocess
import sys

import nbformat
import pytest

from autograder.authoring.kit import build_kit, kit_name
from autograder.authoring.simulate import student_notebook
from autograder.authoring.translation import solved_notebook

RUN = r"""
import json, sys
import nbformat
from nbclient import NotebookClient
failures = {}
for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    try:
        folder = path.rsplit("/", 1)[0]
        NotebookClient(
            nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": folder}}
        ).execute()
    except Exception as exc:
        failures[path] = f"{type(exc).__name__}: {str(exc)[-1500:]}"
try:
    import autograder.reference
    reference = "importable"
except ImportError:
    reference = "absent"
package = __import__("autograder").__file__
print(json.dumps({"failures": failures, "reference": reference, "package": package}))
"""


@pytest.mark.slow
# zh-hant: zh-hans's code (tests/authoring/test_translation.py)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_learner_with_only_the_kit_can_do_every_assignment(language, course, tmp_path):
    kit = build_kit(course, tmp_path / kit_name(language), language)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    install = subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            "-r",
            "requirements.txt",
        ],
        cwd=kit,
        env=env,
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    notebooks = []
    for assignment in course.assignments():
        for name in course.notebooks(assignment):
            path = kit / assignment / f"{name}.ipynb"
            finished = (
                student_notebook(course, assignment, name)
                if language == "en"
                else solved_notebook(course, assignment, name, language)
            )  # the learner's finished work
            nbformat.write(finished, path)
            notebooks.append(str(path))
    run = subprocess.run(
        [python, "-c", RUN, *notebooks],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert out["failures"] == {}, out["failures"]
    assert out["reference"] == "absent" and out["package"].startswith(str(venv)), out
