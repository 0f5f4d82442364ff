"""Each student's feedback HTML, from one exporter per grading process.

nbgrader's ``generate_feedback`` builds a new HTML exporter for every student, which finds, loads and
compiles the feedback templates again each time. Here the exporter (and its preprocessors, which read
everything they need from each notebook's resources) is built once per process and settings, and reused.

nbconvert's HTML exporter also parses every page it writes with BeautifulSoup, to give images an alt text and
JupyterLab cells a tabindex, and writes the page out again (about 0.1 s of every student's feedback). The
feedback template draws no JupyterLab cells, so :class:`FeedbackHTMLExporter` makes that pass only on a page
with an image, where it changes something; a page without is the same document (tests/engine/test_feedback.py).
"""

from __future__ import annotations

import json
import os
import re

from bs4 import BeautifulSoup
from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.writers import FilesWriter
from nbgrader.converters import GenerateFeedback
from nbgrader.utils import capture_log, temp_attrs
from traitlets.config import Config

_exporters: dict[str, object] = {}
# What HTMLExporter's BeautifulSoup pass looks for: images (for their alt text) and JupyterLab cells.
NEEDS_SOUP = re.compile(r"<img\b|jp-Cell-inputWrapper|jp-OutputArea-output", re.IGNORECASE)


class FeedbackHTMLExporter(HTMLExporter):
    """HTMLExporter, with its whole-page BeautifulSoup pass made only on pages it changes."""

    def from_notebook_node(self, nb, resources=None, **kw):
        # HTMLExporter.from_notebook_node's own set-up: the notebook's code lexer, the widget-data filter.
        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name"))
        self.register_filter("highlight_code", self.filters.get("highlight_code",
                                                                Highlight2HTML(pygments_lexer=lexer, parent=self)))
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata,
                                                                       parent=self, resources=resources))
        html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        if NEEDS_SOUP.search(html):
            html = str(_accessible(BeautifulSoup(html, features="html.parser")))
        return html, resources


def _accessible(soup: BeautifulSoup) -> BeautifulSoup:
    """What HTMLExporter does to every page: a default alt text for images, a tabindex for cells."""
    for image in soup.select("img:not([alt])"):
        image.attrs["alt"] = "No description has been provided for this image"
    for element in soup.select(".jp-Notebook div.jp-Cell-inputWrapper, .jp-Notebook div.jp-OutputArea-output"):
        element.attrs["tabindex"] = "0"
    return soup


class FeedbackWithOneExporter(GenerateFeedback):
    """nbgrader's GenerateFeedback, but its exporter is made once per process (BaseConverter.start, less
    the new exporter)."""

    def start(self) -> None:
        self.init_notebooks()
        self.writer = FilesWriter(parent=self, config=self.config)
        key = json.dumps({"exporter": self.config.HTMLExporter, "preprocessors": [str(p) for p in self.preprocessors]},
                         sort_keys=True, default=str)
        if key not in _exporters:
            exporter = FeedbackHTMLExporter(parent=self, config=self.config)
            for preprocessor in self.preprocessors:
                exporter.register_preprocessor(preprocessor)
            _exporters[key] = exporter
        self.exporter = _exporters[key]
        here = os.getcwd()
        os.chdir(self.coursedir.root)
        try:
            self.convert_notebooks()
        finally:
            os.chdir(here)


def generate_feedback(api, assignment: str, student: str) -> dict:
    """What ``api.generate_feedback(assignment, student, force=True)`` does, with the shared exporter."""
    config = Config()
    config.HTMLExporter.template_name = "feedback"
    with temp_attrs(api.coursedir, assignment_id=assignment, student_id=student):
        app = FeedbackWithOneExporter(coursedir=api.coursedir, parent=api)
        app.update_config(config)
        app.force = True
        return capture_log(app)
