"""The command line: ``python -m autograder VERB``; each verb's options and what it runs are in its
own module (``release``, ``grade``, ``report``, ``export``, ``demo``, ``catalogue`` for instructors,
``check`` for self-study); this one parses and forwards."""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from pathlib import Path

from autograder.cli import catalogue, check, demo, export, grade, release, report
from autograder.errors import CourseError
from autograder.grading.course import Course

VERBS = (release, grade, report, export, check, demo, catalogue)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m autograder",
        description=(
            "The self-attention course: release, grade, report, export, demo and catalogue for "
            "instructors; check for self-study."
        ),
    )
    parser.add_argument(
        "--course", help=("course root (default: the folder with nbgrader_config.py)")
    )
    sub = parser.add_subparsers(dest="command", required=True)

    for verb in VERBS:
        verb.add_to(sub)

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
