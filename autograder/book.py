"""Helpers for the book's pages."""

from __future__ import annotations

from pathlib import Path

import nbformat
from IPython.display import Markdown, display


def show_notebook(path: str | Path) -> None:
    """Show a notebook's cells on a book page without running them: markdown as text, code as listings."""
    nb = nbformat.read(path, as_version=4)
    parts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            # One heading level down: the page has its own title.
            parts.append("\n".join("#" + ln if ln.startswith("#") else ln for ln in cell.source.splitlines()))
        elif cell.cell_type == "code":
            parts.append(f"```python\n{cell.source}\n```")
    display(Markdown("\n\n".join(parts)))
