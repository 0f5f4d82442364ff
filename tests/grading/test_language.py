"""The course's language reaches every program that writes to the learner, from nbgrader_config.py
or --language.

Cheap: it loads the course's configuration, no grading.
"""

import pytest

from autograder.grading import nbgrader_setup
from autograder.grading.course import Course
from autograder.grading.execute import SandboxExecute
from autograder.grading.feedback import FeedbackParts
from autograder.grading.language import course_language, settings

from ..helpers import ROOT


def course_speaking(language: str | None, tmp_path) -> Course:
    """A course whose nbgrader_config.py sets ``language`` (None: the shipped file, as it is)."""
    text = (ROOT / "nbgrader_config.py").read_text(encoding="utf-8")
    if language:
        assert 'c.CourseLanguage.language = "en"' in text
        text = text.replace(
            'c.CourseLanguage.language = "en"', f'c.CourseLanguage.language = "{language}"'
        )
    (tmp_path / "nbgrader_config.py").write_text(text, encoding="utf-8")
    return Course(tmp_path, tmp_path / "course")


@pytest.mark.parametrize("language", [None, "zh-hans", "zh-hant"])
def test_the_course_default_reaches_the_grader_and_the_feedback(language, tmp_path):
    course = course_speaking(language, tmp_path)
    # what `grade`, `nbgrader autograde` and formgrader's buttons all load
    config = nbgrader_setup.nbgrader_config(course)
    assert SandboxExecute(config=config).language == (language or "en")
    assert FeedbackParts(config=config).language == (language or "en")
    assert course_language(course) == (language or "en")


def test_the_language_option_overrides_the_course_default(tmp_path):
    config = nbgrader_setup.nbgrader_config(course_speaking("zh-hant", tmp_path))
    for section, values in settings("zh-hans").items():  # as pipeline.grade applies its settings
        for key, value in values.items():
            setattr(config[section], key, value)
    assert SandboxExecute(config=config).language == "zh-hans"
    assert settings(None) == {}


def test_an_unknown_language_is_refused(tmp_path):
    from traitlets import TraitError

    config = nbgrader_setup.nbgrader_config(course_speaking("fr", tmp_path))
    with pytest.raises(TraitError):
        SandboxExecute(config=config)


def test_a_notebook_of_a_translated_kit_is_answered_in_its_language(tmp_path):
    """A class may mix kits: the English course answers a zh-hant notebook in zh-hant; --language
    answers every notebook in its language; follow_notebook = False, every one in the course's."""
    from autograder.grading.translated_notebooks import translate_notebook

    english = {"metadata": {}, "cells": [], "nbformat": 4, "nbformat_minor": 5}
    taiwan = translate_notebook(english, {}, "zh-hant")
    config = nbgrader_setup.nbgrader_config(course_speaking(None, tmp_path))
    for step in (SandboxExecute(config=config), FeedbackParts(config=config)):
        assert step.language_for(taiwan) == "zh-hant" and step.language_for(english) == "en"
    for section, values in settings("zh-hans").items():
        for key, value in values.items():
            setattr(config[section], key, value)
    assert SandboxExecute(config=config).language_for(taiwan) == "zh-hans"
    config.CourseLanguage.language, config.CourseLanguage.follow_notebook = "en", False
    assert FeedbackParts(config=config).language_for(taiwan) == "en"


def test_check_answers_a_notebook_in_its_kits_language(tmp_path):
    """`check NOTEBOOK` with no --language: the notebook's kit's language, else the course's (a
    file that is no notebook too: grading then says so)."""
    from autograder.grading.language import language_for

    course = course_speaking("zh-hans", tmp_path)
    exercises = ROOT / "exercises"
    assert language_for(course, exercises / "zh-hant/01_vector_sets/vector_sets.ipynb") == "zh-hant"
    assert language_for(course, exercises / "01_vector_sets/vector_sets.ipynb") == "zh-hans"
    (tmp_path / "broken.ipynb").write_text("{not json", encoding="utf-8")
    assert language_for(course, tmp_path / "broken.ipynb") == "zh-hans"
