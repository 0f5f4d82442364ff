"""An exercise page's notebook, shown in the edition's language: its instructions as text, its code
as listings, nothing run.

An exercise page writes

    ```{exercise-notebook} exercises/04_self_attention/self_attention.ipynb
    ```

and gets the released notebook of its edition (``book_edition``, set by build_editions.py):
``exercises/<ASSIGNMENT>/`` in English, ``exercises/zh-hans/<ASSIGNMENT>/`` and
``exercises/zh-hant/<ASSIGNMENT>/`` in Chinese, the notebooks of the learner kit of that language.
build_editions.py also points the Chinese pages' downloads and paths at their edition's notebook
(:func:`with_edition_notebooks`).
It is drawn when the page is read, not by a code cell, so the directive is copied into the Chinese
pages as it is (translated_pages.py), their code cells stay the English ones and the English run's
cache still serves them. A notebook missing from an edition fails the build.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective


def edition_notebook(notebook: str, edition: str = "en") -> str:
    """Where the ``edition`` of the released notebook ``exercises/ASSIGNMENT/NAME.ipynb`` lies."""
    if edition == "en":
        return notebook
    return "exercises/" + edition + "/" + notebook.removeprefix("exercises/")


# A released notebook named in a page's text: ``../exercises/01_a/a.ipynb`` (a {download} role's
# target) or ``exercises/01_a/a.ipynb`` (where it lies in the course's repository)
_NAMED = re.compile(r"(?<![\w/.-])((?:\.\./)?exercises/)(?=\d\d_\w+/\w+\.ipynb)")


def with_edition_notebooks(text: str, edition: str) -> str:
    """A page's text with every released notebook it names (a download, a path) replaced by the
    edition's own; the directives' arguments stay English (they map themselves)."""
    if edition == "en":
        return text
    return "\n".join(
        line if line.startswith("```{") else _NAMED.sub(rf"\g<1>{edition}/", line)
        for line in text.split("\n")
    )


def notebook_markdown(nb) -> str:
    """A notebook as one Markdown text: markdown cells as they are, code cells as listings. The
    page has its own title: the notebook's (its one level-1 heading) is left out, and every other
    heading goes one level down."""
    parts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            lines = [
                ln
                for ln in cell.source.splitlines()
                if not (ln.startswith("# ") and not ln.startswith("##"))
            ]
            parts.append("\n".join("#" + ln if ln.startswith("#") else ln for ln in lines))
        elif cell.cell_type == "code":
            fence = "````" if "```" in cell.source else "```"
            parts.append(f"{fence}python\n{cell.source}\n{fence}")
    return "\n\n".join(parts)


class ExerciseNotebook(SphinxDirective):
    required_arguments = 1

    def run(self):
        relative = edition_notebook(self.arguments[0], self.config.book_edition)
        path = Path(self.env.srcdir).parent / relative
        if not path.is_file():
            raise ExtensionError(f"{self.env.docname}: no notebook {relative} for this edition")
        self.env.note_dependency(str(path))  # a new release redraws the page
        text = notebook_markdown(nbformat.read(path, as_version=4))
        container = nodes.container(classes=["exercise-notebook"])
        self.state.nested_parse(StringList(text.splitlines()), self.content_offset, container)
        return [container]


def setup(app):
    if "book_edition" not in app.config.values:
        app.add_config_value("book_edition", "en", "html")
    app.add_directive("exercise-notebook", ExerciseNotebook)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
