"""Each edition's exercise pages open the notebooks of its own language: Binder and Colab links
into the English kit, the 简体中文 kit or the 繁體中文 kit (the URLs are checked, never fetched).
The first two tests need no build (about a second); the last reads the built book."""

import re
import sys
from urllib.parse import urlsplit

import yaml

from autograder.grading.course import Course
from autograder.tools.book import kit, launch_links

from ..conftest import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import launch_links as links_extension  # noqa: E402
import translated_pages  # noqa: E402
from traditional import to_taiwan  # noqa: E402

EDITIONS = ("en", "zh-hans", "zh-hant")
LAUNCH_HREF = r'href="(https://(?:mybinder\.org|colab\.research\.google\.com)/[^"]+)"'
DIRECTIVE = re.compile(r"^```\{launch-links\} (\S+)$", re.M)


def kit_repository(edition: str) -> str:
    """owner/name of the edition's kit, as the kit folders are named (course/kit/<name>)."""
    name = "self-attention-kit" if edition == "en" else f"self-attention-kit-{edition}"
    owner = urlsplit(kit()["url"]).path.strip("/").split("/")[0]
    return f"{owner}/{name}"


def expected(edition: str, notebook: str) -> set[str]:
    repo, path = kit_repository(edition), notebook.removeprefix("exercises/")
    return {
        f"https://mybinder.org/v2/gh/{repo}/main?urlpath=lab/tree/{path}",
        f"https://colab.research.google.com/github/{repo}/blob/main/{path}",
    }


def test_each_language_links_into_its_own_kit():
    notebook = "exercises/04_self_attention/self_attention.ipynb"
    for edition in EDITIONS:
        assert set(launch_links(notebook, edition).values()) == expected(edition, notebook)
        text = links_extension.sentence(kit(), notebook, edition)
        assert f"%pip install git+https://github.com/{kit_repository(edition)}`" in text
    assert "云端" in links_extension.sentence(kit(), notebook, "zh-hans")
    assert "雲端" in links_extension.sentence(kit(), notebook, "zh-hant")
    elsewhere = {**kit(), "zh-hant": "https://github.com/a-school/kit-tw"}
    assert links_extension.kit_url(elsewhere, "zh-hant") == "https://github.com/a-school/kit-tw"


def test_every_exercise_page_in_every_edition_names_its_notebook_for_the_links():
    """The directive is copied into the Chinese pages; there the edition's language picks the
    kit."""
    pages = sorted(p.stem for p in (ROOT / "book").glob("assignment_*.md"))
    assert len(pages) == len(Course.at().assignments())
    for page in pages:
        english = DIRECTIVE.findall((ROOT / "book" / f"{page}.md").read_text(encoding="utf-8"))
        assert len(english) == 1 and (ROOT / english[0]).is_file(), page
        for convert in (None, to_taiwan):  # as build_editions.py writes zh-hans and zh-hant
            chinese = translated_pages.chinese_page(page, convert)
            assert DIRECTIVE.findall(chinese) == english, page


def test_the_built_exercise_pages_link_to_their_editions_notebooks(built_book):
    config = yaml.safe_load((ROOT / "book" / "_config.yml").read_text())
    assert config["sphinx"]["local_extensions"]["launch_links"] == "_ext"
    for edition in EDITIONS:
        folder = built_book if edition == "en" else built_book / edition
        pages = sorted(folder.glob("assignment_*.html"))
        assert len(pages) == len(Course.at().assignments()), edition
        for page in pages:
            html = page.read_text(encoding="utf-8")
            source = (ROOT / "book" / f"{page.stem}.md").read_text(encoding="utf-8")
            (notebook,) = DIRECTIVE.findall(source)
            found = set(re.findall(LAUNCH_HREF, html))
            assert found == expected(edition, notebook), (edition, page.name, found)
