"""Each student's feedback HTML, from one exporter per grading process.

The page (template ``feedback_template/autograder_feedback``) opens with a summary: every graded
part by name, its points and its whole message, a link to it. Under each test cell its result is
plain feedback, as the learner reads it in ``check`` (no exception class name, no hidden-test code
or markers). The exercise text's math is MathML written into the page
(:func:`markdown_with_mathml`), which the browser draws itself: the page needs no network, as a page
sent to a learner is read anywhere.

nbgrader's ``generate_feedback`` builds a new HTML exporter for every student, which finds, loads
and compiles the feedback templates again each time. Here the exporter (and its preprocessors, which
read everything they need from each notebook's resources) is built once per process and settings,
and reused.

nbconvert's HTML exporter also parses every page it writes with BeautifulSoup, to give images an alt
text and JupyterLab cells a tabindex, and writes the page out again (about 0.1 s of every student's
feedback). The feedback template draws no JupyterLab cells, so :class:`FeedbackHTMLExporter` makes
that pass only on a page with an image, where it changes something; a page without is the same
document (tests/grading/test_feedback.py).
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import nbgrader
from bs4 import BeautifulSoup
from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.markdown_mistune import markdown2html_mistune
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor, Preprocessor
from nbconvert.writers import FilesWriter
from nbformat.notebooknode import NotebookNode
from nbgrader.converters import GenerateFeedback
from nbgrader.preprocessors import GetGrades
from nbgrader.utils import capture_log, temp_attrs
from traitlets import Bool
from traitlets.config import Config

from autograder.cells import nbgrader_meta
from autograder.errors import failure_message
from autograder.grading.language import CourseLanguage
from autograder.messages import say_in, speaking, template

TEMPLATES = Path(__file__).parent / "feedback_template"
TEMPLATE = "autograder_feedback"
NBGRADER_TEMPLATES = (
    Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates"
)

_exporters: dict[str, object] = {}
# What HTMLExporter's BeautifulSoup pass looks for: images (for their alt text) and
# JupyterLab cells.
NEEDS_SOUP = re.compile(r"<img\b|jp-Cell-inputWrapper|jp-OutputArea-output", re.IGNORECASE)


# --------------------------------------------------------------------------------------------- math


_CODE = re.compile(r"(```.*?```|~~~.*?~~~|`[^`\n]*`)", re.DOTALL)
_MATH = re.compile(r"(?<![\\$])(\$\$(.+?)\$\$|\$(?!\s)([^$\n]+?)(?<![\s\\])\$(?!\d))", re.DOTALL)


def _unescaped_text(m: re.Match) -> str:
    inner = re.sub(r"\\([_%&#$])", r"\1", m.group(2))
    return "\\" + m.group(1) + "{" + inner + "}"


def mathml(tex: str, block: bool) -> str:
    """TeX as MathML (latex2mathml), which browsers draw with no script and no network."""
    from latex2mathml.converter import convert

    # \text{sample\_rate}: latex2mathml keeps a text group's escapes as typed, where TeX prints
    # the character
    tex = re.sub(r"\\(text|mathrm|textrm|operatorname)\{([^{}]*)\}", _unescaped_text, tex)
    try:
        return convert(tex.strip(), display="block" if block else "inline")
    except Exception:  # noqa: BLE001 (TeX it cannot read: shown as written, never lost)
        return f"<code>{html.escape(tex)}</code>"


def markdown_with_mathml(source: str) -> str:
    """Markdown as HTML, its $...$ and $$...$$ math as MathML (code spans and blocks keep
    their dollars)."""
    keep: list[str] = []

    def hold(text: str) -> str:
        keep.append(text)
        return f"AUTOGRADERMATH{len(keep) - 1}X"

    def math(m: re.Match) -> str:
        block = m.group(2) is not None
        return hold(mathml(m.group(2) if block else m.group(3), block))

    pieces = _CODE.split(source)  # odd pieces are code: their dollars are not math
    text = "".join(piece if i % 2 else _MATH.sub(math, piece) for i, piece in enumerate(pieces))
    out = markdown2html_mistune(text)
    return re.sub(r"AUTOGRADERMATH(\d+)X", lambda m: keep[int(m.group(1))], out)


# ---------------------------------------------------------------------------------------- the parts


HIDDEN_TESTS = re.compile(
    r"[ \t]*### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS[ \t]*\n?", re.DOTALL
)
# A part's heading, as the release writes it in each language: "Part 2: ...", "第 2 部分：..."
_PART = re.compile(r"^#{1,4}\s+((?:Part\s+\w+|第\s*\w+\s*部分)[^\n]*)", re.MULTILINE)


def message_html(message: str) -> str:
    """A check's message as plain feedback: escaped, its line breaks kept, `code` shown as code."""
    escaped = html.escape(message.strip())
    return (
        '<pre class="autograder-message">'
        + re.sub(r"`([^`\n]+)`", r"<code>\1</code>", escaped)
        + "</pre>"
    )


def _title(heading: str) -> str:
    """A part's heading less its points: "(3 points)", "（3 分）", "（4 分，由老师人工批改）"."""
    heading = re.sub(r"\s*[(（]\d+\s*(?:points?|分)[^)）]*[)）]\s*$", "", heading)
    return heading.replace("*", "").strip()


def _score(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


class FeedbackParts(Preprocessor, CourseLanguage):
    """What the summary shows, part by part, and each test cell's result as plain feedback: the
    check's whole message without an exception class name (errors.failure_message, the words
    ``check`` prints), the hidden tests' code and markers taken out. Runs after nbgrader's
    GetGrades, which writes each cell's score."""

    enabled = Bool(True, help="nbconvert runs a preprocessor only when it is enabled").tag(
        config=True
    )

    def preprocess(self, nb, resources):
        # failure_message's own words too, in whichever process writes the page
        lang = self.language_for(nb)
        with speaking(lang):
            return self._preprocess(nb, resources, lang)

    def _preprocess(self, nb, resources, lang: str):

        def say(template: str, **values) -> str:
            return say_in(lang, template, **values)

        parts, title = [], ""
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                headings = _PART.findall(cell.source)
                title = _title(headings[-1]) if headings else title
            meta = nbgrader_meta(cell)
            if not meta.get("grade"):
                continue
            score, points = _score(meta.get("score")), _score(meta.get("points"))
            part = {
                "id": meta.get("grade_id", ""),
                "title": html.escape(title or meta.get("grade_id", "")),
                "points": points,
                "points_text": f"{points:g}",
                "score_text": f"{score:g}",
            }
            if meta.get("solution"):  # a written answer: graded by a person
                part.update(
                    status="manual",
                    message_html=message_html(
                        say(
                            "A written answer, graded by your instructor (it counts 0 until it is "
                            "graded)."
                        )
                    ),
                )
                cell.metadata["autograder_result"] = (
                    '<div class="autograder-result manual" '
                    'role="note"><div class="autograder-label">'
                    + say(
                        "Graded by your instructor: {score} / {points}",
                        score=f"{score:g}",
                        points=f"{points:g}",
                    )
                    + "</div></div>"
                )
            else:
                errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
                message = (
                    failure_message(errors[-1].get("ename", ""), errors[-1].get("evalue", ""))
                    if errors
                    else ""
                )
                lost = bool(errors) or score < points
                if lost and not message:
                    message = say("This part lost its points.")
                part.update(
                    status="lost" if lost else "passed",
                    message_html=message_html(message) if lost else say("Passed."),
                )
                cell.source = HIDDEN_TESTS.sub("", cell.source).rstrip()
                cell.outputs = [
                    o for o in cell.get("outputs", []) if o.get("output_type") != "error"
                ]
                label = (
                    (
                        say("Lost {points} points", points=f"{points:g}")
                        if points != 1
                        else say("Lost {points} point", points=f"{points:g}")
                    )
                    if lost
                    else say("Passed: {score} / {points}", score=f"{score:g}", points=f"{points:g}")
                )
                box = (
                    f'<div class="autograder-result {part["status"]}" '
                    'role="note"><div class="autograder-label">'
                    f"{label}</div>{part['message_html'] if lost else ''}</div>"
                )
                cell.outputs.append(
                    NotebookNode(
                        output_type="display_data",
                        metadata={},
                        data={"text/html": box, "text/plain": message or say("Passed.")},
                    )
                )
            parts.append(part)
        grades = resources.get("nbgrader", {})
        resources["autograder"] = {
            "parts": parts,
            "score": f"{_score(grades.get('score')):g}",
            "max_score": f"{_score(grades.get('max_score')):g}",
            "text": {key: say(text) for key, text in PAGE_TEXT.items()},
        }
        if lang != "en":  # the page's <html lang>
            resources["language_code"] = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant-TW"}[lang]
        return nb, resources


# The page's own words (feedback_template), in the course's language.
PAGE_TEXT = {
    "summary": template("Summary of your grade"),
    "points": template("points"),
    "part": template("Part"),
    "points_heading": template("Points"),
    "what_happened": template("What happened"),
    "late": template("Late submission"),
}


# ------------------------------------------------------------------------------------- the exporter


class FeedbackHTMLExporter(HTMLExporter):
    """HTMLExporter, with its whole-page BeautifulSoup pass made only on pages it changes."""

    def from_notebook_node(self, nb, resources=None, **kw):
        if self.template_name == TEMPLATE:
            self.register_filter("markdown2html", markdown_with_mathml)
        # HTMLExporter.from_notebook_node's own set-up: the notebook's code lexer, the
        # widget-data filter.
        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name"))
        self.register_filter(
            "highlight_code",
            self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)),
        )
        resources = self._init_resources(resources)
        self.register_filter(
            "filter_data_type",
            WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            ),
        )
        html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        if NEEDS_SOUP.search(html):
            html = str(_accessible(BeautifulSoup(html, features="html.parser")))
        return html, resources


def _accessible(soup: BeautifulSoup) -> BeautifulSoup:
    """What HTMLExporter does to every page: a default alt text for images, a tabindex for cells."""
    for image in soup.select("img:not([alt])"):
        image.attrs["alt"] = "No description has been provided for this image"
    for element in soup.select(
        ".jp-Notebook div.jp-Cell-inputWrapper, .jp-Notebook div.jp-OutputArea-output"
    ):
        element.attrs["tabindex"] = "0"
    return soup


class FeedbackWithOneExporter(GenerateFeedback):
    """nbgrader's GenerateFeedback, but its exporter is made once per process (BaseConverter.start,
    less the new exporter)."""

    def start(self) -> None:
        self.init_notebooks()
        self.writer = FilesWriter(parent=self, config=self.config)
        key = json.dumps(
            {
                "exporter": self.config.HTMLExporter,
                "preprocessors": [str(p) for p in self.preprocessors],
            },
            sort_keys=True,
            default=str,
        )
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


def feedback_config() -> Config:
    """The feedback page's settings: our template (over nbgrader's and nbconvert's), and the
    summary's preprocessor after nbgrader's own."""
    config = Config()
    config.HTMLExporter.template_name = TEMPLATE
    config.HTMLExporter.extra_template_basedirs = [str(TEMPLATES), str(NBGRADER_TEMPLATES)]
    config.GenerateFeedback.preprocessors = [GetGrades, CSSHTMLHeaderPreprocessor, FeedbackParts]
    return config


def generate_feedback(api, assignment: str, student: str) -> dict:
    """What ``api.generate_feedback(assignment, student, force=True)`` does, with the shared
    exporter and the course's own feedback page."""
    config = feedback_config()
    with temp_attrs(api.coursedir, assignment_id=assignment, student_id=student):
        app = FeedbackWithOneExporter(coursedir=api.coursedir, parent=api)
        app.update_config(config)
        app.force = True
        return capture_log(app)
