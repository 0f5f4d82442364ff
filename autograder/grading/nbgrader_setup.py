"""nbgrader configured for the course: every way of grading (the CLI, ``nbgrader autograde``,
formgrader) reads nbgrader_config.py, which calls :func:`configure_sandbox`; the CLI's own runs load
it with :func:`nbgrader_config` and drive nbgrader through :func:`nbgrader_api`.
"""

from __future__ import annotations

from pathlib import Path

from traitlets.config import Config, PyFileConfigLoader

from autograder.grading import nbgrader_speedups as speedups
from autograder.grading.course import CONFIG_FILE, Course
from autograder.grading.execute import SandboxExecute
from autograder.grading.submissions import SanitizeSubmission
from autograder.grading.translated_notebooks import OverwriteCellsInItsLanguage


def configure_sandbox(config: Config, root: Path | str, work: Path | str) -> None:
    """Route nbgrader's autograde through the sandbox: learner code runs in
    :mod:`autograder.sandbox`'s kernel, which cannot see the course's folders ``root`` and ``work``,
    the test cells run in the grader's process with inputs drawn from the course's secret (kept in
    ``work``), a translated notebook's locked cells are restored in its language, and a damaged or
    hostile notebook is sanitised first, so it never stops the class. nbgrader_config.py calls this,
    so ``nbgrader autograde``, formgrader's Autograde button and ``python -m autograder grade``
    grade alike."""
    from nbgrader.converters.autograde import Autograde

    course = Course(Path(root).resolve(), Path(work).resolve())
    steps = [
        SandboxExecute if getattr(p, "__name__", p) == "Execute" else p
        for p in Autograde.class_traits()["autograde_preprocessors"].default()
    ]
    config.Autograde.autograde_preprocessors = steps
    config.Autograde.sanitize_preprocessors = [
        SanitizeSubmission,
        *(
            OverwriteCellsInItsLanguage if getattr(p, "__name__", p) == "OverwriteCells" else p
            for p in Autograde.class_traits()["sanitize_preprocessors"].default()
        ),
    ]
    config.OverwriteCellsInItsLanguage.translations = str(course.root)
    config.SanitizeSubmission.release_folder = str(course.release)
    config.SandboxKernelManager.hide = sorted({str(course.root), str(course.work)})
    config.SandboxExecute.secret_file = str(course.secret_file)


def nbgrader_config(course: Course) -> Config:
    """nbgrader_config.py with every folder made absolute under this course's root and
    working folder."""
    config = PyFileConfigLoader(CONFIG_FILE, path=str(course.root)).load_config()
    cd = config.CourseDirectory
    cd.root = str(course.root)
    cd.source_directory = str(course.source)
    cd.release_directory = str(course.release)
    for name in ("submitted", "autograded", "feedback"):
        setattr(cd, f"{name}_directory", str(course.work / name))
    cd.db_url = course.db_url
    configure_sandbox(config, course.root, course.work)
    return config


def nbgrader_api(course: Course, config: Config | None = None):
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    speedups.apply()
    config = config or nbgrader_config(course)
    course.work.mkdir(parents=True, exist_ok=True)
    return NbGraderAPI(CourseDirectory(config=config), config=config)
