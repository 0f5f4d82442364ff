"""What grading found, kept for the class report: one JSON line per student next to the gradebook.

Each lost part is recorded with its cause (:data:`autograder.errors.CAUSES`) and, when a check
recognised it, the named mistake, as the grader wrote them on the autograded notebook's test cell
(:data:`autograder.wire.grader.VERDICT_KEY`); feedback text is never parsed for them. Test cells run
in the kernel (``tests_outside = False``) carry no verdict: their cause is told by the exception's
name alone.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from autograder.cells import error_outputs, is_test_cell, nbgrader_meta
from autograder.errors import ERROR, GENERIC, NOT_ATTEMPTED, TIMEOUT, failure_message
from autograder.grading.course import Course
from autograder.grading.results import NOT_GRADED
from autograder.wire.grader import VERDICT_KEY


def _cause_of_error(ename: str) -> str:
    if ename == "NotImplementedError":
        return NOT_ATTEMPTED
    if ename == "NotebookTimeoutError":
        return TIMEOUT
    return GENERIC if ename == "GradingError" else ERROR


def failures(autograded: Path) -> dict[str, dict]:
    """grade_id -> {"message", "cause", "mistake"} of each failing test cell of an autograded
    notebook: the message the learner read (:func:`autograder.errors.failure_message` of the last
    error), and the cause and named mistake the grader wrote on the cell, else told by the first
    error's name."""
    nb = nbformat.read(autograded, as_version=4)
    found = {}
    for cell in nb.cells:
        errors = error_outputs(cell)
        if not is_test_cell(cell) or not errors:
            continue
        verdict = cell.metadata.get(VERDICT_KEY) or {}
        cause, mistake = verdict.get("cause"), verdict.get("mistake")
        if not isinstance(cause, str):
            cause, mistake = _cause_of_error(errors[0].get("ename", "")), None
        found[nbgrader_meta(cell)["grade_id"]] = {
            "message": failure_message(errors[-1].get("ename", ""), errors[-1].get("evalue", "")),
            "cause": cause,
            "mistake": mistake if isinstance(mistake, str) else None,
        }
    return found


def record_path(course: Course, assignment: str) -> Path:
    return course.work / "mistakes" / f"{assignment}.jsonl"


def _feedback_files(course: Course, folder: Path | None) -> list[str]:
    if folder is None or not Path(folder).is_dir():
        return []
    return [str(p.relative_to(course.work)) for p in sorted(Path(folder).glob("*.html"))]


def write_record(course: Course, assignment: str, results) -> Path:
    """One line per student: score, parts, and every lost part with its message, cause and
    named mistake."""
    path = record_path(course, assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as f:
        for r in results:
            causes = getattr(r, "causes", {}) or {}
            lost = {
                part: {"message": message, **causes.get(part, {"cause": ERROR, "mistake": None})}
                for part, message in r.lost.items()
            }
            if r.status == NOT_GRADED:
                lost = {
                    part: {"message": r.reason, "cause": NOT_GRADED, "mistake": None}
                    for part in r.part_max
                    if part not in r.manual_parts
                }
            f.write(
                json.dumps(
                    {
                        "student": r.student,
                        "status": r.status,
                        "reason": r.reason,
                        "score": r.score,
                        "max_score": r.max_score,
                        "parts": r.parts,
                        "part_max": r.part_max,
                        "manual_parts": sorted(r.manual_parts),
                        "lost": lost,
                        "seconds": round(getattr(r, "seconds", 0.0), 2),
                        "feedback": _feedback_files(course, r.feedback),
                        "sandboxed": getattr(r, "sandboxed", True),
                    }
                )
                + "\n"
            )
    return path


def read_record(course: Course, assignment: str) -> list[dict]:
    path = record_path(course, assignment)
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
