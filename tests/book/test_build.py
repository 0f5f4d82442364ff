"""The book builds with warnings as errors and every chapter
executed (nb_execution_raise_on_error)."""

import re
import sys
from urllib.parse import urlsplit

import yaml

from autograder.grading.course import Course
from autograder.tools.book import kit, kit_path

from ..helpers import (
    ROOT,  # noqa: E402
    workflow_build_command,
)

sys.path.insert(0, str(ROOT / "book" / "_ext"))  # the book's own Sphinx extensions
from link_check import broken_links  # noqa: E402


def test_every_chapter_is_built_and_executed(built_book):
    page = (built_book / "self_attention.html").read_text()
    assert "Self-attention, derived" in page
    assert page.count("<img alt=") + page.count("<img src=") >= 3, (
        "the chapter's figures are in the page"
    )
    assert "Traceback" not in page and "Error" not in page.split("<body")[1][:2000]


def test_exercise_page_shows_the_release_unexecuted_and_downloadable(built_book):
    page = (built_book / "assignment_04.html").read_text()
    assert "NotImplementedError" in page and "YOUR CODE HERE" in page
    assert "BEGIN SOLUTION" not in page and "check_softmax" not in page
    assert "_downloads/" in page and "self_attention.ipynb" in page
    assert (built_book / "self_attention.html").read_text().count('href="assignment_04.html') >= 1


def test_the_link_check_fails_on_a_missing_page_or_anchor(tmp_path):
    (tmp_path / "a.html").write_text(
        '<a href="b.html#here">ok</a><a href="c.html">gone</a><a href="b.html#nope">x</a>'
        '<a href="https://example.org/">outside, not followed</a><img src="_images/f.png">'
    )
    (tmp_path / "b.html").write_text(
        '<h1 id="here">B</h1><a href="a.html">back</a><a href="#here">self</a>'
    )
    assert broken_links(tmp_path) == [
        "a.html: _images/f.png (no such file)",
        "a.html: b.html#nope (no anchor #nope)",
        "a.html: c.html (no such file)",
    ]


def test_the_built_book_has_no_broken_internal_link(built_book):
    assert broken_links(built_book) == []


def test_glossary_is_bilingual_and_chapters_link_to_it(built_book):
    glossary = (built_book / "glossary.html").read_text()
    for term, chinese in [
        ("query", "查询"),
        ("self-attention", "自注意力"),
        ("one-hot encoding", "独热编码"),
    ]:
        assert f'id="term-{term.replace(" ", "-")}"' in glossary and chinese in glossary, term
    for chapter in ("output_types", "sequence_labeling", "self_attention"):
        assert 'href="glossary.html#term-' in (built_book / f"{chapter}.html").read_text(), chapter


def glossary_terms() -> list[str]:
    """The terms of book/glossary.md: the unindented lines of its glossary block."""
    block = (
        (ROOT / "book" / "glossary.md").read_text().split("```{glossary}", 1)[1].split("```", 1)[0]
    )
    return [ln.strip() for ln in block.splitlines() if ln.strip() and not ln[:1].isspace()]


def test_every_glossary_term_is_linked_from_a_chapter(built_book):
    """The glossary says chapters link each term where it first appears: a term no chapter links is
    a promise broken (issue 27 found two)."""
    chapters = "".join(
        p.read_text() for p in built_book.glob("*.html") if p.stem not in ("glossary", "genindex")
    )
    terms = glossary_terms()
    assert len(terms) > 30 and "multi-head attention" in terms and "online softmax" in terms
    unlinked = [
        t for t in terms if f'href="glossary.html#term-{t.replace(" ", "-")}"' not in chapters
    ]
    assert not unlinked, unlinked


def test_exercise_pages_offer_download_and_launch_links_into_the_learner_kit(built_book):
    repo = urlsplit(kit()["url"]).path.strip("/")
    binder_prefix = f"https://mybinder.org/v2/gh/{repo}/main?urlpath=lab/tree/"
    colab_prefix = f"https://colab.research.google.com/github/{repo}/blob/main/"
    for page in sorted(built_book.glob("assignment_*.html")):
        html = page.read_text()
        (notebook,) = set(re.findall(r"(exercises/[\w/]+\.ipynb)", html))
        assert (ROOT / notebook).is_file() and "_downloads/" in html, page.name
        binder = set(re.findall(r'href="(https://mybinder\.org/[^"]+)"', html))
        colab = set(re.findall(r'href="(https://colab\.research\.google\.com/[^"]+)"', html))
        path = kit_path(notebook)
        assert binder == {binder_prefix + path} and colab == {colab_prefix + path}, (binder, colab)
        assert path.split("/")[0] in Course.at().assignments(), (
            "the kit's layout: ASSIGNMENT/NOTEBOOK.ipynb"
        )


def test_pages_workflow_publishes_what_its_build_step_builds():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "book.yml").read_text())
    assert (
        workflow_build_command()[:2] == ["python", "book/build_editions.py"]
        and "-W" in workflow_build_command()
    )
    (upload,) = [
        s
        for s in workflow["jobs"]["build"]["steps"]
        if "upload-pages-artifact" in s.get("uses", "")
    ]
    assert upload["with"]["path"] == "book/_build/html"
    assert any("deploy-pages" in s.get("uses", "") for s in workflow["jobs"]["deploy"]["steps"])


def test_vector_sets_chapter_has_its_figures_and_the_assignment_page_its_release(built_book):
    page = (built_book / "vector_sets.html").read_text()
    assert "Sophisticated input" in page and "Traceback" not in page
    assert page.count("<img alt=") + page.count("<img src=") >= 6, (
        "the chapter's figures are in the page"
    )
    assert "5998 frames" in page and 'href="assignment_01.html' in page
    exercise = (built_book / "assignment_01.html").read_text()
    assert "NotImplementedError" in exercise and "YOUR CODE HERE" in exercise
    assert "BEGIN SOLUTION" not in exercise and "check_one_hot" not in exercise
    assert "_downloads/" in exercise and "vector_sets.ipynb" in exercise


def test_transformer_chapter_and_its_assignment_page(built_book):
    page = (built_book / "transformer_layer.html").read_text()
    assert "Self-attention in practice" in page
    assert page.count("<img alt=") + page.count("<img src=") >= 6, (
        "the chapter's figures are in the page"
    )
    assert "Traceback" not in page and 'href="assignment_05.html' in page
    exercise = (built_book / "assignment_05.html").read_text()
    assert "YOUR CODE HERE" in exercise and "BEGIN SOLUTION" not in exercise
    assert "_downloads/" in exercise and "transformer_layer.ipynb" in exercise


def test_transformer_block_chapter_bibliography_and_one_title_per_assignment(built_book):
    page = (built_book / "transformer_block.html").read_text()
    assert "Attention at scale and the Transformer block" in page and "Traceback" not in page
    assert page.count("<img alt=") + page.count("<img src=") >= 2, (
        "the memory plot and the block diagram"
    )
    assert 'href="assignment_06.html' in page and "largest difference at the real positions" in page
    exercise = (built_book / "assignment_06.html").read_text()
    assert (
        "YOUR CODE HERE" in exercise
        and "BEGIN SOLUTION" not in exercise
        and "check_encoder_block" not in exercise
    )
    assert "_downloads/" in exercise and "transformer_block.ipynb" in exercise
    refs = (built_book / "bibliography.html").read_text()
    for needle in (
        "Attention Is All You Need",
        "Jointly Learning to Align",
        "Online Normalizer",
        "FlashAttention",
        "Graph Attention Networks",
        "Self-attention",
    ):
        assert needle.lower() in refs.lower(), needle
    for chapter in ("self_attention", "transformer_layer", "transformer_block"):
        assert 'href="bibliography.html#id' in (built_book / f"{chapter}.html").read_text(), chapter
    for n in range(1, 7):
        html = (built_book / f"assignment_0{n}.html").read_text()
        article = html.split("<article", 1)[1]
        assert len(re.findall(r"<h[12][ >]", article)) == 1, f"assignment_0{n}: one title"


def test_book_code_lines_fit_the_page():
    """Code cells of the chapters stay within 78 characters a line, what a code block shows at 1280
    px without wrapping (the browser test checks the rendered width; this catches a long line before
    a build)."""
    long = []
    for source in sorted((ROOT / "book").glob("*.md")):
        for cell in re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", source.read_text(), re.S):
            long += [
                f"{source.name}: {ln[:60]}"
                for ln in cell.splitlines()
                if len(ln) > 78 and ln[:1] != ":"
            ]
    assert not long, long


def test_notebook_code_lines_fit_the_assignment_pages():
    """The assignment pages show the released notebooks' code: the same 78 characters a line as the
    chapters' code, in every code cell of every released notebook (exercises/) and of the solutions
    it is made from."""
    import nbformat

    released, solutions = (
        sorted((ROOT / "exercises").glob("*/*.ipynb")),
        sorted((ROOT / "solutions").glob("*/*.ipynb")),
    )
    assert released and [p.relative_to(ROOT / "exercises") for p in released] == [
        p.relative_to(ROOT / "solutions") for p in solutions
    ], "every solutions notebook is released"
    long = []
    for notebook in released + solutions:
        cells = nbformat.read(notebook, as_version=4).cells
        long += [
            f"{notebook.relative_to(ROOT)}: {ln[:60]}"
            for c in cells
            if c.cell_type == "code"
            for ln in c.source.splitlines()
            if len(ln) > 78
        ]
    assert not long, f"code lines over 78 characters: {long}"


def test_chinese_runs_are_tagged_outside_tags_scripts_and_the_title():
    from cjk_font import tag_chinese

    html = (
        '<html><head><title>Glossary · 术语表</title><meta content="术语"></head><body>'
        '<h1>Glossary · 术语表</h1><script>var t = "术";</script>'
        "<p>向量集合. An input (One-Hot 编码)</p></body></html>"
    )
    tagged = tag_chinese(html)
    assert (
        "<title>Glossary · 术语表</title>" in tagged
        and 'content="术语"' in tagged
        and 'var t = "术"' in tagged
    )
    assert '<h1>Glossary · <span lang="zh">术语表</span></h1>' in tagged
    assert (
        '<p><span lang="zh">向量集合</span>. An input (One-Hot <span lang="zh">编码</span>)</p>'
        in tagged
    )
    assert tag_chinese(tagged) == tagged  # a second pass changes nothing


def test_the_chinese_editions_are_built_in_the_same_site(built_book):
    """zh-hans/ and zh-hant/ hold every translated page, in their own language, with the English
    page's figures (the same executed code cells) and a switch to the same page in the
    other editions."""
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    from translated_pages import translated_pages

    pages = translated_pages()
    assert {"intro", "glossary", "bibliography", "vector_sets"} <= set(pages)
    for edition, lang, words in [
        ("zh-hans", "zh-Hans", "向量集合"),
        ("zh-hant", "zh-Hant", "向量集合"),
    ]:
        built = {p.stem for p in (built_book / edition).glob("*.html")} - {
            "genindex",
            "search",
            "index",
        }
        assert built == set(pages), (edition, built ^ set(pages))
        for page in pages:
            html = (built_book / edition / f"{page}.html").read_text()
            assert f'<html lang="{lang}"' in html, (edition, page)
            assert f'href="../{page}.html"' in html, (
                f"{edition}/{page}: no switch to the English page"
            )
            assert "Traceback" not in html
        chapter = (built_book / edition / "vector_sets.html").read_text()
        english = (built_book / "vector_sets.html").read_text()
        assert words in chapter and "5998 frames" in chapter, (
            "the chapter's printed output, from the English run"
        )
        assert chapter.count("<img ") == english.count("<img ") >= 6
        assert 'href="glossary.html#term-one-hot-encoding"' in chapter
    hant = (built_book / "zh-hant" / "vector_sets.html").read_text()
    assert "資料" in hant or "資訊" in hant or "語音" in hant
    assert "语音" not in hant, "simplified characters left in the traditional edition"
    root = (built_book / "intro.html").read_text()
    assert (
        '<html lang="en"' in root
        and 'href="zh-hans/intro.html"' in root
        and 'href="zh-hant/intro.html"' in root
    )
