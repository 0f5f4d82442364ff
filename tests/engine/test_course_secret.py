"""The course's secret: made once under the working folder (readable by its owner only) and kept, or given by
the instructor; never handed to a learner's kernel."""

import os
import stat
import subprocess
import sys

from autograder.engine import launcher
from autograder.engine.course import SECRET_ENV, Course


def test_made_on_first_use_then_kept(tmp_path, monkeypatch):
    monkeypatch.delenv(SECRET_ENV, raising=False)
    course = Course(tmp_path, tmp_path / "work")
    first = course.secret()
    assert len(first) == 64 and course.secret() == first
    assert stat.S_IMODE((tmp_path / "work" / "secret").stat().st_mode) == 0o600
    assert Course(tmp_path, tmp_path / "other").secret() != first


def test_the_instructors_own_secret_wins(tmp_path, monkeypatch):
    monkeypatch.setenv(SECRET_ENV, "given by the instructor")
    assert Course(tmp_path, tmp_path / "work").secret() == "given by the instructor"
    assert not (tmp_path / "work" / "secret").exists()


def test_the_kernel_never_sees_the_secret(tmp_path):
    env = {**os.environ, SECRET_ENV: "given by the instructor"}
    result = subprocess.run([sys.executable, launcher.__file__, "--", sys.executable, "-c",
                             f"import os; print(repr(os.environ.get({SECRET_ENV!r})))"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "None"
