"""The suite's own scheduling: the tests that share a module's grading or the book's build run in
one process."""

import subprocess
import sys
import textwrap

from .helpers import ROOT


def test_a_slow_module_runs_in_one_test_process_and_quick_tests_are_not_grouped(tmp_path):
    (tmp_path / "conftest.py").write_text(
        textwrap.dedent("""
        import pytest
        # the hook under test
        from tests.conftest import pytest_collection_modifyitems  # noqa: F401

        def pytest_configure(config):
            config.addinivalue_line("markers", "slow: grades notebooks")
    """)
    )
    (tmp_path / "test_shared.py").write_text(
        textwrap.dedent("""
        import os, time
        import pytest

        pytestmark = pytest.mark.slow

        @pytest.mark.parametrize("n", range(6))
        def test_slow(n):
            time.sleep(0.2)
            with open(f"{__name__}.workers", "a") as out:
                worker, test = os.environ["PYTEST_XDIST_WORKER"], os.environ["PYTEST_CURRENT_TEST"]
                out.write(worker + " " + test + "\\n")
    """)
    )
    (tmp_path / "test_quick.py").write_text(
        textwrap.dedent("""
        import os, time
        import pytest

        @pytest.mark.parametrize("n", range(6))
        def test_quick(n):
            time.sleep(0.2)
            with open(f"{__name__}.workers", "a") as out:
                worker, test = os.environ["PYTEST_XDIST_WORKER"], os.environ["PYTEST_CURRENT_TEST"]
                out.write(worker + " " + test + "\\n")
    """)
    )
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-n",
            "2",
            "--dist",
            "loadgroup",
            "-c",
            "/dev/null",
            "--rootdir",
            str(tmp_path),
            str(tmp_path),
        ],
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    ran = {
        name: [line.split()[:2] for line in (tmp_path / f"{name}.workers").read_text().splitlines()]
        for name in ("test_shared", "test_quick")
    }
    assert len({worker for worker, _ in ran["test_shared"]}) == 1, ran
    assert all(test.endswith("@test_shared") for _, test in ran["test_shared"]), ran
    assert not any("@" in test for _, test in ran["test_quick"]), ran  # dealt out one by one
