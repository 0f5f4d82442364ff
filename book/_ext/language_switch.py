"""One site, three editions: English at the root, 简体中文 under zh-hans/, 繁體中文 under zh-hant/.

On every page this extension

1. sets the page's language (``<html lang="en">``, ``"zh-Hans"`` or ``"zh-Hant"``): Sphinx's
   ``language`` (zh_CN, zh_TW) picks the themes' Chinese labels, but is not a valid HTML
   language tag;
2. puts a language switch at the top of the article, linking to the same page in the other editions;
   where the Chinese editions do not have the page yet, it says so and links to their first
   page instead.

The editions are built by book/build_editions.py, which sets ``book_edition`` in each Chinese
edition's configuration; the English book reads which pages are translated from book/zh-hans/.
"""

from __future__ import annotations

import html
from pathlib import Path

EDITIONS = {
    "en": ("English", "en"),
    "zh-hans": ("简体中文", "zh-Hans"),
    "zh-hant": ("繁體中文", "zh-Hant"),
}
UNTRANSLATED = {
    "zh-hans": "本页尚未翻译，先读中文版首页",
    "zh-hant": "本頁尚未翻譯，先讀中文版首頁",
}


def _prefix(edition: str, target: str) -> str:
    """The path from a page of ``edition`` to the root folder of edition ``target``."""
    up = "" if edition == "en" else "../"
    return up if target == "en" else f"{up}{target}/"


def switch_html(edition: str, pagename: str, translated: set[str]) -> str:
    depth = "../" * pagename.count("/")
    links = []
    for target, (label, lang) in EDITIONS.items():
        if target == edition:
            links.append(f'<span class="current" lang="{lang}">{label}</span>')
            continue
        page = pagename if target == "en" or pagename in translated else "intro"
        href = f"{depth}{_prefix(edition, target)}{page}.html"
        note = "" if page == pagename else f' title="{html.escape(UNTRANSLATED[target])}"'
        text = label if page == pagename else f"{label}（{UNTRANSLATED[target]}）"
        links.append(
            f'<a class="edition-link" href="{href}" '
            f'hreflang="{lang}" lang="{lang}"{note}>{text}</a>'
        )
    return (
        '<nav class="language-switch" aria-label="Language · 语言">'
        + " · ".join(links)
        + "</nav>\n"
    )


def _translated(app) -> set[str]:
    if app.config.book_translated_pages:
        return set(app.config.book_translated_pages)
    return {p.stem for p in (Path(app.srcdir) / "zh-hans").glob("*.md")}


def _page_context(app, pagename, templatename, context, doctree):
    edition = app.config.book_edition
    context["language"] = EDITIONS[edition][1]  # the <html lang> the theme writes
    if doctree is not None and "body" in context:
        context["body"] = switch_html(edition, pagename, _translated(app)) + context["body"]


def setup(app):
    app.add_config_value("book_edition", "en", "html")
    app.add_config_value("book_translated_pages", [], "html")
    app.connect("html-page-context", _page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
