"""The exercise notebooks' text in the learner's language: the units a notebook is translated by,
the translation tables, and translating a notebook or one cell.

A notebook is cut into units of text to translate, each looked up by a hash of its English text in
the translation files, as the book's chapters are (``book/_ext/translated_pages.py``: the same
blocks for markdown, the same hash, the same marker lines). The units are:

* in a markdown cell (instructions), each block: a paragraph, a heading, a list, a table; math alone
  is copied;
* in a code cell, each comment and each string literal that is a phrase (it holds a space and a
  letter): the visible checks' messages, docstrings, printed sentences. The unit and its translation
  are code, quotes and ``#`` included, and an f-string's translation keeps its fields. Code is never
  translated, nor nbgrader's markers (``YOUR CODE HERE``, ``YOUR ANSWER HERE``).

The translation files are ``translations/<language>/<assignment>.md`` and
``translations/<language>/common.md`` (units that several notebooks share). ``zh-hans`` is written
by hand; ``zh-hant`` is converted from it with the book's converter (``book/_ext/traditional.py``).

Two users: the release (:mod:`autograder.authoring.translation`) writes each language's notebooks,
refusing any unit without its translation; grading (:class:`OverwriteCellsInItsLanguage`) puts a
translated notebook's locked cells back in its language after nbgrader restored them from the
English source, so the graded copy and the feedback read as the learner's notebook did.
"""

from __future__ import annotations

import io
import json
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.preprocessors import OverwriteCells
from traitlets import Unicode

from autograder.cells import is_answer_cell
from autograder.messages import to_taiwan  # the book's converter, rows and columns swapped
from autograder.tools.book_extensions import extension

SOURCE_LANGUAGE = "zh-hans"  # written by hand
LANGUAGES = ("zh-hans", "zh-hant")  # zh-hant converted from zh-hans
LANGUAGE_NAMES = {"en": "English", "zh-hans": "简体中文", "zh-hant": "繁體中文"}
COMMON = "common"
NBGRADER_MARKERS = ("YOUR CODE HERE", "YOUR ANSWER HERE")


FSTRING_FIELD = re.compile(r"(?<!\{)\{[^{}]+\}(?!\})")


def _pages():
    """The book's translated pages (one hashing and block-cutting code for the book and the
    notebooks)."""
    return extension("translated_pages")


def unit_hash(text: str) -> str:
    translated_pages = _pages()
    return translated_pages.Block(text, True).hash


def first_words(text: str) -> str:
    translated_pages = _pages()
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


def code_units(index: int, source: str) -> list[Unit]:
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [Unit(index, t.string, t.start, t.end) for t in tokens if _is_phrase(t)]


def units(nb) -> list[Unit]:
    """Every unit to translate in a notebook, in order."""
    translated_pages = _pages()
    out: list[Unit] = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and not is_answer_cell(cell):
            out += [
                Unit(index, b.text) for b in translated_pages.blocks(cell.source) if b.translate
            ]
        elif cell.cell_type == "code":
            out += code_units(index, cell.source)
    return out


def translations_folder(course_root: Path, language: str = SOURCE_LANGUAGE) -> Path:
    return Path(course_root) / "translations" / language


def read_translations(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    translated_pages = _pages()
    return translated_pages.read_translations(path)


def assignment_table(course_root: Path, assignment: str) -> dict[str, str]:
    """hash -> Simplified Chinese of every unit of ``assignment``'s notebooks (its own file, then
    the common one)."""
    folder = translations_folder(course_root)
    return {
        **read_translations(folder / f"{COMMON}.md"),
        **read_translations(folder / f"{assignment}.md"),
    }


def translate_code(source: str, cell_units: list[Unit], table: dict[str, str], convert=None) -> str:
    """``source`` with each of ``cell_units`` replaced by its translation (``convert``ed)."""
    lines = source.split("\n")
    # from the end: positions stay valid
    for unit in sorted(cell_units, key=lambda u: u.start, reverse=True):
        (row, col), (end_row, end_col) = unit.start, unit.end
        text = table[unit.hash]
        text = convert(text) if convert else text
        head, tail = lines[row - 1][:col], lines[end_row - 1][end_col:]
        lines[row - 1 : end_row] = (head + text + tail).split("\n")
    return "\n".join(lines)


def translate_cell(cell, index: int, table: dict[str, str], convert=None, only_known=False) -> None:
    """Translate ``cell`` (the ``index``-th of its notebook) in place. ``only_known``: leave a unit
    with no translation in English (a cell restored for grading holds hidden tests, which no
    learner sees and nobody translates); else a missing unit raises KeyError (the release
    checks first)."""
    translated_pages = _pages()
    if cell.cell_type == "markdown" and not is_answer_cell(cell):
        out = []
        for block in translated_pages.blocks(cell.source):
            known = block.translate and (block.hash in table or not only_known)
            text = table[block.hash] if known else block.text
            out.append(convert(text) if convert and known else text)
        cell.source = "\n\n".join(out)
    elif cell.cell_type == "code":
        cell_units = code_units(index, cell.source)
        if only_known:
            cell_units = [u for u in cell_units if u.hash in table]
        cell.source = translate_code(cell.source, cell_units, table, convert)


def converter(language: str):
    """What makes ``language`` from the hand-written Simplified Chinese (None: nothing to do)."""
    return None if language == SOURCE_LANGUAGE else to_taiwan


def translate_notebook(nb, table: dict[str, str], language: str, convert=None):
    """A copy of the English notebook ``nb`` in ``language``, every unit replaced by its
    translation, marked with its language (:func:`notebook_language`)."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    for index, cell in enumerate(nb.cells):
        translate_cell(cell, index, table, convert)
    nb.metadata["autograder"] = {"language": language}
    return nb


def notebook_language(nb) -> str | None:
    """The language of the kit a notebook came from (its metadata, written by the release), if one
    of the translated ones."""
    metadata = nb.get("metadata") if isinstance(nb, dict) else None
    mark = metadata.get("autograder") if isinstance(metadata, dict) else None
    stamp = mark.get("language") if isinstance(mark, dict) else None
    # anything else (a learner's own metadata, damaged or hostile) is no language
    return stamp if isinstance(stamp, str) and stamp in LANGUAGES else None


class OverwriteCellsInItsLanguage(OverwriteCells):
    """nbgrader's OverwriteCells, which restores every locked cell (the visible checks, the test
    cells) from the gradebook's English source; in a notebook of a translated kit, each restored
    cell is then translated back, with the course's translation files. Only comments and string
    literals change (their translation is the instructor's, never the learner's), and the hidden
    tests run from the gradebook's source anyway (:mod:`autograder.grading.execute`): the score
    is the one the English notebook earns."""

    translations = Unicode(
        "", help="The course's root, whose translations/ hold the notebooks' translations."
    ).tag(config=True)

    def preprocess(self, nb, resources):
        self._language = notebook_language(nb) if self.translations else None
        self._table = (
            assignment_table(Path(self.translations), resources["nbgrader"]["assignment"])
            if self._language
            else {}
        )
        self._sources = None  # grade_id -> the gradebook's source cell, read on first need
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, cell_index):
        if not self._language:
            return super().preprocess_cell(cell, resources, cell_index)
        english = self._english_source(cell)
        if english is not None and cell.source == self._translated(english, cell, cell_index):
            # as the kit released it: compared as the English cell, so nbgrader's warning that a
            # locked cell was changed still means the learner changed it
            cell.source = english
        before = cell.source
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if english is not None or cell.source != before:  # the English source, now in the cell
            translate_cell(cell, cell_index, self._table, converter(self._language), True)
        return cell, resources

    def _english_source(self, cell) -> str | None:
        """The gradebook's source of a locked cell (None for any other cell)."""
        from nbgrader.api import MissingEntry

        meta = cell.metadata.get("nbgrader", {})
        if not (meta.get("locked") and meta.get("grade_id")):
            return None
        if self._sources is None:  # one query for the notebook, not one per cell
            try:
                notebook = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
                self._sources = {c.name: c for c in notebook.source_cells}
            except MissingEntry:
                self._sources = {}
        found = self._sources.get(meta["grade_id"])
        return found.source if found is not None and found.locked else None

    def _translated(self, source: str, cell, cell_index: int) -> str:
        copy = nbformat.from_dict({**cell, "source": source})
        translate_cell(copy, cell_index, self._table, converter(self._language), True)
        return copy.source
