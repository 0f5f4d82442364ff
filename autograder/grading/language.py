"""The course's language setting: ``c.CourseLanguage.language`` in nbgrader_config.py,
or ``--language``.

Every part of grading that writes to the learner takes it from the same traitlets section, whichever
program runs it: the grader's executor (``SandboxExecute``, which sets the checks' language before
the hidden tests run) and the feedback page (``FeedbackParts``) both inherit
:class:`CourseLanguage`, so ``nbgrader autograde``, formgrader's buttons and ``python -m autograder
grade`` speak the same language. A notebook from a translated kit (the Chinese ones) is answered in
its own language (``follow_notebook``), so one class may mix learners of every kit. ``--language``
overrides both for one run (``settings={"CourseLanguage": {"language": ..., "follow_notebook":
False}}``).
"""

from __future__ import annotations

from traitlets import Bool, Enum
from traitlets.config import Configurable

from autograder.grading.course import CONFIG_FILE
from autograder.grading.translated_notebooks import notebook_language
from autograder.messages import LANGUAGES, require_language


class CourseLanguage(Configurable):
    language = Enum(
        LANGUAGES,
        default_value="en",
        help="The language of the checks' messages and the feedback: en, zh-hans (Simplified "
        "Chinese) or zh-hant (Traditional Chinese, Taiwan).",
    ).tag(config=True)
    follow_notebook = Bool(
        True,
        help="Grade a notebook of a translated kit (its metadata names its language) in that "
        "language, messages and feedback alike; the others in `language`. False: every notebook "
        "in `language`.",
    ).tag(config=True)

    def language_for(self, nb) -> str:
        """The language ``nb`` is graded and answered in."""
        return (self.follow_notebook and notebook_language(nb)) or self.language


def settings(language: str | None) -> dict:
    """The grading settings that choose ``language`` for one run, every notebook in it, whatever
    kit it came from (none: the course's own, and each translated notebook's own)."""
    return {"CourseLanguage": {"language": language, "follow_notebook": False}} if language else {}


def course_settings(course) -> CourseLanguage:
    """The course's language settings, as nbgrader_config.py gives them."""
    from traitlets.config import PyFileConfigLoader

    config = PyFileConfigLoader(CONFIG_FILE, path=str(course.root)).load_config()
    return CourseLanguage(config=config)


def course_language(course) -> str:
    """The language nbgrader_config.py gives the course (``c.CourseLanguage.language``),
    else English."""
    return require_language(course_settings(course).language)


def language_for(course, notebook) -> str:
    """The language the course answers ``notebook`` (a path) in: its kit's, else the course's."""
    import nbformat

    try:
        nb = nbformat.read(notebook, as_version=4)
    except Exception:  # noqa: BLE001 (not a notebook: grading says so, in the course's language)
        nb = {}
    return course_settings(course).language_for(nb)
