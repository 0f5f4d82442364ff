"""Open built book pages in headless Chromium (Debian's package) through Playwright, and report what
a reader would meet: requests to other hosts, console errors, math left untypeset, images that did
not load.

Used by tests/test_browser.py; also runnable by hand: `python -m
tests.book.browser book/_build/html`.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags Chromium calls home at start, which an offline
# machine refuses.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Run in the page once MathJax has typeset the page (and the web fonts have loaded): what is left
# untypeset, what overflows the page, and which images failed.
INSPECT = r"""() => new Promise(done => {
  const report = () => {
    const typeset = "mjx-container";
    // Prose is every text node of the article outside code, output and typeset math. A "$" or "\("
    // left there is math that did not typeset, including the "$<math>.$" that dollarmath leaves in
    // a list item.
    const skip = "pre, code, script, style, " + typeset;
    const walker = document.createTreeWalker(document.querySelector("article") || document.body,
                                             NodeFilter.SHOW_TEXT);
    const leftovers = [], seen = new Set();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement.closest(skip)) continue;
      if (/\\\(|\\\[|\$/.test(n.textContent)) {
        const block = n.parentElement.closest("p, li, td, th, dd, dt, h1, h2, h3, h4, figcaption")
          || n.parentElement;
        if (!seen.has(block)) leftovers.push(block.innerText.slice(0, 160));
        seen.add(block);
      }
    }
    const math = [...document.querySelectorAll("span.math.notranslate, div.math.notranslate")];
    const untypeset = math.filter(el => !el.querySelector(typeset));
    // Wider than the page: code and printed output that scroll sideways, tables cut off, display
    // math clipped.
    const wide = el => el.scrollWidth > el.clientWidth + 1;
    const overflow = [
      ...[...document.querySelectorAll("article pre")].filter(wide)
        .map(el => "code/output: "
          + el.innerText.split("\n").reduce((a, b) => a.length >= b.length ? a : b).slice(0, 100)),
      ...[...document.querySelectorAll("article table")]
        .filter(t => wide(t.parentElement) || wide(t))
        .map(t => "table: " + t.innerText.slice(0, 80)),
      ...[...document.querySelectorAll("article div.math")].filter(d => {
          const m = d.querySelector(typeset);
          return wide(d)
            || (m && m.getBoundingClientRect().right > d.getBoundingClientRect().right + 1);
        }).map(d => "math: " + d.textContent.slice(0, 80)),
    ];
    const images = [...document.querySelectorAll("article img")];
    done({
      math: math.length,
      raw_math: leftovers.slice(0, 3)
        .concat(untypeset.slice(0, 3).map(el => el.outerHTML.slice(0, 120))),
      overflow: overflow,
      images: images.length,
      broken_images: images.filter(i => !i.complete || i.naturalWidth === 0)
        .map(i => i.getAttribute("src")),
      // myst-nb's default alt text is the image's file name, which tells a screen reader nothing.
      missing_alt: images.filter(i => !/[a-z] [a-z]/i.test(i.getAttribute("alt") || ""))
        .map(i => i.getAttribute("src")),
      chinese: [...document.querySelectorAll("[lang|=zh]")].length,
    });
  };
  const ready = (window.MathJax && MathJax.startup) ? MathJax.startup.promise : Promise.resolve();
  ready.then(() => document.fonts.ready).then(report);
})"""

# Chinese text outside any lang="zh" element: a browser then picks glyphs for the page's language.
UNTAGGED_CHINESE = r"""() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const out = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (/[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/.test(n.textContent)
        && !n.parentElement.closest("[lang|=zh]") && !n.parentElement.closest("script, style")) {
      out.push(n.textContent.trim().slice(0, 40));
    }
  }
  return out;
}"""


@dataclass
class PageReport:
    page: str
    outside_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    math: int = 0
    raw_math: list[str] = field(default_factory=list)
    overflow: list[str] = field(default_factory=list)
    chinese: int = 0
    untagged_chinese: list[str] = field(default_factory=list)
    cjk_fonts: dict[str, list[dict]] = field(default_factory=dict)
    images: int = 0
    broken_images: list[str] = field(default_factory=list)
    missing_alt: list[str] = field(default_factory=list)


@contextmanager
def serve(folder: Path):
    """The built site on a free port of localhost, for as long as the block runs."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def visit(chromium, base: str, page_path: str, screenshot: Path | None = None) -> PageReport:
    """Load one page with every request to another host blocked and recorded."""
    report = PageReport(page_path)
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()

    def route(r):
        if urlsplit(r.request.url).hostname in (
            "127.0.0.1",
            "localhost",
        ) or r.request.url.startswith("data:"):
            r.continue_()
        else:
            report.outside_requests.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and report.console_errors.append(m.text))
    page.on("pageerror", lambda e: report.console_errors.append(str(e)))
    page.on(
        "requestfailed",
        lambda r: r.url not in report.outside_requests and report.failed_requests.append(r.url),
    )
    page.on(
        "response",
        lambda r: r.status >= 400 and report.failed_requests.append(f"{r.status} {r.url}"),
    )
    page.goto(f"{base}/{page_path}", wait_until="load")
    found = page.evaluate(INSPECT)
    for key, value in found.items():
        setattr(report, key, value)
    report.untagged_chinese = page.evaluate(UNTAGGED_CHINESE)
    report.cjk_fonts = chinese_fonts(page)
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=True)
    context.close()
    return report


def chinese_fonts(page, limit: int = 200) -> dict[str, list[dict]]:
    """The fonts Chromium really drew each rendered lang="zh" element's text with (DevTools'
    CSS.getPlatformFontsForNode): ``{text: [{"familyName", "isCustomFont", "glyphCount"}, ...]}``. A
    web font shows as isCustomFont; Chinese drawn with no font at all (the empty boxes) shows as a
    system fallback, or as no font."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    found = {}
    # body: in a Chinese edition <html lang="zh-Hans"> itself holds no text to draw
    for node in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "body [lang|=zh]"})[
        "nodeIds"
    ][:limit]:
        try:
            cdp.send("DOM.getBoxModel", {"nodeId": node})
        # not rendered (display: none, e.g. a collapsed menu): nothing is drawn to check
        except Exception:
            continue
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        html = cdp.send("DOM.getOuterHTML", {"nodeId": node})["outerHTML"]
        found[f"{node}: {html[:80]}"] = fonts
    cdp.detach()
    return found


def search(chromium, base: str, query: str) -> list[str]:
    """The pages Sphinx's own search (a script and an index in the site) lists for ``query``."""
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{base}/search.html?q={query}", wait_until="load")
    page.wait_for_function("document.querySelector('#search-results p') !== null", timeout=30_000)
    hits = page.eval_on_selector_all(
        "#search-results ul.search li a", "els => els.map(a => a.getAttribute('href'))"
    )
    context.close()
    return hits


if __name__ == "__main__":
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "book/_build/html")
    with serve(site) as base, browser() as chromium:
        for html in sorted(site.glob("*.html")):
            if html.name == "index.html":  # only a redirect to the landing page
                continue
            print(
                visit(chromium, base, html.name, site.parent / "screenshots" / (f"{html.stem}.png"))
            )
        print("search 'query':", search(chromium, base, "query"))
