"""The checks' messages in the learner's language: English templates, translated where they
are rendered.

A check writes its message as an English template with named placeholders, ``say("{what} returned
NaN.", what=what)``, much like a gettext msgid: the English stays readable in the check, and the
numbers, shapes and code are filled in after translation, so they read the same in every language.
The grader sets the process's language once (``use_language``, from ``--language`` or the course's
``c.CourseLanguage.language``) before the checks run, so the mistakes dicts and ``compare`` see
finished text and work unchanged.

Simplified Chinese is written by hand (``zh_hans.toml``, and the parts' contracts, each clause's
name and text, in ``zh_hans_contracts.toml``: one table, read by :mod:`.zh_hans`); Traditional
Chinese as written in Taiwan is made from it by the book's own converter (``to_taiwan`` in
book/_ext/traditional.py: OpenCC s2twp plus the course's terms), on first use of each message.
``tests/checks/test_messages.py`` finds every template in the checks and fails on one without a
translation, so a learner never reads English by accident.
"""

from __future__ import annotations

import contextlib
import re
import string
from functools import cache

from autograder.tools.book_extensions import extension

LANGUAGES = ("en", "zh-hans", "zh-hant")
_language = "en"


def use_language(language: str) -> None:
    """Render every later message in ``language`` (one of :data:`LANGUAGES`)."""
    global _language
    _language = require_language(language)


@contextlib.contextmanager
def speaking(language: str | None):
    """Render messages in ``language`` (None: as they are) for a block, e.g. the class report, then
    as before."""
    before = _language
    if language:
        use_language(language)
    try:
        yield
    finally:
        use_language(before)


def current_language() -> str:
    return _language


def require_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; known: {', '.join(LANGUAGES)}")
    return language


def translate(template: str, language: str | None = None) -> str:
    """The template in ``language`` (default: the process's), placeholders kept. A template with no
    translation stays English (the completeness test keeps that from happening)."""
    language = language or _language
    if language == "en":
        return template
    text = _simplified().get(template)
    if text is None:
        return template
    return _traditional(text) if language == "zh-hant" else text


def has_translation(text: str, language: str) -> bool:
    """Whether ``text`` is translated into ``language`` (English: always), for data whose
    missing translation must stop what renders it (the catalogue's contracts)."""
    return require_language(language) == "en" or text in _simplified()


def template(text: str) -> str:
    """Mark ``text`` as a message template kept for later (a module constant, made before the grader
    chooses the language): it is returned as it is, and rendered where it is
    used, ``say(KEEPDIMS)``."""
    return text


def say(template: str, **values) -> str:
    """The message ``template`` in the current language, its ``{placeholders}`` filled
    with ``values``."""
    text = translate(template).format(**values)
    if len(_said) >= _SAID_AT_MOST:
        _said.clear()
    _said[text] = (template, values)
    return text


# Each message said lately -> its template and values, so that a named mistake can be written again
# in another language (:func:`in_every_language`): a learner reads it in theirs, the class report
# counts it in the instructor's. The grader forgets them before each notebook.
_said: dict[str, tuple[str, dict]] = {}
_SAID_AT_MOST = 100_000


def forget_said() -> None:
    _said.clear()


def in_every_language(text: str) -> dict[str, str]:
    """``text``, a message said in this process, in every language (a value that is itself a
    message said is written again too); {} for text that :func:`say` did not make."""
    if text not in _said:
        return {}
    return {language: _said_in(text, language) for language in LANGUAGES}


def from_english(text: str, language: str) -> str:
    """English ``text`` that a template made, written again in ``language``: the template it reads
    as (the most specific one: the most words of its own) with the values read from the text; text
    no template made stays as it is. For what was written in English and kept, to be read later in
    another language (a reason a submission was not graded, shown in the class report)."""
    if language == "en":
        return text
    found = [
        (own, t, m) for t, own, pattern in _english_patterns() if (m := pattern.fullmatch(text))
    ]
    if not found:
        return text
    _, template, match = max(found, key=lambda f: f[0])
    try:
        return translate(template, language).format(**match.groupdict())
    except (ValueError, KeyError, IndexError):  # a value with a format of its own ({acc:.1%})
        return text


@cache
def _english_patterns() -> list[tuple[str, int, re.Pattern]]:
    """(template, how many characters of its own, the English text it makes as a pattern) for every
    translated template with words of its own."""
    out = []
    for template in _simplified():
        pattern, names = [], set()
        for literal, name, spec, _ in string.Formatter().parse(template):
            pattern.append(re.escape(literal))
            if name is not None:
                if not name.isidentifier() or spec:
                    break  # {0}, {acc:.1%}: not read back
                pattern.append(f"(?P={name})" if name in names else f"(?P<{name}>.+?)")
                names.add(name)
        else:
            own = re.sub(r"\{[^{}]*\}", "", template)
            if re.search(r"[A-Za-z]{3,}", own):
                out.append((template, len(own), re.compile("".join(pattern), re.DOTALL)))
    return out


def _said_in(text: str, language: str, depth: int = 0) -> str:
    if text not in _said or depth > 8:
        return text
    template, values = _said[text]
    again = {
        k: _said_in(v, language, depth + 1) if isinstance(v, str) else v for k, v in values.items()
    }
    return translate(template, language).format(**again)


def say_in(language: str, template: str, **values) -> str:
    """``say`` in a given language (the feedback page and the class report, which are not the
    grader's checks)."""
    return translate(template, require_language(language)).format(**values)


def _simplified() -> dict[str, str]:
    from autograder.messages.zh_hans import ZH_HANS

    return ZH_HANS


# What Taiwanese programmers say where the book's converter, made for prose, says otherwise in
# a message.
MESSAGE_TERMS = {
    "透過": "通過",  # a part passed its test
    "對映": "映射",  # a layer maps features
}


@cache
def _traditional(simplified: str) -> str:
    text = to_taiwan(simplified)
    for word, taiwan in MESSAGE_TERMS.items():
        text = text.replace(word, taiwan)
    return text


def to_taiwan(text: str) -> str:
    """The book's simplified -> Taiwan converter (book/_ext/traditional.py), rows and columns
    swapped by its one rule."""
    return extension("traditional").to_taiwan(text)
