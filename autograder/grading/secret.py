"""The course's secret, from which the hidden tests draw their inputs
(see ``autograder.checks.common.seeded``).

``$AUTOGRADER_SECRET`` when the instructor gives one (the same secret on several grading machines
gives the same grades), else ``<working folder>/secret``, made on first use, readable by its owner
only. It stays in the grader's processes: the kernel's environment never carries it
(``confinement.kernel_environment``) and the sandbox never shows the working folder.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from autograder.sandbox.confinement import SECRET_ENV


def course_secret(path: Path) -> str:
    """The instructor's secret, else the one kept in the file ``path`` (made there on first use)."""
    if os.environ.get(SECRET_ENV):
        return os.environ[SECRET_ENV]
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # Written whole, then linked into place: a cluster's shards that start at once each make
        # one, the first link wins, and none ever reads a secret another is still writing (an empty
        # one would change every check's inputs for the students it grades).
        partial = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32) + "\n")
            os.link(partial, path)
        except FileExistsError:
            pass
        finally:
            partial.unlink(missing_ok=True)
    return path.read_text().strip()
