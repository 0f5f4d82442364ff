"""Check of window_mlp_param_count."""

from __future__ import annotations

import numpy as np

from autograder.checks.common import as_float_scalar, call, compare_all, fail
from autograder.checks.contracts import Clause, contract, passes
from autograder.messages import say
from autograder.reference import sequence_labeling as ref


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
                    "{what} returned {raw!r}, a float; a number of parameters is an int (use // "
                    "for any division, or int(...)).",
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
                        "the biases are left out: nn.Linear(n_in, n_out) has n_in * n_out weights "
                        "plus n_out biases."
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
                        "the second layer is missing: the network ends with "
                        "Linear(hidden, n_classes)."
                    ),
                    width * hidden + hidden,
                ),
            ]
            + [
                (
                    say(
                        "off by one: the first layer sees (2k + 1) * d_in inputs (k vectors on "
                        "each side plus the centre)."
                    ),
                    (2 * k + w) * d_in * hidden + hidden + hidden * n_classes + n_classes,
                )
                for w in (0, 2)
            ]
            + [
                (
                    say(
                        "the window covers one side only: the first layer sees (2k + 1) * "
                        "d_in inputs."
                    ),
                    (k + 1) * d_in * hidden + hidden + hidden * n_classes + n_classes,
                ),
                (
                    say(
                        "the window holds k vectors, but k is the number of neighbours on EACH "
                        "side: 2k + 1 vectors with the centre, so the first layer sees (2k + 1) * "
                        "d_in inputs."
                    ),
                    k * d_in * hidden + hidden + hidden * n_classes + n_classes,
                ),
                (
                    say(
                        "you counted a first layer per window position, each with its own biases; "
                        "there is one Linear((2k + 1) * d_in, hidden), with hidden biases in all."
                    ),
                    (2 * k + 1) * (d_in * hidden + hidden) + hidden * n_classes + n_classes,
                ),
                (
                    say(
                        "you counted the units (inputs and neurons) of the layers, not their "
                        "parameters: Linear(n_in, n_out) has n_in * n_out weights plus n_out "
                        "biases."
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
                "{what}, expected {expected}: count the weights and the biases of both layers, "
                "Linear({width}, {hidden}) and Linear({hidden}, {n_classes}).",
                what=trials[i][2],
                expected=trials[i][1],
                width=width,
                hidden=hidden,
                n_classes=n_classes,
            )
        )

    compare_all(trials, rtol=0, atol=0.5, fallback=unexplained)


_COUNT_CASES = [(4, 2, 8, 3), (10, 0, 5, 2), (3, 5, 16, 7), (2, 1, 3, 4)]
