"""The learner kit: everything a learner needs to do every assignment, and no answer.

tests/integration/test_kit_in_a_fresh_venv.py installs it as a learner would and does every
assignment with it.
"""

import ast
import re
import zipfile
from pathlib import Path

import pytest

from autograder.authoring.kit import NAME, PACKAGES, build_kit, kit_name, learner_requirements

from ..helpers import ROOT


@pytest.fixture(scope="module")
def kit(course, tmp_path_factory) -> Path:
    return build_kit(course, tmp_path_factory.mktemp("kit") / NAME)


def _function_bodies(path: Path) -> dict[str, str]:
    """name -> the AST of each function's body (docstring left out), as text: equal text,
    same code."""
    bodies = {}
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            body = (
                node.body[1:]
                if node.body
                and isinstance(node.body[0], ast.Expr)
                and isinstance(getattr(node.body[0], "value", None), ast.Constant)
                else node.body
            )
            if body:
                bodies[node.name] = ast.dump(ast.Module(body=body, type_ignores=[]))
    return bodies


def test_the_kit_holds_the_exercises_the_learner_package_and_nothing_else(kit, course):
    files = {p.relative_to(kit).as_posix() for p in kit.rglob("*") if p.is_file()}
    for assignment in course.assignments():
        for notebook in course.notebooks(assignment):
            assert f"{assignment}/{notebook}.ipynb" in files
    assert {"README.md", "requirements.txt", "pyproject.toml", "autograder/__init__.py"} <= files
    assert "autograder/learner/data/tagging_corpus.tsv" in files
    packages = {f.split("/")[1] for f in files if f.startswith("autograder/") and f.count("/") > 1}
    assert packages == {"learner"}, "no reference/, checks/ or engine/ in the kit"
    assert not any(f.startswith("solutions") for f in files)
    with zipfile.ZipFile(kit.with_suffix(".zip")) as zf:
        assert {n.removeprefix(f"{NAME}/") for n in zf.namelist()} == files


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant"])
def test_a_chinese_kit_is_the_english_kit_with_chinese_notebooks_and_readme(
    kit, course, language, tmp_path
):
    chinese = build_kit(course, tmp_path / kit_name(language), language)
    files = {p.relative_to(chinese).as_posix() for p in chinese.rglob("*") if p.is_file()}
    assert files == {p.relative_to(kit).as_posix() for p in kit.rglob("*") if p.is_file()}
    for name in sorted(files):
        same = (chinese / name).read_bytes() == (kit / name).read_bytes()
        if name.endswith(".ipynb"):  # the release in that language
            assert (chinese / name).read_bytes() == (
                course.release / language / name
            ).read_bytes(), name
        elif name == "README.md":
            assert not same and (
                "安装" in (chinese / name).read_text() or "安裝" in (chinese / name).read_text()
            )
        elif name == "pyproject.toml":
            assert f'name = "{kit_name(language)}"' in (chinese / name).read_text()
        else:  # the package, its data and the pins
            assert same, name
    with zipfile.ZipFile(chinese.with_suffix(".zip")) as zf:
        assert {n.removeprefix(f"{kit_name(language)}/") for n in zf.namelist()} == files


def test_the_kit_requirements_pin_what_learners_need_and_no_grading_tool(kit, course):
    lines = [
        ln
        for ln in (kit / "requirements.txt").read_text().splitlines()
        if ln and not ln.startswith("#")
    ]
    assert lines == [*learner_requirements(course), "."]
    assert [ln.split("==")[0] for ln in lines[:-1]] == list(PACKAGES)
    for tool in ("nbgrader", "jupyter-book", "playwright", "pytest"):
        assert not any(ln.startswith(tool) for ln in lines), tool
    course_pins = (ROOT / "requirements.txt").read_text()
    assert all(f"\n{pin}" in "\n" + course_pins for pin in lines[:-1]), (
        "the same pins as the course"
    )
    assert "pip install -r requirements.txt" in (kit / "README.md").read_text()


def test_no_answer_leaks_into_the_kit(kit):
    reference = {}
    for path in (ROOT / "autograder" / "reference").glob("*.py"):
        reference.update(
            {
                body: f"reference/{path.name}::{name}"
                for name, body in _function_bodies(path).items()
            }
        )
    for path in kit.rglob("*.py"):
        for name, body in _function_bodies(path).items():
            assert body not in reference, f"{path.relative_to(kit)}::{name} is {reference[body]}"
    for path in kit.rglob("*.ipynb"):
        text = path.read_text()
        for secret in (
            "BEGIN SOLUTION",
            "BEGIN HIDDEN TESTS",
            "autograder.checks",
            "autograder.reference",
        ):
            assert secret not in text, f"{path.name} holds {secret!r}"
        imports = set(re.findall(r"(?:from|import) (autograder[\w.]*)", text))
        assert imports and all(m.startswith("autograder.learner") for m in imports), (
            path.name,
            imports,
        )


def test_the_leak_check_would_see_a_copied_reference_function(tmp_path):
    source = (ROOT / "autograder" / "reference" / "self_attention.py").read_text()
    tree = ast.parse(source)
    softmax = next(
        n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == ("softmax")
    )
    softmax.name = "renamed_softmax"
    (tmp_path / "copy.py").write_text("import numpy as np\n\n" + ast.unparse(softmax))
    copied = _function_bodies(tmp_path / "copy.py")["renamed_softmax"]
    assert (
        copied
        == _function_bodies(ROOT / "autograder" / "reference" / "self_attention.py")["softmax"]
    )
