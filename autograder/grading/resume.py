"""Resuming a batch: which students are already graded, from the very files they sent.

As soon as a student is graded (scores in the gradebook, feedback written) their result is written
(:func:`autograder.grading.results.save_one`), atomically, with the checksum of every file they
sent. A rerun skips a student whose recorded checksum matches what the download holds now and whose
submission is in the gradebook; a changed file, no result (the grader was killed while grading
them) or ``force`` grades them again. Submissions that cannot be graded at all are cheap and
recorded without a checksum: they are looked at again each time.
"""

from __future__ import annotations

from autograder.grading import results
from autograder.grading.course import Course
from autograder.grading.submissions import Submission, checksum


def already_graded(course: Course, assignment: str, sub: Submission) -> bool:
    """True when ``sub`` was graded from exactly these files and the gradebook still holds
    its submission."""
    if sub.problem is not None:
        return False
    recorded = results.recorded(course, assignment, sub.student)
    if not recorded or recorded.get("sha256") != checksum(sub):
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
