"""Whether a sandbox can be built here, asked once per process: a grading run refuses before any
student is touched when it cannot, and a cluster's shard refuses whatever it was told.
"""

from __future__ import annotations

from autograder.errors import CourseError
from autograder.sandbox.launcher import sandbox_problem

_problem: list[str | None] = []  # why no sandbox can be built here, asked once per process


def sandbox_unavailable() -> str | None:
    """Why no kernel can be sandboxed on this machine (one line naming the cause and the fix), else
    None. Asked once per process (the launcher builds a sandbox and runs this Python in it: about
    0.3 s)."""
    if not _problem:
        _problem.append(sandbox_problem())
    return _problem[0]


class SandboxUnavailable(CourseError):
    """No sandbox can be built here, and the instructor did not ask to grade without one."""


def require_sandbox() -> None:
    """Refuse to grade on a node that cannot sandbox learner code (no bwrap; user namespaces
    forbidden; a container without namespaces): a cluster's shards never run learner code with the
    resource limits alone, whatever ``--unsandboxed`` says."""
    problem = sandbox_unavailable()
    if problem:
        raise CourseError(
            f"this node cannot grade: {problem}; a shard never grades without a sandbox"
        )
