"""The published mistake catalogue (docs/mistakes.md) is the one the checks generate, and it lists
what they name."""

import re

import pytest

from autograder.authoring.catalogue import (
    CONTRACT,
    FILES,
    _recording,
    catalogue,
    contract_line,
    part_mistakes,
)
from autograder.checks import self_attention as checks
from autograder.checks.contracts import Clause
from autograder.grading.course import Course
from autograder.messages import say_in


def test_the_published_catalogue_is_the_generated_one():
    course = Course.at()
    published = (course.root / "docs" / "mistakes.md").read_text(encoding="utf-8")
    assert published == catalogue(course), (
        "run `python -m autograder catalogue --write` and commit docs/"
    )


def test_the_catalogue_lists_each_parts_own_mistakes():
    parts = part_mistakes(Course.at(), "04_self_attention")
    assert any("must not be scaled" in m for m in parts["test_attention_output"])
    assert any("must not be scaled" in m for m in parts["test_self_attention"])
    assert not any("must not be scaled" in m for m in parts["test_softmax"])
    assert parts["test_tagger"] == []  # a trained model: nothing to run the check on here


def test_recording_leaves_the_checks_as_they_were():
    compare, devices = checks.compare, checks.devices
    with _recording(checks, []):
        assert checks.compare is not compare
    assert (checks.compare, checks.devices) == (compare, devices)


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant"])
def test_the_published_translations_are_the_generated_ones(language):
    """docs/mistakes.zh-hans.md and .zh-hant.md: every named mistake and every part's contract in
    the words a learner reads in Chinese."""
    course = Course.at()
    published = (course.root / "docs" / FILES[language]).read_text(encoding="utf-8")
    assert published == catalogue(course, language), (
        "run `python -m autograder catalogue --write` and commit docs/"
    )
    english = (course.root / "docs" / "mistakes.md").read_text(encoding="utf-8")
    bullets = [line for line in published.splitlines() if line.startswith("- ")]
    assert len(bullets) == len([line for line in english.splitlines() if line.startswith("- ")])
    assert all(re.search(r"[\u4e00-\u9fff]", line) for line in bullets), "a mistake left in English"

    def contracts(text, language):
        lead_in = say_in(language, CONTRACT, clauses="").rstrip("\n")
        return [
            line.removeprefix(lead_in) for line in text.splitlines() if line.startswith(lead_in)
        ]

    chinese = contracts(published, language)
    assert len(chinese) == len(contracts(english, "en")) > 50, "a part's contract left out"
    for line, clauses in zip(chinese, contracts(english, "en"), strict=True):
        # as many clauses as the English, each with its name in bold and a text in Chinese
        assert line.count("**") == clauses.count("**"), line
        assert all(
            re.search(r"[\u4e00-\u9fff]", text) for text in re.split(r"\*\*[^*]+\*\*：", line)[1:]
        )
    header = published.split("\n## ")[0]
    assert "docs/mistakes.md" not in header, "the header still sends to the English contracts"


def test_a_clause_without_a_translation_stops_the_chinese_catalogue():
    untranslated = Clause("untranslated", "A clause that no one translated.")
    assert contract_line([untranslated]) == (
        "What its hidden inputs exercise (the part's contract): **untranslated**: A clause that no "
        "one translated.\n"
    )
    with pytest.raises(KeyError, match="zh_hans_contracts.toml"):
        contract_line([untranslated], "zh-hant")
