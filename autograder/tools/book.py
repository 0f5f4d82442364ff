"""Helpers for the book's pages."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import nbformat
import yaml
from IPython.display import Markdown, display

from autograder.tools.book_extensions import extension

# tools/ -> autograder/ -> the checkout
BOOK = Path(__file__).resolve().parent.parent.parent / "book"


@cache
def _config() -> dict:
    return yaml.safe_load((BOOK / "_config.yml").read_text())


def repository() -> dict:
    """The `repository` section of book/_config.yml: the course's own address (it may
    be private)."""
    return _config()["repository"]


def kit() -> dict:
    """The `kit` section of book/_config.yml: the public repository of the learner kit, which holds
    no answers (``python -m autograder release`` builds it; the instructor publishes it there)."""
    return _config()["kit"]


def kit_path(notebook: str) -> str:
    """Where a released notebook (exercises/ASSIGNMENT/NAME.ipynb) lies in the
    kit (ASSIGNMENT/NAME.ipynb)."""
    return extension("launch_links").kit_path(notebook)


def launch_links(notebook: str, edition: str = "en") -> dict[str, str]:
    """Open-in-the-cloud links into the learner kit of ``edition``'s language for a released
    notebook (exercises/...): what the exercise pages' ``launch-links`` directive shows."""
    return extension("launch_links").launch_links(kit(), notebook, edition)


def show_notebook(path: str | Path) -> None:
    """Show a notebook's cells on a book page without running them: markdown as text, code
    as listings."""
    nb = nbformat.read(path, as_version=4)
    parts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            # The page has its own title: the notebook's (its one level-1 heading) is left out, so
            # the page does not repeat it, and every other heading goes one level down.
            lines = [
                ln
                for ln in cell.source.splitlines()
                if not (ln.startswith("# ") and not ln.startswith("##"))
            ]
            parts.append("\n".join("#" + ln if ln.startswith("#") else ln for ln in lines))
        elif cell.cell_type == "code":
            parts.append(f"```python\n{cell.source}\n```")
    display(Markdown("\n\n".join(parts)))
