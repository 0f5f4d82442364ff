"""Grades and feedback in the forms learning-management systems import, from what grading recorded.

Grading records each student's result as JSON (``<work>/results/<assignment>/<student>.json``:
scores per part, the reason for each lost part, and what the LMS called them), so the export works
the same after one run or after a cluster's shards each graded a slice. Formats:

* ``csv``: one row per student, one column per part and the reasons (``<assignment>.csv``);
* ``canvas``: Canvas's gradebook import, its header and "Points Possible"
  rows (``<assignment>.canvas.csv``);
* ``moodle``: Moodle's grading worksheet (Identifier "Participant N", Grade, Feedback comments);
* ``gradescope``: an autograder ``results.json`` per student, one test per graded part with
  its message;
* the feedback zip (``<assignment>-feedback.zip``): each student's HTML feedback named as the LMS's
  download named their files, which Canvas's "re-upload submissions" and Moodle's "upload multiple
  feedback files in a zip" match back to each student; per student folders otherwise.
"""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

from autograder.errors import CourseError
from autograder.grading.course import Course
from autograder.grading.results import GRADED, Result, load, not_graded_yet, write_csv
from autograder.lms.downloads import Roster

FORMATS = ("csv", "canvas", "moodle", "gradescope")


def _feedback_text(r: Result) -> str:
    if r.status != GRADED:
        return f"Not graded: {r.reason}"
    lost = "; ".join(
        f"{part} ({r.part_max.get(part, 0):g} points): {why}" for part, why in r.lost.items()
    )
    return f"{r.score:g}/{r.max_score:g}." + (
        f" Lost: {lost}" if lost else (" Every autograded part passed.")
    )


def canvas_csv(rows, path: Path, title: str, roster: Roster | None) -> Path:
    """Canvas's gradebook import: Student, ID, SIS User ID, SIS Login ID, Section,
    then '<title>'."""
    head = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", title]
    points = max((r.max_score for r, _ in rows), default=0)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(head)
        writer.writerow(["Points Possible", "", "", "", "", f"{points:g}"])
        for r, meta in rows:
            known = (roster.rows.get(r.student) if roster else None) or {}
            writer.writerow(
                [
                    known.get("Student") or meta.get("name") or r.student,
                    known.get("ID") or meta["lms_key"],
                    known.get("SIS User ID", ""),
                    known.get("SIS Login ID", ""),
                    known.get("Section", ""),
                    f"{r.score:g}",
                ]
            )
    return path


def moodle_csv(rows, path: Path, roster: Roster | None) -> Path:
    """Moodle's grading worksheet import: the Identifier column ("Participant N") finds
    the student."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(
            [
                "Identifier",
                "Full name",
                "Email address",
                "Grade",
                "Maximum Grade",
                "Feedback comments",
            ]
        )
        for r, meta in rows:
            known = (roster.rows.get(r.student) if roster else None) or {}
            identifier = known.get("Identifier") or (
                f"Participant {meta.get('lms_key') or r.student}"
            )
            writer.writerow(
                [
                    identifier,
                    known.get("Full name") or meta.get("name", ""),
                    known.get("Email address", ""),
                    f"{r.score:g}",
                    f"{r.max_score:g}",
                    _feedback_text(r),
                ]
            )
    return path


def gradescope_json(r: Result) -> dict:
    """Gradescope's autograder results: the score and one test per autograded part, with
    its message."""
    tests = []
    for part in sorted(r.part_max):
        if part in r.manual_parts:
            continue
        score = r.parts.get(part, 0.0)
        passed = score >= r.part_max[part] - 1e-9
        tests.append(
            {
                "name": part,
                "score": score,
                "max_score": r.part_max[part],
                "status": "passed" if passed else "failed",
                "output": r.lost.get(part, ""),
            }
        )
    output = "" if r.status == GRADED else f"Not graded: {r.reason}"
    if r.needs_manual_grade:
        output = (output + " " if output else "") + "Written answers are graded by hand."
    return {"score": r.score, "output": output, "tests": tests}


def feedback_zip(rows, path: Path, assignment: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for r, meta in rows:
            if not r.feedback or not Path(r.feedback).is_dir():
                continue
            for html in sorted(Path(r.feedback).glob("*.html")):
                prefix = meta.get("prefix")
                zf.write(
                    html,
                    f"{prefix}{html.name}" if prefix else (f"{r.student}/{assignment}/{html.name}"),
                )
    return path


def export(
    course: Course,
    assignment: str,
    formats=FORMATS,
    roster: Roster | None = None,
    out: Path | None = None,
) -> dict[str, Path]:
    """Write every format in ``formats`` and the feedback zip; returns format -> path. Refused
    (CourseError) while a student of the class has no result yet: a cluster's export would otherwise
    leave them out."""
    missing, size = not_graded_yet(course, assignment)
    if missing:
        shown = ", ".join(missing[:5]) + (", …" if len(missing) > 5 else "")
        raise CourseError(
            f"export refused: {len(missing)} of {size} students not graded yet ({shown}); a shard "
            "is still running or was killed: rerun the array (it grades only what is "
            "missing), then export"
        )
    rows = load(course, assignment)
    out = out or course.work / "grades"
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    if "csv" in formats:
        written["csv"] = write_csv([r for r, _ in rows], out / f"{assignment}.csv")
    if "canvas" in formats:
        written["canvas"] = canvas_csv(rows, out / f"{assignment}.canvas.csv", assignment, roster)
    if "moodle" in formats:
        written["moodle"] = moodle_csv(rows, out / f"{assignment}.moodle.csv", roster)
    if "gradescope" in formats:
        folder = out / "gradescope" / assignment
        for r, _ in rows:
            (folder / r.student).mkdir(parents=True, exist_ok=True)
            (folder / r.student / "results.json").write_text(
                json.dumps(gradescope_json(r), indent=1)
            )
        written["gradescope"] = folder
    written["feedback"] = feedback_zip(rows, out / f"{assignment}-feedback.zip", assignment)
    return written
