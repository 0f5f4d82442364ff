"""The worker pool: a worker killed under a task costs a retry of that task, and only a task that
kills its worker twice is given up; every other task finishes as usual."""

import os
import signal
from pathlib import Path

import pytest

from autograder.grading import workers


def _start(number: int, fail: bool) -> None:
    if fail:
        os._exit(3)
    os.environ["WORKER_NUMBER"] = str(number)


def _work(task: tuple[str, int, str]) -> tuple[int, str]:
    folder, value, mode = task
    marker = Path(folder) / f"died-{value}"
    if mode == "always" or (mode == "once" and not marker.exists()):
        marker.touch()
        os.kill(os.getpid(), signal.SIGKILL)  # what the OOM killer does
    return value * value, os.environ["WORKER_NUMBER"]


def _run(tasks, count=2, fail=False):
    done, dead = {}, {}
    workers.run(tasks, count, _start, (fail,), _work, done.__setitem__, dead.__setitem__)
    return done, dead


def test_every_task_runs_once_in_numbered_workers(tmp_path):
    done, dead = _run([(str(tmp_path), v, "") for v in range(6)])
    assert dead == {}
    assert {i: square for i, (square, _) in done.items()} == {v: v * v for v in range(6)}
    assert {number for _, number in done.values()} <= {"0", "1"}


def test_a_killed_worker_costs_a_retry_of_its_task_only(tmp_path):
    modes = ["", "once", "", "", "once", ""]
    done, dead = _run([(str(tmp_path), v, mode) for v, mode in enumerate(modes)])
    assert dead == {}
    assert {i: square for i, (square, _) in done.items()} == {v: v * v for v in range(6)}
    # the fresh worker keeps the dead one's number
    assert {number for _, number in done.values()} <= {"0", "1"}


def test_a_task_that_kills_its_worker_twice_is_given_up_alone(tmp_path):
    modes = ["", "always", "", ""]
    done, dead = _run([(str(tmp_path), v, mode) for v, mode in enumerate(modes)])
    assert dead == {1: "killed by SIGKILL"}
    assert {i: square for i, (square, _) in done.items()} == {0: 0, 2: 4, 3: 9}


def test_workers_that_cannot_start_end_the_run(tmp_path):
    with pytest.raises(RuntimeError, match="exited with status 3"):
        _run([(str(tmp_path), v, "") for v in range(3)], fail=True)


def test_death_causes_read_as_words():
    assert workers.death_cause(-9) == "killed by SIGKILL"
    assert workers.death_cause(1) == "exited with status 1"


@pytest.mark.parametrize(
    "cpu_max, expected",
    [
        ("max 100000", None),
        ("200000 100000", 2),
        ("150000 100000", 2),
        ("50000 100000", 1),
        ("garbled", None),
    ],
)
def test_usable_cpus_honour_a_containers_cpu_quota(tmp_path, cpu_max, expected):
    """A 2-core pod on a 64-core host has 2 usable cores, not 64; with no quota the affinity
    mask decides."""
    (tmp_path / "cpu.max").write_text(cpu_max + "\n")
    mask = len(os.sched_getaffinity(0))
    assert workers.usable_cpus(str(tmp_path)) == (min(mask, expected) if expected else mask)
    assert workers.usable_cpus(str(tmp_path / "absent")) == mask
