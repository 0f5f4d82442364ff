"""Where the course lives on disk: its root, its release, its working folder and its
gradebook's URL.

The course root is the folder holding ``nbgrader_config.py``, ``solutions/`` and ``exercises/``. The
working folder (submitted, autograded, feedback and the SQLite gradebook) defaults to ``course/``
under the root and can be put anywhere, so tests and demos never touch an instructor's real
gradebook. The gradebook is a SQLite file in the working folder unless a URL is given
(``--gradebook``, or ``c.CourseDirectory.db_url`` in nbgrader_config.py for the CLI): any SQLAlchemy
URL nbgrader supports, PostgreSQL for several graders.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from traitlets.config import PyFileConfigLoader

from autograder.errors import CourseError  # noqa: F401 (re-exported: the CLI's error)
from autograder.grading.gradebook import SQLITE_DEFAULT, check_url, describe, sqlite_url
from autograder.grading.secret import SECRET_ENV, course_secret  # noqa: F401 (SECRET_ENV re-exported)

CONFIG_FILE = "nbgrader_config.py"


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: cwd) with nbgrader_config.py, else
    this checkout."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file() and (folder / "solutions").is_dir():
            return folder
    # grading/ -> autograder/ -> the checkout
    package_checkout = Path(__file__).resolve().parent.parent.parent
    if (package_checkout / CONFIG_FILE).is_file():
        return package_checkout
    raise CourseError(f"no {CONFIG_FILE} found in {here} or above; run this from the course folder")


@dataclass
class Course:
    root: Path
    work: Path
    gradebook_url: str | None = None  # None: SQLite in the working folder

    @classmethod
    def at(
        cls,
        root: Path | str | None = None,
        work: Path | str | None = None,
        gradebook: str | None = None,
    ) -> Course:
        """The course as the CLI sees it: ``gradebook`` (a URL), else nbgrader_config.py's db_url
        when it is not the shipped SQLite default, else SQLite in the working folder."""
        root = Path(root).resolve() if root else find_root()
        work = Path(work).resolve() if work else root / "course"
        if gradebook is None:
            configured = (
                PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config().CourseDirectory
            )
            url = configured.get("db_url")
            gradebook = url if isinstance(url, str) and url != SQLITE_DEFAULT else None
        return cls(root, work, check_url(gradebook) if gradebook else None)

    @property
    def source(self) -> Path:
        return self.root / "solutions"

    @property
    def release(self) -> Path:
        return self.root / "exercises"

    @property
    def gradebook(self) -> Path:
        return self.work / "gradebook.db"

    @property
    def db_url(self) -> str:
        return self.gradebook_url or sqlite_url(self.gradebook)

    @property
    def gradebook_label(self) -> str:
        """Where the gradebook is, for people: the SQLite file, or the URL without its password."""
        return describe(self.gradebook_url) if self.gradebook_url else str(self.gradebook)

    # The working folder, one place: nbgrader's own folders (student/assignment/notebook.ipynb),
    # then what this package keeps beside them.
    def student_folder(self, kind: str, student: str, assignment: str) -> Path:
        """nbgrader's folder ``kind`` ("submitted", "autograded", "feedback") for one student."""
        return self.work / kind / student / assignment

    def kept(self, kind: str, assignment: str) -> Path:
        """What grading keeps per assignment: "results", "state", "logs", "grades", "reports"."""
        return self.work / kind / assignment

    @property
    def secret_file(self) -> Path:
        return self.work / "secret"

    def secret(self) -> str:
        """The course's secret, from which the checks draw their inputs (see
        autograder.checks.common.seeded): ``$AUTOGRADER_SECRET`` when the instructor gives one, else
        ``<work>/secret``, made on first use. A regrade with the same secret gives the same grades;
        a learner without it cannot know the inputs."""
        return course_secret(self.secret_file)

    def assignments(self) -> list[str]:
        return sorted(
            p.name for p in self.source.iterdir() if p.is_dir() and any(p.glob("*.ipynb"))
        )

    def require(self, assignment: str) -> str:
        known = self.assignments()
        if assignment not in known:
            raise CourseError(
                f"unknown assignment {assignment!r}; known: {', '.join(known) or 'none'}"
            )
        return assignment

    def notebooks(self, assignment: str) -> list[str]:
        """Notebook names (without .ipynb) of an assignment."""
        return sorted(p.stem for p in (self.source / assignment).glob("*.ipynb"))
