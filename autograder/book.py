"""Helpers for the book's pages."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import nbformat
import yaml
from IPython.display import Markdown, display

BOOK = Path(__file__).resolve().parent.parent / "book"


@cache
def repository() -> dict:
    """The `repository` section of book/_config.yml: the course's public address, one place for all links."""
    return yaml.safe_load((BOOK / "_config.yml").read_text())["repository"]


def launch_links(notebook: str) -> dict[str, str]:
    """Open-in-the-cloud links for a notebook given by its path in the repository (exercises/...)."""
    repo = repository()
    owner_name = repo["url"].removeprefix("https://github.com/").strip("/")
    branch = repo.get("branch", "main")
    return {
        "Binder (JupyterLab)": f"https://mybinder.org/v2/gh/{owner_name}/{branch}?urlpath=lab/tree/{notebook}",
        "Colab": f"https://colab.research.google.com/github/{owner_name}/blob/{branch}/{notebook}",
    }


def show_launch_links(notebook: str) -> None:
    links = " · ".join(f"[{name}]({url})" for name, url in launch_links(notebook).items())
    display(Markdown(f"Open it in the cloud: {links} (the course package installs from `requirements.txt`)."))


def show_notebook(path: str | Path) -> None:
    """Show a notebook's cells on a book page without running them: markdown as text, code as listings."""
    nb = nbformat.read(path, as_version=4)
    parts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            # The page has its own title: the notebook's (its one level-1 heading) is left out, so the page does
            # not repeat it, and every other heading goes one level down.
            lines = [ln for ln in cell.source.splitlines() if not (ln.startswith("# ") and not ln.startswith("##"))]
            parts.append("\n".join("#" + ln if ln.startswith("#") else ln for ln in lines))
        elif cell.cell_type == "code":
            parts.append(f"```python\n{cell.source}\n```")
    display(Markdown("\n\n".join(parts)))
