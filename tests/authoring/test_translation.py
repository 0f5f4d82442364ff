"""The exercise notebooks in Chinese: every unit translated, kept in step with the English, the
same code.

The quick tests read the committed notebooks and translation files (about a second); the slow one
grades the Chinese notebooks with `check` (about a minute)."""

import ast
import json
import re
import shutil

import nbformat
import pytest

from autograder.authoring import translation
from autograder.authoring.release import stale_translations
from autograder.authoring.translation import languages
from autograder.grading.course import Course

from ..helpers import ROOT

RELEASE = ROOT / "exercises"
ASSIGNMENTS = Course.at().assignments()
TRANSLATED = translation.translated_assignments(ROOT, RELEASE)  # all of them: the first test


def test_every_assignment_is_translated_and_every_translation_is_current():
    assert translation.translated_assignments(ROOT, RELEASE) == ASSIGNMENTS, (
        "a translations/zh-hans/<a>.md each"
    )
    assert translation.problems(ROOT, RELEASE, ASSIGNMENTS) == []


@pytest.mark.parametrize("assignment", TRANSLATED)
def test_the_committed_chinese_release_is_in_sync(course, assignment):
    assert languages(course) == ["zh-hans", "zh-hant"]
    assert stale_translations(course, assignment) == [], (
        "run `python -m autograder release` and commit exercises/"
    )


@pytest.fixture
def copy(tmp_path):
    """A course's English release and its translations, to change."""
    for assignment in ASSIGNMENTS:  # all of them: common.md's entries are used across assignments
        shutil.copytree(RELEASE / assignment, tmp_path / "exercises" / assignment)
    shutil.copytree(ROOT / "translations", tmp_path / "translations")
    return tmp_path


def _edit(copy, grade_id, old, new):
    path = copy / "exercises" / "04_self_attention" / "self_attention.ipynb"
    nb = nbformat.read(path, as_version=4)
    index = next(
        i
        for i, c in enumerate(nb.cells)
        if old in c.source
        and (grade_id is None or c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    )
    assert old in nb.cells[index].source
    nb.cells[index].source = nb.cells[index].source.replace(old, new)
    nbformat.write(nb, path)
    return index


def test_a_changed_check_message_fails_naming_the_notebook_and_the_cell(copy):
    index = _edit(copy, "check_dot_product_score", "should be 1*3", "must be 1*3")
    found = translation.problems(copy, copy / "exercises", ["04_self_attention"])
    # the new English has no translation; the old translation is stale
    assert len(found) == 2, found
    assert found[0].startswith(
        f"04_self_attention/self_attention.ipynb cell {index} (check_dot_product_score): "
        "no translation of '\"dot_product_score([1, 2], [3, -1]) must be"
    )
    assert "translations/zh-hans/04_self_attention.md" in found[1] and "should be 1*3" in found[1]
    with pytest.raises(ValueError, match="check_dot_product_score"):
        translation.release_language(
            copy, copy / "exercises", "04_self_attention", "zh-hans", copy / "zh-hans"
        )


def test_a_changed_instruction_fails_naming_the_notebook_and_the_cell(copy):
    index = _edit(copy, None, "The most common way to", "The usual way to")
    found = translation.problems(copy, copy / "exercises", ["04_self_attention"])
    assert any(
        f.startswith(
            f"04_self_attention/self_attention.ipynb cell {index}: no translation of "
            "'The relevance of vector"
        )
        for f in found
    ), found


def test_a_translation_that_drops_an_f_string_field_or_breaks_the_code_fails(copy):
    path = copy / "translations" / "zh-hans" / "04_self_attention.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace('你得到的形状是 {_alpha.shape}"', '形状不对"').replace(
        '"softmax 的输出必须和输入的形状一样"', '"softmax 的输出必须和输入的形状一样'
    )
    path.write_text(text, encoding="utf-8")
    found = translation.problems(copy, copy / "exercises", ["04_self_attention"])
    assert any("(check_attention_scores)" in f and "['{_alpha.shape}']" in f for f in found), found
    assert any("(check_softmax): the translated code does not parse" in f for f in found), found


def _code_without_text(source: str) -> str:
    """The code with every string emptied (comments are gone in the AST): what runs, whatever
    the language."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            node.value = ""
        if isinstance(node, ast.JoinedStr):
            node.values = [v for v in node.values if isinstance(v, ast.FormattedValue)]
    return ast.dump(tree)


@pytest.mark.parametrize("language", translation.LANGUAGES)
@pytest.mark.parametrize("assignment", TRANSLATED)
def test_a_chinese_notebook_runs_the_english_code_with_chinese_text(assignment, language):
    for path in sorted((RELEASE / assignment).glob("*.ipynb")):
        english = nbformat.read(path, as_version=4)
        chinese = nbformat.read(RELEASE / language / assignment / path.name, as_version=4)
        assert chinese.metadata["autograder"] == {"language": language}
        assert len(chinese.cells) == len(english.cells)
        for index, (en, zh) in enumerate(zip(english.cells, chinese.cells, strict=True)):
            where = f"{path.name} cell {index}"
            # nbgrader's ids and flags
            assert (zh.cell_type, zh.metadata) == (en.cell_type, en.metadata), where
            if en.cell_type == "code":
                assert _code_without_text(zh.source) == _code_without_text(en.source), where
        text = json.dumps([c.source for c in chinese.cells], ensure_ascii=False)
        assert "Quick checks for you" not in text and "Graded: " not in text


def test_traditional_notebooks_are_converted_with_taiwan_terms_and_rows_and_columns_swapped():
    assert (
        translation.to_taiwan(
            "代码里的向量是行向量；第 i 行是第 i 个 Query，第 j 列是 Key；删掉那一行代码"
        )
        == "程式碼裡的向量是列向量；第 i 列是第 i 個 Query，第 j 行是 Key；刪掉那一行程式碼"
    )
    assert (
        translation.to_taiwan("空的行给零；正弦在偶数列，余弦在奇数列")
        == "空的列給零；正弦在偶數行，餘弦在奇數行"
    )
    hans = (RELEASE / "zh-hans" / "04_self_attention" / "self_attention.ipynb").read_text(
        encoding="utf-8"
    )
    hant = (RELEASE / "zh-hant" / "04_self_attention" / "self_attention.ipynb").read_text(
        encoding="utf-8"
    )
    assert (
        "每一行加起来" in hans
        and "每一列加起來" in hant
        and "程式碼" in hant
        and "代码" not in hant
    )


def test_the_kit_readme_exists_in_each_language():
    from autograder.authoring.kit import _readme

    for language in translation.LANGUAGES:
        text = _readme(language)
        assert "ASSIGNMENT_ROWS" in text and "pip install -r requirements.txt" in text
    assert "安装" in _readme("zh-hans") and "安裝" in _readme("zh-hant")


WRONG_ADDITIVE = (
    "def additive_score(q, k, W, w):\n    return float(w @ np.tanh(W @ np.concatenate([k, q])))"
)


@pytest.mark.slow
def test_check_gives_a_chinese_notebook_the_score_of_the_english_one(tmp_path):
    """The perfect solutions in the zh-hans release earn every automatic point; in zh-hant a wrong
    additive score (key first) loses that part's points and nothing else, as the English
    notebook does."""
    from autograder.grading.selfcheck import check

    course = Course(ROOT, tmp_path / "work")
    results = {}
    for language, answers in (("zh-hans", None), ("zh-hant", {"additive_score": WRONG_ADDITIVE})):
        mine = tmp_path / language / "self_attention.ipynb"
        mine.parent.mkdir()
        finished = translation.solved_notebook(
            course, "04_self_attention", "self_attention", language, answers
        )
        nbformat.write(finished, mine)
        assignment, results[language] = check(course, mine)
        assert assignment == "04_self_attention"
    perfect, wrong = results["zh-hans"], results["zh-hant"]
    automatic = {p: m for p, m in perfect.part_max.items() if p not in perfect.manual_parts}
    assert automatic and all(perfect.parts[p] == m for p, m in automatic.items()), perfect.parts
    # the written answers: by hand
    assert perfect.score == sum(automatic.values()) == perfect.max_score - 4
    lost = {p for p in automatic if wrong.parts[p] != perfect.parts[p]}
    assert lost == {"test_additive_score"}, (lost, wrong.lost)
    assert wrong.score == perfect.score - automatic["test_additive_score"]
    # asked for no language: answered in the notebook's own (the zh-hant kit's)
    message = wrong.lost["test_additive_score"]
    assert re.search("[\u4e00-\u9fff]", message), message
