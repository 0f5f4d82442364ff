"""Devices, for every chapter's checks: where value checks run, and the one judge of
device-agnostic code.

Value checks run on the CPU always, and on CUDA too when a GPU is present (:func:`devices`,
:func:`device_leg`). A grade must not depend on the grader's hardware. Whether learner code keeps
its tensors on the input's device is graded by a part of its own, on PyTorch's "meta" device, which
every machine has (:func:`run_on_meta`). On CUDA a value check therefore charges only mistakes that
are not about devices: a device clash that only CUDA shows (the CPU run passed) is left to that
part, so one mistake never costs two parts on a GPU grader.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import torch

from autograder.checks.common import (
    fail,
    is_unimplemented,
    learner_error,
    learner_name,
    not_implemented,
    run,
)
from autograder.errors import GradingError
from autograder.messages import say, template
from autograder.wire.kernel import MovedToCpu

META_NOTE = template(
    ' (This test runs your code on PyTorch\'s "meta" device, which stands in for a GPU: tensors '
    "there have shapes but no data.)"
)

# Errors that CUDA itself tolerates (a 0-dim CPU tensor used as a scalar), though the meta device
# does not.
CUDA_TOLERATED = ("Expected `value` to be on same device",)

NEW_TENSOR_ADVICE = template(
    "Create new tensors on the input's device (device=x.device), or use torch.zeros_like, "
    "x.new_zeros, masked_fill, torch.where."
)


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


def on_each_device(check_on: Callable[..., None], *args) -> None:
    """Run one value check on every device: ``check_on(*args, device)`` for each of
    :func:`devices`, each run a :func:`device_leg`."""
    __tracebackhide__ = True
    for device in devices():
        with device_leg(device):
            check_on(*args, device)


def run_on_meta(
    fn,
    args: tuple,
    what: str,
    helpers: dict | None = None,
    advice: str | None = None,
    on_cpu: tuple | None = None,
    kwargs: dict | None = None,
):
    """Run learner code on "meta" tensors (shapes, no data): the one judge of "does this run on
    any device".

    A tensor made without ``device=`` lands on the CPU and clashes there, as it would on a GPU.
    Explicit moves to the CPU (``.cpu()``, ``.numpy()``, ``.to("cpu")``) are caught while the code
    runs, before the meta device's own "cannot copy out of meta tensor" could hide them. Returns the
    result, or None when the meta device cannot run the code for a reason that is not the learner's
    (data-dependent operations such as boolean indexing). An error is blamed on the learner if it
    names a device, if it goes away once tensors created without ``device=`` land on meta too, or if
    the same call fails on the CPU as well: ``on_cpu`` is ``(fn, args)`` (or ``(fn, args, kwargs)``)
    with CPU tensors of the same shapes and real data, and a call that fails there too is a crash of
    the learner's code, not a limit of the meta device.
    """
    __tracebackhide__ = True
    kwargs = kwargs or {}
    try:
        return run(fn, args, kwargs, helpers=helpers, watch="no_cpu_moves")[0]
    except Exception as exc:  # any learner bug: judged below
        error = exc
    if type(error).__name__ == MovedToCpu.__name__:  # from the kernel it comes back as a look-alike
        fail(
            say(
                "{what} moves a tensor to the CPU (.{error}()); on a GPU the result would then "
                "leave the GPU or clash with it. Keep everything on the device of the inputs: no "
                ".cpu(), .numpy() or .to('cpu') here.{note}",
                what=what,
                error=error,
                note=say(META_NOTE),
            )
        )
    if is_unimplemented(error):
        not_implemented(learner_name(fn) or what)
    text = str(error)
    if any(t in text for t in CUDA_TOLERATED):
        return None
    if "device" not in text.lower():
        try:
            run(fn, args, kwargs, helpers=helpers, watch="meta_default")
        except Exception:
            if on_cpu is None:
                return None
            cpu_fn, cpu_args, *rest = on_cpu
            try:
                run(cpu_fn, cpu_args, rest[0] if rest else {}, helpers=helpers)
            # it fails on the CPU too: the learner's crash, not the meta device's
            except Exception as cpu_error:
                raise learner_error(
                    say("{what} (on the CPU as well as on the meta device)", what=what),
                    cpu_error,
                    learner_name(fn),
                ) from None
            return None  # runs on the CPU: a meta-only limitation
    fail(
        say(
            "{what} creates a tensor on the CPU while its input lives on another device "
            "({error_type}: {error_text}). On a GPU this crashes or leaves results on the CPU. "
            "{advice}{note}",
            what=what,
            error_type=type(error).__name__,
            error_text=text.splitlines()[0] if text else "",
            advice=advice or say(NEW_TENSOR_ADVICE),
            note=say(META_NOTE),
        )
    )


def expect_on(tensors, device, what: str) -> None:
    """Every tensor of a learner's result lives on ``device`` (the inputs' device)."""
    __tracebackhide__ = True
    for t in tensors:
        if isinstance(t, torch.Tensor) and t.device.type != torch.device(device).type:
            fail(
                say(
                    "{what} returned a tensor on {device} for inputs on {device2}: keep everything "
                    "on the device of the inputs (device=x.device, torch.zeros_like, ...); never "
                    "hard-code .cpu() or .cuda().{note}",
                    what=what,
                    device=t.device,
                    device2=device,
                    note=say(META_NOTE) if t.device.type == "meta" or str(device) == "meta" else "",
                )
            )
