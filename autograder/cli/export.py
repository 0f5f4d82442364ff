"""``python -m autograder export``: grades and feedback in the forms learning-management
systems import."""

from __future__ import annotations

from pathlib import Path

from autograder.cli.common import roster_option
from autograder.errors import CourseError
from autograder.grading.course import Course


def add_to(sub) -> None:
    p = sub.add_parser(
        "export", help=("grades and feedback from the gradebook, in the forms LMSs import")
    )
    p.add_argument("assignment")
    p.add_argument(
        "--format",
        help=("comma-separated: csv,canvas,moodle,gradescope (default: csv and the roster's LMS)"),
    )
    p.add_argument(
        "--roster", help=("the LMS's roster CSV (Canvas's and Moodle's exports give their ids)")
    )
    p.add_argument("--out", help="where to write (default: <work>/grades/)")
    p.add_argument("--work", help="the working folder grading used (default: course/)")
    p.add_argument("--gradebook", metavar="URL", help="the gradebook grading used")
    p.set_defaults(run=run)


def run(args, course: Course) -> int:
    from autograder.lms.export import FORMATS, export

    lms, roster = roster_option(args)
    formats = args.format.split(",") if args.format else ["csv", *([lms] if lms in FORMATS else [])]
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise CourseError(
            f"unknown format {', '.join(sorted(unknown))}; known: {', '.join(FORMATS)}"
        )
    written = export(
        course,
        course.require(args.assignment),
        formats,
        roster,
        Path(args.out) if args.out else None,
    )
    for kind, path in written.items():
        print(f"{kind + ':':12}{path}")
    return 0
