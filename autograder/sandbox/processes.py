"""A kernel's processes, read from /proc: their start times, parents, owners and namespaces."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def started(pid: int) -> int | None:
    with contextlib.suppress(OSError, IndexError, ValueError):
        return int(stat(pid)[19])
    return None


def parent(pid: int) -> int | None:
    with contextlib.suppress(OSError, IndexError, ValueError):
        return int(stat(pid)[1])
    return None


def descendants(root: int | None) -> dict[int, tuple[int, int]]:
    """pid -> (start time, user id) of every process below ``root`` (not ``root`` itself), read from
    /proc/PID/task/TID/children: a handful of files, where a scan of /proc reads one per process."""
    found: dict[int, tuple[int, int]] = {}
    todo = [root] if root else []
    while todo:
        pid = todo.pop()
        with contextlib.suppress(OSError):
            for task in os.listdir(f"/proc/{pid}/task"):
                with contextlib.suppress(OSError):
                    for child in Path(f"/proc/{pid}/task/{task}/children").read_text().split():
                        child = int(child)
                        if child not in found:
                            with contextlib.suppress(OSError, IndexError, ValueError):
                                found[child] = (
                                    int(stat(child)[19]),
                                    os.stat(f"/proc/{child}").st_uid,
                                )
                                todo.append(child)
    return found


def namespace_pids(pid: int) -> list[int]:
    """The process's number in each pid namespace it belongs to, from the grader's down to
    its own."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("NSpid:"):
                return [int(n) for n in line.split()[1:]]
    return []
