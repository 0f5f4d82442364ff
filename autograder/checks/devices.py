"""Where value checks run: always the CPU, and CUDA too when a GPU is present.

A grade must not depend on the grader's hardware. Whether learner code keeps its tensors on the input's
device is graded by a part of its own, on PyTorch's "meta" device, which every machine has. On CUDA a value
check therefore charges only mistakes that are not about devices: a device clash that only CUDA shows (the
CPU run passed) is left to that part, so one mistake never costs two parts on a GPU grader.
"""

from __future__ import annotations

import contextlib

import torch

from .common import GradingError


def devices() -> list[torch.device]:
    return [torch.device("cpu")] + ([torch.device("cuda")] if torch.cuda.is_available() else [])


@contextlib.contextmanager
def device_leg(device: torch.device):
    """Wrap one device's run of a value check (see the module's docstring)."""
    try:
        yield
    except GradingError as exc:
        if device.type == "cpu" or "device" not in str(exc).lower():
            raise
