"""Checks of softmax and of its numerically stable form."""

from __future__ import annotations

import numpy as np

from autograder import reference as ref
from autograder.checks.common import as_float_array, call, compare, fail, fmt, hints, rng
from autograder.checks.contracts import Clause, contract, omits, passes, some
from autograder.messages import say, template


def _softmax_mistakes(x: np.ndarray, axis: int) -> dict[str, np.ndarray]:
    with np.errstate(all="ignore"):  # the wrong variants may overflow; that is their point
        return _softmax_mistakes_raw(x, axis)


def _softmax_mistakes_raw(x: np.ndarray, axis: int) -> dict[str, np.ndarray]:
    other_axes = [ax for ax in range(x.ndim) if ax != axis % x.ndim]
    mistakes = {
        say(
            "the softmax ran over axis {ax} instead of axis {axis}: each slice along the requested "
            "axis must sum to 1 (use axis=axis and keepdims=True).",
            ax=ax,
            axis=axis,
        ): ref.softmax(x, axis=ax)
        for ax in other_axes
    }
    mistakes[say("the result is not normalised: divide exp(x) by its sum along the axis.")] = (
        np.exp(x - x.max(axis=axis, keepdims=True))
    )
    mistakes[
        say(
            "the result is not normalised: divide exp(x) by its sum along the axis, not by "
            "something else."
        )
    ] = np.exp(x)
    mistakes[
        say("you divided by the sum over the whole array; sum only along the axis (keepdims=True).")
    ] = np.exp(x) / np.exp(x).sum()
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    sums = e.sum(axis=axis)
    try:  # where the shapes still broadcast (square inputs), it runs and gives wrong values
        mistakes[say(KEEPDIMS)] = e / sums
    except ValueError:
        pass
    return mistakes


KEEPDIMS = template(
    "the sum lost its axis: without keepdims=True, e / e.sum(axis=axis) divides each row by the "
    "wrong sums (or fails to broadcast); use e.sum(axis=axis, keepdims=True)."
)
KEEPDIMS_HINTS = {"could not be broadcast": KEEPDIMS}


@contract(
    Clause(
        "any axis", "Along any axis of the array.", some(lambda c: c.arguments.get("axis", -1) == 0)
    ),
    Clause("normalised", "exp(x_i) / sum_j exp(x_j): each slice sums to 1.", passes("x")),
    Clause(
        "keepdims",
        "Any number of dimensions: the sums broadcast back along the axis.",
        passes("x", lambda x: x.ndim == 3),
    ),
    Clause("default axis", "axis=-1 when it is not given.", omits("axis")),
)
def check_softmax(fn) -> None:
    """Values on 1-D, 2-D and 3-D inputs, along every axis."""
    __tracebackhide__ = True
    g = rng(0)
    cases = [
        (g.normal(size=5), -1),
        (g.normal(size=(3, 4)), -1),
        (g.normal(size=(3, 4)), 0),
        (g.normal(size=(3, 4)), 1),
        (g.normal(size=(2, 3, 4)), 1),
        (g.normal(size=(4, 4)), -1),
        (g.normal(size=(2, 3, 4)), 0),
    ]
    for x, axis in cases:
        what = say("softmax(x, axis={axis}) for x of shape {shape}", axis=axis, shape=x.shape)
        with hints(KEEPDIMS_HINTS):
            got = as_float_array(call(fn, x, axis=axis, what=what), what)
        compare(
            got,
            ref.softmax(x, axis=axis),
            what,
            _softmax_mistakes(x, axis),
            say("\nwith x =\n{x}", x=fmt(x)),
        )
    x = g.normal(size=(3, 4))
    with hints(KEEPDIMS_HINTS):
        got = as_float_array(call(fn, x, what="softmax(x)"), "softmax(x)")
    compare(
        got,
        ref.softmax(x, axis=-1),
        say("softmax(x) with the default axis"),
        {
            say(
                "the default must be axis=-1, the last axis; without axis= your softmax ran over "
                "axis {ax}: def softmax(x, axis=-1).",
                ax=ax,
            ): ref.softmax(x, axis=ax)
            for ax in range(x.ndim - 1)
        },
        say("\n(the default must be axis=-1, the last axis)"),
    )


@contract(
    Clause(
        "stable",
        "Numerically stable: entries such as 1000 do not overflow.",
        passes("x", lambda x: np.abs(x).max() >= 1000),
    ),
    Clause(
        "each slice's maximum",
        "Subtract the same number along the axis: each slice's own maximum.",
        passes("x", lambda x: np.ptp(x.max(axis=-1)) > 1000),
    ),
)
def check_softmax_stable(fn) -> None:
    """No overflow or NaN for entries up to +-1e4."""
    __tracebackhide__ = True
    x = np.array([[1e4, 1e4 - 1.0, -1e4], [-1e4, -1e4 + 2.0, -1e4 + 1.0], [0.0, 1000.0, -1000.0]])
    for axis in (-1, 0):
        what = say("softmax(x, axis={axis}) with entries as large as 1e4", axis=axis)
        with hints(KEEPDIMS_HINTS):
            got = as_float_array(call(fn, x, axis=axis, what=what), what)
        with np.errstate(all="ignore"):
            e = np.exp(x - x.max())
            global_shift = e / e.sum(axis=axis, keepdims=True)
        if not np.all(np.isfinite(got)) and np.array_equal(
            np.isfinite(got), np.isfinite(global_shift)
        ):
            fail(
                say(
                    "{what} returned NaN: you subtracted the maximum of the whole array, so slices "
                    "far below it underflow to exp(...) = 0 and divide 0 by 0. Subtract each "
                    "slice's own maximum: np.max(x, axis=axis, "
                    "keepdims=True).\nYou returned\n{got}",
                    what=what,
                    got=fmt(got),
                )
            )
        if not np.all(np.isfinite(got)):
            fail(
                say(
                    "{what} returned NaN or inf: exp(1000) overflows float64. Subtract the maximum "
                    "along the axis before exp: softmax(x) = softmax(x - max(x)), so the result is "
                    "unchanged.\nYou returned\n{got}",
                    what=what,
                    got=fmt(got),
                )
            )
        compare(
            got,
            ref.softmax(x, axis=axis),
            what,
            _softmax_mistakes(x, axis),
            say("\nwith x =\n{x}", x=fmt(x)),
        )
