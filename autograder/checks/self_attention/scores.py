"""Inputs shared by the chapter's checks, and the checks of the score functions."""

from __future__ import annotations

import numpy as np
import torch

from autograder import reference as ref
from autograder.checks.common import (
    as_float_array,
    as_float_scalar,
    call,
    close,
    compare,
    fail,
    fmt,
    rng,
)
from autograder.checks.contracts import Clause, contract, passes
from autograder.messages import say


def random_problem(seed: int, n: int = 5, d_in: int = 4, d_k: int = 3, d_v: int = 2):
    """A random input set and weights small enough that no softmax saturates."""
    g = rng(seed)
    a = g.normal(size=(n, d_in))
    W_q, W_k = (g.normal(scale=0.6, size=(d_in, d_k)) for _ in range(2))
    W_v = g.normal(size=(d_in, d_v))
    return a, W_q, W_k, W_v


# Earlier parts a later part may call by name; grading swaps in the reference versions
# (see common.call).
HELPERS = {
    "dot_product_score": ref.dot_product_score,
    "softmax": ref.softmax,
    "attention_scores": ref.attention_scores,
}
SCORE_HELPERS = {"dot_product_score": ref.dot_product_score}  # what attention_scores may build on

# ------------------------------------------------------------------------------------------- scores


@contract(
    Clause("sum of products", "alpha = q . k = sum_m q_m k_m: one number.", passes("q")),
    Clause("a float", "Return a Python float.", passes("q")),
)
def check_dot_product_score(fn) -> None:
    __tracebackhide__ = True
    for seed in range(3):
        g = rng(seed)
        q, k = g.normal(size=4), g.normal(size=4)
        result = call(fn, q, k, what="dot_product_score(q, k)")
        if isinstance(result, (np.ndarray, torch.Tensor)) and np.size(result) == 1:
            fail(
                say(
                    "dot_product_score(q, k) returned a {result_type} of shape {shape}; return a "
                    "Python float: float(np.dot(q, k)).",
                    result_type=type(result).__name__,
                    shape=tuple(np.shape(result)),
                ),
                mistake=say("returned an array, not a float"),
            )
        if close(as_float_array(result, "dot_product_score(q, k)"), q * k):
            fail(
                say(
                    "dot_product_score(q, k): you returned the elementwise product q * k; the dot "
                    "product is its sum, one number: np.sum(q * k), or q @ k."
                )
            )
        got = as_float_scalar(result, "dot_product_score(q, k)")
        expected = ref.dot_product_score(q, k)
        mistakes = {
            say(
                "you returned the sum of q and k, not the sum of their elementwise product."
            ): float(np.sum(q + k)),
            say(
                "you returned the length of q times the length of k; the dot product also depends "
                "on the angle between them (multiply elementwise, then sum)."
            ): float(np.linalg.norm(q) * np.linalg.norm(k)),
        }
        compare(
            np.array(got),
            np.array(expected),
            "dot_product_score(q, k)",
            mistakes,
            say("\nwith q = {q} and k = {k}", q=fmt(q), k=fmt(k)),
        )


@contract(
    Clause("concat(q, k)", "W is applied to the concatenation [q; k], q first.", passes("q")),
    Clause(
        "tanh between W and w",
        "alpha = w . tanh(W [q; k]): the tanh after W, before w.",
        passes("W"),
    ),
    Clause(
        "W of shape (h, 2d)",
        "W has shape (h, 2d), any h.",
        passes("W", lambda W: W.shape[0] != W.shape[1]),
    ),
)
def check_additive_score(fn) -> None:
    __tracebackhide__ = True
    for seed in range(3):
        g = rng(seed)
        q, k = g.normal(size=3), g.normal(size=3)
        W, w = g.normal(size=(4, 6)), g.normal(size=4)
        what = "additive_score(q, k, W, w)"
        got = as_float_scalar(call(fn, q, k, W, w, what=what), what)
        mistakes = {
            say("you concatenated k before q; the order is concat(q, k)."): w
            @ np.tanh(W @ np.concatenate([k, q])),
            say("the tanh is missing: w . tanh(W @ concat(q, k))."): w
            @ (W @ np.concatenate([q, k])),
            say(
                "the tanh must come after W: w . tanh(W @ concat(q, k)), not w . (W @ tanh(...))."
            ): w @ (W @ np.tanh(np.concatenate([q, k]))),
            say(
                "the tanh must come between W and w: w . tanh(W @ concat(q, k)), not tanh(w . (W @ "
                "concat(q, k)))."
            ): np.tanh(w @ (W @ np.concatenate([q, k]))),
        }
        compare(
            np.array(got),
            np.array(ref.additive_score(q, k, W, w)),
            what,
            {m: np.array(v) for m, v in mistakes.items()},
            say("\nwith q = {q}, k = {k}", q=fmt(q), k=fmt(k)),
        )
