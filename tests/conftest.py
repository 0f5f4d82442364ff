import os
import shutil
import subprocess
from pathlib import Path

import pytest

from autograder.grading.course import Course
from autograder.grading.workers import usable_cpus

from .helpers import (
    POSTGRES_ENV,
    ROOT,
    TEST_SECRET,
    create_postgres_database,
    workflow_build_command,
)

# PyTorch and OpenMP size their thread pools by the cores they can see, which in a container with a
# CPU quota (a CI runner, a JupyterHub pod) are the host's: set here, before anything imports torch,
# and inherited by the kernels and the book's build, so that the tests run at the speed of the cores
# they really have.
os.environ.setdefault("OMP_NUM_THREADS", str(usable_cpus()))
# the tests' own course secret (tests/helpers.py): every asserted grade is the same on each run
os.environ.setdefault("AUTOGRADER_SECRET", TEST_SECRET)


def pytest_xdist_auto_num_workers(config):
    """``-n auto`` (pyproject.toml): one test process per usable core, a container's CPU
    quota included."""
    return usable_cpus()


# before xdist's own hook, which reads the groups to schedule by them
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Every test that builds the book (through the ``built_book`` fixture) is slow; so are the
    modules and tests that grade notebooks, which say so themselves (``pytest.mark.slow``). Tests
    that run learner code in the sandbox (``pytest.mark.sandbox``) are skipped, with the reason,
    where no sandbox can be built here, except where REQUIRE_SANDBOX=1 (CI sets it): there they fail
    rather than skip.

    The tests run in one process per core (pytest-xdist, ``--dist loadgroup``): the tests of a slow
    module share what it graded once (a module fixture), and every test of the book shares one
    build, so each such set goes to one process as a group; the other tests are dealt out one by
    one."""
    sandboxed = [item for item in items if item.get_closest_marker("sandbox")]
    problem = None
    if sandboxed and os.environ.get("REQUIRE_SANDBOX") != "1":
        from autograder.sandbox.preflight import sandbox_unavailable

        problem = sandbox_unavailable()
    for item in items:
        if "built_book" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.xdist_group("book"))
        elif item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
        if problem and item in sandboxed:
            item.add_marker(pytest.mark.skip(reason=problem))


@pytest.fixture(autouse=True)
def speaking_english_after():
    """Every test leaves the process speaking English, as it found it: the checks' messages are
    process-wide (autograder.messages), and a test or a grading run that left another language set
    would turn the messages of the tests after it (in the same worker) into that language."""
    yield
    from autograder import messages

    left = messages.current_language()
    messages.use_language("en")
    assert left == "en", f"the test left the process speaking {left}"


@pytest.fixture(scope="session")
def course(tmp_path_factory) -> Course:
    """The real course sources, with a throwaway working folder (never the
    instructor's gradebook)."""
    return Course(ROOT, tmp_path_factory.mktemp("course-work"))


@pytest.fixture
def fresh_course(tmp_path) -> Course:
    return Course(ROOT, tmp_path / "work")


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """The whole book, built once per test session (every chapter executed, warnings as errors)."""
    if shutil.which("jupyter-book") is None:
        pytest.fail("jupyter-book is not installed: pip install -r requirements.txt")
    out = tmp_path_factory.mktemp("book")
    result = subprocess.run(
        [*workflow_build_command(), "--path-output", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return out / "_build" / "html"


@pytest.fixture
def postgres_url() -> str:
    """A fresh, empty PostgreSQL database for one test; skips where no server is set up (.ci/run
    sets one up, and the whole test cluster goes when it ends)."""
    url = create_postgres_database()
    if url is None:
        pytest.skip(f"no PostgreSQL server: set {POSTGRES_ENV} (`.ci/postgres start` prints one)")
    return url


def pytest_terminal_summary(terminalreporter):
    """The mutation testing of the checks (tests/checks/test_contracts.py), per assignment: how many
    mutants of the solutions lost their part (killed) and how many of those were told what their
    mistake is (named)."""
    import sys

    module = sys.modules.get("tests.checks.test_contracts")
    results = getattr(module, "RESULTS", None)
    if not results:
        return
    terminalreporter.section("mutants of the solutions: killed and named, per assignment")
    for assignment in sorted(results):
        r = results[assignment]
        total = len(r["killed"]) + len(r["survived"])
        line = f"{assignment}: {total} mutants, {len(r['killed'])} killed, {len(r['named'])} named"
        if r["survived"]:
            line += f"; survived: {', '.join(r['survived'])}"
        terminalreporter.write_line(line)
