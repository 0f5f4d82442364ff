"""Value checks on CUDA leave device clashes to the device parts, so a grade never depends on the
grader's hardware (the GPU run of the whole check suite is in the closing notes; this proves the
rule on any machine)."""

import functools

import pytest
import torch
from torch import nn

from autograder.checks import output_types as checks_outputs
from autograder.checks import self_attention as checks_attention
from autograder.checks import sequence_labeling as checks_labeling
from autograder.checks.common import GradingError, fail
from autograder.checks.devices import device_leg

CLASH = (
    "f(x) raised RuntimeError: Expected all tensors to be on the same device, but found cuda:0 and "
    "cpu!"
)


def test_a_device_clash_on_cuda_is_left_to_the_device_part():
    with device_leg(torch.device("cuda")):
        fail(CLASH)


@pytest.mark.parametrize(
    "device, message", [("cpu", CLASH), ("cuda", "f(x) does not give the expected result.")]
)
def test_every_other_failure_is_charged(device, message):
    with pytest.raises(GradingError, match="f\\(x\\)"):
        with device_leg(torch.device(device)):
            fail(message)


# ------------------------------------------------------------- one judge of device-agnostic modules


class WindowMLP(nn.Module):
    def __init__(self, d_in, k, hidden, n_classes, to_cpu=False):
        super().__init__()
        self.k, self.to_cpu = k, to_cpu
        self.hidden, self.out = nn.Linear((2 * k + 1) * d_in, hidden), nn.Linear(hidden, n_classes)

    def forward(self, x):
        if self.to_cpu:  # computes on the CPU through explicit moves
            x = x.to("cpu")
        padded = nn.functional.pad(x, (0, 0, self.k, self.k))
        windows = torch.cat([padded[:, i : i + x.shape[1]] for i in range(2 * self.k + 1)], dim=-1)
        return self.out(torch.relu(self.hidden(windows)))


class SelfAttention(nn.Module):
    def __init__(self, d_in, d_k, d_v, to_cpu=False):
        super().__init__()
        self.to_cpu = to_cpu
        self.W_q, self.W_k = nn.Linear(d_in, d_k, bias=False), nn.Linear(d_in, d_k, bias=False)
        self.W_v = nn.Linear(d_in, d_v, bias=False)

    def forward(self, x, mask=None):
        if self.to_cpu:
            x = x.cpu()
        scores = self.W_q(x) @ self.W_k(x).transpose(-2, -1)
        if mask is not None:
            scores = scores.masked_fill(~mask[:, None, :].to(scores.device), float("-inf"))
        weights = scores.softmax(-1)
        return weights @ self.W_v(x), weights


class SequenceClassifier(nn.Module):
    def __init__(self, d_in, n_classes, to_cpu=False):
        super().__init__()
        self.to_cpu, self.linear = to_cpu, nn.Linear(d_in, n_classes)

    def forward(self, x, mask):
        if self.to_cpu:
            x, mask = x.to("cpu"), mask.to("cpu")
        m = mask[..., None].to(x.dtype)
        return self.linear((x * m).sum(1) / m.sum(1).clamp(min=1))


CASES = [
    (checks_labeling.check_window_mlp_device, WindowMLP),
    (checks_attention.check_self_attention_device, SelfAttention),
    (checks_outputs.check_sequence_classifier_device, SequenceClassifier),
]


@pytest.mark.parametrize("check, cls", CASES, ids=lambda x: getattr(x, "__name__", ""))
def test_explicit_moves_to_the_cpu_lose_the_device_part_in_every_chapter(check, cls):
    check(cls)  # device-agnostic code keeps the part
    with pytest.raises(GradingError, match=r"moves a tensor to the CPU"):
        check(functools.partial(cls, to_cpu=True))


# -------------------------------------------------------------- the device judge (issue 26, item 3)


def _meta_only(x):
    """Runs on the CPU; on meta its data-dependent .item() cannot run: a limit of the
    meta device."""
    return x * float(x.abs().max().item() > 0)


def _crashes_everywhere(x):
    return x @ x  # (2, 3) @ (2, 3): wrong on any device


def test_a_meta_crash_that_the_cpu_runs_is_the_meta_devices_limit():
    from autograder.checks.devices import run_on_meta

    x = torch.randn(2, 3)
    assert run_on_meta(_meta_only, (x.to("meta"),), "f(x)", on_cpu=(_meta_only, (x,))) is None


def test_a_crash_on_meta_and_on_the_cpu_alike_is_the_learners_and_costs_the_device_part():
    from autograder.checks.devices import run_on_meta

    x = torch.randn(2, 3)
    with pytest.raises(GradingError) as info:
        run_on_meta(
            _crashes_everywhere, (x.to("meta"),), "f(x)", on_cpu=(_crashes_everywhere, (x,))
        )
    assert "on the CPU as well as on the meta device" in str(info.value)
    assert "inner sizes of a matrix product must agree" in str(info.value)  # the slip's hint


def _pads_into_a_cpu_tensor(seqs):
    batch = torch.zeros(len(seqs), 3)  # no device=: on the CPU whatever the inputs' device
    for i, s in enumerate(seqs):
        # meta -> CPU: PyTorch's C++ raises NotImplementedError under this very line
        batch[i, : len(s)] = s
    return batch


def test_a_tensor_made_on_the_cpu_is_named_not_taken_for_unwritten_code():
    from autograder.checks.devices import run_on_meta

    seqs = [torch.randn(3), torch.randn(2)]
    with pytest.raises(GradingError) as info:
        run_on_meta(
            _pads_into_a_cpu_tensor,
            ([s.to("meta") for s in seqs],),
            "pad(seqs)",
            on_cpu=(_pads_into_a_cpu_tensor, (seqs,)),
        )
    assert "creates a tensor on the CPU" in str(info.value) and "not implemented" not in str(
        info.value
    )
