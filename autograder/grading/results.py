"""Each student's result, written once per grading run and read by resume, export and the report."""

from __future__ import annotations

import csv
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from autograder.grading.course import Course
from autograder.grading.submissions import Submission, checksum

# What became of a student's submission.
GRADED = "graded"
NOT_GRADED = "not graded"  # it could not be graded at all: every part lost


@dataclass
class Result:
    student: str
    score: float = 0.0
    max_score: float = 0.0
    status: str = GRADED  # or NOT_GRADED
    # why points were lost ("part: message; ...", messages whole) or why grading failed
    reason: str = ""
    parts: dict[str, float] = field(default_factory=dict)
    part_max: dict[str, float] = field(default_factory=dict)  # the points each part is worth
    # part -> why its points were lost (auto-graded parts)
    lost: dict[str, str] = field(default_factory=dict)
    manual_parts: set[str] = field(default_factory=set)  # parts graded by hand (zero until graded)
    needs_manual_grade: bool = False
    feedback: Path | None = None
    # lost part -> {"cause", "mistake", "mistake_in"} (:mod:`.record`)
    causes: dict[str, dict] = field(default_factory=dict)
    seconds: float = 0.0  # how long grading this student took
    # False: graded with --unsandboxed where no sandbox could be built (said everywhere)
    sandboxed: bool = True


def write_csv(results: list[Result], path: Path) -> Path:
    parts = sorted({p for r in results for p in r.parts})
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(
            [
                "student_id",
                "score",
                "max_score",
                "status",
                "needs_manual_grade",
                "sandboxed",
                *parts,
                "reason",
            ]
        )
        for r in results:
            writer.writerow(
                [
                    r.student,
                    f"{r.score:g}",
                    f"{r.max_score:g}",
                    r.status,
                    r.needs_manual_grade,
                    r.sandboxed,
                    *(f"{r.parts.get(p, 0):g}" for p in parts),
                    r.reason,
                ]
            )
    return path


META = ("name", "lms_key", "late", "prefix")


def results_folder(course: Course, assignment: str) -> Path:
    return course.kept("results", assignment)


def result_path(course: Course, assignment: str, student: str) -> Path:
    return results_folder(course, assignment) / f"{student}.json"


def save_one(
    course: Course,
    assignment: str,
    result: Result,
    sub: Submission | None = None,
    layout: str = "",
    sha256: str = "",
) -> None:
    """Write one student's result, atomically: the result, what the LMS called them (``sub``),
    the download's ``layout``, and the checksum of the files it was graded from (``sha256``, only
    for a graded submission: :mod:`.resume` keeps it then)."""
    data = {
        **asdict(result),
        "manual_parts": sorted(result.manual_parts),
        "feedback": str(result.feedback or ""),
        "layout": layout,
        "sha256": sha256,
        **({k: getattr(sub, k) for k in META} if sub else {}),
    }
    path = result_path(course, assignment, result.student)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{result.student}.{os.getpid()}.tmp")
    partial.write_text(json.dumps(data, ensure_ascii=False))
    partial.replace(path)


def save(
    course: Course, assignment: str, results: list[Result], subs: list[Submission], layout: str
) -> None:
    """Every result of a batch (those kept from an earlier run too), each with its checksum."""
    by_student = {s.student: s for s in subs}
    for r in results:
        sub = by_student.get(r.student)
        sha256 = checksum(sub) if sub and r.status == GRADED else ""
        save_one(course, assignment, r, sub, layout, sha256)


def forget(course: Course, assignment: str, student: str) -> None:
    """Being graded again: until done, the student has no result."""
    result_path(course, assignment, student).unlink(missing_ok=True)


def recorded(course: Course, assignment: str, student: str) -> dict | None:
    """The student's recorded result as written (None: none, or unreadable)."""
    try:
        return json.loads(result_path(course, assignment, student).read_text())
    except (OSError, ValueError):
        return None


def class_path(course: Course, assignment: str) -> Path:
    return course.kept("state", assignment) / "class.txt"


def save_class(course: Course, assignment: str, students: list[str]) -> None:
    """The whole class of the download being graded (every shard writes the same list, whole):
    ``export`` refuses while any of them has no recorded result (a shard not done yet,
    or killed)."""
    path = class_path(course, assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".class.{os.getpid()}.tmp")
    partial.write_text("".join(f"{s}\n" for s in sorted(students)))
    os.replace(partial, path)


def not_graded_yet(course: Course, assignment: str) -> tuple[list[str], int]:
    """(students of the class with no recorded result, the class's size); nothing when no list
    was kept."""
    students = class_students(course, assignment)
    if students is None:
        return [], 0
    recorded = {p.stem for p in results_folder(course, assignment).glob("*.json")}
    return [s for s in students if s not in recorded], len(students)


def load(course: Course, assignment: str) -> list[tuple[Result, dict]]:
    """Every recorded (result, what the LMS called the student), sorted by student id."""
    out = []
    for path in sorted(results_folder(course, assignment).glob("*.json")):
        data = json.loads(path.read_text())
        meta = {k: data.pop(k, "") for k in (*META, "layout", "sha256")}
        data["manual_parts"] = set(data["manual_parts"])
        data["feedback"] = Path(data["feedback"]) if data["feedback"] else None
        out.append((Result(**data), meta))
    return out


def was_sandboxed(course: Course, assignment: str, student: str) -> bool:
    """Whether the student's recorded result was graded in the sandbox (results recorded before this
    was kept were: grading without one was not possible then)."""
    return bool((recorded(course, assignment, student) or {}).get("sandboxed", True))


def class_students(course: Course, assignment: str) -> list[str] | None:
    """The class of the download last graded (None: no list was kept)."""
    try:
        return class_path(course, assignment).read_text().split()
    except OSError:
        return None
