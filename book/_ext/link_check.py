"""Fail the build on a broken internal link: every link between the book's pages, and every #anchor,
must resolve in the built HTML. Links to other sites are not followed (the build machines
are offline)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sphinx.errors import ExtensionError


class _Page(HTMLParser):
    def __init__(self, follow_edition_links: bool = True):
        super().__init__()
        self.follow_edition_links = follow_edition_links
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        if tag == "a" and attrs.get("class") == "edition-link" and not self.follow_edition_links:
            # a page of another edition, not built yet: build_editions.py checks the whole site
            target = None
        elif tag == "a" or (tag == "link" and attrs.get("rel") == "stylesheet"):
            target = attrs.get("href")
        else:
            target = attrs.get("src") if tag in ("img", "script") else None
        if target:
            self.links.append(target)


def _parse(path: Path, follow_edition_links: bool = True) -> _Page:
    page = _Page(follow_edition_links)
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    return page


def broken_links(outdir: Path, follow_edition_links: bool = True) -> list[str]:
    """'page: link (why)' for each internal link of the built site that does not resolve (links of
    the language switch into another edition left out, with ``follow_edition_links=False``)."""
    pages = {
        p: _parse(p, follow_edition_links)
        for p in outdir.rglob("*.html")
        if "_static" not in p.parts
    }
    broken = []
    for page, parsed in pages.items():
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(outdir)}: {link}"
            if not target.exists():
                broken.append(f"{where} (no such file)")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{where} (no anchor #{parts.fragment})")
    return sorted(set(broken))


def _check(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        broken = broken_links(Path(app.outdir), follow_edition_links=False)
        if broken:
            raise ExtensionError(
                "broken internal links in the built book:\n  " + "\n  ".join(broken)
            )


def setup(app):
    app.connect("build-finished", _check, priority=900)  # after the assets are copied
    return {"parallel_read_safe": True, "parallel_write_safe": True}
