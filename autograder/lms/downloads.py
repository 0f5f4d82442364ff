"""What learning-management systems download, read into one Submission per student, and
their rosters.

Layouts (``--layout``; recognised from the download itself when not named):

* ``nbgrader``: ``<student_id>/<notebook>.ipynb`` (or ``<student_id>/<assignment>/...``), and flat
  files ``<student_id>.ipynb`` / ``<student_id>[_<number>]_<notebook>.ipynb``
  (see ``submissions.collect``);
* ``exchange``: nbgrader's exchange inbound folder (a JupyterHub's),
  ``<student>+<assignment>+<time>[+<random>]/``; the latest submission of each student counts;
* ``canvas``: flat files ``<name>[_LATE]_<user id>_<submission id>_<file>``;
* ``moodle``: ``<Full Name>_<participant id>_assignsubmission_file_[/]<file>`` (a folder per
  participant or flat);
* ``gradescope``: the submission export, ``submission_metadata.yml`` and
  ``submission_<id>/`` folders;
* ``classroom``: GitHub Classroom, one folder per repository, ``<assignment
  prefix>-<github username>/``.

Without a roster a student is called by the download's own key (Canvas user id, Moodle participant
id, Gradescope SID, GitHub username, the nbgrader student id); a roster (the LMS's own CSV export)
maps that key to the instructor's student id and tells who on it sent nothing.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from autograder.errors import CourseError
from autograder.grading.submissions import Submission, collect, files_under

LAYOUTS = ("nbgrader", "exchange", "canvas", "moodle", "gradescope", "classroom")
CANVAS_FILE = re.compile(
    r"^(?P<name>[^_]+)_(?P<late>LATE_)?(?P<user>\d+)_(?P<submission>\d+)_(?P<file>.+)$"
)
MOODLE_ENTRY = re.compile(
    r"^(?P<name>.+)_(?P<participant>\d+)_assignsubmission_(?:file|onlinetext)_(?P<file>.*)$"
)
EXCHANGE_FOLDER = re.compile(
    r"^(?P<student>.+?)\+(?P<assignment>[^+]+)\+(?P<timestamp>[^+]+)(?:\+[^+]*)?$"
)


def _entries(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if not p.name.startswith(".") and p.name != "__MACOSX")


def detect(root: Path) -> str:
    """The layout of a download, from its names; nbgrader's own when nothing else fits."""
    entries = _entries(root)
    names = [p.name for p in entries]
    if (root / "submission_metadata.yml").is_file():
        return "gradescope"
    if (
        names
        and all(EXCHANGE_FOLDER.match(n) for n in names if (root / n).is_dir())
        and any("+" in n for n in names)
    ):
        return "exchange"
    if any(MOODLE_ENTRY.match(n) for n in names):
        return "moodle"
    if any(CANVAS_FILE.match(n) for n in names if (root / n).is_file()):
        return "canvas"
    return "nbgrader"


def _merge(subs: list[Submission]) -> list[Submission]:
    """One Submission per student: several files of one student (Canvas, Moodle's flat
    files) join."""
    joined: dict[str, Submission] = {}
    for sub in subs:
        into = joined.setdefault(
            sub.student,
            Submission(sub.student, name=sub.name, lms_key=sub.lms_key, prefix=sub.prefix),
        )
        for path in sub.files + sub.others:
            into.add(path)
        into.late = into.late or sub.late
    return sorted((s.check() for s in joined.values()), key=lambda s: s.student)


def _canvas(root: Path) -> list[Submission]:
    subs = []
    for entry in _entries(root):
        match = CANVAS_FILE.match(entry.name) if entry.is_file() else None
        if match:
            sub = Submission(
                match["user"],
                name=match["name"],
                lms_key=match["user"],
                late=bool(match["late"]),
                prefix=entry.name[: -len(match["file"])],
            )
            sub.add(entry)
            subs.append(sub)
    return _merge(subs)


def _moodle(root: Path) -> list[Submission]:
    subs = []
    for entry in _entries(root):
        match = MOODLE_ENTRY.match(entry.name)
        if not match:
            continue
        sub = Submission(
            match["participant"],
            name=match["name"],
            lms_key=match["participant"],
            prefix=entry.name[: len(entry.name) - len(match["file"])],
        )
        for path in files_under(entry) if entry.is_dir() else [entry]:
            sub.add(path)
        subs.append(sub)
    return _merge(subs)


def _gradescope(root: Path) -> list[Submission]:
    meta = yaml.safe_load((root / "submission_metadata.yml").read_text()) or {}
    subs = []
    for folder, info in sorted(meta.items()):
        submitters = (info or {}).get(":submitters") or [{}]
        person = submitters[0]  # a group submission is graded once, for its first submitter
        key = str(person.get(":sid") or person.get(":email") or folder)
        sub = Submission(key, name=str(person.get(":name", "")), lms_key=key)
        if (root / folder).is_dir():
            for path in files_under(root / folder):
                sub.add(path)
        subs.append(sub)
    return _merge(subs)


def _classroom(root: Path) -> list[Submission]:
    folders = [p for p in _entries(root) if p.is_dir()]
    names = [p.name for p in folders]
    prefix = (
        _common_prefix(names)
        if len(names) > 1
        else (names[0].rsplit("-", 1)[0] + "-" if names else "")
    )
    subs = []
    for folder in folders:
        user = folder.name[len(prefix) :] or folder.name
        sub = Submission(user, lms_key=user)
        for path in files_under(folder):
            sub.add(path)
        subs.append(sub)
    return _merge(subs)


def _common_prefix(names: list[str]) -> str:
    """The assignment's prefix of every repository name, cut after its last '-'."""
    first, last = min(names), max(names)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[: first.rfind("-", 0, n) + 1]


def _exchange(root: Path) -> list[Submission]:
    latest: dict[str, tuple[str, Path]] = {}
    for folder in _entries(root):
        match = EXCHANGE_FOLDER.match(folder.name) if folder.is_dir() else None
        if match and (
            match["student"] not in latest or match["timestamp"] > latest[match["student"]][0]
        ):
            latest[match["student"]] = (match["timestamp"], folder)
    subs = []
    for student, (_, folder) in latest.items():
        sub = Submission(student, lms_key=student)
        for path in files_under(folder):
            sub.add(path)
        subs.append(sub)
    return _merge(subs)


READERS = {
    "canvas": _canvas,
    "moodle": _moodle,
    "gradescope": _gradescope,
    "classroom": _classroom,
    "exchange": _exchange,
}


def read_download(
    root: Path, layout: str | None = None, notebooks: tuple[str, ...] = ()
) -> tuple[str, list]:
    """(the layout, one Submission per student) for a download folder."""
    if not root.is_dir():
        raise CourseError(f"submissions folder not found: {root}")
    layout = layout or detect(root)
    if layout not in LAYOUTS:
        raise CourseError(f"unknown layout {layout!r}; known: {', '.join(LAYOUTS)}")
    subs = collect(root, notebooks) if layout == "nbgrader" else READERS[layout](root)
    return layout, subs


@dataclass
class Roster:
    """The LMS's roster: what the download calls each learner (``key``) -> the instructor's
    student id."""

    ids: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # student id -> name
    # student id -> the roster's own row (for the way back)
    rows: dict[str, dict] = field(default_factory=dict)
    # every student id on it, linked to an LMS account or not
    everyone: set[str] = field(default_factory=set)

    def apply(self, subs: list[Submission]) -> list[Submission]:
        """The submissions under the instructor's ids; a key the roster lacks keeps its own
        name, flagged."""
        for sub in subs:
            if sub.lms_key in self.ids or sub.student in self.ids:
                sub.student = self.ids.get(sub.lms_key) or self.ids[sub.student]
                sub.name = sub.name or self.names.get(sub.student, "")
                if sub.problem and "not a usable student id" in sub.problem:
                    sub.problem = None
                sub.check()
            elif not sub.problem:
                sub.problem = (
                    f"not on the roster (the download calls them {sub.lms_key or sub.student!r})"
                )
        return sorted(subs, key=lambda s: s.student)

    def missing(self, subs: list[Submission]) -> list[str]:
        """Students on the roster who sent nothing."""
        return sorted(self.everyone - {s.student for s in subs})


# Per LMS: (the column holding what its download names a learner, the columns that give a student
# id, in order of preference, the name column). Matched on the roster's header.
ROSTER_COLUMNS = {
    "canvas": ("ID", ("SIS Login ID", "SIS User ID", "ID"), "Student"),
    "moodle": ("Identifier", ("ID number", "Username", "Email address"), "Full name"),
    "gradescope": ("SID", ("SID", "Email"), "Name"),
    "classroom": ("github_username", ("identifier", "github_username"), "name"),
    "nbgrader": ("id", ("id",), "first_name"),
}


def read_roster(path: Path) -> tuple[str, Roster]:
    """(which LMS exported it, the roster) from a roster CSV: Canvas's gradebook export, Moodle's
    grading worksheet, Gradescope's roster, GitHub Classroom's roster, or a plain ``id`` column."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    header = set(rows[0]) if rows else set()
    lms = next((name for name, columns in ROSTER_COLUMNS.items() if columns[0] in header), None)
    if lms is None:
        raise CourseError(
            f"{path.name}: not a roster this grader knows (columns: {', '.join(sorted(header))})"
        )
    key_col, id_cols, name_col = ROSTER_COLUMNS[lms]
    roster = Roster()
    for row in rows:
        key = (row.get(key_col) or "").strip()
        if lms == "moodle":
            key = key.removeprefix("Participant ").strip()
        if lms == "canvas" and (not key.isdigit() or row.get("Student") == "Student, Test"):
            continue  # Canvas's "Points Possible" row has no user id; its test student is nobody
        student = next((row[c].strip() for c in id_cols if (row.get(c) or "").strip()), key)
        if not student:
            continue
        if key:  # a learner who never linked an LMS account (GitHub Classroom) can only be missing
            roster.ids[key] = student
        roster.everyone.add(student)
        roster.names[student] = (row.get(name_col) or "").strip()
        roster.rows[student] = row
    return lms, roster
