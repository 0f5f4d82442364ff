"""Each edition's exercise pages show the notebook of its own language
(book/_ext/exercise_notebook.py): the English release on the English pages, the 简体中文 and
繁體中文 kits' notebooks on theirs. The first two tests need no build; the last reads the built
book."""

import re
import sys

import nbformat
from bs4 import BeautifulSoup

from autograder.grading.course import Course

from ..conftest import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import exercise_notebook  # noqa: E402
import translated_pages  # noqa: E402
from traditional import to_taiwan  # noqa: E402

EDITIONS = ("en", "zh-hans", "zh-hant")
DIRECTIVE = re.compile(r"^```\{exercise-notebook\} (\S+)$", re.M)


def pages() -> list[str]:
    return sorted(p.stem for p in (ROOT / "book").glob("assignment_*.md"))


def shown(page: str) -> str:
    (notebook,) = DIRECTIVE.findall((ROOT / "book" / f"{page}.md").read_text(encoding="utf-8"))
    return notebook


def headings(notebook: str, edition: str) -> list[str]:
    """The headings of the notebook's parts, in ``edition``."""
    path = ROOT / exercise_notebook.edition_notebook(notebook, edition)
    text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
    # as read on the page: emphasis and code marks drawn, not shown
    return [re.sub(r"[*`]", "", h).strip() for h in re.findall(r"^## (.+)$", text, re.M)]


def test_every_exercise_page_shows_a_notebook_every_edition_has():
    assert len(pages()) == len(Course.at().assignments())
    for page in pages():
        notebook = shown(page)
        for edition in EDITIONS:
            assert (ROOT / exercise_notebook.edition_notebook(notebook, edition)).is_file()
        for convert in (None, to_taiwan):  # the directive is copied into the Chinese pages
            chinese = translated_pages.chinese_page(page, convert)
            assert DIRECTIVE.findall(chinese) == [notebook], page
    assert (
        exercise_notebook.edition_notebook("exercises/01_a/a.ipynb", "zh-hant")
        == "exercises/zh-hant/01_a/a.ipynb"
    )


def test_the_chinese_pages_download_and_name_their_editions_notebook():
    """The page's text names the notebook to download and its path: in a Chinese edition, its own
    (as build_editions.py writes the page); the directives keep the English path they map."""
    named = re.compile(r"(?:\.\./)?exercises/[\w/-]+\.ipynb")
    for page in pages():
        english = (ROOT / "book" / f"{page}.md").read_text(encoding="utf-8")
        for edition, convert in (("zh-hans", None), ("zh-hant", to_taiwan)):
            text = exercise_notebook.with_edition_notebooks(
                translated_pages.chinese_page(page, convert), edition
            )
            prose = [ln for ln in text.split("\n") if not ln.startswith("```{")]
            paths = {p.removeprefix("../") for ln in prose for p in named.findall(ln)}
            assert paths == {exercise_notebook.edition_notebook(shown(page), edition)}, paths
            assert all((ROOT / p).is_file() for p in paths)
            assert DIRECTIVE.findall(text) == DIRECTIVE.findall(english)


def test_the_notebook_reads_as_text_and_listings_under_the_pages_own_title():
    path = ROOT / "exercises" / "zh-hant" / "04_self_attention" / "self_attention.ipynb"
    nb = nbformat.read(path, as_version=4)
    title = nb.cells[0].source.splitlines()[0]
    assert title.startswith("# 作業 4")
    text = exercise_notebook.notebook_markdown(nb)
    assert title not in text, "the notebook's own title is left out"
    assert re.search(r"^### 第 1 部分", text, re.M), "its parts go one level down"
    assert "```python\n" in text and "YOUR CODE HERE" in text and "檢查" in text


def test_the_built_exercise_pages_show_their_editions_notebook(built_book):
    for edition in EDITIONS:
        folder = built_book if edition == "en" else built_book / edition
        for page in pages():
            # the text as read (Chinese runs are spans of their own, cjk_font.py)
            soup = BeautifulSoup(
                (folder / f"{page}.html").read_text(encoding="utf-8"), "html.parser"
            )
            text = soup.get_text()
            notebook = shown(page)
            assert all(h in text for h in headings(notebook, edition)), (edition, page)
            (download,) = {
                a["href"] for a in soup.select("a[href$='.ipynb']") if "_downloads" in a["href"]
            }
            nb = nbformat.read(folder / download, as_version=4)
            assert nb.metadata.get("autograder", {}).get("language", "en") == edition, download
            for other in EDITIONS:  # (a heading may read the same in both scripts)
                if other != edition:
                    assert not all(h in text for h in headings(notebook, other)), (edition, other)
