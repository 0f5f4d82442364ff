"""A matrix's rows and columns in 繁體中文: the mainland's 行 (row) and 列 (column) are Taiwan's 列
and 行. One rule (book/_ext/traditional.py, ``swap_rows_and_columns`` inside ``to_taiwan``) serves
the book's zh-hant edition, the zh-hant notebooks and the zh-hant messages. No build: the build
converts every translated block with the same ``to_taiwan`` (checked here). The same scan finds
里 meaning "in" that the converter left 里 (Taiwan: 裡). About 5 s, all of it OpenCC converting the
sources, once for both scans."""

import re
import sys
from functools import cache

import nbformat
import pytest
from opencc import OpenCC

from autograder import messages
from autograder.authoring import kit, translation
from autograder.messages.zh_hans import CONTRACTS, MESSAGES, ZH_HANS

from ..conftest import ROOT

sys.path.insert(0, str(ROOT / "book"))
sys.path.insert(0, str(ROOT / "book" / "_ext"))
import build_editions  # noqa: E402
import traditional  # noqa: E402
import translated_pages  # noqa: E402

# simplified -> what a Taiwanese reader must see (a part of the converted text)
MATRIX_SENSES = [
    ("代码里的向量是行向量", "列向量"),
    ("课上写的是列向量", "行向量"),
    ("第 $i$ 行和第 `j` 列的余弦相似度", "第 $i$ 列和第 `j` 行"),
    ("第 {i} 行是第 {i} 个 Query", "第 {i} 列是第 {i} 個"),
    ("每一行的和为 1，不是每一列", "每一列的和為 1，不是每一行"),
    ("正弦在偶数列，余弦在奇数列", "正弦在偶數行，餘弦在奇數行"),
    ("窗口没有以第 i 行为中心", "以第 i 列為中心"),
    ("按本书以行为向量的约定", "以列為向量"),
    ("形状是 (3, 5)：行和列对调了", "列和行對調了"),
    ("Mask 用在了 Query（行）上，而不是 Key（列）上", "Query（列）上，而不是 Key（行）上"),
    ("全零的行和任何一行", "全零的列和任何一列"),
    ("自注意力那一行里的 $N^2$", "那一列裡"),
    ("把这些列的分数设为负无穷", "這些行的分數"),
    ("各行长度为 6", "各列長度"),
    ("mask 把每一行的后段标成 False", "每一列的後段"),
    ("只能沿着行 broadcast", "沿著列"),
]
OTHER_SENSES = [
    ("做序列标注", "序列標註"),
    ("一个列表，列出每个 token", "一個列表，列出每個"),
    ("交替排列", "交替排列"),
    ("隐藏的测试会在批改时才执行", "才執行"),
    ("在 GPU 上运行，并行处理", "並行"),
    ("训练是逐 batch 进行的", "進行的"),
    ("距离多远都行；也一样行得通", "都行；也一樣行得通"),
    ("必须两边都允许才行", "允許才行"),
    ("行列式", "行列式"),
    ("一行都不用改", "一行都不用改"),
    ("改这一行代码", "這一行程式碼"),
    ("记得删掉 `raise NotImplementedError()` 那一行", "` 那一行"),
    ("在 `{line}` 这一行抛出了", "` 這一行"),
    ("图下面打印的几行，列出了", "印出的幾行，列出了"),
    ("上面打印的第四行", "印出的第四行"),
    ("每个标记行写着英文原文", "標記行"),
]


@pytest.mark.parametrize(("simplified", "taiwanese"), MATRIX_SENSES + OTHER_SENSES)
def test_the_rule_swaps_rows_and_columns_and_keeps_the_other_senses(simplified, taiwanese):
    assert taiwanese in traditional.to_taiwan(simplified)


def test_the_book_the_notebooks_and_the_messages_use_the_one_rule(monkeypatch, course, tmp_path):
    """Changing the rule changes what each consumer writes."""
    assert build_editions.EDITIONS["zh-hant"]["convert"] is traditional.to_taiwan
    monkeypatch.setattr(traditional, "swap_rows_and_columns", lambda text: text + "【规则】")
    marked = traditional.to_taiwan("")

    convert = build_editions.EDITIONS["zh-hant"]["convert"]
    page = translated_pages.chinese_page("vector_sets", convert)
    assert marked in page, "the book's zh-hant pages"

    written = translation.release_language(
        course.root, course.release, "01_vector_sets", "zh-hant", tmp_path
    )
    notebook = nbformat.read(written[0], as_version=4)
    assert any(marked in cell.source for cell in notebook.cells), "the zh-hant notebooks"
    assert marked in kit._readme("zh-hant"), "the zh-hant kit's README"

    messages._traditional.cache_clear()
    try:
        template = next(t for t, zh in ZH_HANS.items() if "行" in zh)
        assert marked in messages.translate(template, "zh-hant"), "the zh-hant messages"
    finally:
        monkeypatch.undo()
        messages._traditional.cache_clear()


# Unmistakable matrix senses, found in the simplified sources independently of the rule's own list:
# a converted text must hold each of them swapped (a printed line is written 打印的第三行).
MAINLAND_ROWS_AND_COLUMNS = re.compile(
    r"[行列]向量|行和列|列和行|偶数列|奇数列|每一[行列]|各[行列]|（[行列]）"
    r"|(?<!打印的)第 ?(?:\$[^$]+\$|`[^`]+`|\{[^}]+\}|[\w]+(?: ?[+-] ?\w+)?) ?[行列]"
)
# words that are never a row or a column: the converted text must keep every one of them
OTHER_WORDS = ("序列", "列表", "列出", "排列", "执行", "进行")
_s2twp = OpenCC("s2twp")


def _sources():
    """(where, simplified text) for every translated block: the book's pages, the notebooks'
    translations, the messages and the parts' contracts."""
    for path in sorted((ROOT / "book" / "zh-hans").glob("*.md")):
        for text in translated_pages.read_translations(path).values():
            yield f"book/zh-hans/{path.name}", text
    for path in sorted(translation.translations_folder(ROOT).glob("*.md")):
        for text in translation.read_translations(path).values():
            yield f"translations/zh-hans/{path.name}", text
    for text in MESSAGES.values():
        yield "autograder/messages/zh_hans.toml", text
    for text in CONTRACTS.values():
        yield "autograder/messages/zh_hans_contracts.toml", text


@cache
def _converted() -> tuple[tuple[str, str, str], ...]:
    """(where, simplified, as written in Taiwan) for every translated block, converted once."""
    return tuple((where, text, traditional.to_taiwan(text)) for where, text in _sources())


def test_no_zh_hant_text_keeps_a_mainland_row_or_column():
    wrong = []
    found = 0
    for where, simplified, taiwanese in _converted():
        if not re.search("[行列]", simplified):
            continue
        for match in MAINLAND_ROWS_AND_COLUMNS.finditer(simplified):
            found += 1
            phrase = match.group()
            swapped = _s2twp.convert(phrase.translate(str.maketrans("行列", "列行")))
            if swapped not in taiwanese:
                wrong.append(f"{where}: {phrase!r} should read {swapped!r} in zh-hant")
        for word in OTHER_WORDS:
            if taiwanese.count(_s2twp.convert(word)) < simplified.count(word):
                wrong.append(f"{where}: {word!r} is not a row or a column, keep it")
    assert found > 100, "the sources name rows and columns often: the search finds too little"
    assert not wrong, "\n".join(wrong)


# 里 that stays 里 in Taiwan: a distance (the converter's other words of 里 are names and places)
DISTANCES = re.compile("公里|英里|海里|千里|萬里|里程")


def test_no_zh_hant_text_keeps_li_where_it_means_in():
    """里 as "in" (单元格里, 函数里) is 裡; the converter keeps 里 where a noun ends as one of its
    words of the other 里 (格里, 數里), which TAIWAN_TERMS then fixes."""
    wrong, found = [], 0
    for where, simplified, taiwanese in _converted():
        found += simplified.count("里")
        kept = {i for m in DISTANCES.finditer(taiwanese) for i in range(*m.span())}
        wrong += [
            f"{where}: ...{taiwanese[max(0, m.start() - 8) : m.end() + 4]}..."
            for m in re.finditer("里", taiwanese)
            if m.start() not in kept
        ]
    assert found > 100, "the sources say 里 often: the search finds too little"
    assert not wrong, "里 as 'in' reads 裡 in zh-hant (TAIWAN_TERMS):\n" + "\n".join(wrong)
