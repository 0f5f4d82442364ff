"""Value checks on CUDA leave device clashes to the device parts, so a grade never depends on the grader's
hardware (the GPU run of the whole check suite is in the closing notes; this proves the rule on any machine)."""

import pytest
import torch

from autograder.checks.common import GradingError, fail
from autograder.checks.devices import device_leg

CLASH = "f(x) raised RuntimeError: Expected all tensors to be on the same device, but found cuda:0 and cpu!"


def test_a_device_clash_on_cuda_is_left_to_the_device_part():
    with device_leg(torch.device("cuda")):
        fail(CLASH)


@pytest.mark.parametrize("device, message", [("cpu", CLASH), ("cuda", "f(x) does not give the expected result.")])
def test_every_other_failure_is_charged(device, message):
    with pytest.raises(GradingError, match="f\\(x\\)"):
        with device_leg(torch.device(device)):
            fail(message)
