"""Time and peak memory of one call, on the CPU or on CUDA: shared by the chapter
and benchmarks/attention.py.

Peak memory is the most memory the call needed on top of what was in use before it:

* CUDA: PyTorch's allocator counts every tensor, ``torch.cuda.max_memory_allocated`` after a reset.
* CPU: PyTorch has no such counter, and Python's ``tracemalloc`` does not see tensor memory. We read
  the kernel's high-water mark of the process's resident memory (``VmHWM`` in
  ``/proc/self/status``), after resetting it to the current resident size (writing 5 to
  ``/proc/self/clear_refs``, Linux 4.0 and later), with glibc told to map every block above 128 KiB
  on its own and to hand freed heap memory back (``mallopt``, ``malloc_trim``), so that resident
  memory follows the live tensors and reused memory cannot hide a peak. The result counts the pages
  the call actually touched, tensors and workspace alike; it is exact to a page but includes small
  unrelated allocations, so only differences of megabytes mean anything. Where the high-water mark
  cannot be reset (not Linux), ``peak_bytes`` returns ``None``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import time
from collections.abc import Callable
from pathlib import Path

import torch

_STATUS, _CLEAR = Path("/proc/self/status"), Path("/proc/self/clear_refs")


def _status_kib(field: str) -> int:
    for line in _STATUS.read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def _libc():
    name = ctypes.util.find_library("c")
    return ctypes.CDLL(name) if name else None


def _trim_heap() -> None:
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


_M_MMAP_THRESHOLD = -3
_fixed = False


def exact_cpu_accounting() -> None:
    """Make glibc give every allocation above 128 KiB its own mapping, returned to the system
    when freed.

    By default glibc raises that threshold (up to 32 MiB) after large frees and then serves blocks
    from a heap that keeps freed pages resident, so the resident size would no longer follow live
    tensors. Fixing the threshold is process-wide; call it before timing too, so that times and
    memory are measured under the same allocator.
    """
    global _fixed
    libc = _libc()
    if not _fixed and libc is not None and hasattr(libc, "mallopt"):
        _fixed = bool(libc.mallopt(_M_MMAP_THRESHOLD, 128 * 1024))


def cpu_peak_supported() -> bool:
    try:
        _CLEAR.write_text("5")
        _status_kib("VmHWM")
        return True
    except OSError:
        return False
    except KeyError:
        return False


def peak_bytes(fn: Callable[[], object], device: torch.device | str) -> int | None:
    """Extra memory at the peak of ``fn()`` (its result is dropped) on ``device``; None if
    not measurable."""
    device = torch.device(device)
    if device.type == "cuda":
        torch.cuda.synchronize(device)
        torch.cuda.empty_cache()
        before = torch.cuda.memory_allocated(device)
        torch.cuda.reset_peak_memory_stats(device)
        result = fn()
        torch.cuda.synchronize(device)
        del result
        return torch.cuda.max_memory_allocated(device) - before
    if device.type != "cpu" or not cpu_peak_supported():
        return None
    exact_cpu_accounting()
    _trim_heap()
    _CLEAR.write_text("5")  # the high-water mark is now the current resident size
    before = _status_kib("VmRSS")
    result = fn()
    peak = _status_kib("VmHWM")
    del result
    _trim_heap()
    return max(peak - before, 0) * 1024


def seconds(fn: Callable[[], object], device: torch.device | str, repeats: int = 3) -> float:
    """Best wall-clock time of ``repeats`` calls after one warm-up (the minimum is the
    least noisy)."""
    device = torch.device(device)
    sync = (lambda: torch.cuda.synchronize(device)) if device.type == "cuda" else (lambda: None)
    fn()
    sync()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        sync()
        best = min(best, time.perf_counter() - start)
    return best
