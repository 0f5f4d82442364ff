"""The built book as a reader meets it, in headless Chromium with every other host blocked.

Chromium comes from Debian (`apt-get install chromium`, which .ci/run does). Without it these tests
are skipped with a reason, except where REQUIRE_BROWSER=1 (CI sets it), so CI can never skip them
silently. Screenshots of every page land in the build folder (`<build>/screenshots/`), to be
looked at.
"""

import os
import shutil

import pytest

from .browser import browser, search, serve, visit

if not shutil.which("chromium") and os.environ.get("REQUIRE_BROWSER") != "1":
    pytest.skip(
        "Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True
    )


def book_cjk_family(built_book) -> str:
    """The family inside the subset font book/_ext/cjk_font.py writes (what the browser reports
    drawing with)."""
    from fontTools.ttLib import TTFont

    return TTFont(str(built_book / "_static" / "fonts" / "book-cjk.woff"))["name"].getDebugName(1)


@pytest.fixture(scope="module")
def site(built_book):
    with serve(built_book) as base, browser() as chromium:
        yield built_book, base, chromium


EDITIONS = ("", "zh-hans/", "zh-hant/")  # English at the root, then the two Chinese editions


def pages(built_book):
    """Every page of the three editions, as paths from the site's root (index.html
    only redirects)."""
    return [
        f"{edition}{p.name}"
        for edition in EDITIONS
        for p in sorted((built_book / edition).glob("*.html"))
        if p.name != "index.html"
    ]


def test_every_page_renders_offline_with_math_and_figures(site):
    built_book, base, chromium = site
    family, problems = book_cjk_family(built_book), []
    for name in pages(built_book):
        r = visit(
            chromium, base, name, built_book.parent / "screenshots" / name.replace(".html", ".png")
        )
        if name.startswith("zh-") and not r.chinese:
            problems.append(f"{name}: no Chinese text")
        for what in (
            "outside_requests",
            "failed_requests",
            "console_errors",
            "raw_math",
            "broken_images",
            "overflow",
            "untagged_chinese",
        ):
            if getattr(r, what):
                problems.append(f"{name}: {what} {getattr(r, what)[:3]}")
        problems += [f"{name}: figure without alt text ({src})" for src in r.missing_alt]
        problems += [
            f"{name}: Chinese not drawn with the book's font: {where} {fonts}"
            for where, fonts in r.cjk_fonts.items()
            if not drawn_with_book_font(fonts, family)
        ]
    assert not problems, "\n".join(problems)


def drawn_with_book_font(fonts: list[dict], family: str) -> bool:
    """Every glyph of the element came from the book's web font (a custom font), none from a
    system fallback."""
    return bool(fonts) and all(f["isCustomFont"] and f["familyName"] == family for f in fonts)


def test_chinese_is_drawn_with_the_books_own_font(site):
    """The glossary's title, the sidebar's link to it and the glossary's entries: real glyphs from
    the subset font the book serves (_ext/cjk_font.py), even on a machine without any CJK font of
    its own."""
    built_book, base, chromium = site
    assert (built_book / "_static" / "fonts" / "book-cjk.woff").stat().st_size < 200_000
    r = visit(chromium, base, "glossary.html")
    heading = [fonts for where, fonts in r.cjk_fonts.items() if "术语表" in where]
    assert len(heading) >= 2, r.cjk_fonts  # the page's title and the sidebar entry at least
    assert all(drawn_with_book_font(fonts, book_cjk_family(built_book)) for fonts in heading), (
        heading
    )
    assert r.chinese > 40 and not r.untagged_chinese, r


def test_the_checks_fail_on_a_bad_page(site, tmp_path):
    """The inspector catches a dollar left next to typeset math, code wider than the page, Chinese
    outside lang="zh", and Chinese drawn without the book's font."""
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body><article>'
        "<ol><li>turns them into weights: $<mjx-container>x</mjx-container>.$</li></ol>"
        "<p>plain prose with a stray $ sign</p>"
        f'<pre style="width: 300px; overflow: auto">print("{"x" * 200}")</pre>'
        '<p>untagged 术语表</p><p><span lang="zh">术语表</span></p>'
        "</article></body></html>",
        encoding="utf-8",
    )
    chromium = site[2]  # the module's browser: Playwright's sync API allows one at a time
    with serve(tmp_path) as base:
        r = visit(chromium, base, "bad.html")
    assert len(r.raw_math) == 2 and "weights" in r.raw_math[0] and "stray" in r.raw_math[1], (
        r.raw_math
    )
    assert len(r.overflow) == 1 and r.overflow[0].startswith("code/output: print"), r.overflow
    assert r.untagged_chinese == ["untagged 术语表"], r.untagged_chinese
    (fonts,) = r.cjk_fonts.values()
    assert not drawn_with_book_font(fonts, book_cjk_family(site[0])), fonts


def test_the_chapters_have_their_math_and_figures(site):
    built_book, base, chromium = site
    r = visit(chromium, base, "self_attention.html")
    assert r.math > 50 and r.images >= 4, r


def test_the_language_switch_lands_on_the_same_page_in_each_edition(site):
    """Clicking 简体中文 on an English chapter, then 繁體中文, then English, comes back to the same
    chapter; each page says its language in <html lang>, and the Chinese chapter is drawn with the
    served font."""
    built_book, base, chromium = site
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/vector_sets.html", wait_until="load")
    assert page.get_attribute("html", "lang") == "en"
    for label, lang, path in [
        ("简体中文", "zh-Hans", "/zh-hans/vector_sets.html"),
        ("繁體中文", "zh-Hant", "/zh-hant/vector_sets.html"),
        ("English", "en", "/vector_sets.html"),
    ]:
        page.click(f"nav.language-switch a:has-text('{label}')")
        page.wait_for_load_state("load")
        assert page.url == base + path and page.get_attribute("html", "lang") == lang, (
            page.url,
            lang,
        )
    context.close()
    for path in ("zh-hans/vector_sets.html", "zh-hant/glossary.html"):
        r = visit(chromium, base, path)
        assert (
            r.chinese > 40 and r.math >= (5 if "vector" in path else 0) and not r.untagged_chinese
        ), r
        family = book_cjk_family(built_book / path.split("/")[0])
        assert all(drawn_with_book_font(fonts, family) for fonts in r.cjk_fonts.values()), path


def test_search_finds_the_self_attention_chapter_for_query(site):
    _, base, chromium = site
    hits = search(chromium, base, "query")
    assert any(h.split("#")[0] == "self_attention.html" for h in hits), hits
