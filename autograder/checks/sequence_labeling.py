"""Checks for assignment 03_sequence_labeling. Hidden test cells call these with the
learner's objects.

Each check compares with :mod:`autograder.reference.labeling` on seeded inputs and, when the result
is wrong, tries the mistakes learners make with context windows (reversed order, edge copies or
wrap-around instead of zeros, a window one vector too narrow or too wide, windows across the batch)
and names the one that matches.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from autograder.checks.common import (
    GradingError,
    as_float_array,
    as_float_scalar,
    call,
    close,
    compare,
    compare_all,
    fail,
    fmt,
    hints,
    rng,
    seeded,
    trained_model,
)
from autograder.checks.contracts import Clause, built, contract, on_meta, passes, some, value_judged
from autograder.checks.devices import expect_on, on_each_device, run_on_meta
from autograder.learner.sequence_labeling import load_tagging_corpus
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
                "must hold zero "
                "vectors there."
            ),
            _shifted(x, c, "edge"),
        ),
        (
            say(
                "the window wraps around (vectors from the other end appear beyond the ends, as with "
                "np.roll); the "
                "window must hold zero vectors there."
            ),
            _shifted(x, c, "wrap"),
        ),
        (
            say(
                "beyond the ends you mirrored the sequence (reflect padding, as np.pad(..., "
                "mode='reflect') or "
                "padding_mode='reflect' do); the window must hold zero "
                "vectors there."
            ),
            _shifted(x, c, "reflect"),
        ),
        (
            say(
                "near the ends the zero vectors went to the end of the window: a window cut from "
                "the sequence "
                "(x[max(0, i - k):i + k + 1]) and then filled up with zeros loses its alignment. Row "
                "i holds x[i - k] first, so a missing left neighbour is a zero vector at "
                "the front."
            ),
            _filled_up(x, k),
        ),
        (
            say(
                "the sequence was not padded: only the positions with k whole neighbours on each side "
                "got a window (N "
                "- 2k rows, as an unpadded unfold or sliding_window_view gives). Pad k zero vectors "
                "at both ends so every position gets one: N rows."
            ),
            ref.context_windows(x, k)[..., k : x.shape[-2] - k, :],
        ),
        (
            say(
                "off by one: the window holds {n_wide} vectors, but 2k + 1 = {n_wide2} are needed (k "
                "on each side "
                "plus the centre).",
                n_wide=n_wide - 1,
                n_wide2=n_wide,
            ),
            _shifted(x, range(-k, k)),
        ),
        (
            say(
                "off by one: the window holds {n_wide} vectors, but 2k + 1 = {n_wide2} are needed (k "
                "on each side "
                "plus the centre).",
                n_wide=n_wide - 1,
                n_wide2=n_wide,
            ),
            _shifted(x, range(-k + 1, k + 1)),
        ),
        (
            say(
                "off by one: the window holds {n_wide} vectors, but 2k + 1 = {n_wide2} are needed (k "
                "on each side "
                "plus the centre).",
                n_wide=n_wide + 1,
                n_wide2=n_wide,
            ),
            _shifted(x, range(-k, k + 2)),
        ),
        (
            say(
                "off by one: the window holds {n_wide} vectors, but 2k + 1 = {n_wide2} are needed (k "
                "on each side "
                "plus the centre).",
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
                "along the last "
                "axis), rather than stacking them on a new axis "
                "and reshaping."
            ),
            stacked.reshape(*x.shape[:-1], -1),
        ),
    ] + (
        [
            (
                say(
                    "np.pad(x, k) pads every axis, the features too: pad only the sequence axis, np.pad(x, "
                    "((k, k), (0, "
                    "0)))."
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
                    "{what} returned shape {shape}, no rows: with k = 0, x[k:-k] is x[0:-0], which is "
                    "empty (-0 "
                    "is 0). With k = 0 the window is the vector itself: "
                    "return x.",
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
                    "{what} returned shape {shape}: off by one, the window must hold 2k + 1 = {value} "
                    "vectors of "
                    "size {d}, so {value2} columns (k on each side plus the centre).",
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


# --------------------------------------------------------------------------------------- parameters


@contract(
    Clause(
        "first layer",
        "Linear((2k + 1) * d_in, hidden): its weights ...",
        passes("k", lambda k: k >= 1),
    ),
    Clause("biases", "... weights and biases, of both layers.", passes("hidden")),
    Clause("second layer", "Then Linear(hidden, n_classes).", passes("n_classes")),
    Clause("an int", "Return the number as an int.", passes("k")),
)
def check_window_mlp_param_count(fn) -> None:
    __tracebackhide__ = True
    trials = []
    for d_in, k, hidden, n_classes in _COUNT_CASES:
        what = f"window_mlp_param_count({d_in}, {k}, {hidden}, {n_classes})"
        raw = call(fn, d_in, k, hidden, n_classes, what=what)
        got = as_float_scalar(raw, what)
        if isinstance(raw, (float, np.floating)) and got == int(got):
            fail(
                say(
                    "{what} returned {raw!r}, a float; a number of parameters is an int (use // for "
                    "any division, "
                    "or int(...)).",
                    what=what,
                    raw=raw,
                ),
                mistake=say("returned a float, not an int"),
            )
        width = (2 * k + 1) * d_in
        mistakes = (
            [
                (
                    say(
                        "the biases are left out: nn.Linear(n_in, n_out) has n_in * n_out weights plus "
                        "n_out biases."
                    ),
                    width * hidden + hidden * n_classes,
                ),
                (
                    say(
                        "the first layer's biases are missing: nn.Linear(n_in, n_out) also has "
                        "n_out biases."
                    ),
                    width * hidden + hidden * n_classes + n_classes,
                ),
                (
                    say(
                        "the second layer's biases are missing: nn.Linear(n_in, n_out) also has "
                        "n_out biases."
                    ),
                    width * hidden + hidden + hidden * n_classes,
                ),
                (
                    say(
                        "the second layer is missing: the network ends with Linear(hidden, n_classes)."
                    ),
                    width * hidden + hidden,
                ),
            ]
            + [
                (
                    say(
                        "off by one: the first layer sees (2k + 1) * d_in inputs (k vectors on each side "
                        "plus the "
                        "centre)."
                    ),
                    (2 * k + w) * d_in * hidden + hidden + hidden * n_classes + n_classes,
                )
                for w in (0, 2)
            ]
            + [
                (
                    say(
                        "the window covers one side only: the first layer sees (2k + 1) * d_in inputs."
                    ),
                    (k + 1) * d_in * hidden + hidden + hidden * n_classes + n_classes,
                ),
                (
                    say(
                        "the window holds k vectors, but k is the number of neighbours on EACH side: 2k + "
                        "1 vectors with "
                        "the centre, so the first layer sees (2k + 1) * d_in inputs."
                    ),
                    k * d_in * hidden + hidden + hidden * n_classes + n_classes,
                ),
                (
                    say(
                        "you counted a first layer per window position, each with its own biases; there is "
                        "one Linear((2k "
                        "+ 1) * d_in, hidden), with hidden biases in all."
                    ),
                    (2 * k + 1) * (d_in * hidden + hidden) + hidden * n_classes + n_classes,
                ),
                (
                    say(
                        "you counted the units (inputs and neurons) of the layers, not their "
                        "parameters: Linear(n_in, "
                        "n_out) has n_in * n_out weights plus n_out biases."
                    ),
                    width + hidden + n_classes,
                ),
            ]
        )
        trials.append(
            (
                got,
                ref.window_mlp_param_count(d_in, k, hidden, n_classes),
                f"{what} returned {got:g}",
                mistakes,
            )
        )

    def unexplained(i):
        __tracebackhide__ = True
        d_in, k, hidden, n_classes = _COUNT_CASES[i]
        width = (2 * k + 1) * d_in
        fail(
            say(
                "{what}, expected {expected}: count the weights and the biases of both "
                "layers, Linear({width}, "
                "{hidden}) and Linear({hidden}, {n_classes}).",
                what=trials[i][2],
                expected=trials[i][1],
                width=width,
                hidden=hidden,
                n_classes=n_classes,
            )
        )

    compare_all(trials, rtol=0, atol=0.5, fallback=unexplained)


_COUNT_CASES = [(4, 2, 8, 3), (10, 0, 5, 2), (3, 5, 16, 7), (2, 1, 3, 4)]


# ---------------------------------------------------------------------------------------- WindowMLP


def _make_window_mlp(cls, d_in: int, k: int, hidden: int, n_classes: int) -> nn.Module:
    __tracebackhide__ = True
    module = call(
        cls, d_in, k, hidden, n_classes, what=(f"WindowMLP({d_in}, {k}, {hidden}, {n_classes})")
    )
    if not isinstance(module, nn.Module):
        fail(say("WindowMLP must be a subclass of torch.nn.Module."))
    return module


def _build_window_mlp(cls, d_in: int, k: int, hidden: int, n_classes: int):
    """Build the learner's module and find its two layers; returns (module, first, second)."""
    __tracebackhide__ = True
    what = f"WindowMLP({d_in}, {k}, {hidden}, {n_classes})"
    module = _make_window_mlp(cls, d_in, k, hidden, n_classes)
    linears = [m for m in module.modules() if isinstance(m, nn.Linear)]
    width = (2 * k + 1) * d_in
    first = [m for m in linears if m.in_features == width and m.out_features == hidden]
    second = [m for m in linears if m.in_features == hidden and m.out_features == n_classes]
    if len(linears) != 2 or len(first) != 1 or len(second) != 1:
        found = ", ".join(f"Linear({m.in_features}, {m.out_features})" for m in linears) or say(
            "no nn.Linear"
        )
        hint = ""
        if any(m.in_features in (2 * k * d_in, (2 * k + 2) * d_in) for m in linears):
            hint = say(
                " Off by one: the window holds 2k + 1 vectors (k on each side plus the centre)."
            )
        elif any(m.in_features == d_in for m in linears):
            hint = say(
                " The first layer must take the whole window, (2k + 1) * d_in features, not "
                "one vector."
            )
        fail(
            say(
                "{what} should hold exactly two layers, nn.Linear({width}, {hidden}) "
                "and nn.Linear({hidden}, "
                "{n_classes}) with a ReLU between them; found {found}.{hint}",
                what=what,
                width=width,
                hidden=hidden,
                n_classes=n_classes,
                found=found,
                hint=hint,
            )
        )
    first, second = first[0], second[0]
    if first.bias is None or second.bias is None:
        fail(
            say(
                "{what}: the biases are left out; keep nn.Linear's default bias=True in both layers.",
                what=what,
            )
        )
    return module, first, second


def _numpy_mlp(
    first: nn.Linear, second: nn.Linear, windows: np.ndarray, relu: bool = True
) -> np.ndarray:
    w1, b1, w2, b2 = (
        t.detach().cpu().double().numpy()
        for t in (first.weight, first.bias, second.weight, second.bias)
    )
    h = windows @ w1.T + b1
    return (np.maximum(h, 0.0) if relu else h) @ w2.T + b2


def _module_mistakes(first, second, x: np.ndarray, k: int) -> list[tuple[str, np.ndarray]]:
    """What a WindowMLP with each mistake returns for the batch x (B, N, d)."""
    b, n, d = x.shape
    mistakes = [
        (m, _numpy_mlp(first, second, w))
        for m, w in window_mistakes(x, k)
        if w.shape[-1] == first.in_features
    ]  # the others cannot be fed to this layer
    batch_axis = ref.context_windows(x.transpose(1, 0, 2), k).transpose(1, 0, 2)
    flat = ref.context_windows(x.reshape(b * n, d), k).reshape(b, n, -1)
    mistakes += [
        (
            say(
                "the windows run along the batch axis (dim 0): x is (B, N, d_in), so the neighbours of "
                "position i are "
                "x[:, i - k], ..., x[:, i + k], on dim 1."
            ),
            _numpy_mlp(first, second, batch_axis),
        ),
        (
            say(
                "the windows leak from one sequence of the batch into the next: pad each sequence on "
                "its own (the "
                "sequence axis is dim 1), e.g. nn.functional.pad(x, (0, 0, "
                "k, k))."
            ),
            _numpy_mlp(first, second, flat),
        ),
        (
            say("the ReLU between the two layers is missing."),
            _numpy_mlp(first, second, ref.context_windows(x, k), relu=False),
        ),
    ]
    logits = _numpy_mlp(first, second, ref.context_windows(x, k))
    shifted = logits - logits.max(-1, keepdims=True)
    mistakes += [
        (
            say(
                "you returned probabilities (a softmax at the end); return the logits: the "
                "cross-entropy of training "
                "applies the softmax itself."
            ),
            np.exp(shifted) / np.exp(shifted).sum(-1, keepdims=True),
        ),
        (
            say(
                "you returned log-probabilities (log_softmax, for nn.NLLLoss); return the "
                "logits: F.cross_entropy "
                "applies log_softmax itself."
            ),
            shifted - np.log(np.exp(shifted).sum(-1, keepdims=True)),
        ),
    ]
    return mistakes


def _batch(seed: int, b: int = 3, n: int = 6, d: int = 4) -> np.ndarray:
    return rng(seed).normal(size=(b, n, d))


@contract(
    Clause(
        "two layers",
        "Exactly two layers, Linear((2k + 1) * d_in, hidden) and Linear(hidden, n_classes), biases "
        "kept.",
        built(lambda c: True),
    ),
    Clause("ReLU", "A ReLU between them.", passes("x")),
    Clause(
        "windows on dim 1",
        "The windows run along the sequence axis, dim 1, of x (B, N, d_in).",
        passes("x", lambda x: x.shape[0] > 1 and x.shape[0] != x.shape[1]),
    ),
    Clause(
        "each sequence on its own",
        "Zero vectors beyond both ends of each sequence, never vectors of a neighbouring sequence.",
        passes("x", lambda x: x.shape[0] > 1),
    ),
    Clause("zero vectors", "Zero vectors beyond the ends.", passes("x")),
    Clause("k = 0", "Any k, 0 included.", built(lambda c: c.args[1] == 0)),
    Clause("logits", "Return logits (B, N, n_classes).", passes("x")),
    Clause(
        "torch only",
        "Torch operations only, so that gradients flow back to the input.",
        passes("x", lambda x: x.requires_grad),
    ),
)
def check_window_mlp(cls) -> None:
    """Logits of a batch agree with the reference, on the CPU and on CUDA when present; gradients
    reach x."""
    __tracebackhide__ = True
    on_each_device(_check_window_mlp_on, cls)


def _check_window_mlp_on(cls, device: torch.device) -> None:
    __tracebackhide__ = True
    for seed, (d_in, k, hidden, n_classes) in enumerate([(4, 2, 8, 3), (3, 1, 5, 2), (4, 0, 6, 3)]):
        torch.manual_seed(seeded(seed))
        module, first, second = _build_window_mlp(cls, d_in, k, hidden, n_classes)
        module = module.to(device, torch.float64)
        x_np = _batch(seed, d=d_in)
        x = torch.tensor(x_np, device=device, requires_grad=True)
        what = say(
            "WindowMLP({d_in}, {k}, {hidden}, {n_classes})(x) for x of shape {shape}",
            d_in=d_in,
            k=k,
            hidden=hidden,
            n_classes=n_classes,
            shape=tuple(x.shape),
        )
        with hints(SLICE_HINTS):
            out, backward = call(module.forward, x, what=what, helpers=HELPERS, watch="grads")
        if not isinstance(out, torch.Tensor):
            fail(
                say(
                    "{what} must return a torch tensor of logits, found {out_type}.",
                    what=what,
                    out_type=type(out).__name__,
                )
            )
        if out.device != x.device:
            fail(
                say(
                    "{what} returned a tensor on {device} for an input on {device2}: keep everything "
                    "on the "
                    "device of the input.",
                    what=what,
                    device=out.device,
                    device2=x.device,
                )
            )
        got = as_float_array(out, what)
        if k == 0 and got.ndim == 3 and got.shape[1] == 0:
            fail(
                say(
                    "{what} returned shape {shape}, no positions: with k = 0, x[:, k:-k] is x[:, "
                    "0:-0], which is "
                    "empty (-0 is 0). With k = 0 the window is each "
                    "vector itself.",
                    what=what,
                    shape=got.shape,
                ),
                mistake=say("x[k:-k] empty for k = 0"),
            )
        expected = _numpy_mlp(first, second, ref.context_windows(x_np, k))
        _compare(got, expected, what, _module_mistakes(first, second, x_np, k))
        if "error" in backward:
            fail(
                say(
                    "{what}: backpropagating through your output raised {backward}",
                    what=what,
                    backward=backward["error"],
                )
            )
        grad = (backward["grads"] or [None])[0]
        if grad is None or not bool(grad.abs().sum() > 0):
            fail(
                say(
                    "{what}: no gradient flows back to the input x, so an embedding before this layer "
                    "could not "
                    "learn. Build the windows with torch operations (no NumPy, "
                    "no .detach()).",
                    what=what,
                )
            )


@contract(
    Clause(
        "no loop over positions",
        "No Python loop over positions: every window built at once (a loop over the "
        "2k + 1 offsets is fine).",
        some(lambda c: c.watch == "torch_calls"),
    ),
)
def check_window_mlp_vectorised(cls) -> None:
    """No Python loop over positions: the number of torch operations must not grow with the
    sequence length."""
    __tracebackhide__ = True
    torch.manual_seed(seeded(0))
    module = _make_window_mlp(cls, 4, 2, 8, 3)
    counts = {}
    for n in (6, 12):
        x = torch.randn(3, n, 4, generator=torch.Generator().manual_seed(seeded(n)))
        _, counts[n] = call(
            module.forward,
            x,
            what=say("WindowMLP(4, 2, 8, 3)(x) for x of shape {shape}", shape=tuple(x.shape)),
            helpers=HELPERS,
            watch="torch_calls",
        )
    if counts[12] > counts[6]:
        fail(
            say(
                "WindowMLP.forward loops over positions in Python: it runs {counts} torch operations "
                "for a "
                "sequence of 6 vectors and {counts2} for 12. Build every window at once (pad the "
                "sequence axis, then concatenate shifted slices, one per offset -k..k), so the "
                "work is batched.",
                counts=counts[6],
                counts2=counts[12],
            )
        )


@contract(
    Clause("new tensors on the device", "Never create a tensor without device=.", on_meta()),
    Clause("no CPU moves", "Never call .cuda() or .cpu() inside the module.", on_meta()),
)
def check_window_mlp_device(cls) -> None:
    """Run on PyTorch's meta device: a tensor created without ``device=``, or moved to the
    CPU, fails."""
    __tracebackhide__ = True
    module, twin = _make_window_mlp(cls, 4, 2, 8, 3), _make_window_mlp(cls, 4, 2, 8, 3)
    x = torch.randn(2, 5, 4, generator=torch.Generator().manual_seed(seeded(35)))
    result = run_on_meta(
        module.to("meta"),
        (x.to("meta"),),
        "WindowMLP.forward",
        HELPERS,
        say(
            "Pad with nn.functional.pad, or create the zeros on the "
            "input's device "
            "(torch.zeros(..., device=x.device) "
            "or x.new_zeros(...))."
        ),
        on_cpu=(twin, (x,)),
    )
    if result is not None:
        expect_on((result,), "meta", "WindowMLP.forward")


# ------------------------------------------------------------------------------------ "I saw a saw"

SAW_SENTENCE = ("i", "saw", "a", "saw")


def _tag_test_sentences(model, name: str):
    """The model's tags of the corpus's test sentences: (predictions per sentence, the corpus)."""
    __tracebackhide__ = True
    params = trained_model(model, name, "WindowTagger")
    corpus = load_tagging_corpus()
    tokens, _, mask = corpus.data("test").to_torch(params[0].device)
    what = say("{name}(tokens, mask) on the corpus's test sentences", name=name)
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            logits = call(model, tokens, mask, what=what)
    finally:
        model.train(was_training)
    if not isinstance(logits, torch.Tensor) or tuple(logits.shape) != (
        *tokens.shape,
        corpus.n_tags,
    ):
        shape = tuple(logits.shape) if isinstance(logits, torch.Tensor) else type(logits).__name__
        fail(
            say(
                "{what} should return logits of shape {value} (one score per tag), found {shape}. "
                "Build it as "
                "WindowTagger(corpus.vocab_size, k, corpus.n_tags).",
                what=what,
                value=(*tokens.shape, corpus.n_tags),
                shape=shape,
            )
        )
    logits = logits.detach().double().cpu().numpy()
    return logits, corpus


def _accuracy(logits, corpus, ambiguous: bool) -> float:
    """Accuracy on the test words that are (or are not) ambiguous in the training sentences."""
    which = corpus.ambiguous_words()
    hits = [
        logits[r, i].argmax() == corpus.tags.index(tag)
        for r, (words, tags) in enumerate(corpus.test)
        for i, (w, tag) in enumerate(zip(words, tags))
        if (w in which) == ambiguous
    ]
    return float(np.mean(hits))


def _saw_row(corpus) -> int:
    return [words for words, _ in corpus.test].index(SAW_SENTENCE)


@contract(
    Clause(
        "logits per tag",
        "A WindowTagger(corpus.vocab_size, k, corpus.n_tags): logits (B, N, n_tags).",
        passes("tokens"),
    ),
    Clause(
        "one word at a time",
        "k = 0: each word alone, so both saw of 'i saw a saw' get the same tag.",
        passes("tokens"),
    ),
    Clause(
        "trained",
        "Trained on corpus_train: right on the unambiguous held-out words.",
        passes("tokens"),
    ),
)
def check_per_vector_tagger(model) -> None:
    """A trained k = 0 tagger: right on unambiguous words, necessarily the same tag for
    both "saw"."""
    __tracebackhide__ = True
    logits, corpus = _tag_test_sentences(model, "per_vector_tagger")
    row = _saw_row(corpus)
    if not np.allclose(logits[row, 1], logits[row, 3], atol=1e-6):
        fail(
            say(
                'per_vector_tagger gives the two "saw" of "i saw a saw" different outputs, so it '
                "sees more "
                "than one word at a time: a per-vector model is a WindowTagger with k = 0."
            )
        )
    acc = _accuracy(logits, corpus, ambiguous=False)
    if acc < 0.9:
        fail(
            say(
                "per_vector_tagger tags {acc:.0%} of the unambiguous test words correctly; a "
                "trained per-vector "
                "model gets at least 90%. Train it on corpus.data('train') "
                "with train_tagger.",
                acc=acc,
            )
        )


@contract(
    Clause(
        "a window",
        "k = 1: each word with one neighbour on each side tells the two saw apart.",
        passes("tokens"),
    ),
    Clause(
        "trained",
        "Trained on corpus_train: right on most ambiguous held-out words.",
        passes("tokens"),
    ),
)
def check_window_tagger(model) -> None:
    """A trained window tagger tells the two "saw" apart and tags most ambiguous test
    words correctly."""
    __tracebackhide__ = True
    logits, corpus = _tag_test_sentences(model, "window_tagger")
    row = _saw_row(corpus)
    tags = [corpus.tags[i] for i in logits[row, : len(SAW_SENTENCE)].argmax(-1)]
    if (tags[1], tags[3]) != ("VERB", "NOUN"):
        fail(
            say(
                'window_tagger tags "i saw a saw" as {join}; the first saw is a VERB and the second '
                "a NOUN. "
                "Give it a window (k >= 1) and train it "
                "on corpus.data('train').",
                join=" ".join(tags),
            )
        )
    acc = _accuracy(logits, corpus, ambiguous=True)
    if acc < 0.75:
        fail(
            say(
                "window_tagger tags only {acc:.0%} of the ambiguous test words (saw, watch, fly, "
                "can, book) "
                "correctly; it needs at least 75%. Train it longer.",
                acc=acc,
            )
        )


# ---------------------------------------------------------------------------------------- the sweep

SWEEP_K = (0, 1, 2, 4, 8)
RERUN_K = 2
RERUN_TOLERANCE = 0.02


@contract(
    Clause(
        "every k", "window_accuracies = {k: test accuracy} for every k in K_VALUES.", value_judged
    ),
    Clause("fractions", "Accuracies are fractions between 0 and 1.", value_judged),
    Clause(
        "k = 0 near chance",
        "With k = 0 a card says nothing about its twin: near chance, 1/3.",
        value_judged,
    ),
    Clause("computed", "The values must be computed by sweep_point, not typed in.", passes("k")),
    Clause(
        "seeded",
        "sweep_point seeds PyTorch with torch.manual_seed(seed): a rerun gives the same accuracy.",
        passes("k"),
    ),
)
def check_window_sweep(accuracies, sweep_point, k_values=SWEEP_K, rerun_k: int = RERUN_K) -> None:
    """``{k: test accuracy}`` for every k, plausible, and computed: one point is re-run and
    must agree."""
    __tracebackhide__ = True
    if not isinstance(accuracies, dict):
        fail(
            say(
                "`window_accuracies` should be a dict {{k: test accuracy}}, found {accuracies_type}.",
                accuracies_type=type(accuracies).__name__,
            )
        )
    missing = [k for k in k_values if k not in accuracies]
    if missing:
        keys = ", ".join(repr(k) for k in accuracies) or "none"
        fail(
            say(
                "`window_accuracies` has no entry for k = {missing} (its keys: {keys}); it needs "
                "the ints "
                "{list_k_values}.",
                missing=missing,
                keys=keys,
                list_k_values=list(k_values),
            )
        )
    values = {k: as_float_scalar(accuracies[k], f"window_accuracies[{k}]") for k in k_values}
    for k, v in values.items():
        if not 0.0 <= v <= 1.0:
            hint = say(" Store fractions (0.45), not percentages (45).") if 1.0 < v <= 100.0 else ""
            fail(
                say(
                    "window_accuracies[{k}] = {v:g} is not an accuracy between 0 and 1.{hint}",
                    k=k,
                    v=v,
                    hint=hint,
                )
            )
    if values[0] > 0.45:
        fail(
            say(
                "window_accuracies[0] = {values:.3f}, but with k = 0 each card is tagged from itself "
                "alone, and "
                "its twin's colour is independent of it: the accuracy must be near chance, 1/3. "
                "Check that sweep_point(0) builds a window of k = 0 and scores the "
                "test set.",
                values=values[0],
            )
        )
    what = f"sweep_point({rerun_k})"
    again = as_float_scalar(call(sweep_point, rerun_k, what=what), what)
    twice = as_float_scalar(call(sweep_point, rerun_k, what=what), what)
    if abs(again - twice) > 1e-9:
        fail(
            say(
                "{what} gives {again:.3f}, then {twice:.3f} when run once more: it is not seeded. "
                "Seed PyTorch "
                "with torch.manual_seed(seed) at its start, before building the model, so that "
                "every run of sweep_point agrees.",
                what=what,
                again=again,
                twice=twice,
            ),
            mistake=say("sweep_point not seeded"),
        )
    if abs(again - values[rerun_k]) > RERUN_TOLERANCE:
        fail(
            say(
                "{what} gives {again:.3f} when run again, but window_accuracies[{rerun_k}] = "
                "{values:.3f}: fill "
                "the dict with the values sweep_point computes, and seed it "
                "(torch.manual_seed(seed) before building the model) so that a re-run agrees.",
                what=what,
                again=again,
                rerun_k=rerun_k,
                values=values[rerun_k],
            )
        )


__all__ = [name for name in dir() if name.startswith("check_")] + ["window_mistakes", "SWEEP_K"]
