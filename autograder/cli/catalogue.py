"""``python -m autograder catalogue``: the mistakes each check names, per part, printed or written
to docs/."""

from __future__ import annotations

from autograder.cli.common import language_option
from autograder.grading.course import Course


def add_to(sub) -> None:
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
    language_option(p, "the printed catalogue")
    p.set_defaults(run=run)


def run(args, course: Course) -> int:
    from autograder.authoring.catalogue import FILES, catalogue

    if args.write:  # every language's catalogue
        (course.root / "docs").mkdir(exist_ok=True)
        for language, name in FILES.items():
            (course.root / "docs" / name).write_text(catalogue(course, language), encoding="utf-8")
    else:
        print(catalogue(course, args.language or "en"), end="")
    return 0
