"""The course's secret: made once under the working folder (readable by its owner only) and kept, or
given by the instructor; never handed to a learner's kernel."""

import os
import stat
import subprocess
import sys

from autograder.grading.course import SECRET_ENV, Course
from autograder.sandbox import launcher


def test_made_on_first_use_then_kept(tmp_path, monkeypatch):
    monkeypatch.delenv(SECRET_ENV, raising=False)
    course = Course(tmp_path, tmp_path / "work")
    first = course.secret()
    assert len(first) == 64 and course.secret() == first
    assert stat.S_IMODE((tmp_path / "work" / "secret").stat().st_mode) == 0o600
    assert Course(tmp_path, tmp_path / "other").secret() != first


def test_shards_that_start_at_once_all_read_one_whole_secret(tmp_path):
    """A cluster's shards make the secret at the same moment: each must read the one that won, never
    a file another is still writing (an empty secret would change the checks' inputs for
    its students)."""
    work = tmp_path / "work"
    code = (
        "import sys, time; from pathlib import Path; from autograder.grading.secret "
        "import course_secret\n"
        "time.sleep(float(sys.argv[1]) - time.time())\nprint(course_secret(Path(sys.argv[2])))"
    )
    env = {k: v for k, v in os.environ.items() if k != SECRET_ENV}
    import time

    start = str(time.time() + 1.0)  # every process past its imports, then all at once
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code, start, str(work / "secret")],
            env=env,
            text=True,
            stdout=subprocess.PIPE,
        )
        for _ in range(8)
    ]
    seen = {run.communicate(timeout=60)[0].strip() for run in runs}
    assert seen == {(work / "secret").read_text().strip()} and len(seen.pop()) == 64
    assert [p.name for p in work.iterdir()] == ["secret"]  # no partial file left behind


def test_the_instructors_own_secret_wins(tmp_path, monkeypatch):
    monkeypatch.setenv(SECRET_ENV, "given by the instructor")
    assert Course(tmp_path, tmp_path / "work").secret() == "given by the instructor"
    assert not (tmp_path / "work" / "secret").exists()


def test_the_kernel_never_sees_the_secret(tmp_path):
    env = {**os.environ, SECRET_ENV: "given by the instructor"}
    result = subprocess.run(
        [
            sys.executable,
            launcher.__file__,
            "--",
            sys.executable,
            "-c",
            f"import os; print(repr(os.environ.get({SECRET_ENV!r})))",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "None"
