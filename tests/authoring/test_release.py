"""The student release is generated from the sources, is up to date, and gives nothing away."""

import shutil

import nbformat
import pytest

from autograder.authoring.release import stale_notebooks
from autograder.cli.main import main
from autograder.grading.course import Course


@pytest.mark.parametrize("assignment", Course.at().assignments())
def test_committed_release_is_in_sync(course, assignment):
    assert stale_notebooks(course, assignment) == [], (
        "run `python -m autograder release` and commit exercises/"
    )


@pytest.mark.parametrize("assignment", Course.at().assignments())
def test_release_gives_no_answers_away(course, assignment):
    for path in (course.release / assignment).glob("*.ipynb"):
        text = path.read_text()
        for secret in (
            "BEGIN SOLUTION",
            "HIDDEN TESTS",
            "autograder.checks",
            "autograder.reference",
            "Model answer",
        ):
            assert secret not in text, f"{path.name} contains {secret!r}"
        nb = nbformat.read(path, as_version=4)
        assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), (
            "committed without outputs"
        )


def test_release_check_catches_a_stale_release(tmp_path, capsys):
    root = tmp_path / "course"
    root.mkdir()
    real = Course.at()
    for name in ("solutions", "exercises"):
        shutil.copytree(real.root / name, root / name)
    shutil.copy(real.root / "nbgrader_config.py", root)
    source = root / "solutions" / "04_self_attention" / "self_attention.ipynb"
    nb = nbformat.read(source, as_version=4)
    nb.cells[0].source += "\n\nA new sentence in the instructions."
    nbformat.write(nb, source)
    assert main(["--course", str(root), "release", "--check"]) == 1
    assert "stale release: exercises/04_self_attention/" in capsys.readouterr().out
    assert main(["--course", str(root), "release", "04_self_attention"]) == 0
    assert "learner kit: " in capsys.readouterr().out
    kit = root / "course" / "kit" / "self-attention-kit"
    assert (kit / "04_self_attention" / "self_attention.ipynb").read_text() == (
        root / "exercises" / "04_self_attention" / "self_attention.ipynb"
    ).read_text(), "the kit has the new release"
    assert kit.with_suffix(".zip").is_file()
    # (the other assignments' release is in sync: test_committed_release_is_in_sync)
    assert main(["--course", str(root), "release", "--check", "04_self_attention"]) == 0


def test_release_check_names_the_cell_of_a_stale_translation(tmp_path, capsys):
    root = tmp_path / "course"
    root.mkdir()
    real = Course.at()
    for name in ("solutions", "exercises", "translations"):
        shutil.copytree(real.root / name, root / name)
    shutil.copy(real.root / "nbgrader_config.py", root)
    assert main(["--course", str(root), "release", "--check", "04_self_attention"]) == 0
    table = root / "translations" / "zh-hans" / "04_self_attention.md"
    table.write_text(
        table.read_text(encoding="utf-8").replace("溢出了", "上溢了"), encoding="utf-8"
    )
    assert main(["--course", str(root), "release", "--check", "04_self_attention"]) == 1
    out = capsys.readouterr().out
    assert (
        "stale translated release of 04_self_attention" in out
        and "zh-hans/self_attention.ipynb" in out
    )
    assert "zh-hant/self_attention.ipynb" in out, (
        "the traditional notebook is made from the simplified text"
    )
    solution = root / "solutions" / "04_self_attention" / "self_attention.ipynb"
    nb = nbformat.read(solution, as_version=4)
    nb.cells[4].source = nb.cells[4].source.replace("should be", "must be")
    nbformat.write(nb, solution)
    capsys.readouterr()
    # the English is released, not
    assert main(["--course", str(root), "release", "04_self_attention"]) == 2
    # its translation
    assert "cell 4 (check_dot_product_score): no translation of" in capsys.readouterr().err
