"""Find each student's notebook in what an instructor downloaded, and check it is a notebook at all.

Accepted layouts (a folder or a .zip of one):

* ``<student_id>/<notebook>.ipynb`` (or ``<student_id>/<assignment>/<notebook>.ipynb``),
  nbgrader's own;
* flat files named with the student id, as learning-management systems export them:
  ``<student_id>.ipynb`` or ``<student_id>_<anything>.ipynb``.

Nothing here raises on a bad submission: each problem becomes a one-line message for that student.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from autograder.cells import nbgrader_meta
from autograder.errors import CourseError
from autograder.messages import say_in

# Letters (any script), digits and _ . @ - (nbgrader's and JupyterHub's usernames, e-mail
# addresses); no '/', no '..', no leading dot, so an id can never name a path outside the
# course's folders.
STUDENT_ID = re.compile(r"^(?!.*\.\.)[^\W_][\w.@-]*\Z")
MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024
MAX_ZIP_BYTES = 2 * 1024 * 1024 * 1024
ARCHIVE_SUFFIXES = (".zip", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar")


@dataclass
class Submission:
    student: str
    files: list[Path] = field(default_factory=list)  # the notebooks found for this student
    # everything else they sent (kept, never graded)
    others: list[Path] = field(default_factory=list)
    problem: str | None = None  # why it cannot be graded as it is, or None
    name: str = ""  # the learner's name where the download gives one (Moodle, Canvas, Gradescope)
    # what the LMS calls them (Canvas user id, Moodle participant id, ...): for the way back
    lms_key: str = ""
    late: bool = False  # the LMS marked the submission late
    # how the LMS's download began this student's file names: feedback files start the same
    prefix: str = ""

    @property
    def notebook(self) -> Path | None:
        return self.files[0] if len(self.files) == 1 else None

    def add(self, path: Path) -> None:
        """One file the student sent: a notebook to grade, or something kept for the instructor."""
        (self.files if path.suffix == ".ipynb" else self.others).append(path)

    def check(self) -> Submission:
        """Set ``problem`` for what cannot be graded (keeping a reason already found);
        returns self."""
        archives = [p for p in self.others if p.name.lower().endswith(ARCHIVE_SUFFIXES)]
        if not STUDENT_ID.match(self.student):
            self.problem = say_in(
                "en",
                "{student} is not a usable student id (letters, digits, _ . @ - only)",
                student=repr(self.student),
            )
        elif self.problem:
            pass
        elif not self.files:
            self.problem = (
                say_in(
                    "en",
                    "an archive ({name}) instead of a notebook: submit the .ipynb itself",
                    name=archives[0].name,
                )
                if archives
                else say_in("en", "no .ipynb file in the submission")
            )
        elif len(self.files) > 1:
            names = ", ".join(p.name for p in self.files)
            self.problem = say_in(
                "en",
                "{count} notebooks for one student ({names}): which one counts is unclear",
                count=len(self.files),
                names=names,
            )
        return self


def unpack(archive: Path, into: Path) -> Path:
    """Extract a zip safely: no paths outside ``into``, no links, bounded size."""
    try:
        with zipfile.ZipFile(archive) as zf:
            members = [m for m in zf.infolist() if not m.is_dir()]
            if sum(m.file_size for m in members) > MAX_ZIP_BYTES:
                raise CourseError(f"{archive.name} unpacks to more than {MAX_ZIP_BYTES >> 30} GiB")
            for m in members:
                target = (into / m.filename).resolve()
                if into.resolve() not in target.parents:
                    continue  # a path that climbs out of the folder: skip it
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(m) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst)
    except zipfile.BadZipFile as exc:
        raise CourseError(f"{archive.name} is not a readable zip file: {exc}") from exc
    return into


def student_of_file(path: Path, notebooks: tuple[str, ...] = ()) -> str:
    """``alice.ipynb``, ``jane_doe.ipynb`` -> the whole name; ``alice_123_self_attention.ipynb`` ->
    ``alice``: a trailing ``_<notebook>`` (one of ``notebooks``) and the LMS's numbers before it
    are dropped."""
    stem = path.stem if path.suffix == ".ipynb" else path.name.split(".")[0]
    for notebook in sorted(notebooks, key=len, reverse=True):
        if stem.endswith(f"_{notebook}") and len(stem) > len(notebook) + 1:
            stem = re.sub(r"(_\d+)+$", "", stem[: -len(notebook) - 1]) or stem
            break
    return stem.strip()


def files_under(folder: Path) -> list[Path]:
    """Every file a student sent in ``folder``, without hidden files and macOS's
    resource folders."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and not _hidden(p, folder))


def collect(root: Path, notebooks: tuple[str, ...] = ()) -> list[Submission]:
    """One Submission per student found under ``root`` in nbgrader's layout or flat files, sorted
    by id.

    ``notebooks`` (the assignment's notebook names) lets a flat file name end with one of them."""
    if not root.is_dir():
        raise CourseError(f"submissions folder not found: {root}")
    found: dict[str, Submission] = {}
    for entry in sorted(root.iterdir()):
        if entry.name.startswith(".") or entry.name == "__MACOSX":
            continue
        if entry.is_dir():
            sub = found.setdefault(entry.name, Submission(entry.name))
            for path in files_under(entry):
                sub.add(path)
        elif entry.suffix == ".ipynb" or entry.name.lower().endswith(ARCHIVE_SUFFIXES):
            student = student_of_file(entry, notebooks)
            found.setdefault(student, Submission(student)).add(entry)
    return sorted((sub.check() for sub in found.values()), key=lambda s: s.student)


def _hidden(path: Path, top: Path) -> bool:
    return any(part.startswith(".") or part == "__MACOSX" for part in path.relative_to(top).parts)


def read_problem(path: Path) -> str | None:
    """None if ``path`` is a valid nbformat-4 notebook, else what is wrong with it, in one line."""
    size = path.stat().st_size
    if size == 0:
        return say_in("en", "the notebook file is empty (0 bytes)")
    if size > MAX_NOTEBOOK_BYTES:
        return say_in(
            "en",
            "the notebook is {size} MiB, over the {limit} MiB limit",
            size=size >> 20,
            limit=MAX_NOTEBOOK_BYTES >> 20,
        )
    try:
        raw = json.loads(path.read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return say_in(
            "en",
            "not a notebook: the file is not valid JSON ({error})",
            error=f"{exc.__class__.__name__}: {exc}",
        )
    if not isinstance(raw, dict) or "cells" not in raw:
        return say_in("en", "not a notebook: valid JSON, but it has no cells")
    if raw.get("nbformat") != 4:
        return say_in(
            "en",
            "unsupported notebook format version {version} (expected 4); re-save in JupyterLab",
            version=repr(raw.get("nbformat")),
        )
    try:
        nbformat.validate(nbformat.reads(json.dumps(raw), as_version=4))
    except Exception as exc:  # nbformat raises several types for a malformed notebook
        return say_in("en", "the notebook is malformed: {error}", error=str(exc).splitlines()[0])
    return None


def sanitize(nb: nbformat.NotebookNode) -> list[str]:
    """Make a notebook safe for nbgrader, in place; returns what was changed, one line each.

    nbgrader 0.9 aborts the whole notebook when a cell is duplicated (its DeduplicateIds blanks the
    copy's metadata, which CheckCellMetadata then rejects as an outdated schema) or when a learner
    damaged a cell's nbgrader metadata. Here an earlier duplicate, or a cell with invalid metadata,
    becomes a plain cell; the graded cells themselves are restored from the gradebook by nbgrader
    as usual.
    """
    from nbgrader.nbgraderformat import (
        MetadataValidator,
        SchemaTooNewError,
        SchemaTooOldError,
        ValidationError,
    )

    validator = MetadataValidator()
    notes, seen = [], set()
    # the last copy of a cell is the one that counts, as in nbgrader
    for cell in reversed(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader")
        if meta is None:
            continue
        try:
            validator.validate_cell(cell)
            grade_id = meta.get("grade_id")
        except (
            ValidationError,
            SchemaTooOldError,
            SchemaTooNewError,
            KeyError,
            TypeError,
            AttributeError,
        ):
            grade_id = None
        if grade_id is None and (
            meta.get("grade") or meta.get("solution") or meta.get("locked") or meta
        ):
            del cell.metadata["nbgrader"]
            notes.append("a cell with damaged grading metadata was treated as a plain cell")
        elif grade_id in seen:
            del cell.metadata["nbgrader"]
            notes.append(f"cell {grade_id!r} appeared more than once; the last copy was graded")
        else:
            seen.add(grade_id)
    return notes


def restore_metadata(nb: nbformat.NotebookNode, release: nbformat.NotebookNode) -> list[str]:
    """Give every cell that carries a released grade id the released nbgrader metadata back,
    in place.

    A learner who re-labels a test cell (grade off, points changed, unlocked) would otherwise make
    nbgrader abort the whole notebook ("inconsistent checksums"); restored, the cell is graded
    as released.
    """
    released = {
        c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]
        for c in release.cells
        if nbgrader_meta(c).get("grade_id")
    }
    notes = []
    for cell in nb.cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if grade_id in released and cell.metadata.nbgrader != released[grade_id]:
            cell.metadata.nbgrader = nbformat.from_dict(dict(released[grade_id]))
            notes.append(
                f"the grading metadata of cell {grade_id!r} was changed; the released one was used"
            )
    return notes


class SanitizeSubmission(NbGraderPreprocessor):
    """nbgrader's autograde step for :func:`sanitize` and :func:`restore_metadata`, first of its
    sanitize steps (``configure_sandbox`` puts it there): ``nbgrader autograde`` and formgrader's
    button would otherwise stop grading the whole class at one notebook with a duplicated or
    re-labelled test cell."""

    release_folder = Unicode("", help="The course's released notebooks (exercises/)").tag(
        config=True
    )

    def preprocess(self, nb, resources):
        for note in sanitize(nb):
            self.log.warning(note)
        info = resources.get("nbgrader", {})
        released = (
            Path(self.release_folder)
            / info.get("assignment", "")
            / (f"{info.get('notebook', '')}.ipynb")
        )
        if self.release_folder and released.is_file():
            for note in restore_metadata(nb, nbformat.read(released, as_version=4)):
                self.log.warning(note)
        return nb, resources


def checksum(sub: Submission) -> str:
    """One SHA-256 over the names and contents of everything the student sent."""
    digest = hashlib.sha256()
    for path in sorted(sub.files + sub.others, key=lambda p: p.name):
        digest.update(path.name.encode() + b"\0")
        with open(path, "rb") as f:
            digest.update(hashlib.file_digest(f, "sha256").digest())
    return digest.hexdigest()
