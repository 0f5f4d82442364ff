"""Helpers for the book's pages."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

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
