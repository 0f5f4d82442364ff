"""Resuming a batch: which students are already graded, from the very files they sent.

After a student is graded (scores in the gradebook, feedback written) a small record is written,
atomically: ``<work>/state/<assignment>/<student>.json`` with the checksum of every file the student
sent. A rerun skips a student whose record matches what the download holds now and whose submission
is in the gradebook; a changed file, a missing record (the grader was killed while grading them) or
``force`` grades them again. Submissions that cannot be graded at all are cheap and never recorded:
they are looked at again each time.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from autograder.grading.course import Course
from autograder.grading.submissions import Submission


def checksum(sub: Submission) -> str:
    """One SHA-256 over the names and contents of everything the student sent."""
    digest = hashlib.sha256()
    for path in sorted(sub.files + sub.others, key=lambda p: p.name):
        digest.update(path.name.encode() + b"\0")
        with open(path, "rb") as f:
            digest.update(hashlib.file_digest(f, "sha256").digest())
    return digest.hexdigest()


def _record_path(course: Course, assignment: str, student: str) -> Path:
    return course.kept("state", assignment) / f"{student}.json"


def record(course: Course, assignment: str, sub: Submission) -> None:
    """Mark ``sub`` as graded (written last, so a grader killed before this point grades
    it again)."""
    path = _record_path(course, assignment, sub.student)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(json.dumps({"student": sub.student, "sha256": checksum(sub)}))
    os.replace(partial, path)


def forget(course: Course, assignment: str, student: str) -> None:
    _record_path(course, assignment, student).unlink(missing_ok=True)


def already_graded(course: Course, assignment: str, sub: Submission) -> bool:
    """True when ``sub`` was graded from exactly these files and the gradebook still holds
    its submission."""
    if sub.problem is not None:
        return False
    try:
        recorded = json.loads(_record_path(course, assignment, sub.student).read_text())
    except (OSError, ValueError):
        return False
    if recorded.get("sha256") != checksum(sub):
        return False
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(course.db_url) as gb:
        try:
            gb.find_submission(assignment, sub.student)
        except MissingEntry:
            return False
    return True


def split(course: Course, assignment: str, subs: list[Submission], force: bool = False):
    """(to grade, already graded): ``force`` grades everyone."""
    if force:
        return list(subs), []
    done = [s for s in subs if already_graded(course, assignment, s)]
    names = {s.student for s in done}
    return [s for s in subs if s.student not in names], done
