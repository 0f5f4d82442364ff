"""What grading found, as the class report reads it: from each student's recorded result.

Each lost part is recorded with its cause (:data:`autograder.errors.CAUSES`) and, when a check
recognised it, the named mistake, as the grader wrote them on the autograded notebook's test cell
(:data:`autograder.wire.grader.VERDICT_KEY`); feedback text is never parsed for them. Test cells run
in the kernel (``tests_outside = False``) carry no verdict: their cause is told by the exception's
name alone.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from autograder.cells import error_outputs, is_test_cell, nbgrader_meta
from autograder.errors import ERROR, GENERIC, NOT_ATTEMPTED, TIMEOUT, failure_message
from autograder.grading.course import Course
from autograder.grading.results import NOT_GRADED, Result, class_students, load
from autograder.messages import LANGUAGES
from autograder.wire.grader import VERDICT_KEY


def _cause_of_error(ename: str) -> str:
    if ename == "NotImplementedError":
        return NOT_ATTEMPTED
    if ename == "NotebookTimeoutError":
        return TIMEOUT
    return GENERIC if ename == "GradingError" else ERROR


def failures(autograded: Path) -> dict[str, dict]:
    """grade_id -> {"message", "cause", "mistake", "mistake_in"} of each failing test cell of an
    autograded notebook: the message the learner read (:func:`autograder.errors.failure_message` of
    the last error), and the cause and named mistake (as read, and in every language) the grader
    wrote on the cell, else told by the first error's name."""
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
            "mistake_in": _in_languages(verdict.get("mistake_in")) if mistake else {},
        }
    return found


def _in_languages(found) -> dict[str, str]:
    """The named mistake in each language, as the grader wrote it (only known languages, only
    text)."""
    if not isinstance(found, dict):
        return {}
    return {k: v for k, v in found.items() if k in LANGUAGES and isinstance(v, str)}


def mistake_in(lost: dict, language: str) -> str | None:
    """A lost part's named mistake in ``language``, else as the learner read it."""
    return (lost.get("mistake_in") or {}).get(language) or lost.get("mistake")


def _feedback_files(course: Course, folder: Path | None) -> list[str]:
    if folder is None or not Path(folder).is_dir():
        return []
    return [str(p.relative_to(course.work)) for p in sorted(Path(folder).glob("*.html"))]


def _as_record(course: Course, r: Result) -> dict:
    """One student as the class report reads them: score, parts, and every lost part with its
    message, cause and named mistake."""
    lost = {
        part: {"message": message, **r.causes.get(part, {"cause": ERROR, "mistake": None})}
        for part, message in r.lost.items()
    }
    if r.status == NOT_GRADED:
        lost = {
            part: {"message": r.reason, "cause": NOT_GRADED, "mistake": None}
            for part in r.part_max
            if part not in r.manual_parts
        }
    return {
        "student": r.student,
        "status": r.status,
        "reason": r.reason,
        "score": r.score,
        "max_score": r.max_score,
        "parts": r.parts,
        "part_max": r.part_max,
        "manual_parts": sorted(r.manual_parts),
        "lost": lost,
        "seconds": round(r.seconds, 2),
        "feedback": _feedback_files(course, r.feedback),
        "sandboxed": r.sandboxed,
    }


def read_record(course: Course, assignment: str) -> list[dict]:
    """Every student of the class last graded (all recorded results when no class list was kept),
    from their recorded results (:mod:`.results`), sorted by student id."""
    students = class_students(course, assignment)
    keep = set(students) if students is not None else None
    return [
        _as_record(course, r)
        for r, _ in load(course, assignment)
        if keep is None or r.student in keep
    ]
