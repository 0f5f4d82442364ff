"""Checks for assignment 04_self_attention. Hidden test cells call these with the learner's objects.

Every check compares with :mod:`autograder.reference` on seeded inputs that do not saturate the
softmax, and when the result is wrong it tries the mistakes learners make and names the one
that matches.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from autograder import reference as ref
from autograder.checks.common import (
    GradingError,
    as_float_array,
    as_float_scalar,
    call,
    close,
    compare,
    expect_raises,
    fail,
    first_failing_part,
    fmt,
    held_out_tagging_accuracy,
    hints,
    pair,
    rng,
    seeded,
    signature_text,
    trained_model,
)
from autograder.checks.contracts import Clause, both, built, contract, omits, on_meta, passes, some
from autograder.checks.devices import devices, expect_on, on_each_device, run_on_meta  # noqa: F401 (devices: read by the catalogue)
from autograder.learner.self_attention import make_long_range_tagging
from autograder.messages import say, template


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
                    "Python float: "
                    "float(np.dot(q, k)).",
                    result_type=type(result).__name__,
                    shape=tuple(np.shape(result)),
                ),
                mistake=say("returned an array, not a float"),
            )
        if close(as_float_array(result, "dot_product_score(q, k)"), q * k):
            fail(
                say(
                    "dot_product_score(q, k): you returned the elementwise product q * k; the dot "
                    "product is its "
                    "sum, one number: np.sum(q * k), or q @ k."
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
                "on the angle "
                "between them (multiply elementwise, then sum)."
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


# ------------------------------------------------------------------------------------------ softmax


def _softmax_mistakes(x: np.ndarray, axis: int) -> dict[str, np.ndarray]:
    with np.errstate(all="ignore"):  # the wrong variants may overflow; that is their point
        return _softmax_mistakes_raw(x, axis)


def _softmax_mistakes_raw(x: np.ndarray, axis: int) -> dict[str, np.ndarray]:
    other_axes = [ax for ax in range(x.ndim) if ax != axis % x.ndim]
    mistakes = {
        say(
            "the softmax ran over axis {ax} instead of axis {axis}: each slice along the requested "
            "axis must sum "
            "to 1 (use axis=axis and keepdims=True).",
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
                "the default must be axis=-1, the last axis; without axis= your softmax ran over axis "
                "{ax}: def "
                "softmax(x, axis=-1).",
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
                    "{what} returned NaN: you subtracted the maximum of the whole array, so slices far "
                    "below it "
                    "underflow to exp(...) = 0 and divide 0 by 0. Subtract each slice's own "
                    "maximum: np.max(x, axis=axis, "
                    "keepdims=True).\nYou returned\n{got}",
                    what=what,
                    got=fmt(got),
                )
            )
        if not np.all(np.isfinite(got)):
            fail(
                say(
                    "{what} returned NaN or inf: exp(1000) overflows float64. Subtract the maximum "
                    "along the axis "
                    "before exp: softmax(x) = softmax(x - max(x)), so the result is "
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


# ---------------------------------------------------------------------------------------- attention


def _score_mistakes(a, W_q, W_k) -> dict[str, np.ndarray]:
    q, k = a @ W_q, a @ W_k
    return {
        say(
            "the matrix is transposed: alpha[i, j] must pair query i (row) with key j (column), "
            "i.e. q @ k.T, not "
            "k @ q.T."
        ): k @ q.T,
        say(
            "the scores must not be scaled here: the lecture's alpha is the plain dot product q "
            ". k."
        ): q @ k.T / np.sqrt(W_k.shape[1]),
        say(
            "these are already softmax weights; attention_scores returns the raw scores alpha."
        ): ref.softmax(q @ k.T, axis=-1),
        say("you used W_q for the keys too: keys are k = a @ W_k."): q @ q.T,
        say("you used W_k for the queries too: queries are q = a @ W_q."): k @ k.T,
        say("you compared the inputs directly: project them first (q = a @ W_q, k = a @ W_k)."): a
        @ a.T,
        say(
            "q.T @ k pairs features, not vectors (a d_k x d_k matrix): alpha[i, j] = q^i . k^j is "
            "q @ k.T, one row "
            "per query and one column per key."
        ): q.T @ k,
    }


UNSCALED = template(
    "the scores must not be scaled here: the lecture's alpha is the plain dot product q . k, "
    "without the 1/sqrt(d_k) of scaled dot-product attention (that comes in the "
    "next chapter)."
)


@contract(
    Clause(
        "row i is query i",
        "alpha[i, j] = q^i . k^j: row i is query i, column j is key j.",
        passes("a"),
    ),
    Clause("projections", "q = a @ W_q and k = a @ W_k.", passes("W_q")),
    Clause("no scaling", "No scaling ...", passes("W_k", lambda W: W.shape[1] != 1)),
    Clause("no softmax", "... and no softmax yet.", passes("a")),
)
def check_attention_scores(fn) -> None:
    __tracebackhide__ = True
    for seed in range(3):
        a, W_q, W_k, _ = random_problem(seed)
        what = "attention_scores(a, W_q, W_k)"
        # The learner's own dot_product_score, if this calls it, is swapped for the reference: its
        # mistake costs its own part only.
        got = as_float_array(call(fn, a, W_q, W_k, what=what, helpers=SCORE_HELPERS), what)
        compare(
            got,
            ref.attention_scores(a, W_q, W_k),
            what,
            _score_mistakes(a, W_q, W_k),
            say(
                "\nfor a of shape {shape}, W_q and W_k of shape {shape2}",
                shape=a.shape,
                shape2=W_q.shape,
            ),
        )


def _output_mistakes(a, W_q, W_k, W_v) -> dict[str, np.ndarray]:
    """What a learner with each mistake returns for all b^i at once (rows)."""
    q, k, v = a @ W_q, a @ W_k, a @ W_v
    scores = q @ k.T
    sm = ref.softmax(scores, axis=-1)
    return {
        say("the values are missing: weight v = a @ W_v, not the keys."): sm @ k,
        say("the values are missing: weight v = a @ W_v, not the raw inputs a."): sm @ a,
        say(
            "the weights are not normalised: apply softmax to the scores alpha before the "
            "weighted sum."
        ): scores @ v,
        say(
            "the softmax ran over the queries (axis 0), so each column sums to 1; it must run over "
            "the keys, so "
            "that each row (one query's weights) sums to 1."
        ): ref.softmax(scores, axis=0) @ v,
        say(
            "the scores are transposed: b^i uses query i against every key j, alpha[i, j] = q^i "
            ". k^j."
        ): ref.softmax(scores.T, axis=-1) @ v,
        say(
            "you left out the vector's score with itself (alpha[i, i]); every key takes part, "
            "including i's."
        ): np.stack(
            [
                ref.softmax(np.delete(scores[i], i), axis=-1) @ np.delete(v, i, axis=0)
                for i in range(len(a))
            ]
        ),
        say(
            "the query and key roles are swapped: q must come from W_q and k from W_k."
        ): ref.softmax((a @ W_k) @ (a @ W_q).T, axis=-1) @ v,
        say(UNSCALED): ref.softmax(scores / np.sqrt(W_k.shape[1]), axis=-1) @ v,
        say(
            "you multiplied the transposed weights with the values: b = weights @ v, row i of the "
            "weights for b^i, "
            "not weights.T @ v."
        ): sm.T @ v,
    }


@contract(
    Clause(
        "softmax over the keys", "A softmax over query i's scores against all keys.", passes("a")
    ),
    Clause("the values", "The weighted sum of the values v = a @ W_v.", passes("W_v")),
    Clause("itself included", "The keys of all vectors, itself included.", passes("a")),
    Clause("one vector", "b^i: one vector of shape (d_v,).", passes("i")),
    Clause(
        "any position",
        "Any i: the first and the last included.",
        both(
            passes("i", lambda i: i == 0),
            some(lambda c: c.arguments["i"] == len(c.arguments["a"]) - 1),
        ),
    ),
)
def check_attention_output(fn) -> None:
    __tracebackhide__ = True
    for seed in range(3):
        a, W_q, W_k, W_v = random_problem(seed)
        mistakes = _output_mistakes(a, W_q, W_k, W_v)
        weights, all_b = ref.self_attention(a, W_q, W_k, W_v)[::-1]
        for i in (0, len(a) - 1):
            what = f"attention_output({i}, a, W_q, W_k, W_v)"
            got = as_float_array(call(fn, i, a, W_q, W_k, W_v, what=what, helpers=HELPERS), what)
            for j in range(len(a)):
                if j != i and close(got, all_b[j]) and not close(got, all_b[i]):
                    fail(
                        say(
                            "{what} returned b^{j}, the output of position {j2}: attention_output(i, "
                            "...) uses "
                            "the query of a[i], the vector at "
                            "position i.",
                            what=what,
                            j=j + 1,
                            j2=j,
                        ),
                        mistake=say("the output of another position"),
                    )
            compare(
                got,
                ref.attention_output(i, a, W_q, W_k, W_v),
                what,
                {
                    **{m: rows[i] for m, rows in mistakes.items()},
                    say(
                        "you returned the attention weights alpha'; b^i is their weighted sum of the "
                        "values, alpha' @ "
                        "v with v = a @ W_v."
                    ): weights[i],
                    say(
                        "you returned b for every query (shape {shape}); attention_output(i, ...) "
                        "returns b^i only, "
                        "one vector (row i).",
                        shape=all_b.shape,
                    ): all_b,
                },
                say("\nfor a of shape {shape}", shape=a.shape),
            )


@contract(
    Clause(
        "(b, weights)", "Return (b, weights): b of shape (N, d_v), weights (N, N).", passes("a")
    ),
    Clause("softmax rows", "weights is alpha': row i sums to 1.", passes("a")),
    Clause("default softmax", 'normalize="softmax" when it is not given.', omits("normalize")),
    Clause("b from the weights", "b = weights @ v, every b^i at once.", passes("W_v")),
)
def check_self_attention(fn) -> None:
    __tracebackhide__ = True
    for seed in range(3):
        a, W_q, W_k, W_v = random_problem(seed, n=6)
        what = "self_attention(a, W_q, W_k, W_v)"
        b, weights = pair(
            call(fn, a, W_q, W_k, W_v, what=what, helpers=HELPERS), what, ("b", "weights")
        )
        b, weights = as_float_array(b, what + "[0]"), as_float_array(weights, what + "[1]")
        ref_b, ref_w = ref.self_attention(a, W_q, W_k, W_v)
        scores = ref.attention_scores(a, W_q, W_k)
        weight_mistakes = {
            say(
                "the softmax ran over the queries (axis 0): each column sums to 1, but each row, "
                "one query's "
                "weights over all keys, must sum to 1."
            ): ref.softmax(scores, axis=0),
            say(
                "the weights are transposed: row i must hold query i's weights over the keys."
            ): ref.softmax(scores.T),
            say("the weights are the raw scores: apply softmax to them."): scores,
            say(UNSCALED): ref.softmax(scores / np.sqrt(W_k.shape[1])),
            say("the pair is in the wrong order: return (b, weights), the outputs first."): ref_b,
            say(
                'these are ReLU weights: normalize defaults to "softmax", so without it the '
                "weights are the "
                "softmax of the scores."
            ): ref.relu(scores),
        }
        compare(weights, ref_w, say("the weights returned by {what}", what=what), weight_mistakes)
        compare(
            b,
            ref_b,
            say("the outputs b returned by {what}", what=what),
            _output_mistakes(a, W_q, W_k, W_v),
        )


@contract(
    Clause(
        "ReLU weights",
        'With normalize="relu" the weights are ReLU(alpha), not normalised.',
        passes("normalize", lambda v: v == "relu"),
    ),
    Clause(
        "another normalize",
        "Any other value of normalize must raise a ValueError.",
        passes("normalize", lambda v: v not in ("relu", "softmax")),
    ),
)
def check_self_attention_relu(fn) -> None:
    __tracebackhide__ = True
    a, W_q, W_k, W_v = random_problem(7, n=6)
    what = 'self_attention(a, W_q, W_k, W_v, normalize="relu")'
    b, weights = pair(
        call(fn, a, W_q, W_k, W_v, normalize="relu", what=what, helpers=HELPERS),
        what,
        ("b", "weights"),
    )
    b, weights = as_float_array(b, what + "[0]"), as_float_array(weights, what + "[1]")
    ref_b, ref_w = ref.self_attention(a, W_q, W_k, W_v, normalize="relu")
    scores = ref.attention_scores(a, W_q, W_k)
    compare(
        weights,
        ref_w,
        say("the weights returned by {what}", what=what),
        {
            say("the ReLU weights must not be renormalised: use ReLU(alpha) as it is."): ref_w
            / np.maximum(ref_w.sum(-1, keepdims=True), 1e-12),
            say("that is the softmax, not ReLU(alpha)."): ref.softmax(scores),
            say("the ReLU weights are transposed: row i is query i."): ref_w.T,
            say(UNSCALED): ref.relu(scores / np.sqrt(W_k.shape[1])),
        },
    )
    compare(b, ref_b, say("the outputs b returned by {what}", what=what))
    expect_raises(
        fn,
        ValueError,
        'self_attention(..., normalize="sigmoid")',
        a,
        W_q,
        W_k,
        W_v,
        normalize="sigmoid",
    )


# ------------------------------------------------------------------------------------------ PyTorch


def _build_module(cls, d_in: int, d_k: int, d_v: int) -> nn.Module:
    __tracebackhide__ = True
    module = call(cls, d_in, d_k, d_v, what=f"SelfAttention({d_in}, {d_k}, {d_v})")
    if not isinstance(module, nn.Module):
        fail(say("SelfAttention must be a subclass of torch.nn.Module."))
    for name, (fan_in, fan_out) in {
        "W_q": (d_in, d_k),
        "W_k": (d_in, d_k),
        "W_v": (d_in, d_v),
    }.items():
        layer = getattr(module, name, None)
        if not isinstance(layer, nn.Linear):
            fail(
                say(
                    "SelfAttention needs an attribute {name} that is an nn.Linear; found {layer_type}.",
                    name=name,
                    layer_type=type(layer).__name__,
                )
            )
        if layer.bias is not None:
            fail(
                say(
                    "{name} must have no bias: create it with nn.Linear(..., bias=False).",
                    name=name,
                )
            )
        if tuple(layer.weight.shape) != (fan_out, fan_in):
            fail(
                say(
                    "{name} should map {fan_in} features to {fan_out}, so "
                    "nn.Linear({fan_in}, {fan_out}, "
                    "bias=False); its weight has shape {shape}.",
                    name=name,
                    fan_in=fan_in,
                    fan_out=fan_out,
                    shape=tuple(layer.weight.shape),
                )
            )
    return module


def _reference_twin(module: nn.Module, d_in: int, d_k: int, d_v: int) -> ref.SelfAttention:
    twin = ref.SelfAttention(d_in, d_k, d_v).to(module.W_q.weight.device, torch.float64)
    with torch.no_grad():
        for name in ("W_q", "W_k", "W_v"):
            getattr(twin, name).weight.copy_(getattr(module, name).weight.detach())
    return twin


def _forward(module, x, mask, what):
    __tracebackhide__ = True
    result = call(module, x, mask, what=what) if mask is not None else call(module, x, what=what)
    out, weights = pair(result, what, ("out", "weights"))
    if not isinstance(out, torch.Tensor) or not isinstance(weights, torch.Tensor):
        fail(say("{what} must return two torch tensors (out, weights).", what=what))
    if out.device != x.device or weights.device != x.device:
        fail(
            say(
                "{what} returned tensors on {device}/{device2} for inputs on {device3}: keep "
                "everything on the "
                "device of the input.",
                what=what,
                device=out.device,
                device2=weights.device,
                device3=x.device,
            )
        )
    return out.detach(), weights.detach()


def _batch(seed: int, device, dtype=torch.float64, B: int = 3, N: int = 5, d_in: int = 4):
    g = torch.Generator().manual_seed(seeded(seed))
    x = torch.randn(B, N, d_in, generator=g, dtype=dtype).to(device)
    lengths = torch.tensor([N, N - 2, 1][:B])
    mask = (torch.arange(N)[None, :] < lengths[:, None]).to(device)
    return x, mask


@contract(
    Clause(
        "three projections",
        "W_q, W_k, W_v, each an nn.Linear(..., bias=False).",
        built(lambda c: True),
    ),
    Clause("unscaled", "The unscaled score q @ k.transpose(-2, -1).", passes("x")),
    Clause("softmax over the keys", "Each query's weights sum to 1.", passes("x")),
    Clause(
        "batches",
        "x of shape (B, N, d_in): a batch of sequences.",
        passes("x", lambda x: x.shape[0] > 1),
    ),
    Clause("no mask", "mask is optional: without it every position is real.", omits("mask")),
    Clause("values", "out = weights @ v, shape (B, N, d_v).", passes("x")),
)
def check_self_attention_module(cls) -> None:
    """Unmasked batches agree with the reference, on the CPU and on CUDA when present."""
    __tracebackhide__ = True
    on_each_device(_check_module_on, cls)


@contract(
    Clause(
        "keys",
        "The mask belongs on the keys (columns): no query gives a padded position any weight.",
        passes("mask", lambda m: (~m).any()),
    ),
    Clause("exactly zero", "... exactly zero weight.", passes("mask", lambda m: (~m).any())),
    Clause("True is real", "mask is True at real positions.", passes("mask", lambda m: (~m).any())),
    Clause(
        "rows sum to 1",
        "The real keys' weights still sum to 1.",
        passes("mask", lambda m: (~m).any()),
    ),
)
def check_self_attention_mask(cls) -> None:
    """With a padding mask, padded keys get exactly zero weight and real queries match
    the reference."""
    __tracebackhide__ = True
    on_each_device(_check_mask_on, cls)


MODULE_HINTS = {
    "Expected size for first two dimensions of batch2": template(
        "On a batch, k.T reverses every axis, (B, N, d) -> (d, N, B); transpose the last two only: "
        "k.transpose(-2, -1) (or k.mT)."
    )
}
BATCH_SOFTMAX = template(
    "the softmax ran over the batch (dim=0): F.softmax(scores) without dim= picks dim 0 for a "
    "3-D tensor. Always give dim=-1, the keys."
)
MODULE_UNSCALED = template(
    "the scores were scaled by 1/sqrt(d_k); the lecture's layer uses the plain dot product."
)


def _module_weight_mistakes(scores: torch.Tensor, d_k: int) -> dict[str, np.ndarray]:
    to_np = lambda t: t.detach().cpu().numpy()  # noqa: E731
    return {
        say(
            "the softmax ran over the queries (dim=-2); it must run over the keys (dim=-1), so "
            "each row sums to 1."
        ): to_np(torch.softmax(scores, dim=-2)),
        say(BATCH_SOFTMAX): to_np(torch.softmax(scores, dim=0)),
        say("the weights are transposed: use q @ k.transpose(-2, -1), row i for query i."): to_np(
            torch.softmax(scores.transpose(-2, -1), dim=-1)
        ),
        say("the weights are the raw scores: apply softmax over the keys."): to_np(scores),
        say(MODULE_UNSCALED): to_np(torch.softmax(scores / np.sqrt(d_k), dim=-1)),
    }


def _check_module_on(cls, device: torch.device) -> None:
    __tracebackhide__ = True
    torch.manual_seed(seeded(0))
    module = _build_module(cls, 4, 3, 2).to(device, torch.float64)
    twin = _reference_twin(module, 4, 3, 2)
    x, _ = _batch(0, device)
    what = say("SelfAttention(4, 3, 2)(x) for x of shape (3, 5, 4)")
    with hints(MODULE_HINTS):
        out, weights = _forward(module, x, None, what)
    ref_out, ref_w = twin(x)
    q, k = twin.W_q(x), twin.W_k(x)
    scores = (q @ k.transpose(-2, -1)).detach()
    to_np = lambda t: t.detach().cpu().numpy()  # noqa: E731
    compare(
        to_np(weights),
        to_np(ref_w),
        say("the attention weights of {what}", what=what),
        _module_weight_mistakes(scores, 3),
    )
    compare(
        to_np(out),
        to_np(ref_out),
        say("the output of {what}", what=what),
        {
            say(
                "the values are missing: multiply the weights with v = W_v(x), not with the keys."
            ): to_np(ref_w @ k),
            say(
                "the values are missing: multiply the weights with v = W_v(x), not with x itself."
            ): to_np(ref_w @ x),
        },
    )


def _mask_diagnosis(weights, twin, x, mask) -> str | None:
    """Name how a padding mask went wrong, from where the weight went (whatever the fill value: -inf
    gives NaN or 0 where a finite one such as -1e4 gives uniform rows)."""
    q, k = twin.W_q(x), twin.W_k(x)
    scores = (q @ k.transpose(-2, -1)).detach()
    w, real = weights.cpu().numpy(), mask.cpu().numpy()
    unmasked = torch.softmax(scores, dim=-1).cpu().numpy()
    # only padded rows changed
    if close(w[real], unmasked[real]) and not close(w[~real], unmasked[~real]):
        return say(
            "the mask was applied to the queries (rows) instead of the keys (columns): your "
            "real positions "
            "still attend to the padding, and only the padded rows changed. Padding is "
            "about which vectors may be attended to: mask the key axis, mask[:, None, :] "
            "(mask.unsqueeze(1)), so every padded column gets weight 0."
        )
    # sequences with padding: their real keys must get weight, the padded ones none
    padded = ~real.all(-1)
    gets = (w != 0) | np.isnan(w)
    if (gets[padded] == ~real[padded][:, None, :]).all():
        return say(
            "the mask is used the wrong way round: True marks a REAL position (the "
            "course's convention, "
            "the opposite of PyTorch's key_padding_mask), so hide the keys where it is "
            "False: scores.masked_fill(~mask[:, None, :], float('-inf'))."
        )
    zeroed = torch.softmax(scores.masked_fill(~mask[:, None, :], 0.0), dim=-1).cpu().numpy()
    if close(w[real], zeroed[real]):
        return say(
            "multiplying the scores by the mask sets the padded scores to 0, not -inf: exp(0) "
            "still gives "
            "the padding weight. Fill them with -inf before the softmax: "
            "scores.masked_fill(~mask[:, None, :], float('-inf'))."
        )
    return None


def _check_mask_on(cls, device: torch.device) -> None:
    __tracebackhide__ = True
    torch.manual_seed(seeded(1))
    module = _build_module(cls, 4, 3, 2).to(device, torch.float64)
    twin = _reference_twin(module, 4, 3, 2)
    x, mask = _batch(1, device)
    what = say("SelfAttention(4, 3, 2)(x, mask) with lengths 5, 3 and 1")
    with hints(MODULE_HINTS):
        out, weights = _forward(module, x, mask, what)
    if tuple(weights.shape) != (3, 5, 5):
        fail(
            say(
                "{what} returned weights of shape {shape}, expected (3, 5, 5).",
                what=what,
                shape=tuple(weights.shape),
            )
        )
    pad_keys = ~mask[:, None, :].expand_as(weights)
    real_rows = mask[:, :, None].expand_as(weights)
    leaked = weights[pad_keys & real_rows]
    if leaked.numel() and bool((leaked != 0).any()):
        diagnosis = _mask_diagnosis(weights, twin, x, mask)
        if diagnosis:
            fail(say("{what}: {message}", what=what, message=diagnosis))
        fail(
            say(
                "{what}: padded positions receive attention weight (up to {max:.4f}). Set the scores "
                "of padded "
                "keys to -inf (or a very negative number) before the softmax, e.g. "
                "scores.masked_fill(~mask[:, None, :], float('-inf')).",
                what=what,
                max=float(leaked.abs().max()),
            )
        )
    ref_out, ref_w = twin(x, mask)
    keep = mask.cpu().numpy()
    scores = (twin.W_q(x) @ twin.W_k(x).transpose(-2, -1)).detach()
    with torch.no_grad():
        scaled = ref.masked_attention(
            twin.W_q(x), twin.W_k(x), twin.W_v(x), mask, scale=1 / np.sqrt(3)
        )[1]
    compare(
        weights.cpu().numpy()[keep],
        ref_w.detach().cpu().numpy()[keep],
        say("the weights of the real (unpadded) queries in {what}", what=what),
        {
            say(
                "the padded keys were zeroed after the softmax, so each row no longer sums to "
                "1: mask the "
                "scores before the softmax (masked_fill with -inf), or divide by the new "
                "row sums."
            ): (torch.softmax(scores, dim=-1) * mask[:, None, :]).cpu().numpy()[keep],
            say(MODULE_UNSCALED): scaled.cpu().numpy()[keep],
            say(BATCH_SOFTMAX): torch.softmax(
                scores.masked_fill(~mask[:, None, :], float("-inf")), dim=0
            )
            .cpu()
            .numpy()[keep],
        },
    )
    compare(
        out.cpu().numpy()[keep],
        ref_out.detach().cpu().numpy()[keep],
        say("the outputs at the real (unpadded) positions in {what}", what=what),
    )


@contract(
    Clause(
        "new tensors on the device",
        "Never create a tensor without device= (with a mask ...).",
        some(lambda c: "mask" in c.arguments and c.tensors()[0].device.type == "meta"),
    ),
    Clause(
        "no mask",
        "... and without one: the default branch runs on the device too.",
        both(on_meta(), omits("mask")),
    ),
    Clause("no CPU moves", "Never call .cuda() or .cpu() inside the layer.", on_meta()),
)
def check_self_attention_device(cls) -> None:
    """Run on PyTorch's meta device, with a padding mask and without one (mask=None, the default
    branch): a tensor created without ``device=``, or moved to the CPU, fails."""
    __tracebackhide__ = True
    module, twin = _build_module(cls, 4, 3, 2), _build_module(cls, 4, 3, 2)
    x, mask = _batch(36, "cpu", torch.float32, B=2)
    module = module.to("meta")
    for args in ((x, mask), (x,)):
        what = (
            say("SelfAttention.forward with a padding mask")
            if len(args) == 2
            else say("SelfAttention.forward without a mask (mask=None)")
        )
        result = run_on_meta(
            module,
            tuple(a.to("meta") for a in args),
            what,
            HELPERS,
            say(
                "Create new tensors on the input's device (device=x.device), or "
                "use masked_fill / "
                "torch.zeros_like."
            ),
            on_cpu=(twin, args),
        )
        if result is not None:
            expect_on(pair(result, what, ("out", "weights")), "meta", what)


# ------------------------------------------------------------------------------------------- tagger


@contract(
    Clause(
        "built as asked",
        "An nn.Module of your SelfAttention and nn.Linear layers, forward(tokens, mask).",
        passes("tokens"),
    ),
    Clause(
        "95% on fresh sequences",
        "At least 95% of held-out tokens tagged right, on fresh sequences.",
        passes("tokens", lambda t: t.shape[0] >= 100),
    ),
)
def check_tagger(model, min_accuracy: float = 0.95, seed: int = 12345) -> None:
    """The trained tagger reaches ``min_accuracy`` on fresh held-out data of the long-range task."""
    __tracebackhide__ = True
    params = trained_model(model, "tagger", "SelfAttentionTagger")
    if not any(isinstance(m, nn.Linear) for m in model.modules()) or "mask" not in signature_text(
        model.forward
    ):
        fail(
            say(
                "`tagger` must be built from your SelfAttention and nn.Linear layers, with "
                "forward(tokens, mask)."
            )
        )
    upstream = lambda: first_failing_part(  # noqa: E731 (run only when the tagger fails)
        model,
        [
            (say("part 7 (SelfAttention, values)"), "SelfAttention", check_self_attention_module),
            (
                say("part 7 (SelfAttention, padding mask)"),
                "SelfAttention",
                check_self_attention_mask,
            ),
        ],
    )
    try:
        acc = held_out_tagging_accuracy(
            model, make_long_range_tagging(1000, seed=seeded(seed)), params
        )
    except GradingError as exc:
        fail(f"{exc} {upstream() or ''}".strip())
    if not acc >= min_accuracy:
        advice = upstream() or (
            say(
                "Check that the residual connection keeps each token's own embedding, that "
                "padding is masked, and train a little longer."
            )
        )
        fail(
            say(
                "your tagger tags {acc:.1%} of held-out tokens correctly; it needs at "
                "least {min_accuracy:.0%}. "
                "{advice}",
                acc=acc,
                min_accuracy=min_accuracy,
                advice=advice,
            )
        )
    # Returns nothing on purpose: nbgrader would read a returned number as partial credit.


__all__ = [name for name in dir() if name.startswith("check_")] + ["GradingError", "random_problem"]
