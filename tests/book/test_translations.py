"""The Chinese editions are kept in step with the English book, without building it (about
a second).

book/zh-hans/<page>.md holds, for each English block of book/<page>.md, the hash of the English text
it translates; book/_ext/translated_pages.py generates the Chinese chapters from the two at
build time.
"""

import re
import shutil
import sys

import pytest
import yaml

from ..helpers import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import translated_pages as tp  # noqa: E402
from language_switch import switch_html  # noqa: E402
from traditional import to_taiwan  # noqa: E402

CODE_CELL = re.compile(r"^```\{code-cell\}.*?^```$", re.S | re.M)


def test_every_translation_translates_the_current_english():
    """The failing message names the page, the English block's first words and what to do."""
    assert tp.translated_pages(), "no translated page"
    problems = [p for page in tp.translated_pages() for p in tp.problems(page)]
    assert not problems, "\n".join(problems)


def test_a_changed_english_paragraph_or_heading_fails_with_the_page_and_its_words(
    tmp_path, monkeypatch
):
    book = shutil.copytree(
        ROOT / "book", tmp_path / "book", ignore=shutil.ignore_patterns("_build")
    )
    monkeypatch.setattr(tp, "BOOK", book)
    intro = book / "intro.md"
    text = intro.read_text()
    intro.write_text(
        text.replace("## The chapters", "## The chapters, one by one").replace(
            "**Who it is for.** Learners", "**Who it is for.** Students"
        )
    )
    problems = tp.problems("intro")
    assert any(
        "intro: no translation of the English block '## The chapters, one by one'" in p
        for p in problems
    )
    assert any("'**Who it is for.** Students who know" in p for p in problems), problems
    assert sum("intro: the translation of '## The chapters'" in p for p in problems) == 1, problems
    with pytest.raises(ValueError, match="Who it is for"):
        tp.chinese_page("intro")


def test_the_generated_chapters_copy_every_code_cell_and_nothing_else_english():
    """No code cell exists twice in the sources: the Chinese chapters take theirs from the English
    page, identical (so the build's execution cache serves them), in both scripts."""
    for page in tp.translated_pages():
        english = (ROOT / "book" / f"{page}.md").read_text()
        for convert in (None, to_taiwan):
            chinese = tp.chinese_page(page, convert)
            assert CODE_CELL.findall(chinese) == CODE_CELL.findall(english), page
            assert chinese.startswith(english[:4]) if english.startswith("---") else True
        translation = (ROOT / "book" / "zh-hans" / f"{page}.md").read_text()
        assert "{code-cell}" not in translation, f"book/zh-hans/{page}.md copies a code cell"


def test_blocks_give_back_the_page():
    for source in sorted((ROOT / "book").glob("*.md")):
        text = source.read_text()
        joined = "\n\n".join(b.text for b in tp.blocks(text))
        squeeze = lambda t: re.sub(r"\s+", " ", t).strip()  # noqa: E731
        assert squeeze(joined) == squeeze(text), source.name
        assert all(b.translate for b in tp.blocks(text) if b.text.startswith("#")), (
            "headings are translated"
        )


def test_translated_pages_follow_the_english_toc_and_use_the_glossarys_terms():
    toc = yaml.safe_load((ROOT / "book" / "_toc.yml").read_text())
    pages = [toc["root"]] + [c["file"] for c in toc["chapters"]]
    assert set(tp.translated_pages()) <= set(pages)
    glossary = (ROOT / "book" / "zh-hans" / "glossary.md").read_text()
    for chinese in ("自注意力", "查询", "独热编码", "序列标注", "多头注意力", "位置编码"):
        assert f"**{chinese}**" in glossary, chinese


def test_taiwan_terms():
    """OpenCC's s2twp plus the course's overrides give what Taiwanese courses write."""
    simplified = (
        "向量 矩阵 序列 数据 程序 模型 信息 网络 全连接层 残差连接 图像 像素 掩码 帧 帧移 层归一化 "
        "局部 实现 示例 代码 参数量 循环神经网络"
    )
    assert to_taiwan(simplified).split() == [
        "向量",
        "矩陣",
        "序列",
        "資料",
        "程式",
        "模型",
        "資訊",
        "網路",
        "全連接層",
        "殘差連接",
        "影像",
        "像素",
        "遮罩",
        "音框",
        "音框位移",
        "層正規化",
        "局部",
        "實作",
        "範例",
        "程式碼",
        "參數量",
        "循環神經網路",
    ]
    # 里 as "in" is 裡, also where OpenCC reads one of its words of the other 里 (格里, 數里);
    # a distance keeps 里
    assert to_taiwan("写在下面的单元格里。") == "寫在下面的儲存格裡。"
    assert to_taiwan("别在函数里调用，表格里也一样") == "別在函式裡呼叫，表格裡也一樣"
    assert to_taiwan("三公里的里程") == "三公里的里程"
    # an error message is 錯誤訊息; information at large stays 資訊
    assert to_taiwan("错误信息要写出位置信息") == "錯誤訊息要寫出位置資訊"
    # what code does: a function 回傳 a value, 拋出 an error; a scalar is 純量
    assert to_taiwan("返回一个标量，否则抛出 ValueError") == "回傳一個純量，否則拋出 ValueError"
    # quotes are corner brackets in Taiwan
    assert to_taiwan("True 表示“可以关注”") == "True 表示「可以關注」"
    # a notebook's cell: 儲存格 where the simplified text says 单元格, "cell" where it keeps "cell"
    assert to_taiwan("每个测试单元格：定义它的那个 cell") == "每個測試儲存格：定義它的那個 cell"
    assert (
        to_taiwan("`q = a @ W_q` 与 {term}`查询 <query>` $\\sqrt{d_k}$")
        == "`q = a @ W_q` 與 {term}`查詢 <query>` $\\sqrt{d_k}$"
    )


def test_the_language_switch_lands_on_the_same_page_or_says_it_is_not_there():
    english = switch_html("en", "intro", {"intro"})
    assert 'href="zh-hans/intro.html"' in english and 'href="zh-hant/intro.html"' in english
    untranslated = switch_html("en", "vector_sets", {"intro"})
    assert (
        'href="zh-hans/intro.html"' in untranslated
        and "尚未翻译" in untranslated
        and "尚未翻譯" in untranslated
    )
    chinese = switch_html("zh-hant", "glossary", {"glossary"})
    assert 'href="../glossary.html"' in chinese and 'href="../zh-hans/glossary.html"' in chinese
    assert '<span class="current" lang="zh-Hant">繁體中文</span>' in chinese


def test_no_emphasis_marker_shows_as_a_literal_asterisk():
    """CommonMark opens or closes ``**`` and ``*`` only on a flanking boundary:
    ``叫作**{term}`...`**`` (a CJK character, then the marker, then punctuation) stays literal
    asterisks on the page. The strict build does not notice; a reader does. The fix is a space
    before the marker, or bold on the words alone."""
    from markdown_it import MarkdownIt

    render = MarkdownIt("commonmark").enable("table").render
    literal = []
    for page in tp.translated_pages():
        for text in tp.read_translations(ROOT / "book" / tp.SOURCE_EDITION / f"{page}.md").values():
            prose = re.sub(r"\$\$.*?\$\$|\$[^$]*\$|`[^`]*`", "", text, flags=re.S)
            rendered = re.sub(r"<code>.*?</code>", "", render(prose), flags=re.S)
            if "*" in rendered:
                literal.append(f"{page}: {' '.join(text.split())[:70]}")
    assert not literal, "emphasis left as literal asterisks:\n" + "\n".join(literal)
