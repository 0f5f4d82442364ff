"""Grade a class from what the learning-management system gave: its download (a folder or a .zip, in
any of :data:`.downloads.LAYOUTS`) and its roster, then write the class report.

The one entry for a whole class: the CLI's ``grade``, the demo, the benchmarks and the tests all
call :func:`grade_class`; :func:`autograder.grading.batch.grade` grades the students it is handed.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from autograder.errors import CourseError
from autograder.grading import batch
from autograder.grading.course import Course
from autograder.grading.results import Result
from autograder.grading.submissions import unpack
from autograder.lms.downloads import read_download
from autograder.report.class_report import write_report


def grade_class(
    course: Course,
    assignment: str,
    submissions: Path,
    csv_path: Path | None = None,
    progress=None,
    layout: str | None = None,
    roster=None,
    report: bool = True,
    **how,
) -> tuple[list[Result], Path | None]:
    """Grade every student in ``submissions`` (a folder or a .zip); returns the results and the CSV
    path.

    ``layout`` names the download's layout (default: recognised), ``roster`` (a
    :class:`.downloads.Roster`) maps its names to student ids; a roster's student with no
    submission is named on ``progress``. The class report is written afterwards (``report``) unless
    this is one shard of several. ``how`` are :class:`autograder.grading.batch.BatchSettings`'s
    fields (``workers``, ``force``, ``shard``, ``settings``, ``unsandboxed``)."""
    how = batch.BatchSettings(**how)
    progress = progress or sys.stderr
    course.require(assignment)
    submissions = Path(submissions)
    if not submissions.exists():
        raise CourseError(f"submissions not found: {submissions}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = unpack(submissions, Path(tmp)) if submissions.is_file() else submissions
        layout, subs = read_download(folder, layout, tuple(course.notebooks(assignment)))
        if not subs:
            raise CourseError(f"no submissions found in {submissions}")
        if roster is not None:
            subs = roster.apply(subs)
            missing = roster.missing(subs)
            if missing:
                print(
                    f"on the roster with no submission ({len(missing)}): {', '.join(missing)}",
                    file=progress,
                )
        results, csv = batch.grade(course, assignment, subs, how, layout, csv_path, progress)
    if report and not how.shard:
        _write_report(course, assignment, progress)
    return results, csv


def _write_report(course: Course, assignment: str, progress) -> None:
    """The class report (:mod:`autograder.report.class_report`) after every grading run; a failure
    there never loses the grades."""

    try:
        write_report(course, assignment)
    except Exception as exc:  # noqa: BLE001
        print(f"class report not written: {type(exc).__name__}: {exc}", file=progress)
