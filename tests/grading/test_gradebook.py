"""The gradebook as a URL: where it comes from, what a bad one says, and the lock shared
graders take."""

import multiprocessing
import time

import pytest

from autograder.errors import CourseError
from autograder.grading.course import Course
from autograder.grading.gradebook import describe, exclusive
from autograder.grading.register import register


def _write_config(root, db_url=None):
    (root / "solutions").mkdir(parents=True)
    line = f"c.CourseDirectory.db_url = {db_url!r}\n" if db_url else ""
    (root / "nbgrader_config.py").write_text(f"c = get_config()\n{line}")


def test_default_gradebook_is_sqlite_in_the_working_folder(tmp_path):
    _write_config(tmp_path, "sqlite:///course/gradebook.db")  # what the course ships
    course = Course.at(tmp_path, tmp_path / "work")
    assert course.db_url.startswith(f"sqlite:///{tmp_path / 'work' / 'gradebook.db'}")


def test_a_configured_or_given_url_is_used_and_the_flag_wins(tmp_path):
    _write_config(tmp_path, "postgresql://grader:secret@db.example/course")
    assert Course.at(tmp_path).db_url == "postgresql://grader:secret@db.example/course"
    given = Course.at(tmp_path, gradebook="postgresql://other@db.example/c2")
    assert given.db_url == "postgresql://other@db.example/c2"
    assert Course.at(tmp_path).gradebook_label == "postgresql://grader:***@db.example/course"


def test_an_unusable_url_is_refused_with_its_cause(tmp_path):
    _write_config(tmp_path)
    with pytest.raises(CourseError, match="unusable gradebook URL 'nosuchdb://x'"):
        Course.at(tmp_path, gradebook="nosuchdb://x")
    assert describe("postgresql://u:pw@h/d") == "postgresql://u:***@h/d"


def _hold(url, started, log):
    with exclusive(url):
        log.put(("in", time.monotonic()))
        started.set()
        time.sleep(0.5)
        log.put(("out", time.monotonic()))


def _overlaps(url) -> bool:
    context = multiprocessing.get_context("spawn")
    log, started = context.Queue(), context.Event()
    procs = [context.Process(target=_hold, args=(url, started, log)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(30)
    events = sorted(log.get() for _ in range(4))
    spans = (
        sorted([e[1] for e in events if e[0] == "in"]),
        sorted(e[1] for e in events if e[0] == ("out")),
    )
    return spans[0][1] < spans[1][0]  # the second got in before the first got out


def test_exclusive_serialises_processes_on_sqlite(tmp_path):
    assert not _overlaps(f"sqlite:///{tmp_path / 'gb.db'}")


def test_exclusive_serialises_processes_on_postgres(postgres_url):
    assert not _overlaps(postgres_url)


def test_an_assignment_registers_into_postgres_from_two_processes_at_once(tmp_path, postgres_url):
    """Two shards starting together both register the assignment; the lock keeps them
    from colliding."""
    from nbgrader.api import Gradebook

    root = Course.at().root
    context = multiprocessing.get_context("spawn")
    procs = [
        context.Process(target=_register, args=(root, tmp_path / f"w{i}", postgres_url))
        for i in range(2)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0]
    with Gradebook(postgres_url) as gb:
        assert gb.find_assignment("01_vector_sets").max_score > 0


def _register(root, work, url):
    course = Course(root, work, url)
    with exclusive(url):
        register(course, "01_vector_sets")


def test_the_gradebook_password_never_reaches_the_kernels_environment():
    from autograder.grading.gradebook import scrub_environment

    url = "postgresql://grader:s3cret@db.example/course"
    environ = {
        "GRADEBOOK": url,
        "PGPASSWORD": "s3cret",
        "HOME": "/root",
        "OTHER": ("postgresql://db.example/x"),
    }
    assert sorted(scrub_environment(url, environ)) == ["GRADEBOOK", "PGPASSWORD"]
    assert environ == {"HOME": "/root", "OTHER": "postgresql://db.example/x"}
    assert scrub_environment("sqlite:///x.db", {"A": "sqlite:///x.db"}) == []
