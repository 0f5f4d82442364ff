"""``python -m autograder report``: the class report of a graded assignment."""

from __future__ import annotations

from autograder.cli.common import language_option, print_report
from autograder.grading.course import Course


def add_to(sub) -> None:
    p = sub.add_parser(
        "report",
        help=("the class report of a graded assignment: what went wrong, who may have copied"),
    )
    p.add_argument("assignment")
    p.add_argument("--work", help="working folder the class was graded in (default: course/)")
    language_option(p, "the report")
    p.set_defaults(run=run)


def run(args, course: Course) -> int:
    from autograder.report.class_report import write_report

    course.require(args.assignment)
    write_report(course, args.assignment, args.language)
    print_report(course, args.assignment)
    return 0
