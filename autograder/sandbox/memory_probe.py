"""The peak memory of a call, read from outside the process that makes it (``/proc/<pid>/status``).

Code in the learner's kernel could forge anything the kernel reports about itself; the kernel's
memory, as Linux counts it, it cannot. Writing ``5`` to ``/proc/<pid>/clear_refs`` resets the peak
resident set size (VmHWM) to the current one (VmRSS), so the peak after the call, less the size
before it, is what the call needed at most. Pages of memory it touched count, so an N x N matrix of
scores shows however it is made.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def _status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise OSError(f"no {field} for process {pid}")


def peak_growth(pid: int | None, call: Callable[[], Any]) -> tuple[Any, int | None]:
    """``call()``'s result and how many bytes process ``pid``'s resident memory rose to at most
    during it (None where it cannot be measured: no such process, no permission, or a kernel without
    the reset)."""
    try:
        if pid is None:
            raise OSError("no process")
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        before = _status_kib(pid, "VmRSS")
    except OSError:
        return call(), None
    value = call()
    try:
        return value, max(0, _status_kib(pid, "VmHWM") - before) << 10
    except OSError:
        return value, None
