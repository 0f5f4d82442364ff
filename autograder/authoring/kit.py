"""The learner kit: what an instructor hands to learners, built by ``python -m autograder release``.

The kit holds the released exercise notebooks, the learner side of the package
(:mod:`autograder.learner`, as a small distribution of its own, built from the same source) and a
requirements file with only what a learner needs, pinned as the course's own ``requirements.txt``
pins it. It never holds ``reference/``, ``checks/``, ``solutions/`` or the grading engine.

There is one kit per learner language: ``self-attention-kit`` (English) and
``self-attention-kit-zh-hans``, ``self-attention-kit-zh-hant`` (the notebooks of
exercises/<language>/, a README in that language; the same package and requirements: every cell that
runs code is the same in every language).

It is built (under ``course/kit/``: a folder and a zip), not committed: a committed copy would be a
second copy of ``autograder/learner/`` to keep in step. Publish the folder as its own public
repository (the book's Binder and Colab links point at it: ``kit.url`` in ``book/_config.yml``) or
hand out the zip.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

from autograder.authoring import translation
from autograder.authoring.translation import language_release
from autograder.errors import CourseError
from autograder.grading.course import Course

NAME = "self-attention-kit"
# what notebooks need, nothing of the grader
PACKAGES = ("numpy", "scipy", "torch", "matplotlib", "jupyterlab")
FILES = Path(__file__).resolve().parent / "kit_files"
PACKAGE = Path(__file__).resolve().parent.parent  # autograder/

PYPROJECT = """\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "{name}"
version = "{version}"
description = "The learner side of the self-attention course: data, tasks, helpers"
requires-python = ">=3.11"

[tool.setuptools]
packages = ["autograder", "autograder.learner"]

[tool.setuptools.package-data]
"autograder.learner" = ["data/*"]
"""


def learner_requirements(course: Course) -> list[str]:
    """The course's pins of :data:`PACKAGES` (one place for every version: the
    course's requirements.txt)."""
    pins = {}
    source = next(
        (
            p
            for p in (course.root / "requirements.txt", PACKAGE.parent / "requirements.txt")
            if p.is_file()
        ),
        None,
    )
    if source is None:
        raise CourseError(
            "no requirements.txt in the course folder: the kit takes its pins from there"
        )
    for line in source.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line.strip())
        if match:
            pins[match.group(1).lower()] = match.group(0)
    missing = [p for p in PACKAGES if p not in pins]
    if missing:
        raise CourseError(
            f"{source} pins none of {', '.join(missing)}: the kit needs their versions"
        )
    return [pins[p] for p in PACKAGES]


def _version() -> str:
    text = (PACKAGE.parent / "pyproject.toml").read_text()
    return re.search(r'^version = "([^"]+)"', text, re.MULTILINE).group(1)


def kit_name(language: str = "en") -> str:
    return NAME if language == "en" else f"{NAME}-{language}"


def _readme(language: str) -> str:
    if language == "en":
        return (FILES / "README.md").read_text(encoding="utf-8")
    text = (FILES / f"README.{translation.SOURCE_LANGUAGE}.md").read_text(encoding="utf-8")
    if language != translation.SOURCE_LANGUAGE:
        text = translation.to_taiwan(text)
    return text


def build_kit(course: Course, dest: Path | None = None, language: str = "en") -> Path:
    """Write the kit for ``language`` into ``dest`` (default ``<work>/kit/<kit name>``) and a zip
    beside it."""

    name = kit_name(language)
    dest = Path(dest) if dest else course.work / "kit" / name
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    (dest / "autograder").mkdir()
    shutil.copy2(PACKAGE / "__init__.py", dest / "autograder" / "__init__.py")
    shutil.copytree(PACKAGE / "learner", dest / "autograder" / "learner", ignore=ignore)
    rows = []
    for assignment in course.assignments():
        released = language_release(course, language) / assignment
        if not released.is_dir():
            raise CourseError(
                f"no {released.relative_to(course.root)}: run `python -m autograder release`"
            )
        shutil.copytree(released, dest / assignment, ignore=ignore)
        notebooks = ", ".join(f"`{p.name}`" for p in sorted((dest / assignment).glob("*.ipynb")))
        rows.append(f"| `{assignment}/` | {notebooks} |")
    (dest / "requirements.txt").write_text(
        "# What the exercises need, pinned as the course pins it; the last line installs this "
        "kit's package.\n" + "\n".join(learner_requirements(course)) + "\n.\n"
    )
    (dest / "pyproject.toml").write_text(PYPROJECT.format(name=name, version=_version()))
    (dest / "README.md").write_text(
        _readme(language).replace("ASSIGNMENT_ROWS", "\n".join(rows)), encoding="utf-8"
    )
    archive = dest.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(dest.rglob("*")):
            if path.is_file():
                zf.write(path, Path(name) / path.relative_to(dest))
    return dest
