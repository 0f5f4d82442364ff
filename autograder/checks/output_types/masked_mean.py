"""Checks of masked_mean: the mean over the real positions of a padded batch."""

from __future__ import annotations

import numpy as np
import torch

from autograder.checks.common import as_float_array, call, close, compare, fail, fmt, hints
from autograder.checks.contracts import ON_THE_INPUTS_DEVICE, Clause, contract, passes
from autograder.checks.devices import expect_on, on_each_device, run_on_meta
from autograder.checks.output_types.padding import _garbage_batch, _np
from autograder.messages import say, template
from autograder.reference import output_types as ref


def _mean_mistakes(x: torch.Tensor, mask: torch.Tensor) -> dict[str, np.ndarray]:
    m = mask[..., None].double()
    xs, n = _np(x), x.shape[1]
    real_sum = (_np(x) * _np(m)).sum(1)
    count = _np(m).sum(1)
    with np.errstate(all="ignore"):
        return {
            say(
                "padding is counted in the mean: you averaged all N positions. Sum the real "
                "positions only (where mask is True) and divide by their number."
            ): xs.mean(1),
            say(
                "padding is counted in the mean: you zeroed the padding but divided by all N "
                "positions. Divide by the number of real positions of each row, mask.sum(1)."
            ): real_sum / n,
            say(
                "the mask is reversed: you averaged the padded positions. mask is True at the "
                "real positions."
            ): (xs * (1 - _np(m))).sum(1) / np.maximum((1 - _np(m)).sum(1), 1),
            say(
                "you returned the sum of the real positions; divide it by their number to get the "
                "mean."
            ): real_sum,
            say(
                "you divided by the number of real positions in the whole batch; divide each row "
                "by its own count."
            ): real_sum / count.sum(),
            say(
                "padding is counted in the mean: you summed every position, padding included, then "
                "divided by the number of real positions. Zero the padding (or select the real "
                "vectors) before the sum."
            ): xs.sum(1) / np.maximum(count, 1),
            say(
                "you averaged the real vectors of the whole batch together: x[mask] flattens the "
                "batch into one list of vectors. Average each row on its own, (B, d) out."
            ): xs[_np(mask).astype(bool)].mean(0),
        }


COUNT_AXIS_HINTS = {
    "must match the size of tensor b": (
        template(
            "mask.sum(1) has shape (B,), one count per row: keep its axis, mask.sum(1, "
            "keepdim=True) (or .unsqueeze(-1)), so that each row's sum (B, d) is divided by its "
            "own count."
        )
    )
}


@contract(
    Clause(
        "padding ignored",
        "The padded positions may hold anything (not only zeros): they must not change the result.",
        passes("x", lambda x: (x.abs() > 4).any()),
    ),
    Clause(
        "mean of each row",
        "Row b is the mean of the vectors x[b, j] where mask[b, j] is True: shape (B, d).",
        passes("mask", lambda m: len(set(m.sum(1).tolist())) > 1),
    ),
    Clause(
        "True at real positions",
        "mask is True at the real positions.",
        passes("mask", lambda m: (~m).any()),
    ),
)
def check_masked_mean(fn) -> None:
    __tracebackhide__ = True
    on_each_device(_check_masked_mean_on, fn)


def _check_masked_mean_on(fn, device) -> None:
    __tracebackhide__ = True
    for seed, (lengths, pad, dtype) in enumerate(
        [
            ((5, 2, 3), "garbage", torch.float64),
            ((4, 1), "zeros", torch.float64),
            ((6, 6, 3), "garbage", torch.float32),
        ]
    ):
        x, mask = _garbage_batch(seed, lengths, 4, device, dtype, pad)
        what = say(
            "masked_mean(x, mask) for rows of lengths {join}",
            join=", ".join(map(str, lengths)),
        )
        with hints(COUNT_AXIS_HINTS):
            got = call(fn, x, mask, what=what)
        if isinstance(got, torch.Tensor):
            expect_on((got,), device, what)
        got = as_float_array(got, what)
        compare(
            got,
            _np(ref.masked_mean(x, mask)),
            what,
            _mean_mistakes(x, mask),
            say(
                "\nwith x of shape {shape} (the padded positions hold values that must be ignored)",
                shape=tuple(x.shape),
            ),
            rtol=1e-4,
            atol=1e-5,
        )


@contract(
    Clause(
        "never NaN",
        "A row with no real position at all gives zeros, never NaN ...",
        passes("mask", lambda m: (~m.any(1)).any()),
    ),
    Clause("zeros", "... it gives zeros.", passes("mask", lambda m: (~m.any(1)).any())),
)
def check_masked_mean_empty_row(fn) -> None:
    """A row with no real position gives zeros (never NaN); only that row is judged here."""
    __tracebackhide__ = True
    on_each_device(_check_masked_mean_empty_row_on, fn)


def _check_masked_mean_empty_row_on(fn, device) -> None:
    __tracebackhide__ = True
    # row 1 is all padding (garbage, as any padding)
    x, mask = _garbage_batch(7, (3, 0, 4), 3, device)
    what = say("masked_mean(x, mask) where row 1 has no real position (its mask is all False)")
    got = as_float_array(call(fn, x, mask, what=what), what)
    if got.shape != (3, 3):
        fail(
            say(
                "{what} returned shape {shape}, expected (3, 3).",
                what=what,
                shape=got.shape,
            )
        )
    if np.isnan(got[1]).any():
        fail(
            say(
                "{what} gives NaN for the row with no real position: 0 / 0. Divide by the count "
                "clamped to at least 1 (count.clamp(min=1)), so that an empty row's sum, 0, stays "
                "0.",
                what=what,
            )
        )
    if not close(got[1], np.zeros(3)):
        fail(
            say(
                "{what} returned {got} for the row with no real position; expected zeros.",
                what=what,
                got=fmt(got[1]),
            )
        )


@contract(*ON_THE_INPUTS_DEVICE)
def check_masked_mean_device(fn) -> None:
    __tracebackhide__ = True
    x, mask = _garbage_batch(31, (5, 2), 3, "cpu", torch.float32)
    what = say("masked_mean(x, mask) for x on another device than the CPU")
    result = run_on_meta(fn, (x.to("meta"), mask.to("meta")), what, on_cpu=(fn, (x, mask)))
    expect_on((result,), "meta", what)
