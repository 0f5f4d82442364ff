"""Worker processes that survive each other's deaths: a dead worker costs at most the task it
was running.

``concurrent.futures.ProcessPoolExecutor`` breaks as a whole when one worker dies (the kernel's OOM
killer, a stray SIGKILL): every task not yet finished then fails. Here each worker is a process of
its own, fed one task at a time over its own pipe. When one dies, a fresh worker (with the same
number, so the same kernel user id) takes its place, the task it was running is tried once more, and
only a task that kills its worker again is given up, through ``on_death``.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable
from multiprocessing.connection import wait
from typing import Any


def usable_cpus(cgroup: str = "/sys/fs/cgroup") -> int:
    """The cores this process may really use: those it may run on, capped by a container's CPU quota
    (cgroup v2 ``cpu.max``, as a JupyterHub pod's or a CI runner's limit sets it).
    ``os.cpu_count()`` counts the host's cores, and a grader that starts one worker per host core on
    a 2-core pod runs each kernel many times slower, into its time limits."""
    cores = (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )
    try:
        quota, period = open(f"{cgroup}/cpu.max").read().split()[:2]
        if quota != "max":
            cores = min(cores, math.ceil(int(quota) / int(period)))
    except (OSError, ValueError):
        pass  # no cgroup v2 quota here: the affinity mask is the limit
    return max(1, cores)


def _serve(conn, number: int, start: Callable, start_args: tuple, work: Callable) -> None:
    """A worker's life: ``start(number, *start_args)`` once, then ``work(task)`` for each task it
    is sent."""
    start(number, *start_args)
    conn.send(("ready", None))
    while (message := conn.recv()) is not None:
        index, task = message
        conn.send((index, work(task)))


def death_cause(exitcode: int | None) -> str:
    """How a worker process ended, in words: 'killed by SIGKILL', 'exited with status 1'."""
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exited with status {exitcode}"


class _Worker:
    def __init__(self, context, number: int, start: Callable, start_args: tuple, work: Callable):
        self.number = number
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(child, number, start, start_args, work), daemon=True
        )
        self.process.start()
        child.close()
        self.ready = False
        self.task: int | None = None  # index of the task it is running

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def run(
    tasks: Iterable,
    workers: int,
    start: Callable,
    start_args: tuple,
    work: Callable,
    on_done: Callable[[int, Any], None],
    on_death: Callable[[int, str], None],
    tries: int = 2,
) -> None:
    """Run ``work`` on every task in ``workers`` spawned processes; ``on_done(index, result)`` as
    each ends.

    A task whose worker dies under it ``tries`` times ends with ``on_death(index, cause)`` instead.
    ``start``, ``work`` and the arguments must be picklable (module-level functions)."""
    tasks = list(tasks)
    context = multiprocessing.get_context("spawn")
    pending = deque(range(len(tasks)))
    deaths = [0] * len(tasks)
    left = len(tasks)
    # workers that died before they were ready: a start-up that always fails ends the run
    failed_starts = 0
    pool = [
        _Worker(context, number, start, start_args, work)
        for number in range(min(workers, len(tasks)))
    ]
    try:
        while left:
            for worker in pool:
                if worker.ready and worker.task is None and pending:
                    worker.task = pending.popleft()
                    try:
                        worker.conn.send((worker.task, tasks[worker.task]))
                    except OSError:
                        pass  # it died while idle: its sentinel says so below
            ready = set(wait([w.conn for w in pool] + [w.process.sentinel for w in pool]))
            for i, worker in enumerate(pool):
                message = None
                if worker.conn in ready or worker.process.sentinel in ready:
                    try:
                        message = worker.conn.recv() if worker.conn.poll() else None
                    except (EOFError, OSError):
                        message = None
                if message is not None:
                    kind, result = message
                    if kind == "ready":
                        worker.ready = True
                    else:
                        worker.task = None
                        left -= 1
                        on_done(kind, result)
                    continue
                if worker.process.sentinel not in ready and worker.process.is_alive():
                    continue
                worker.process.join()
                cause = death_cause(worker.process.exitcode)
                worker.conn.close()
                if not worker.ready:
                    failed_starts += 1
                    if failed_starts > len(pool) + tries:
                        raise RuntimeError(f"grading workers cannot start: the last one {cause}")
                if worker.task is not None:
                    deaths[worker.task] += 1
                    if deaths[worker.task] < tries:
                        pending.appendleft(worker.task)
                    else:
                        left -= 1
                        on_death(worker.task, cause)
                if left:
                    pool[i] = _Worker(context, worker.number, start, start_args, work)
    finally:
        for worker in pool:
            worker.stop()
