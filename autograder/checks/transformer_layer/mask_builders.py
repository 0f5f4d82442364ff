"""Checks of the masks built for a task: local attention and graph attention."""

from __future__ import annotations

import numpy as np
import torch

from autograder.checks.common import call, compare, compare_all, fail, fmt
from autograder.checks.contracts import Clause, contract, on_meta, passes
from autograder.checks.devices import expect_on, run_on_meta
from autograder.checks.transformer_layer.attention import _np
from autograder.messages import say


def _bool_matrix(result, what: str, n: int) -> np.ndarray:
    __tracebackhide__ = True
    if not isinstance(result, torch.Tensor) or result.dtype != torch.bool:
        fail(
            say(
                "{what} must return a torch tensor of dtype torch.bool (True = may attend), got "
                "{dtype}. Comparisons such as (i - j).abs() <= window already give bool.",
                what=what,
                dtype=getattr(result, "dtype", type(result).__name__),
            )
        )
    if tuple(result.shape) != (n, n):
        fail(
            say(
                "{what} must return shape ({n}, {n}), got {shape}.",
                what=what,
                n=n,
                shape=tuple(result.shape),
            )
        )
    return _np(result)


@contract(
    Clause("bool", "An (n, n) bool tensor.", passes("n")),
    Clause(
        "inclusive",
        "True where |i - j| <= window: positions exactly window apart included.",
        passes("window", lambda w: w >= 1),
    ),
    Clause("both sides", "The window reaches both ways.", passes("window", lambda w: w >= 1)),
    Clause(
        "each side",
        "window is how far each side reaches, not the total width.",
        passes("window", lambda w: w >= 2),
    ),
)
def check_local_attention_mask(fn) -> None:
    __tracebackhide__ = True
    trials = []
    for n, window in ((7, 2), (6, 1), (4, 0), (5, 9), (8, 3)):
        what = f"local_attention_mask({n}, {window})"
        got = _bool_matrix(call(fn, n, window, what=what), what, n)
        i, j = np.indices((n, n))
        trials.append(
            (
                got.astype(float),
                (abs(i - j) <= window).astype(float),
                what,
                {
                    say(
                        "positions exactly `window` steps away are left out: the window includes "
                        "them, |i - j| <= window."
                    ): (abs(i - j) < window).astype(float),
                    say(
                        "the window reaches only to the left: it is symmetric, |i - j| <= window."
                    ): ((i - j >= 0) & (i - j <= window)).astype(float),
                    say(
                        "`window` is how far each side the window reaches (|i - j| <= window), not "
                        "its total width."
                    ): (abs(i - j) <= window // 2).astype(float),
                },
            )
        )
    # two mistakes agree for some windows: the one that explains every window is named
    compare_all(trials)


@contract(
    Clause("bool", "An (n, n) bool tensor.", passes("adjacency")),
    Clause("itself", "True along the edges and from every node to itself.", passes("adjacency")),
    Clause(
        "any weight",
        "Any non-zero entry is an edge, whatever its weight.",
        passes("adjacency", lambda a: a.is_floating_point() and ((a != 0) & (a != 1)).any()),
    ),
    Clause("on the device", "Created on the adjacency's device.", on_meta()),
)
def check_graph_attention_mask(fn) -> None:
    __tracebackhide__ = True
    adjacency = torch.tensor(
        [[0, 1, 0, 0, 1], [1, 0, 1, 0, 0], [0, 1, 0, 1, 0], [0, 0, 1, 0, 0], [1, 0, 0, 0, 0]]
    )
    for adj, label in (
        (adjacency, say("an integer 0/1 adjacency")),
        (adjacency * 0.7, say("a weighted adjacency (0.7)")),
    ):
        what = f"graph_attention_mask(adjacency) for {label}"
        got = _bool_matrix(call(fn, adj, what=what), what, 5)
        a = _np(adj) != 0
        compare(
            got.astype(float),
            (a | np.eye(5, dtype=bool)).astype(float),
            what,
            {
                say(
                    "a node must also attend to itself: add the diagonal (| "
                    "torch.eye(n, dtype=torch.bool))."
                ): a.astype(float),
                say(
                    "every non-zero entry of the adjacency is an edge (adjacency != 0), whatever "
                    "its weight."
                ): np.eye(5),
            },
            say("\nfor adjacency\n{adjacency}", adjacency=fmt(_np(adj))),
        )
    what = say("graph_attention_mask(adjacency) for an adjacency on another device than the CPU")
    result = run_on_meta(
        fn,
        (adjacency.to("meta"),),
        what,
        on_cpu=(fn, (adjacency,)),
        advice=say(
            "Create the diagonal on the adjacency's device: torch.eye(n, dtype=torch.bool, "
            "device=adjacency.device)."
        ),
    )
    if result is not None:
        expect_on((result,), "meta", what)
