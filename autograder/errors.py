"""The two ways grading says no, in one module that the checks, the wire and grading all import.

* :class:`GradingError`: a check failed; its message is written for the learner about their code.
* :class:`CourseError`: a mistake in use (unknown assignment, missing folder); the CLI prints it as
  one line.
"""

from __future__ import annotations

import re

from autograder.messages import say

# Why a part lost its points, as the class report counts them.
MISTAKE, GENERIC, ERROR, TIMEOUT, NOT_ATTEMPTED = (
    "named mistake",
    "generic failure",
    "error raised",
    "time-out",
    "not attempted",
)
CAUSES = (MISTAKE, GENERIC, ERROR, TIMEOUT, NOT_ATTEMPTED)


class GradingError(AssertionError):
    """A check failed; the message is written for the learner.

    ``cause`` says what kind of failure it was, for the instructor's class report (one of
    :data:`CAUSES`; None leaves it to the grader: a plain failed check), and ``mistake`` names the
    known mistake the check recognised (its own message, in the learner's terms)."""

    def __init__(self, message: str = "", cause: str | None = None, mistake: str | None = None):
        super().__init__(message)
        self.cause, self.mistake = (MISTAKE if mistake else cause), mistake


def not_implemented_message(what: str) -> str:
    """The one wording for a part the learner has not written yet, whatever it raised or
    left undefined."""

    return say(
        "{what} is not implemented yet: replace `raise NotImplementedError()` with your code.",
        what=what,
    )


class CourseError(Exception):
    """A mistake in use (unknown assignment, missing folder): the CLI prints it as one line."""


def first_line(text: str) -> str:
    """The line that says what went wrong: the first, or for a Python traceback its last
    (the exception)."""
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    if lines and lines[0].startswith("Traceback"):
        return lines[-1]
    return lines[0] if lines else ""


def nbgrader_cause(outcome: dict) -> str:
    """The most telling line of a failed nbgrader run: its last exception other than
    nbgrader's summary."""
    lines = [
        ln.strip()
        for ln in f"{outcome.get('log') or ''}\n{outcome.get('error') or ''}".splitlines()
    ]
    errors = [
        ln
        for ln in lines
        if re.match(r"^[\w.]*(Error|Exception|Died)\b", ln) and "NbGraderException" not in ln
    ]
    return errors[-1] if errors else first_line(outcome.get("error") or outcome.get("log") or "")


def failure_message(ename: str, evalue: str) -> str:
    """What a learner reads for a failed test cell: our checks' messages whole (they speak for
    themselves, and a diagnosis often follows its first line); another error as the exception's one
    line, in the same words for an unimplemented part as every check uses."""
    if ename == "NotImplementedError":
        return not_implemented_message(say("this part"))
    if ename == "GradingError":
        return "\n".join(line.rstrip() for line in str(evalue).strip().splitlines())
    return first_line(f"{ename}: {evalue}")
