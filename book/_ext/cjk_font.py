"""Serve the book's own Chinese glyphs, so Chinese text renders on a machine without any CJK font.

At the end of an HTML build this extension

1. marks every run of Chinese characters in the pages with ``<span lang="zh">`` (screen readers and
   the browser then know the language; the title in ``<head>`` and scripts are left alone);
2. subsets a packaged CJK font to exactly the characters the pages use, with fontTools (installed
   with matplotlib), and writes it as ``_static/fonts/book-cjk.woff`` (a few tens of kB instead of
   several MB);
3. ``book.css`` (added to every page) declares that file as the font "Book CJK" for ``:lang(zh)``.

The font is Noto Sans CJK (SIL Open Font License 1.1), from the PyPI package
``cvttf-NotoSansCJK-Regular`` that ``requirements.txt`` pins, so the README's one install command is
all a build needs; any TrueType/OpenType file named by the environment variable ``BOOK_CJK_FONT``
replaces it. Without a font the build fails: the book must not ship Chinese text it cannot draw.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
from pathlib import Path

from sphinx.errors import ExtensionError

# pinned in requirements.txt; the font file lies in the package
FONT_PACKAGE = "cvttf_NotoSansCJK_Regular"
# CJK punctuation, CJK ideographs (extension A and the main block) and full-width forms.
CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
CJK_RUN = re.compile(f"[{CJK}]+")
STATIC = Path(__file__).parent / "static"
FONT_FILE = "fonts/book-cjk.woff"


def find_font() -> Path:
    named = os.environ.get("BOOK_CJK_FONT")
    if named:
        candidates = [Path(named)]
    else:
        spec = importlib.util.find_spec(FONT_PACKAGE)
        folder = Path(spec.origin).parent if spec and spec.origin else None
        candidates = sorted(folder.glob("*.[ot]t[fc]")) if folder else []
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise ExtensionError(
        "no CJK font to serve the book's Chinese text: pip install -r requirements.txt "
        f"(it pins {FONT_PACKAGE}), or set BOOK_CJK_FONT to a .ttf/.otf/.ttc file"
    )


_SKIP = re.compile(r"<(script|style|title|textarea)\b", re.I)


def tag_chinese(html: str, lang: str = "zh") -> str:
    """Wrap every run of Chinese characters in text (not in tags, attributes, scripts, styles or the
    title) in ``<span lang="zh">`` (or the Chinese edition's own tag, ``zh-Hans``, ``zh-Hant``); a
    run right inside an element that already says its Chinese language is left as it is."""
    out, i = [], 0
    for match in re.finditer(r"<[^>]*>", html):
        out.append(_tag_text(html[i : match.start()], out, lang))
        tag = match.group(0)
        out.append(tag)
        i = match.end()
        skip = _SKIP.match(tag)
        if skip:  # copy the element's content unchanged, up to its closing tag
            end = re.compile(rf"</{skip.group(1)}\s*>", re.I).search(html, i)
            stop = end.start() if end else len(html)
            out.append(html[i:stop])
            i = stop
    out.append(_tag_text(html[i:], out, lang))
    return "".join(out)


_SAYS_CHINESE = re.compile(r'^<(span|a)\b[^>]*\blang="zh')
_PAGE_LANG = re.compile(r'<html\b[^>]*\blang="(zh[^"]*)"')


def _tag_text(text: str, before: list[str], lang: str) -> str:
    if not text or not CJK_RUN.search(text):
        return text
    if before and _SAYS_CHINESE.match(before[-1]):
        return text
    return CJK_RUN.sub(lambda m: f'<span lang="{lang}">{m.group(0)}</span>', text)


def subset_font(source: Path, characters: set[str], target: Path) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont

    font = (
        TTCollection(str(source)).fonts[0]
        if source.suffix.lower() in (".ttc", ".otc")
        else TTFont(str(source))
    )
    options = subset.Options()
    options.flavor = "woff"  # zlib-compressed: needs no brotli
    options.hinting = False
    options.name_IDs = ["*"]  # keep the names, the licence among them
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]  # a FontForge timestamp, not needed
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(characters)))
    subsetter.subset(font)
    missing = {c for c in characters if ord(c) not in font.getBestCmap()}
    if missing:
        raise ExtensionError(f"the CJK font {source} has no glyph for {''.join(sorted(missing))}")
    target.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff"
    font.save(str(target))


def _finish(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    used: set[str] = set()
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        # a page of a Chinese edition: its own language tag
        chinese_page = _PAGE_LANG.search(html[:2000])
        tagged = tag_chinese(html, chinese_page.group(1) if chinese_page else "zh")
        used |= set("".join(CJK_RUN.findall(html)))
        if tagged != html:
            page.write_text(tagged, encoding="utf-8")
    shutil.copy(STATIC / "book.css", out / "_static" / "book.css")
    if used:
        subset_font(find_font(), used, out / "_static" / FONT_FILE)


def _check_font(app) -> None:
    if app.builder.format == "html":
        find_font()  # fail early, before executing every chapter


def setup(app):
    app.add_css_file("book.css")
    app.connect("builder-inited", _check_font)
    app.connect("build-finished", _finish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
