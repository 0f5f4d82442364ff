"""Self-study: ``python -m autograder check NOTEBOOK`` grades one learner's own notebook.

The same pipeline as a class's grading (sandboxed kernel, hidden tests in this process, the same
named-mistake messages), on a throwaway gradebook, so a learner working alone from the public
repository gets exactly the feedback the class gets, in the notebook's own run time plus a
few seconds.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
import tempfile
import textwrap
from pathlib import Path

from autograder.errors import CourseError
from autograder.grading.batch import BatchSettings, grade
from autograder.grading.course import Course
from autograder.grading.language import language_for, settings
from autograder.grading.results import GRADED, Result
from autograder.grading.submissions import Submission
from autograder.messages import say_in
from autograder.sandbox.preflight import sandbox_unavailable

STUDENT = "self-study"


def find_assignment(course: Course, notebook: Path) -> str:
    """The assignment a notebook belongs to: its folder's name, else the assignment with a notebook
    of its name."""
    if notebook.parent.name in course.assignments():
        return notebook.parent.name
    owners = [a for a in course.assignments() if notebook.stem in course.notebooks(a)]
    if len(owners) != 1:
        raise CourseError(
            f"cannot tell which assignment {notebook.name} belongs to; name it with --assignment "
            f"({', '.join(course.assignments())})"
        )
    return owners[0]


def check(
    course: Course, notebook: Path, assignment: str | None = None, language: str | None = None
) -> tuple[str, Result]:
    """Grade ``notebook`` alone, its messages in ``language`` (default: the course's); returns its
    assignment and result (nothing is written next to it)."""
    notebook = Path(notebook)
    if not notebook.is_file():
        raise CourseError(f"no such notebook: {notebook}")
    assignment = course.require(assignment) if assignment else find_assignment(course, notebook)

    problem = sandbox_unavailable()
    if problem:  # the learner's own code, on their own machine: it may run as them
        print(
            say_in(
                language or language_for(course, notebook),
                "note: {problem}; your notebook runs without it, with the resource limits alone",
                problem=problem,
            ),
            file=sys.stderr,
        )
    with tempfile.TemporaryDirectory(prefix="autograder-check-") as tmp:
        folder = Path(tmp) / "submissions" / STUDENT
        folder.mkdir(parents=True)
        shutil.copy2(notebook, folder / notebook.name)
        sub = Submission(STUDENT, files=[folder / notebook.name])
        # a class of one
        (result,), _ = grade(
            Course(course.root, Path(tmp) / "work"),
            assignment,
            [sub],
            BatchSettings(settings(language), workers=1, unsandboxed=True),
            progress=io.StringIO(),
        )
    result.feedback = None  # it lived in the throwaway folder
    return assignment, result


def wrapped(message: str, indent: str, width: int = 100) -> list[str]:
    """A whole message, every line of it, indented and wrapped at ``width`` (lines of numbers kept
    as they are)."""
    out = []
    for line in message.splitlines() or [""]:
        # a printed array or number: its columns must stay aligned
        if re.match(r"^\s*[\[\d.-]", line):
            out.append(indent + line)
        elif _CJK.search(line):
            out.extend(_wrapped_cjk(line, indent, width))
        else:
            out.extend(
                textwrap.wrap(
                    line,
                    width,
                    initial_indent=indent,
                    subsequent_indent=indent,
                    break_on_hyphens=False,
                    break_long_words=False,
                )
                or [indent]
            )
    return out


_WIDE = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"  # CJK punctuation, characters, full-width forms
_CJK = re.compile(f"[{_WIDE}]")
_PIECES = re.compile(f"`[^`]*`|[{_WIDE}]|[^\\s{_WIDE}]+|\\s+")


def _wrapped_cjk(line: str, indent: str, width: int) -> list[str]:
    """A Chinese line wrapped where Chinese breaks, between any two characters (a Chinese character
    is two columns wide), never inside an English word, a number or `code`, and no line opened
    by punctuation."""
    out, current, used = [], indent, len(indent)
    for piece in _PIECES.findall(line.strip()):
        size = sum(2 if _CJK.match(ch) else 1 for ch in piece)
        if (
            used + size > width
            and current.strip()
            and not piece.isspace()
            and piece not in ("，。；：、）」")
        ):
            out.append(current.rstrip())
            current, used = indent, len(indent)
        if piece.isspace() and current == indent:
            continue
        current, used = current + piece, used + size
    out.append(current.rstrip())
    return out


def report(assignment: str, result: Result, language: str = "en") -> str:
    """What the learner reads: the score, then every part with its points and, where lost, why."""

    def say(template: str, **values) -> str:
        return say_in(language, template, **values)

    lines = [
        f"{assignment}: {result.score:g}/{result.max_score:g}"
        + (say(" (written answers are graded by your instructor)") if result.manual_parts else "")
    ]
    if result.status != GRADED:
        return "\n".join([*lines, say("not graded: {reason}", reason=result.reason)])
    for part, score in result.parts.items():
        worth = result.part_max.get(part, 0)
        if part in result.manual_parts:
            lines.append(
                say(
                    "  ?  {part}: written answer, graded by hand ({worth} points)",
                    part=part,
                    worth=f"{worth:g}",
                )
            )
        elif part in result.lost:
            lines.append(f"  x  {part} 0/{worth:g}:")
            lines.extend(wrapped(result.lost[part], "       "))
        else:
            lines.append(f"  ok {part} {score:g}/{worth:g}")
    return "\n".join(lines)
