"""The exercise notebooks in Chinese, released: made from the English release (exercises/) and the
translation files, with the checks that keep them in step.

How a notebook is cut into units and translated is :mod:`autograder.grading.translated_notebooks`
(grading uses it too). A unit with no translation of its current English text, or a translation of
English that is no longer there, stops the release and fails
``tests/authoring/test_translation.py``, naming the notebook and the cell: a message never falls
back to English silently.

Why the checks' messages are translated in the notebook itself: a visible check is a locked cell,
which nbgrader restores from the English source when it grades; grading translates it back
(:class:`~autograder.grading.translated_notebooks.OverwriteCellsInItsLanguage`), so a graded copy
reads as the learner's did. They carry no points, and every cell that scores (hidden tests, solution
cells) is the same code in every language, so a Chinese notebook earns exactly the score of an
English one with the same code.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import nbformat

from autograder.authoring.simulate import solution_sources
from autograder.cells import nbgrader_meta
from autograder.grading.course import Course
from autograder.grading.translated_notebooks import (  # noqa: F401 (the release's names)
    COMMON,
    FSTRING_FIELD,
    LANGUAGE_NAMES,
    LANGUAGES,
    SOURCE_LANGUAGE,
    assignment_table,
    code_units,
    converter,
    first_words,
    read_translations,
    to_taiwan,
    translate_code,
    translate_notebook,
    translations_folder,
    units,
)

ROOT = Path(__file__).resolve().parents[2]


def cell_name(nb, index: int) -> str:
    grade_id = nbgrader_meta(nb.cells[index]).get("grade_id")
    return f"cell {index}" + (f" ({grade_id})" if grade_id else "")


def released_assignments(release: Path) -> list[str]:
    """The English release's assignments (exercises/<assignment>/, not the language folders)."""
    return sorted(p.name for p in release.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def translated_assignments(course_root: Path, release: Path) -> list[str]:
    """The released assignments that have a translation file."""
    folder = translations_folder(course_root)
    return [a for a in released_assignments(release) if (folder / f"{a}.md").is_file()]


def problems(course_root: Path, release: Path, assignments: list[str]) -> list[str]:
    """Units of the English release with no translation of their current text, translations of
    English that is no longer there, and translated code that no longer parses or lost an f-string
    field: each names the notebook and the cell (stale ones the file and the marker)."""
    folder = translations_folder(course_root)
    common = read_translations(folder / f"{COMMON}.md")
    used_common: set[str] = set()
    found = []
    for assignment in released_assignments(release):
        own_path = folder / f"{assignment}.md"
        own = read_translations(own_path)
        used: set[str] = set()
        for path in sorted((release / assignment).glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            where = f"{assignment}/{path.name}"
            for unit in units(nb):
                used.add(unit.hash)
                if unit.hash in common:
                    used_common.add(unit.hash)
                if assignment in assignments and unit.hash not in own and unit.hash not in common:
                    found.append(
                        f"{where} {cell_name(nb, unit.cell)}: no translation of "
                        f"'{first_words(unit.text)}' (hash {unit.hash}): translate it in "
                        f"translations/{SOURCE_LANGUAGE}/{assignment}.md under <!-- en "
                        f"{unit.hash}: ... -->"
                    )
            if assignment in assignments:
                found += _broken_cells(nb, where, {**common, **own})
        if assignment in assignments:
            found += [_stale(own_path, h) for h in own if h not in used]
    found += [_stale(folder / f"{COMMON}.md", h) for h in common if h not in used_common]
    return found


def _stale(path: Path, digest: str) -> str:
    words = (
        re.search(rf"<!-- en {digest}:?(.*?) -->", path.read_text(encoding="utf-8"))
        .group(1)
        .strip()
    )
    return (
        f"translations/{path.parent.name}/{path.name}: the translation of '{words}' (hash "
        f"{digest}) translates English that changed or went: update it from the English text now "
        "there and put that text's hash in its marker (`python -m "
        "autograder.authoring.translation ASSIGNMENT` prints them)"
    )


def _broken_cells(nb, where: str, table: dict[str, str]) -> list[str]:
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        cell_units = code_units(index, cell.source)
        if not all(u.hash in table for u in cell_units):
            continue
        for unit in cell_units:
            english, chinese = unit.text, table[unit.hash]
            if sorted(FSTRING_FIELD.findall(english)) != sorted(
                FSTRING_FIELD.findall(chinese)
            ) and re.match(r"^[rRbBuU]?[fF]", english):
                found.append(
                    f"{where} {cell_name(nb, index)}: the translation of '{first_words(english)}' "
                    f"must keep its fields {FSTRING_FIELD.findall(english)}"
                )
        try:
            ast.parse(translate_code(cell.source, cell_units, table))
        except SyntaxError as exc:
            found.append(
                f"{where} {cell_name(nb, index)}: the translated code does not parse ({exc.msg})"
            )
    return found


def release_language(
    course_root: Path, release: Path, assignment: str, language: str, dest: Path
) -> list[Path]:
    """Write the assignment's notebooks in ``language`` under ``dest/assignment/`` (raises on
    any problem)."""
    trouble = problems(course_root, release, [assignment])
    if trouble:
        raise ValueError("\n".join(trouble))
    table = assignment_table(course_root, assignment)
    convert = converter(language)
    (dest / assignment).mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted((release / assignment).glob("*.ipynb")):
        nb = translate_notebook(nbformat.read(path, as_version=4), table, language, convert)
        out = dest / assignment / path.name
        nbformat.write(nb, out)
        written.append(out)
    return written


def solved_notebook(
    course, assignment: str, name: str, language: str, answers: dict[str, str] | None = None
):
    """The release in ``language`` with the instructor's solutions (then ``answers``) in its
    solution cells: a learner's finished work, for tests (the Chinese twin
    of :func:`.simulate.student_notebook`)."""

    nb = nbformat.read(
        language_release(course, language) / assignment / f"{name}.ipynb", as_version=4
    )
    fill = {**solution_sources(course, assignment, name), **(answers or {})}
    for cell in nb.cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if grade_id in fill:
            cell.source = fill[grade_id]
    return nb


def skeleton(release: Path, assignment: str, known: dict[str, str] | None = None) -> str:
    """Markers and English text of every unit of an assignment not in ``known``: the start of a
    translation file (each unit once, in order)."""
    seen, out = set(known or {}), []
    for path in sorted((release / assignment).glob("*.ipynb")):
        for unit in units(nbformat.read(path, as_version=4)):
            if unit.hash not in seen:
                seen.add(unit.hash)
                out.append(f"<!-- en {unit.hash}: {first_words(unit.text)} -->\n{unit.text}")
    return "\n\n".join(out) + "\n"


def languages(course: Course) -> list[str]:
    """The learner languages the course releases besides English: those of its translation files."""
    return list(LANGUAGES) if translations_folder(course.root).is_dir() else []


def language_release(course: Course, language: str) -> Path:
    return course.release if language == "en" else course.release / language


if __name__ == "__main__":
    release_dir = ROOT / "exercises"
    # one assignment: the start of its translation file (units common.md has left out)
    if len(sys.argv) > 1:
        print(
            skeleton(
                release_dir,
                sys.argv[1],
                read_translations(translations_folder(ROOT) / (f"{COMMON}.md")),
            ),
            end="",
        )
    else:
        issues = problems(ROOT, release_dir, released_assignments(release_dir))
        print("\n".join(issues) or "every notebook translation is up to date")
        sys.exit(1 if issues else 0)
