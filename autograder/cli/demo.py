"""``python -m autograder demo``: a simulated class graded end to end on a throwaway gradebook."""

from __future__ import annotations

from pathlib import Path

from autograder.cli.common import print_results
from autograder.grading.course import Course


def add_to(sub) -> None:
    p = sub.add_parser("demo", help="grade a simulated class on a throwaway gradebook")
    p.add_argument("--work", help="where to put the demo's gradebook (default: course/demo)")
    p.set_defaults(run=run)


def run(args, course: Course) -> int:
    from autograder.authoring.demo import ASSIGNMENT, run_demo

    results, csv_path, kinds = run_demo(Path(args.work) if args.work else None)
    print("simulated class: " + ", ".join(f"{s} ({k})" for s, k in kinds.items()) + "\n")
    print_results(results, csv_path, Course(course.root, csv_path.parent.parent), ASSIGNMENT)
    return 0
