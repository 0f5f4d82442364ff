"""Feedback pages (autograder.grading.feedback): the shared exporter writes what nbconvert's
HTMLExporter writes."""

import base64
import re

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbconvert.exporters import HTMLExporter
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from autograder.grading.feedback import FeedbackHTMLExporter

PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5f0000000049454e44ae426082"
    )
).decode()


def notebook(image: bool) -> nbformat.NotebookNode:
    outputs = [new_output("stream", name="stdout", text="a & b < c\n")]
    if image:
        outputs.append(
            new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"})
        )
    return new_notebook(
        cells=[
            new_markdown_cell("# Title\n\nSome *text* & `code`."),
            new_code_cell("x = 1 < 2\nprint('a & b < c')", outputs=outputs, execution_count=1),
        ],
        metadata={"language_info": {"name": "python", "pygments_lexer": "ipython3"}},
    )


@pytest.mark.parametrize("template", ["classic", "lab"])
@pytest.mark.parametrize("image", [False, True])
def test_the_page_is_the_document_nbconvert_writes(template, image):
    nb = notebook(image)
    theirs, _ = HTMLExporter(template_name=template).from_notebook_node(nb)
    ours, _ = FeedbackHTMLExporter(template_name=template).from_notebook_node(nb)
    assert str(BeautifulSoup(ours, features="html.parser")) == theirs
    if image or template == "lab":  # a page the pass changes gets it, so it is the very same text
        assert ours == theirs
        assert ("No description has been provided" in ours) == image


def test_a_page_with_nothing_to_change_skips_the_pass():
    nb = notebook(False)
    ours, _ = FeedbackHTMLExporter(template_name="classic").from_notebook_node(nb)
    theirs, _ = HTMLExporter(template_name="classic").from_notebook_node(nb)
    assert ours != theirs  # not written out again by BeautifulSoup (which is what costs the time)


# ----------------------------------------------------------- the learner's feedback page (issue 26)

MESSAGE = (
    "softmax(x, axis=0) returned NaN: you subtracted the maximum of the whole array, so slices far "
    "below it underflow.\nSubtract each slice's own maximum: `np.max(x, axis=axis, "
    "keepdims=True)`.\nYou returned\n"
    "[[0.25 0.25]\n [ nan  nan]]"
)


def graded_notebook() -> nbformat.NotebookNode:
    """What nbgrader's autograde leaves and GetGrades annotates: a part's text with math, a
    solution, a failed and a passed test cell (hidden tests put back), a written answer."""

    def grade(cell, grade_id, score, points, solution=False):
        cell.metadata["nbgrader"] = {
            "grade": True,
            "solution": solution,
            "grade_id": grade_id,
            "score": score,
            "points": points,
        }
        return cell

    hidden = (
        "# Graded: 2 points. Hidden tests run here when your work is graded.\n### BEGIN "
        "HIDDEN TESTS\n"
        "from autograder.checks import self_attention "
        "as checks\nchecks.check_softmax(softmax)\n"
        "### END HIDDEN TESTS"
    )
    error = new_output(
        "error", ename="GradingError", evalue=MESSAGE, traceback=[f"GradingError: {MESSAGE}"]
    )
    answer = new_code_cell("def softmax(x, axis=-1):\n    return x", execution_count=1)
    answer.metadata["nbgrader"] = {"solution": True, "grade": False, "grade_id": "softmax"}
    return new_notebook(
        cells=[
            new_markdown_cell(
                "## Part 3: softmax (3 points)\n\nThe relevance of $a^j$ to $a^i$ is "
                "$\\alpha_{i,j}$, and $$\\mathrm{softmax}(x)_i = \\frac{e^{x_i}}{\\sum_j "
                "e^{x_j}}.$$ Code keeps `$x` as it is."
            ),
            answer,
            grade(new_code_cell(hidden, outputs=[error]), "test_softmax", 0.0, 2.0),
            grade(
                new_code_cell(hidden.replace("check_softmax", "check_softmax_stable")),
                "test_softmax_stable",
                1.0,
                1.0,
            ),
            new_markdown_cell("## Part 9: written answers (4 points, graded by hand)"),
            grade(
                new_markdown_cell("Because the rows sum to one."),
                "answer_rows",
                0.0,
                2.0,
                solution=True,
            ),
        ],
        metadata={"language_info": {"name": "python", "pygments_lexer": "ipython3"}},
    )


def feedback_page(tmp_path=None, language: str = "en", nb=None) -> str:
    from traitlets.config import Config

    from autograder.grading.feedback import NBGRADER_TEMPLATES, TEMPLATE, TEMPLATES, FeedbackParts

    config = Config()
    config.CourseLanguage.language = language  # as nbgrader_config.py sets it
    exporter = FeedbackHTMLExporter(
        template_name=TEMPLATE,
        config=config,
        extra_template_basedirs=[str(TEMPLATES), str(NBGRADER_TEMPLATES)],
    )
    # as the grading registers it: it must run by itself
    exporter.register_preprocessor(FeedbackParts)
    page, _ = exporter.from_notebook_node(
        nb or graded_notebook(),
        {
            "nbgrader": {
                "notebook": "self_attention",
                "score": 1.0,
                "max_score": 5.0,
                "late_penalty": 0,
            }
        },
    )
    if tmp_path is not None:
        (tmp_path / "feedback.html").write_text(page, encoding="utf-8")
    return page


def test_the_feedback_page_opens_with_a_summary_of_every_part_and_its_whole_message():
    page = feedback_page()
    soup = BeautifulSoup(page, features="html.parser")
    rows = soup.select("#summary tbody tr")
    assert [r.select_one("code").get_text() for r in rows] == [
        "test_softmax",
        "test_softmax_stable",
        "answer_rows",
    ]
    lost, passed, manual = rows
    assert (
        lost.select_one("a")["href"] == "#test_softmax" and soup.find(id="test_softmax") is not None
    )
    assert "Part 3: softmax" in lost.get_text() and "0 / 2" in lost.get_text()
    # whole, every line, code as <code>
    assert lost.select_one("pre").get_text() == MESSAGE.replace("`", "")
    assert lost.select_one("pre code").get_text() == "np.max(x, axis=axis, keepdims=True)"
    assert "Passed" in passed.get_text() and "graded by your instructor" in manual.get_text()
    assert "Part 9: written answers" in manual.get_text()


@pytest.mark.parametrize(
    "language, words",
    [
        (
            "zh-hans",
            [
                "成绩总览",
                "部分",
                "分数",
                "说明",
                "通过：1 / 1",
                "书面作答，由老师批改",
                "失去 2 分",
            ],
        ),
        (
            "zh-hant",
            [
                "成績總覽",
                "部分",
                "分數",
                "說明",
                "通過：1 / 1",
                "書面作答，由老師批改",
                "失去 2 分",
            ],
        ),
    ],
)
def test_the_feedback_page_speaks_the_courses_language(language, words):
    page = feedback_page(language=language)
    soup = BeautifulSoup(page, features="html.parser")
    assert soup.html["lang"] == {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant-TW"}[language]
    summary = soup.select_one("#summary")
    assert summary["aria-label"] == words[0]
    for word in words:
        assert word in page, word
    for english in (
        "What happened",
        "Passed",
        "Lost 2 points",
        "graded by your instructor",
        "Late submission",
    ):
        assert english not in page, english
    # the check's own words
    assert soup.select_one("#summary tbody tr pre").get_text() == MESSAGE.replace("`", "")


def test_the_feedback_page_has_no_exception_names_no_hidden_tests_and_math_as_mathml():
    page = feedback_page()
    assert "GradingError" not in page and "HIDDEN TESTS" not in page and "check_softmax" not in page
    assert "Hidden tests run here" in page  # the visible part of the test cell stays
    text = BeautifulSoup(page, features="html.parser").get_text()
    # every $...$ became math; the code span keeps its own dollar
    assert "$" not in text.replace("$x", "")
    assert page.count("<math") == 4 and 'display="block"' in page
    # nothing loaded
    assert "<script" not in page and not re.findall(r'(?:src|href)="(?:https?:)?//', page)


def test_every_formula_of_the_exercises_becomes_mathml_without_raw_tex():
    """latex2mathml reads every formula the exercise notebooks' text holds (none is left as
    TeX source)."""
    from autograder.grading.feedback import _MATH, mathml

    from ..helpers import ROOT

    formulas = [
        m.group(2) or m.group(3)
        for nb in sorted((ROOT / "exercises").glob("*/*.ipynb"))
        for cell in nbformat.read(nb, as_version=4).cells
        if cell.cell_type == "markdown"
        for m in _MATH.finditer(cell.source)
    ]
    assert len(formulas) > 20
    for tex in formulas:
        out = mathml(tex, block=False)
        assert (
            out.startswith("<math")
            and "\\" not in BeautifulSoup(out, features="html.parser").get_text()
        ), tex


TYPESET = r"""() => [...document.querySelectorAll("math")].map(m => {
  const box = m.getBoundingClientRect();
  const frac = m.querySelector("mfrac");
  let stacked = null;  // a fraction drawn as MathML puts its numerator above its denominator
  if (frac && frac.children.length === 2) {
    stacked = frac.children[0].getBoundingClientRect().bottom
      <= frac.children[1].getBoundingClientRect().top + 1;
  }
  return {width: box.width, height: box.height, stacked: stacked};
})"""


def test_the_feedback_page_renders_offline_in_chromium_with_its_math_typeset(tmp_path):
    """As the book is checked (tests/book/browser.py): every other host blocked, no console error,
    no stray $, and every formula drawn by Chromium's own MathML layout (a fraction's numerator
    above its denominator)."""
    import os
    import shutil

    if not shutil.which("chromium") and os.environ.get("REQUIRE_BROWSER") != "1":
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from ..book.browser import browser, serve, visit

    feedback_page(tmp_path)
    with serve(tmp_path) as base, browser() as chromium:
        report = visit(chromium, base, "feedback.html", tmp_path / "feedback.png")
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(f"{base}/feedback.html", wait_until="load")
        formulas = page.evaluate(TYPESET)
        summary = page.inner_text("#summary")
        context.close()
    assert not report.outside_requests and not report.failed_requests and not report.console_errors
    assert not report.raw_math, report.raw_math
    assert len(formulas) == 4 and all(f["width"] > 0 and f["height"] > 0 for f in formulas)
    assert any(f["stacked"] for f in formulas)
    assert "Part 3: softmax" in summary and "Subtract each slice's own maximum" in summary


def test_a_chinese_notebook_gets_its_page_in_its_language_with_its_part_titles():
    """The course speaks English; a notebook of the zh-hant kit gets the zh-hant page, each part
    titled by its own heading ("第 3 部分：Softmax"), the points left out."""
    nb = graded_notebook()
    nb.metadata["autograder"] = {"language": "zh-hant"}
    nb.cells[0].source = "## 第 3 部分：Softmax（3 分）\n\n$a^j$ 和 $a^i$ 的關聯性。"
    nb.cells[4].source = "## 第 9 部分：書面作答（4 分，由老師人工批改）"
    soup = BeautifulSoup(feedback_page(nb=nb), features="html.parser")
    assert soup.html["lang"] == "zh-Hant-TW"
    assert soup.select_one("#summary")["aria-label"] == "成績總覽"
    titles = [row.select_one("td").get_text() for row in soup.select("#summary tbody tr")]
    assert titles == [
        "第 3 部分：Softmaxtest_softmax",  # the title, then the part's id
        "第 3 部分：Softmaxtest_softmax_stable",
        "第 9 部分：書面作答answer_rows",
    ], titles
