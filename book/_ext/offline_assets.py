"""Serve MathJax from the book itself, so every page renders with no network access (no CDN).

The files come from a registry package, `django-static-mathjax` on PyPI (MathJax 3.2.2 as plain
static files, no Django needed; pinned in requirements.txt). The SVG build draws glyphs as paths, so
no web fonts are fetched either. `_config.yml` points Sphinx's `mathjax_path` at the copy
in `_static/mathjax/`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import mathjax  # the django-static-mathjax package

ES5 = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
ENTRY = "tex-svg.js"


def _skip(folder: str, names: list[str]) -> list[str]:
    """Leave out the other bundles, the speech engine and the web-font output: the book never
    loads them."""
    top = Path(folder) == ES5
    return [n for n in names if n in ("sre", "chtml") or (top and n.endswith(".js") and n != ENTRY)]


def _copy_mathjax(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        shutil.copytree(
            ES5, Path(app.outdir) / "_static" / "mathjax", ignore=_skip, dirs_exist_ok=True
        )


def _drop_duplicate_scripts(app, pagename, templatename, context, doctree) -> None:
    """Inline settings of sphinx-thebe (and togglebutton) come twice, once with filename None and
    once with ""; the second `const THEBE_JS_URL` is a console error in every page."""
    scripts = context.get("script_files", [])
    seen, unique = set(), []
    for script in scripts:
        key = (
            getattr(script, "filename", script) or "",
            repr(sorted(getattr(script, "attributes", {}).items())),
        )
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


def setup(app):
    app.connect("build-finished", _copy_mathjax)
    # after the others add theirs
    app.connect("html-page-context", _drop_duplicate_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
