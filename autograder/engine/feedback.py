"""Each student's feedback HTML, from one exporter per grading process.

nbgrader's ``generate_feedback`` builds a new HTML exporter for every student, which finds, loads and
compiles the feedback templates again each time. Here the exporter (and its preprocessors, which read
everything they need from each notebook's resources) is built once per process and settings, and reused.
"""

from __future__ import annotations

import json
import os

from nbconvert.writers import FilesWriter
from nbgrader.converters import GenerateFeedback
from nbgrader.utils import capture_log, temp_attrs
from traitlets.config import Config

_exporters: dict[str, object] = {}


class FeedbackWithOneExporter(GenerateFeedback):
    """nbgrader's GenerateFeedback, but its exporter is made once per process (BaseConverter.start, less
    the new exporter)."""

    def start(self) -> None:
        self.init_notebooks()
        self.writer = FilesWriter(parent=self, config=self.config)
        key = json.dumps({"exporter": self.config.HTMLExporter, "preprocessors": [str(p) for p in self.preprocessors]},
                         sort_keys=True, default=str)
        if key not in _exporters:
            exporter = self.exporter_class(parent=self, config=self.config)
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
