"""Checks of the attention masks (padding and causal) and of queries left with no key."""

from __future__ import annotations

import math

import numpy as np
import torch

from autograder import reference as ref
from autograder.checks.common import close, compare, fail, fmt, pair, seeded
from autograder.checks.contracts import Clause, both, contract, on_meta, passes, some
from autograder.checks.devices import expect_on, on_each_device, run_on_meta
from autograder.checks.transformer_layer.attention import _np, _qkv, _run_sdpa
from autograder.messages import say, template


def _pattern(weights: torch.Tensor) -> np.ndarray:
    """Which keys each query gave any weight (NaN counts as weight: it is not a zero)."""
    return _np((weights != 0) | weights.isnan())


def _causal_diagnosis(pattern: np.ndarray, n: int) -> str | None:
    tri = np.tril(np.ones((n, n), dtype=bool))
    known = {
        say(
            "the causal mask is off by one: it also hides the query's own position (the diagonal). "
            "Query i may attend to keys 0..i, itself included: torch.ones(n, n).tril(), i.e. tril "
            "with diagonal=0."
        ): np.tril(tri, -1),
        say(
            "the causal mask is off by one: query i also sees key i + 1, one step into the future. "
            "Keep keys 0..i only: tril with diagonal=0."
        ): np.tril(np.ones((n, n), dtype=bool), 1),
        say(
            "the causal mask is reversed: each query sees itself and the FUTURE keys (upper "
            "triangle). Query i may attend only to keys j <= i (the lower triangle, tril)."
        ): np.triu(np.ones((n, n), dtype=bool)),
        say(
            "the causal mask is reversed and off by one: each query sees only later keys. Query i "
            "may attend to keys j <= i (tril)."
        ): np.triu(np.ones((n, n), dtype=bool), 1),
        say(
            "the causal flag is ignored: with causal=True query i must not see keys after position "
            "i."
        ): np.ones((n, n), dtype=bool),
    }
    for message, p in known.items():
        # row 0 may be NaN, zero or uniform when it is empty
        if (pattern[..., 1:, :] == p[1:]).all():
            return message
    return None


ZEROED = template(
    "the forbidden keys were zeroed after the softmax, so each row no longer sums to 1: fill their "
    "scores with -inf BEFORE the softmax (and zero only the rows left with no key at all)."
)


ADDED = template(
    "you added the boolean mask to the scores (True counts as 1, False as 0), so forbidden keys "
    "keep their share of the softmax. A bool mask selects: scores.masked_fill(~mask, "
    "float('-inf'))."
)


def compare_quietly(weights: torch.Tensor, candidate: torch.Tensor) -> bool:
    """Whether a learner's weights are a known mistake's (same shape, equal within tolerance)."""
    return close(_np(weights).astype(float), _np(candidate).astype(float))


@contract(
    Clause(
        "True may attend",
        "mask[..., i, j] is True when query i may attend to key j.",
        passes("mask", lambda m: (~m).any()),
    ),
    Clause(
        "exactly zero",
        "Forbidden keys get exactly zero weight (the others still sum to 1).",
        passes("mask", lambda m: (~m).any()),
    ),
    Clause(
        "broadcasting mask",
        "mask has shape (..., N_q, N_k) or anything that broadcasts to it.",
        some(
            lambda c: (
                c.arguments.get("mask") is not None
                and tuple(c.arguments["mask"].shape)
                != tuple(c.arguments["q"].shape[:-1]) + (c.arguments["k"].shape[-2],)
            )
        ),
    ),
    Clause(
        "causal",
        "causal=True: query i sees keys 0 .. i, itself included.",
        some(lambda c: c.arguments.get("causal") is True and c.arguments.get("mask") is None),
    ),
    Clause(
        "both",
        "With both, a key must be allowed by both.",
        some(lambda c: c.arguments.get("causal") is True and c.arguments.get("mask") is not None),
    ),
    Clause(
        "on the inputs' device",
        "Create every new tensor (the causal mask) on the device of the inputs.",
        both(on_meta(), some(lambda c: c.arguments.get("causal") is True)),
    ),
)
def check_attention_masks(fn) -> None:
    """A boolean mask (True = may attend), the causal flag, and both at once; no query is left
    without keys."""
    __tracebackhide__ = True
    on_each_device(_check_attention_masks_on, fn)
    q, k, v = _qkv(6, "cpu", batch=(2,), n_q=5, n_k=5, dtype=torch.float32)
    mask = torch.rand(2, 5, 5, generator=torch.Generator().manual_seed(seeded(6))) < 0.7
    for kwargs in ({"causal": True}, {"mask": mask, "causal": True}):
        what = say(
            "scaled_dot_product_attention(q, k, v{value}, causal=True) for inputs on another "
            "device than the CPU",
            value=", mask=mask" * ("mask" in kwargs),
        )
        meta = {
            name: value.to("meta") if isinstance(value, torch.Tensor) else value
            for name, value in kwargs.items()
        }
        result = run_on_meta(
            fn,
            (q.to("meta"), k.to("meta"), v.to("meta")),
            what,
            kwargs=meta,
            advice=say(
                "Create the causal mask on the inputs' device: torch.ones(n_q, n_k, "
                "dtype=torch.bool, device=q.device).tril()."
            ),
            on_cpu=(fn, (q, k, v), kwargs),
        )
        if result is not None:
            expect_on(pair(result, what, ("out", "weights"), tensors=True), "meta", what)


def _check_attention_masks_on(fn, device) -> None:
    __tracebackhide__ = True
    q, k, v = _qkv(3, device, batch=(2,), n_q=5, n_k=5)
    g = torch.Generator().manual_seed(seeded(3))
    mask = torch.rand(2, 5, 5, generator=g) < 0.5
    mask[..., 0] = True  # every query keeps a key
    mask = mask.to(device)
    what = "scaled_dot_product_attention(q, k, v, mask=mask)"
    out, weights = _run_sdpa(fn, q, k, v, what, mask=mask)
    pattern = _pattern(weights)
    if pattern[_np(~mask)].any():
        # rows the inverted mask leaves non-empty
        inverted, rows = _np(~mask), _np((~mask).any(-1))
        if (pattern[rows] == inverted[rows]).all():
            fail(
                say(
                    "{what}: the mask is used the wrong way round. True means the query MAY attend "
                    "to that key; hide the keys where the mask is False: scores.masked_fill(~mask, "
                    "float('-inf')).",
                    what=what,
                )
            )
        scale = 1 / math.sqrt(q.shape[-1])
        added = torch.softmax((q @ k.transpose(-2, -1)) * scale + mask, dim=-1)
        if compare_quietly(weights, added):
            fail(say("{what}: {message}", what=what, message=say(ADDED)))
        fail(
            say(
                "{what}: keys where the mask is False receive weight. Set their scores to -inf "
                "before the softmax, e.g. scores.masked_fill(~mask, float('-inf')).",
                what=what,
            )
        )
    ref_out, ref_w = ref.scaled_dot_product_attention(q, k, v, mask=mask)
    scaled = (q @ k.transpose(-2, -1)) / math.sqrt(q.shape[-1])
    compare(
        _np(weights),
        _np(ref_w),
        say("the weights returned by {what}", what=what),
        {
            say(ZEROED): _np(ref.scaled_dot_product_attention(q, k, v)[1] * mask),
            say(ADDED): _np(torch.softmax(scaled + mask, dim=-1) * mask),
        },
    )
    compare(_np(out), _np(ref_out), say("the output returned by {what}", what=what))

    what = "scaled_dot_product_attention(q, k, v, causal=True)"
    out, weights = _run_sdpa(fn, q, k, v, what, causal=True)
    diagnosis = _causal_diagnosis(_pattern(weights), 5)
    ref_out, ref_w = ref.scaled_dot_product_attention(q, k, v, causal=True)
    if diagnosis and not (_pattern(weights) == _pattern(ref_w)).all():
        fail(say("{what}: {message}", what=what, message=diagnosis))
    compare(_np(weights), _np(ref_w), say("the weights returned by {what}", what=what))
    compare(_np(out), _np(ref_out), say("the output returned by {what}", what=what))

    what = "scaled_dot_product_attention(q, k, v, mask=mask, causal=True)"
    out, weights = _run_sdpa(fn, q, k, v, what, mask=mask, causal=True)
    ref_out, ref_w = ref.scaled_dot_product_attention(q, k, v, mask=mask, causal=True)
    both = say(
        "with both a mask and causal=True a key must be allowed by BOTH (mask & causal), but you "
        "kept"
    )
    compare(
        _np(weights),
        _np(ref_w),
        say("the weights returned by {what}", what=what),
        {
            say("{both} only the causal mask.", both=both): _np(
                ref.scaled_dot_product_attention(q, k, v, causal=True)[1]
            ),
            say("{both} only the mask.", both=both): _np(
                ref.scaled_dot_product_attention(q, k, v, mask=mask)[1]
            ),
            say("{both} either one (mask | causal): combine them with &, not |.", both=both): _np(
                ref.scaled_dot_product_attention(
                    q, k, v, mask=mask | ref.causal_mask(5, device=q.device)
                )[1]
            ),
        },
    )
    compare(_np(out), _np(ref_out), say("the output returned by {what}", what=what))

    q, k, v = _qkv(4, device, batch=(2,), n_q=4, n_k=5)
    g = torch.Generator().manual_seed(seeded(4))
    # one row of keys per sequence, broadcast
    keys = (torch.rand(2, 1, 5, generator=g) < 0.6).to(device)
    keys[..., 0] = True
    what = say(
        "scaled_dot_product_attention(q, k, v, mask=mask) with a mask of shape (2, 1, 5), "
        "broadcast over the 4 queries"
    )
    out, weights = _run_sdpa(fn, q, k, v, what, mask=keys)
    ref_out, ref_w = ref.scaled_dot_product_attention(q, k, v, mask=keys)
    compare(_np(weights), _np(ref_w), say("the weights returned by {what}", what=what))
    compare(_np(out), _np(ref_out), say("the output returned by {what}", what=what))


@contract(
    Clause(
        "never NaN",
        "A query that may attend to no key at all gets no NaN ...",
        passes("mask", lambda m: (~m.any(-1)).any()),
    ),
    Clause(
        "zero weights and output",
        "... but zero weights and a zero output.",
        passes("mask", lambda m: (~m.any(-1)).any()),
    ),
)
def check_empty_rows(fn) -> None:
    """A query whose mask row is all False gets zero weights and a zero output, never NaN."""
    __tracebackhide__ = True
    on_each_device(_check_empty_rows_on, fn)


def _check_empty_rows_on(fn, device) -> None:
    __tracebackhide__ = True
    q, k, v = _qkv(5, device, batch=(2,), n_q=4, n_k=4)
    mask = torch.ones(2, 4, 4, dtype=torch.bool)
    mask[0, 1] = False
    mask[1, 3] = False
    mask[1, 0, 2:] = False
    mask = mask.to(device)
    what = say(
        "scaled_dot_product_attention(q, k, v, mask=mask) where query 1 of sequence 0 may attend "
        "to nothing"
    )
    out, weights = _run_sdpa(fn, q, k, v, what, mask=mask)
    empty = _np(~mask.any(-1))
    w, o = _np(weights), _np(out)
    if np.isnan(w[empty]).any() or np.isnan(o[empty]).any():
        fail(
            say(
                "{what}: that query's weights and output are NaN. With every score -inf the "
                "softmax divides 0 by 0; a NaN then spreads through every later layer and the "
                "loss. A query that may attend to nothing must get zero weights and a zero output: "
                "e.g. weights = weights.masked_fill(~mask, 0.0) after the softmax.",
                what=what,
            )
        )
    if not np.allclose(w[empty], 0) or not np.allclose(o[empty], 0):
        fail(
            say(
                "{what}: that query should get zero weights and a zero output (it may attend to "
                "nothing), but got weights {w}. A very negative fill value (-1e9) spreads the "
                "weight evenly over the forbidden keys instead; zero the weights of forbidden keys "
                "after the softmax.",
                what=what,
                w=fmt(w[empty]),
            )
        )
    ref_out, ref_w = ref.scaled_dot_product_attention(q, k, v, mask=mask)
    compare(w, _np(ref_w), say("the weights returned by {what}", what=what))
    compare(o, _np(ref_out), say("the output returned by {what}", what=what))
