"""The two ways grading says no, in one module that the checks, the wire and the engine all import.

* :class:`GradingError`: a check failed; its message is written for the learner about their code.
* :class:`CourseError`: a mistake in use (unknown assignment, missing folder); the CLI prints it as one line.
"""


class GradingError(AssertionError):
    """A check failed; the message is written for the learner."""


class CourseError(Exception):
    """A mistake in use (unknown assignment, missing folder): the CLI prints it as one line."""
