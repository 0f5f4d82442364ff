"""Checks of attention_scores, attention_output and self_attention (NumPy)."""

from __future__ import annotations

import numpy as np

from autograder import reference as ref
from autograder.checks.common import as_float_array, call, close, compare, expect_raises, fail, pair
from autograder.checks.contracts import Clause, both, contract, omits, passes, some
from autograder.checks.self_attention.scores import HELPERS, SCORE_HELPERS, random_problem
from autograder.messages import say, template


def _score_mistakes(a, W_q, W_k) -> dict[str, np.ndarray]:
    q, k = a @ W_q, a @ W_k
    return {
        say(
            "the matrix is transposed: alpha[i, j] must pair query i (row) with key j (column), "
            "i.e. q @ k.T, not k @ q.T."
        ): k @ q.T,
        say(
            "the scores must not be scaled here: the lecture's alpha is the plain dot product q . "
            "k."
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
            "q @ k.T, one row per query and one column per key."
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
            "the keys, so that each row (one query's weights) sums to 1."
        ): ref.softmax(scores, axis=0) @ v,
        say(
            "the scores are transposed: b^i uses query i against every key j, alpha[i, j] = q^i . "
            "k^j."
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
            "weights for b^i, not weights.T @ v."
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
                            "{what} returned b^{j}, the output of position {j2}: "
                            "attention_output(i, ...) uses the query of a[i], the vector at "
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
                        "you returned the attention weights alpha'; b^i is their weighted sum of "
                        "the values, alpha' @ v with v = a @ W_v."
                    ): weights[i],
                    say(
                        "you returned b for every query (shape {shape}); attention_output(i, ...) "
                        "returns b^i only, one vector (row i).",
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
                "one query's weights over all keys, must sum to 1."
            ): ref.softmax(scores, axis=0),
            say(
                "the weights are transposed: row i must hold query i's weights over the keys."
            ): ref.softmax(scores.T),
            say("the weights are the raw scores: apply softmax to them."): scores,
            say(UNSCALED): ref.softmax(scores / np.sqrt(W_k.shape[1])),
            say("the pair is in the wrong order: return (b, weights), the outputs first."): ref_b,
            say(
                'these are ReLU weights: normalize defaults to "softmax", so without it the '
                "weights are the softmax of the scores."
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
