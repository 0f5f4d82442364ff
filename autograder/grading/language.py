"""The course's language setting: ``c.CourseLanguage.language`` in nbgrader_config.py,
or ``--language``.

Every part of grading that writes to the learner takes it from the same traitlets section, whichever
program runs it: the grader's executor (``SandboxExecute``, which sets the checks' language before
the hidden tests run) and the feedback page (``FeedbackParts``) both inherit
:class:`CourseLanguage`, so ``nbgrader autograde``, formgrader's buttons and ``python -m autograder
grade`` speak the same language. ``--language`` overrides it for one run
(``settings={"CourseLanguage": {"language": ...}}``).
"""

from __future__ import annotations

from traitlets import Enum
from traitlets.config import Configurable

from autograder.grading.course import CONFIG_FILE
from autograder.messages import LANGUAGES, require_language


class CourseLanguage(Configurable):
    language = Enum(
        LANGUAGES,
        default_value="en",
        help="The language of the checks' messages and the feedback: en, zh-hans (Simplified "
        "Chinese) or zh-hant (Traditional Chinese, Taiwan).",
    ).tag(config=True)


def settings(language: str | None) -> dict:
    """The grading settings that choose ``language`` for one run (none: the course's own)."""
    return {"CourseLanguage": {"language": language}} if language else {}


def course_language(course) -> str:
    """The language nbgrader_config.py gives the course (``c.CourseLanguage.language``),
    else English."""
    from traitlets.config import PyFileConfigLoader

    configured = PyFileConfigLoader(CONFIG_FILE, path=str(course.root)).load_config().CourseLanguage
    return require_language(configured.get("language", "en"))
