"""What several test modules share that is not a fixture: the course's root, the tests' course
secret, the book's build command and the PostgreSQL test server. Fixtures and hooks are in
tests/conftest.py."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import uuid
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# The tests' own fixed course secret: the checks' inputs (and so every asserted grade) are the same
# on each run, and differ from the public seeds' (tests/corpora/redteam.py hard-codes the public
# ones and must earn nothing).
TEST_SECRET = "tests: a fixed course secret"

# a server URL; .ci/run starts one (.ci/postgres) and sets it
POSTGRES_ENV = "AUTOGRADER_TEST_POSTGRES"


def workflow_build_command() -> list[str]:
    """The GitHub Pages workflow's build step: the tests run exactly this command, so it is
    tested here."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "book.yml").read_text())
    (step,) = [s for s in workflow["jobs"]["build"]["steps"] if s.get("name") == "Build the book"]
    return shlex.split(step["run"])


def create_postgres_database() -> str | None:
    """The URL of a fresh, empty database on the test server, or None where no server is set up."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    server = os.environ.get(POSTGRES_ENV)
    if not server:
        return None
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def copy_of_the_course(target: Path) -> Path:
    """A second checkout at ``target`` (emptied first): this one's files, committed or not, never
    what git ignores. How an instructor's own copy of the course looks."""
    shutil.rmtree(target, ignore_errors=True)
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, files.split("\0")):
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target
