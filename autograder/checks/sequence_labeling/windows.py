"""Checks of context_windows, and the mistakes a window can make."""

from __future__ import annotations

import numpy as np

from autograder.checks.common import (
    GradingError,
    as_float_array,
    call,
    close,
    compare,
    compare_all,
    fail,
    fmt,
    hints,
    rng,
)
from autograder.checks.contracts import Clause, contract, passes, some
from autograder.messages import say, template
from autograder.reference import sequence_labeling as ref

# Earlier parts a later part may call by name; grading swaps in the reference versions
# (see common.call).
HELPERS = {"context_windows": ref.context_windows}

# ------------------------------------------------------------------------------------------ windows


def _shifted(x: np.ndarray, offsets, fill: str = "zeros") -> np.ndarray:
    """Concatenate ``x[i + o]`` for each offset along the last axis; x is (..., N, d).

    ``fill`` says what lies beyond the ends: zero vectors, copies of the edge vectors, or the
    other end.
    """
    n = x.shape[-2]
    columns = []
    for o in offsets:
        idx = np.arange(n) + o
        if fill == "wrap":
            v = x[..., idx % n, :]
        # np.pad's mode='reflect': x[1], x[2], ... mirrored beyond the start
        elif fill == "reflect":
            period = max(2 * (n - 1), 1)
            r = np.abs(idx) % period
            v = x[..., np.where(r < n, r, period - r), :]
        else:
            v = x[..., np.clip(idx, 0, n - 1), :]
            if fill == "zeros":
                v = np.where(((idx >= 0) & (idx < n))[:, None], v, 0.0)
        columns.append(v)
    return np.concatenate(columns, axis=-1)


def _filled_up(x: np.ndarray, k: int) -> np.ndarray:
    """Each row's window cut from the sequence (no padding), then zero-filled at its end to 2k +
    1 vectors."""
    n, d = x.shape[-2], x.shape[-1]
    rows = []
    for i in range(n):
        cut = x[..., max(0, i - k) : i + k + 1, :]
        fill = np.zeros((*x.shape[:-2], 2 * k + 1 - cut.shape[-2], d))
        rows.append(np.concatenate([cut, fill], axis=-2).reshape(*x.shape[:-2], -1))
    return np.stack(rows, axis=-2)


def _padded_everywhere(x: np.ndarray, k: int) -> np.ndarray:
    """np.pad(x, k): every axis padded, the features too, then the usual shifted slices."""
    n, padded = x.shape[-2], np.pad(x, k)
    return np.concatenate([padded[..., j : j + n, :] for j in range(2 * k + 1)], axis=-1)


def window_mistakes(x: np.ndarray, k: int) -> list[tuple[str, np.ndarray]]:
    """What a learner with each windowing mistake returns for ``context_windows(x, k)``, x (...,
    N, d)."""
    if k == 0:
        return []
    c = range(-k, k + 1)
    n_wide = 2 * k + 1
    stacked = np.stack([_shifted(x, [o]) for o in c], axis=-1)
    return [
        (
            say(
                "the window is in reversed order: row i must be x[i - k], ..., x[i + k], the left "
                "neighbours first."
            ),
            _shifted(x, range(k, -k - 1, -1)),
        ),
        (
            say(
                "beyond the ends you repeated the first and last vectors (edge copies); the window "
                "must hold zero vectors there."
            ),
            _shifted(x, c, "edge"),
        ),
        (
            say(
                "the window wraps around (vectors from the other end appear beyond the ends, as "
                "with np.roll); the window must hold zero vectors there."
            ),
            _shifted(x, c, "wrap"),
        ),
        (
            say(
                "beyond the ends you mirrored the sequence (reflect padding, as np.pad(..., "
                "mode='reflect') or padding_mode='reflect' do); the window must hold zero vectors "
                "there."
            ),
            _shifted(x, c, "reflect"),
        ),
        (
            say(
                "near the ends the zero vectors went to the end of the window: a window cut from "
                "the sequence (x[max(0, i - k):i + k + 1]) and then filled up with zeros loses its "
                "alignment. Row i holds x[i - k] first, so a missing left neighbour is a zero "
                "vector at the front."
            ),
            _filled_up(x, k),
        ),
        (
            say(
                "the sequence was not padded: only the positions with k whole neighbours on each "
                "side got a window (N - 2k rows, as an unpadded unfold or sliding_window_view "
                "gives). Pad k zero vectors at both ends so every position gets one: N rows."
            ),
            ref.context_windows(x, k)[..., k : x.shape[-2] - k, :],
        ),
        (
            say(
                "off by one: the window holds {n_wide} vectors, but 2k + 1 = {n_wide2} are needed "
                "(k on each side plus the centre).",
                n_wide=n_wide - 1,
                n_wide2=n_wide,
            ),
            _shifted(x, range(-k, k)),
        ),
        (
            say(
                "off by one: the window holds {n_wide} vectors, but 2k + 1 = {n_wide2} are needed "
                "(k on each side plus the centre).",
                n_wide=n_wide - 1,
                n_wide2=n_wide,
            ),
            _shifted(x, range(-k + 1, k + 1)),
        ),
        (
            say(
                "off by one: the window holds {n_wide} vectors, but 2k + 1 = {n_wide2} are needed "
                "(k on each side plus the centre).",
                n_wide=n_wide + 1,
                n_wide2=n_wide,
            ),
            _shifted(x, range(-k, k + 2)),
        ),
        (
            say(
                "off by one: the window holds {n_wide} vectors, but 2k + 1 = {n_wide2} are needed "
                "(k on each side plus the centre).",
                n_wide=n_wide + 1,
                n_wide2=n_wide,
            ),
            _shifted(x, range(-k - 1, k + 1)),
        ),
        (
            say("the window covers only the left side: row i must run from x[i - k] to x[i + k]."),
            _shifted(x, range(-k, 1)),
        ),
        (
            say("the window covers only the right side: row i must run from x[i - k] to x[i + k]."),
            _shifted(x, range(0, k + 1)),
        ),
        (
            say("the window is not centred on row i: it must run from x[i - k] to x[i + k]."),
            _shifted(x, range(0, 2 * k + 1)),
        ),
        (
            say("the window is not centred on row i: it must run from x[i - k] to x[i + k]."),
            _shifted(x, range(-2 * k, 1)),
        ),
        (
            say(
                "the features are interleaved: put whole vectors one after the other (concatenate "
                "along the last axis), rather than stacking them on a new axis and reshaping."
            ),
            stacked.reshape(*x.shape[:-1], -1),
        ),
    ] + (
        [
            (
                say(
                    "np.pad(x, k) pads every axis, the features too: pad only the sequence axis, "
                    "np.pad(x, ((k, k), (0, 0)))."
                ),
                _padded_everywhere(x, k),
            )
        ]
        if x.ndim == 2
        else []
    )


SLICE_HINTS = {
    "all the input array dimensions": template(
        "The shifted slices have different lengths: each must hold exactly N rows, padded[j:j + N] "
        "(beware x[a:-b] with b = 0: -0 is 0, so the slice is empty)."
    ),
    "Sizes of tensors must match": template(
        "The shifted slices have different shapes. nn.functional.pad pads the LAST dimension "
        "first: (k, k) pads the features; pad the sequence axis of (B, N, d) with (0, 0, k, k)."
    ),
    "Can't call numpy() on Tensor that requires grad": template(
        "Build the windows with torch operations (pad, slices, cat) rather than NumPy, so that the "
        "gradient reaches x (the embeddings learn through it)."
    ),
}


def _compare(
    got, expected, what: str, mistakes: list[tuple[str, np.ndarray]], show_input: str = ""
) -> None:
    """``compare`` with a list of known mistakes (several variants may share one message)."""
    __tracebackhide__ = True
    if close(got, expected):
        return
    for message, wrong in mistakes:
        if close(got, np.asarray(wrong, dtype=float)):
            fail(f"{what}: {message}")
    compare(got, expected, what, show_input=show_input)


@contract(
    Clause(
        "left first",
        "Row i is x[i - k], ..., x[i], ..., x[i + k], in that order, left neighbours first.",
        passes("k", lambda k: k >= 1),
    ),
    Clause(
        "zero vectors",
        "Where the window reaches past either end, zero vectors (not copies).",
        passes("k", lambda k: k >= 1),
    ),
    Clause(
        "2k + 1 vectors",
        "2k + 1 vectors, so (2k + 1) * d numbers per row.",
        passes("k", lambda k: k >= 1),
    ),
    Clause(
        "every position", "Every position gets a window: N rows.", passes("k", lambda k: k >= 2)
    ),
    Clause(
        "whole vectors",
        "The vectors concatenated whole, one after the other.",
        passes("x", lambda x: x.shape[1] > 1),
    ),
    Clause(
        "k = 0",
        "With k = 0 the window is the vector itself: return x.",
        passes("k", lambda k: k == 0),
    ),
    Clause(
        "k beyond N",
        "Any k, a window wider than the whole sequence included.",
        some(lambda c: c.arguments["k"] >= len(c.arguments["x"])),
    ),
)
def check_context_windows(fn) -> None:
    """Values for k = 0, 1, 2, a window wider than the sequence, and a sequence of one vector."""
    __tracebackhide__ = True
    g = rng(3)
    cases = [
        (g.normal(size=(5, 3)), 1),
        (g.normal(size=(6, 2)), 2),
        (g.normal(size=(4, 3)), 0),
        (g.normal(size=(3, 2)), 4),
        (g.normal(size=(1, 4)), 1),
    ]
    trials = []
    for x, k in cases:
        what = say("context_windows(x, {k}) for x of shape {shape}", k=k, shape=x.shape)
        try:
            with hints(SLICE_HINTS):
                got = as_float_array(call(fn, x, k, what=what), what)
        # a crash on a later case: name the mistake the earlier ones show, if any
        except GradingError as crash:

            def crashed(_, crash=crash):
                raise crash

            compare_all(trials, fallback=crashed)
            raise
        n, d = x.shape
        if k == 0 and got.ndim == 2 and got.shape[0] == 0:
            fail(
                say(
                    "{what} returned shape {shape}, no rows: with k = 0, x[k:-k] is x[0:-0], which "
                    "is empty (-0 is 0). With k = 0 the window is the vector itself: return x.",
                    what=what,
                    shape=got.shape,
                ),
                mistake=say("x[k:-k] empty for k = 0"),
            )
        if (
            k
            and got.ndim == 2
            and got.shape[0] == n
            and got.shape[1] in (2 * k * d, (2 * k + 2) * d)
        ):
            fail(
                say(
                    "{what} returned shape {shape}: off by one, the window must hold 2k + 1 = "
                    "{value} vectors of size {d}, so {value2} columns (k on each side plus "
                    "the centre).",
                    what=what,
                    shape=got.shape,
                    value=2 * k + 1,
                    d=d,
                    value2=(2 * k + 1) * d,
                )
            )
        trials.append((got, ref.context_windows(x, k), what, window_mistakes(x, k)))

    def show(i):
        __tracebackhide__ = True
        compare(
            trials[i][0], trials[i][1], trials[i][2], show_input=(f"\nwith x =\n{fmt(cases[i][0])}")
        )

    compare_all(trials, fallback=show)  # a mistake is named only where it explains every case
