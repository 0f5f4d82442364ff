"""``python -m autograder check``: self-study: grade one's own notebook, with the feedback a
class gets."""

from __future__ import annotations

from pathlib import Path

from autograder.cli.common import language_option
from autograder.grading.course import Course
from autograder.grading.language import language_for


def add_to(sub) -> None:
    p = sub.add_parser(
        "check", help=("self-study: grade your own notebook, with the feedback a class gets")
    )
    p.add_argument(
        "notebook", help=("your notebook, e.g. exercises/04_self_attention/self_attention.ipynb")
    )
    p.add_argument("--assignment", help="its assignment (default: told by its folder or file name)")
    language_option(p, "the messages")
    p.set_defaults(run=run)


def run(args, course: Course) -> int:
    from autograder.grading.selfcheck import check, report

    assignment, result = check(course, Path(args.notebook), args.assignment, args.language)
    print(report(assignment, result, args.language or language_for(course, Path(args.notebook))))
    return 0
