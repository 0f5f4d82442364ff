"""Peak memory read from outside the measured code (/proc/<pid>/status): a big allocation shows, a
small one does not, and where nothing can be read the answer is None rather than a guess."""

import os

from autograder.sandbox.memory_probe import peak_growth


def _touch(mib: int) -> int:
    block = bytearray(mib << 20)  # zero-filled: every page is touched
    return len(block)


def test_a_big_allocation_shows_and_a_small_one_does_not():
    value, peak = peak_growth(os.getpid(), lambda: _touch(128))
    assert value == 128 << 20
    assert peak >= 120 << 20
    _, small = peak_growth(os.getpid(), lambda: _touch(1))
    assert small < 32 << 20


def test_no_process_no_measurement():
    assert peak_growth(None, lambda: 7) == (7, None)
    # above any pid_max: no such process
    assert peak_growth(2**22 + 12345, lambda: 7) == (7, None)
