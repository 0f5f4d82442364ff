"""What the verbs share: the --language and --roster options, and printing a graded class."""

from __future__ import annotations

from pathlib import Path

from autograder.grading.course import Course
from autograder.messages import LANGUAGES


def language_option(parser, what: str) -> None:
    parser.add_argument(
        "--language",
        choices=LANGUAGES,
        help=(
            f"the language of {what}: en, zh-hans (Simplified Chinese) or zh-hant (Traditional "
            "Chinese, Taiwan); default: c.CourseLanguage.language in nbgrader_config.py, else en"
        ),
    )


def roster_option(args):
    from autograder.lms.downloads import read_roster

    return read_roster(Path(args.roster)) if getattr(args, "roster", None) else (None, None)


def print_results(results, csv_path: Path, course: Course, assignment: str) -> None:
    from autograder.grading.batch import summary_table

    print(summary_table(results))
    print(f"\ngrades CSV: {csv_path}")
    print(f"feedback:   {course.work / 'feedback'}/<student>/<assignment>/<notebook>.html")
    print(f"gradebook:  {course.gradebook_label}")
    print_report(course, assignment)


def print_report(course: Course, assignment: str) -> None:
    from autograder.report.class_report import report_paths

    page, table = report_paths(course, assignment)
    if page.is_file():
        print(f"class report: {page} (tables: {table.name})")
