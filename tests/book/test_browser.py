"""The built book as a reader meets it, in headless Chromium with every other host blocked.

Chromium comes from Debian (`apt-get install chromium`, which .ci/run does). Without it these tests are
skipped with a reason, except where REQUIRE_BROWSER=1 (CI sets it), so CI can never skip them silently.
Screenshots of every page land in the build folder (`<build>/screenshots/`), to be looked at.
"""

import os
import shutil

import pytest

from .browser import browser, search, serve, visit

if not shutil.which("chromium") and os.environ.get("REQUIRE_BROWSER") != "1":
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def site(built_book):
    with serve(built_book) as base, browser() as chromium:
        yield built_book, base, chromium


def pages(built_book):
    return sorted(p.name for p in built_book.glob("*.html") if p.name != "index.html")  # index only redirects


def test_every_page_renders_offline_with_math_and_figures(site):
    built_book, base, chromium = site
    problems = []
    for name in pages(built_book):
        r = visit(chromium, base, name, built_book.parent / "screenshots" / name.replace(".html", ".png"))
        for what in ("outside_requests", "failed_requests", "console_errors", "raw_math", "broken_images"):
            if getattr(r, what):
                problems.append(f"{name}: {what} {getattr(r, what)[:3]}")
        problems += [f"{name}: figure without alt text ({src})" for src in r.missing_alt]
    assert not problems, "\n".join(problems)


def test_the_chapters_have_their_math_and_figures(site):
    built_book, base, chromium = site
    r = visit(chromium, base, "self_attention.html")
    assert r.math > 50 and r.images >= 4, r


def test_search_finds_the_self_attention_chapter_for_query(site):
    _, base, chromium = site
    hits = search(chromium, base, "query")
    assert any(h.split("#")[0] == "self_attention.html" for h in hits), hits
