"""The command line: ``python -m autograder {release,grade,export,report,demo}`` for instructors,
``check`` for self-study."""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from pathlib import Path

from autograder.errors import CourseError
from autograder.grading.course import Course
from autograder.grading.language import course_language
from autograder.grading.language import settings as language_settings
from autograder.lms.downloads import LAYOUTS
from autograder.messages import LANGUAGES


def _release(args, course: Course) -> int:
    from autograder.authoring.release import (
        release,
        release_translations,
        stale_notebooks,
        stale_translations,
    )
    from autograder.authoring.translation import languages

    assignments = [course.require(args.assignment)] if args.assignment else course.assignments()
    if args.check:
        stale = {a: stale_notebooks(course, a) for a in assignments}
        bad = {a: nbs for a, nbs in stale.items() if nbs}
        for a, nbs in bad.items():
            print(
                f"stale release: exercises/{a}/ ({', '.join(nbs)}); run `python -m autograder "
                f"release {a}`"
            )
        for a in assignments:
            if a in bad:
                continue  # the translations are made from the English release: fix that first
            translated = stale_translations(course, a)
            if translated:
                bad[a] = translated
                print(
                    f"stale translated release of {a}:\n  "
                    + "\n  ".join(translated)
                    + (
                        f"\nrun `python -m autograder release {a}` (after fixing translations/ "
                        "where named)"
                    )
                )
        if not bad:
            print(
                "exercises/ is up to date with solutions/ and "
                f"translations/ ({', '.join(assignments)})"
            )
        return 1 if bad else 0
    from autograder.authoring.kit import build_kit
    from autograder.authoring.translation import LANGUAGE_NAMES

    for a in assignments:
        print(f"released {release(course, a).relative_to(course.root)}")
        for path in release_translations(course, a):
            print(f"released {path.relative_to(course.root)}")
    for language in ["en", *languages(course)]:
        kit = build_kit(course, language=language)
        label = "" if language == "en" else f" in {LANGUAGE_NAMES[language]} ({language})"
        print(
            f"learner kit{label}: {kit} (and {kit.with_suffix('.zip').name}): hand it to learners; "
            "see its "
            "README.md"
        )
    return 0


def _print_results(results, csv_path: Path, course: Course, assignment: str) -> None:
    from autograder.grading.batch import summary_table

    print(summary_table(results))
    print(f"\ngrades CSV: {csv_path}")
    print(f"feedback:   {course.work / 'feedback'}/<student>/<assignment>/<notebook>.html")
    print(f"gradebook:  {course.gradebook_label}")
    _print_report(course, assignment)


def _print_report(course: Course, assignment: str) -> None:
    from autograder.report.class_report import report_paths

    page, table = report_paths(course, assignment)
    if page.is_file():
        print(f"class report: {page} (tables: {table.name})")


def _report(args, course: Course) -> int:
    from autograder.report.class_report import write_report

    course.require(args.assignment)
    write_report(course, args.assignment, args.language)
    _print_report(course, args.assignment)
    return 0


def _roster(args):
    from autograder.lms.downloads import read_roster

    return read_roster(Path(args.roster)) if getattr(args, "roster", None) else (None, None)


def _grade(args, course: Course) -> int:
    from autograder.grading.shards import parse
    from autograder.lms.grade_class import grade_class

    shard = parse(args.shard) if args.shard else None
    _, roster = _roster(args)
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
            "is done: "
            f"python -m autograder export {args.assignment}"
        )
        return 0
    _print_results(results, csv_path, course, args.assignment)
    return 0


def _export(args, course: Course) -> int:
    from autograder.lms.export import FORMATS, export

    lms, roster = _roster(args)
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


def _demo(args, course: Course) -> int:
    from autograder.authoring.demo import ASSIGNMENT, run_demo

    results, csv_path, kinds = run_demo(Path(args.work) if args.work else None)
    print("simulated class: " + ", ".join(f"{s} ({k})" for s, k in kinds.items()) + "\n")
    _print_results(results, csv_path, Course(course.root, csv_path.parent.parent), ASSIGNMENT)
    return 0


def _check(args, course: Course) -> int:
    from autograder.grading.selfcheck import check, report

    assignment, result = check(course, Path(args.notebook), args.assignment, args.language)
    print(report(assignment, result, args.language or course_language(course)))
    return 0


def _catalogue(args, course: Course) -> int:
    from autograder.authoring.catalogue import FILES, catalogue

    if args.write:  # every language's catalogue
        (course.root / "docs").mkdir(exist_ok=True)
        for language, name in FILES.items():
            (course.root / "docs" / name).write_text(catalogue(course, language), encoding="utf-8")
    else:
        print(catalogue(course, args.language or "en"), end="")
    return 0


def _language_option(parser, what: str) -> None:
    parser.add_argument(
        "--language",
        choices=LANGUAGES,
        help=(
            f"the language of {what}: en, zh-hans (Simplified "
            "Chinese) or zh-hant (Traditional Chinese, Taiwan); default: c.CourseLanguage.language in "
            "nbgrader_config.py, else en"
        ),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    parser.add_argument(
        "--course", help=("course root (default: the folder with nbgrader_config.py)")
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "release",
        help=(
            "regenerate exercises/ (every language) from solutions/ and translations/, "
            "and build the learner kits"
        ),
    )
    p.add_argument("assignment", nargs="?", help="one assignment (default: all)")
    p.add_argument("--check", action="store_true", help="exit 1 if the committed release is stale")
    p.set_defaults(run=_release)

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
            "UNSAFE: where no sandbox can be built, grade anyway (learner code then runs as you, with "
            "the resource limits alone); without it, grading refuses"
        ),
    )
    _language_option(p, "the checks' messages and the feedback")
    p.set_defaults(run=_grade)

    p = sub.add_parser(
        "report",
        help=("the class report of a graded assignment: what went wrong, who may have copied"),
    )
    p.add_argument("assignment")
    p.add_argument("--work", help="working folder the class was graded in (default: course/)")
    _language_option(p, "the report")
    p.set_defaults(run=_report)

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
    p.set_defaults(run=_export)

    p = sub.add_parser(
        "check", help=("self-study: grade your own notebook, with the feedback a class gets")
    )
    p.add_argument(
        "notebook", help=("your notebook, e.g. exercises/04_self_attention/self_attention.ipynb")
    )
    p.add_argument("--assignment", help="its assignment (default: told by its folder or file name)")
    _language_option(p, "the messages")
    p.set_defaults(run=_check)

    p = sub.add_parser("demo", help="grade a simulated class on a throwaway gradebook")
    p.add_argument("--work", help="where to put the demo's gradebook (default: course/demo)")
    p.set_defaults(run=_demo)

    p = sub.add_parser(
        "catalogue", help=("the mistakes each check names, per part (from the checks themselves)")
    )
    p.add_argument(
        "--write",
        action="store_true",
        help=(
            "write docs/mistakes.md and its translations "
            "(docs/mistakes.zh-hans.md, docs/mistakes.zh-hant.md) instead of printing it"
        ),
    )
    _language_option(p, "the printed catalogue")
    p.set_defaults(run=_catalogue)

    args = parser.parse_args(argv)
    # nbgrader runs tools such as `alembic` from PATH: called as venv/bin/python without the
    # environment activated, this interpreter's own bin folder must come first, or they are
    # not found.
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = os.pathsep.join([bin_dir, os.environ.get("PATH", "")])
    warnings.filterwarnings("ignore", module="nbgrader")  # nbgrader's own SQLAlchemy chatter
    warnings.filterwarnings("ignore", message=".*not in session.*")
    try:
        course = Course.at(
            args.course, getattr(args, "work", None), getattr(args, "gradebook", None)
        )
        return args.run(args, course)
    except CourseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
