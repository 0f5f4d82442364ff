"""The exercise notebooks in Chinese: made from the English release (exercises/) and
translation files.

A released English notebook is cut into units of text to translate, each looked up by a hash of its
English text in the translation files, as the book's chapters are
(``book/_ext/translated_pages.py``: the same blocks for markdown, the same hash, the same marker
lines). The units are:

* in a markdown cell (instructions), each block: a paragraph, a heading, a list, a table; math alone
  is copied;
* in a code cell, each comment and each string literal that is a phrase (it holds a space and a
  letter): the visible checks' messages, docstrings, printed sentences. The unit and its translation
  are code, quotes and ``#`` included, and an f-string's translation keeps its fields. Code is never
  translated, nor nbgrader's markers (``YOUR CODE HERE``, ``YOUR ANSWER HERE``).

The translation files are ``translations/<language>/<assignment>.md`` and
``translations/<language>/common.md`` (units that several notebooks share, such as the checks'
header comment). ``zh-hans`` is written by hand; ``zh-hant`` is converted from it with the book's
converter (``book/_ext/traditional.py``: OpenCC's s2twp plus the course's Taiwan terms). A unit with
no translation of its current English text, or a translation of English that is no longer there,
stops the release and fails ``tests/authoring/test_translation.py``, naming the notebook and the
cell: a message never falls back to English silently.

Why the checks' messages are translated in the notebook itself: a visible check is a locked cell,
which nbgrader overwrites from the English source when it grades, so a graded copy shows the English
checks; they carry no points, and every cell that scores (hidden tests, solution cells) is the same
code in every language, so a Chinese notebook earns exactly the score of an English one with the
same code.
"""

from __future__ import annotations

import ast
import io
import json
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.authoring import translation
from autograder.authoring.simulate import solution_sources
from autograder.cells import is_answer_cell, nbgrader_meta
from autograder.grading.course import Course
from autograder.tools.book_extensions import extension

ROOT = Path(__file__).resolve().parents[2]
SOURCE_LANGUAGE = "zh-hans"  # written by hand
LANGUAGES = ("zh-hans", "zh-hant")  # zh-hant converted from zh-hans
LANGUAGE_NAMES = {"en": "English", "zh-hans": "简体中文", "zh-hant": "繁體中文"}
COMMON = "common"
NBGRADER_MARKERS = ("YOUR CODE HERE", "YOUR ANSWER HERE")


def to_taiwan(text: str) -> str:
    """zh-hans to zh-hant as written in Taiwan: the book's converter (rows and columns swapped by
    its one rule, ``book/_ext/traditional.py``)."""
    _, traditional = _book_ext()
    return traditional.to_taiwan(text)


FSTRING_FIELD = re.compile(r"(?<!\{)\{[^{}]+\}(?!\})")


def _book_ext():
    """The book's translation helpers (one hashing and block-cutting code for the book and
    the notebooks)."""
    return extension("translated_pages"), extension("traditional")


def unit_hash(text: str) -> str:
    translated_pages, _ = _book_ext()
    return translated_pages.Block(text, True).hash


def first_words(text: str) -> str:
    translated_pages, _ = _book_ext()
    return translated_pages.Block(text, True).first_words


@dataclass
class Unit:
    cell: int
    text: str
    # code units: where the token lies in the cell (line from 1, column)
    start: tuple[int, int] | None = None
    end: tuple[int, int] | None = None

    @property
    def hash(self) -> str:
        return unit_hash(self.text)


def _is_phrase(token: tokenize.TokenInfo) -> bool:
    if token.type == tokenize.COMMENT:
        body = token.string.lstrip("#").strip()
    elif token.type == tokenize.STRING:  # an f-string's fields are code
        body = (
            FSTRING_FIELD.sub("", token.string)
            if re.match(r"^[rRbBuU]?[fF]", token.string)
            else token.string
        )
    else:
        return False
    return (
        " " in body.strip()
        and bool(re.search(r"[A-Za-z]", body))
        and not any(marker in body for marker in NBGRADER_MARKERS)
    )


def _code_units(index: int, source: str) -> list[Unit]:
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [Unit(index, t.string, t.start, t.end) for t in tokens if _is_phrase(t)]


def _is_solution(cell) -> bool:
    return bool(is_answer_cell(cell))


def units(nb) -> list[Unit]:
    """Every unit to translate in a notebook, in order."""
    translated_pages, _ = _book_ext()
    out: list[Unit] = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and not _is_solution(cell):
            out += [
                Unit(index, b.text) for b in translated_pages.blocks(cell.source) if b.translate
            ]
        elif cell.cell_type == "code":
            out += _code_units(index, cell.source)
    return out


def translations_folder(course_root: Path, language: str = SOURCE_LANGUAGE) -> Path:
    return Path(course_root) / "translations" / language


def read_translations(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    translated_pages, _ = _book_ext()
    return translated_pages.read_translations(path)


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
        cell_units = _code_units(index, cell.source)
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
            ast.parse(_translate_code(cell.source, cell_units, table))
        except SyntaxError as exc:
            found.append(
                f"{where} {cell_name(nb, index)}: the translated code does not parse ({exc.msg})"
            )
    return found


def _translate_code(
    source: str, cell_units: list[Unit], table: dict[str, str], convert=None
) -> str:
    lines = source.split("\n")
    # from the end: positions stay valid
    for unit in sorted(cell_units, key=lambda u: u.start, reverse=True):
        (row, col), (end_row, end_col) = unit.start, unit.end
        text = table[unit.hash]
        text = convert(text) if convert else text
        head, tail = lines[row - 1][:col], lines[end_row - 1][end_col:]
        lines[row - 1 : end_row] = (head + text + tail).split("\n")
    return "\n".join(lines)


def translate_notebook(nb, table: dict[str, str], language: str, convert=None):
    """A copy of the English notebook ``nb`` in ``language``: every unit replaced by
    its translation."""
    translated_pages, _ = _book_ext()
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and not _is_solution(cell):
            out = []
            for block in translated_pages.blocks(cell.source):
                text = table[block.hash] if block.translate else block.text
                out.append(convert(text) if convert and block.translate else text)
            cell.source = "\n\n".join(out)
        elif cell.cell_type == "code":
            cell.source = _translate_code(
                cell.source, _code_units(index, cell.source), table, convert
            )
    nb.metadata["autograder"] = {"language": language}
    return nb


def release_language(
    course_root: Path, release: Path, assignment: str, language: str, dest: Path
) -> list[Path]:
    """Write the assignment's notebooks in ``language`` under ``dest/assignment/`` (raises on
    any problem)."""
    trouble = problems(course_root, release, [assignment])
    if trouble:
        raise ValueError("\n".join(trouble))
    folder = translations_folder(course_root)
    table = {
        **read_translations(folder / f"{COMMON}.md"),
        **read_translations(folder / (f"{assignment}.md")),
    }
    convert = None if language == SOURCE_LANGUAGE else to_taiwan
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


def languages(course: Course) -> list[str]:
    """The learner languages the course releases besides English: those of its translation files."""
    return (
        list(translation.LANGUAGES) if translation.translations_folder(course.root).is_dir() else []
    )


def language_release(course: Course, language: str) -> Path:
    return course.release if language == "en" else course.release / language
