"""The two ways grading says no, in one module that the checks, the wire and the engine all import.

* :class:`GradingError`: a check failed; its message is written for the learner about their code.
* :class:`CourseError`: a mistake in use (unknown assignment, missing folder); the CLI prints it as one line.
"""

import re


class GradingError(AssertionError):
    """A check failed; the message is written for the learner."""


class CourseError(Exception):
    """A mistake in use (unknown assignment, missing folder): the CLI prints it as one line."""


def first_line(text: str) -> str:
    """The line that says what went wrong: the first, or for a Python traceback its last (the exception)."""
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    if lines and lines[0].startswith("Traceback"):
        return lines[-1]
    return lines[0] if lines else ""


def nbgrader_cause(outcome: dict) -> str:
    """The most telling line of a failed nbgrader run: its last exception other than nbgrader's summary."""
    lines = [ln.strip() for ln in f"{outcome.get('log') or ''}\n{outcome.get('error') or ''}".splitlines()]
    errors = [ln for ln in lines if re.match(r"^[\w.]*(Error|Exception|Died)\b", ln) and "NbGraderException" not in ln]
    return errors[-1] if errors else first_line(outcome.get("error") or outcome.get("log") or "")
