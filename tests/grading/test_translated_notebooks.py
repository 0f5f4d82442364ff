"""A notebook's text in the learner's language (autograder.grading.translated_notebooks): which
language a notebook is, and a cell restored from the English source put back in it.

Cheap: the shipped release and translation files, no grading (a class graded in two languages is
tests/integration/test_class_in_two_languages.py).
"""

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell

from autograder.grading.translated_notebooks import (
    assignment_table,
    converter,
    notebook_language,
    translate_cell,
)

from ..helpers import ROOT

ASSIGNMENT = "01_vector_sets"
TEST_CELL = (
    "# Graded: 2 points. Hidden tests run here when your work is graded.\n"
    "### BEGIN HIDDEN TESTS\n"
    "from autograder.checks import vector_sets as checks\n"
    "# a comment only the hidden tests have\n"
    'checks.check_cosine_similarity_matrix(cosine_similarity_matrix, "not a phrase")\n'
    "### END HIDDEN TESTS"
)


def released(language: str | None):
    folder = ROOT / "exercises" / (language or "") / ASSIGNMENT
    return nbformat.read(folder / "vector_sets.ipynb", as_version=4)


def test_a_notebook_of_a_translated_kit_says_its_language():
    assert notebook_language(released("zh-hans")) == "zh-hans"
    assert notebook_language(released("zh-hant")) == "zh-hant"
    assert notebook_language(released(None)) is None
    # a stamp the course does not know is no language: the course's own is used
    assert notebook_language({"metadata": {"autograder": {"language": "fr"}}}) is None
    for damaged in ("zh-hans", {"language": ["zh-hans"]}, {"language": {"a": 1}}, None, 3):
        assert notebook_language({"metadata": {"autograder": damaged}}) is None
    assert notebook_language({"metadata": "zh-hans"}) is None
    assert notebook_language({}) is None


def test_a_restored_cell_comes_back_as_the_kit_has_it():
    """Each locked cell of the English release, translated as grading puts it back, is the cell of
    the Chinese release, in both Chinese kits."""
    table = assignment_table(ROOT, ASSIGNMENT)
    english = released(None)
    for language in ("zh-hans", "zh-hant"):
        kit = released(language)
        compared = 0
        for index, (cell, theirs) in enumerate(zip(english.cells, kit.cells, strict=True)):
            if not cell.metadata.get("nbgrader", {}).get("locked"):
                continue
            restored = nbformat.from_dict(dict(cell))
            translate_cell(restored, index, table, converter(language), only_known=True)
            assert restored.source == theirs.source, (language, index)
            compared += 1
        assert compared >= 20


def test_hidden_tests_are_left_as_they_are_and_only_known_text_is_translated():
    table = assignment_table(ROOT, ASSIGNMENT)
    cell = new_code_cell(TEST_CELL)
    translate_cell(cell, 0, table, converter("zh-hans"), only_known=True)
    first, *rest = cell.source.split("\n")
    assert first == "# 计分：2 分。批改时，隐藏的测试会在这里执行。"
    assert rest == TEST_CELL.split("\n")[1:], "the hidden tests and unknown text stay English"
    markdown = new_markdown_cell("A paragraph nobody translated.")
    translate_cell(markdown, 1, table, None, only_known=True)
    assert markdown.source == "A paragraph nobody translated."


def test_the_release_refuses_text_with_no_translation():
    import pytest

    with pytest.raises(KeyError):
        translate_cell(new_code_cell("# a comment nobody translated\nx = 1"), 0, {}, None)
