"""``python -m autograder grade``: grade a class's download: feedback, the grades CSV, the summary
and the class report."""

from __future__ import annotations

from pathlib import Path

from autograder.cli.common import language_option, print_results, roster_option
from autograder.grading.course import Course
from autograder.grading.language import settings as language_settings
from autograder.lms.downloads import LAYOUTS


def add_to(sub) -> None:
    p = sub.add_parser(
        "grade", help=("autograde a folder or .zip of submissions; feedback, CSV, summary")
    )
    p.add_argument("assignment")
    p.add_argument(
        "submissions", help=("folder of <student_id>/<notebook>.ipynb, or LMS-style files or zip")
    )
    p.add_argument(
        "--csv", help=("where to write the grades CSV (default: <work>/grades/ASSIGNMENT.csv)")
    )
    p.add_argument(
        "--work",
        help=("working folder: submitted, autograded, feedback, gradebook (default: course/)"),
    )
    p.add_argument(
        "--workers",
        type=int,
        help=(
            "students graded at once (default: the usable CPU cores, a container's CPU "
            "limit included)"
        ),
    )
    p.add_argument(
        "--layout", choices=LAYOUTS, help=("the download's layout (default: recognised from it)")
    )
    p.add_argument(
        "--roster", help=("the LMS's roster CSV: maps the download's names to student ids")
    )
    p.add_argument(
        "--shard",
        metavar="K/N",
        help=(
            "grade only slice K (0..N-1) of N into the shared gradebook; "
            "--shard N takes K from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX"
        ),
    )
    p.add_argument(
        "--force",
        action="store_true",
        help=("grade every student again (default: keep those already graded from the same files)"),
    )
    p.add_argument(
        "--gradebook",
        metavar="URL",
        help="SQLAlchemy URL of the gradebook, e.g. "
        "postgresql://grader@dbhost/course (default: c.CourseDirectory.db_url, "
        "else <work>/gradebook.db)",
    )
    p.add_argument(
        "--unsandboxed",
        action="store_true",
        help=(
            "UNSAFE: where no sandbox can be built, grade anyway (learner code then runs as you, "
            "with the resource limits alone); without it, grading refuses"
        ),
    )
    language_option(p, "the checks' messages and the feedback")
    p.set_defaults(run=run)


def run(args, course: Course) -> int:
    from autograder.grading.shards import parse
    from autograder.lms.grade_class import grade_class

    shard = parse(args.shard) if args.shard else None
    _, roster = roster_option(args)
    results, csv_path = grade_class(
        course,
        args.assignment,
        Path(args.submissions),
        Path(args.csv) if args.csv else None,
        workers=args.workers,
        force=args.force,
        layout=args.layout,
        roster=roster,
        shard=shard,
        unsandboxed=args.unsandboxed,
        settings=language_settings(args.language),
    )
    if shard:
        from autograder.grading.batch import summary_table

        print(summary_table(results))
        print(
            f"\nshard {shard[0]}/{shard[1]} graded into {course.gradebook_label}; once every shard "
            f"is done: python -m autograder export {args.assignment}"
        )
        return 0
    print_results(results, csv_path, course, args.assignment)
    return 0
