"""The book's own modules in book/_ext, for the code outside the book that shares them: the
translation hashing (the notebooks' translations), the Taiwan converter (messages, notebooks) and
the CJK font (the class report's figures). Standard library only: the grader and the CLI
import it."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

# tools/ -> autograder/ -> checkout
FOLDER = Path(__file__).resolve().parent.parent.parent / "book" / "_ext"


def extension(name: str):
    """The module book/_ext/NAME.py; they import each other by plain name, as Sphinx loads them."""
    if str(FOLDER) not in sys.path:
        sys.path.insert(0, str(FOLDER))
    return importlib.import_module(name)
