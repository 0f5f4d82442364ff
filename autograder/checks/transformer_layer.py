"""Checks for assignment 05_transformer_layer. Hidden test cells call these with the
learner's objects.

Each check compares with :mod:`autograder.reference` on seeded inputs and, when the result is wrong,
tries the mistakes learners make (scaling by d, heads split along the wrong axis, a causal mask off
by one, ...) and names the one that matches.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from autograder import reference as ref
from autograder.checks.common import (
    GradingError,
    as_float_array,
    call,
    close,
    compare,
    compare_all,
    expect_raises,
    fail,
    first_failing_part,
    fmt,
    held_out_tagging_accuracy,
    hints,
    pair,
    seeded,
    set_parameters,
    trained_model,
)
from autograder.checks.contracts import Clause, both, built, contract, omits, on_meta, passes, some
from autograder.checks.devices import expect_on, on_each_device, run_on_meta
from autograder.learner.transformer_layer import make_left_neighbour_tagging
from autograder.messages import say, template

# Earlier parts a later part may call by name; grading swaps in the reference versions
# (see common.call).
HELPERS = {
    "scaled_dot_product_attention": ref.scaled_dot_product_attention,
    "sinusoidal_positional_encoding": ref.sinusoidal_positional_encoding,
}


def _np(t) -> np.ndarray:
    return t.detach().cpu().numpy() if isinstance(t, torch.Tensor) else np.asarray(t)


def _qkv(
    seed: int,
    device,
    batch=(2,),
    n_q: int = 4,
    n_k: int = 5,
    d: int = 4,
    d_v: int = 3,
    dtype=torch.float64,
    scale: float = 1.0,
):
    g = torch.Generator().manual_seed(seeded(seed))
    make = lambda *s: torch.randn(*s, generator=g, dtype=torch.float64).to(device, dtype)  # noqa: E731
    return make(*batch, n_q, d) * scale, make(*batch, n_k, d), make(*batch, n_k, d_v)


def _attend(q, k, v, scale: float, mask=None, dim: int = -1):
    """Attention with a given score scale, the zero-row convention and a choice of softmax axis."""
    scores = (q @ k.transpose(-2, -1)) * scale
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    w = torch.softmax(scores, dim=dim).nan_to_num(0.0)
    return w @ v, w


# ------------------------------------------------------------------------------------------- part 1


BATCH_HINTS = {
    "Expected size for first two dimensions of batch2": (
        template(
            "On a batch, k.T reverses every axis; transpose the last two only: k.transpose(-2, -1) "
            "(or k.mT)."
        )
    ),
    "must match the size of tensor b": (
        template(
            "On a batch, k.T reverses every axis; transpose the last two only: k.transpose(-2, -1) "
            "(or k.mT)."
        )
    ),
    "view size is not compatible": (
        template(
            "After transpose the tensor is no longer contiguous: merge the heads with "
            ".reshape(B, N, "
            "d_model), or call .contiguous() before .view."
        )
    ),
}


def _run_sdpa(fn, q, k, v, what, **kwargs):
    __tracebackhide__ = True
    with hints(BATCH_HINTS):
        result = call(fn, q, k, v, what=what, **kwargs)
    out, weights = pair(result, what, ("out", "weights"), tensors=True)
    if out.device != q.device or weights.device != q.device:
        fail(
            say(
                "{what} returned tensors on {device}/{device2} for inputs on {device3}: keep "
                "everything on the "
                "device of the inputs.",
                what=what,
                device=out.device,
                device2=weights.device,
                device3=q.device,
            )
        )
    return out.detach(), weights.detach()


@contract(
    Clause(
        "scaled by sqrt(d_k)",
        "softmax(q k^T / sqrt(d_k)): d_k is the last axis of q (and k), not of v.",
        some(lambda c: c.arguments["q"].shape[-1] != c.arguments["v"].shape[-1]),
    ),
    Clause(
        "softmax over the keys",
        "The softmax runs over the keys: each query's weights sum to 1.",
        some(lambda c: c.arguments["q"].shape[-2] != c.arguments["k"].shape[-2]),
    ),
    Clause("(out, weights)", "Return (out, weights): out = weights v.", passes("v")),
    Clause(
        "leading axes", "Any number of leading batch axes.", passes("q", lambda q: q.dim() >= 4)
    ),
    Clause(
        "no mask",
        "mask=None and causal=False when not given.",
        both(omits("mask"), omits("causal")),
    ),
)
def check_scaled_dot_product_attention(fn) -> None:
    """Values and weights without masks, batched, with d_k != d_v; on the CPU and on CUDA
    when present."""
    __tracebackhide__ = True
    on_each_device(_check_scaled_dot_product_attention_on, fn)


def _check_scaled_dot_product_attention_on(fn, device) -> None:
    __tracebackhide__ = True
    for seed in range(2):
        # The second input's sizes all differ (2, 3, 4 and d_v = 6), so every axis names
        # one mistake.
        q, k, v = _qkv(seed, device, batch=(2, 3) if seed else (2,), d_v=6 if seed else 3)
        d = q.shape[-1]
        what = say(
            "scaled_dot_product_attention(q, k, v) for q {q}, k {k}, v {v}",
            q=tuple(q.shape),
            k=tuple(k.shape),
            v=tuple(v.shape),
        )
        out, weights = _run_sdpa(fn, q, k, v, what)
        ref_out, ref_w = ref.scaled_dot_product_attention(q, k, v)
        variants = {
            say(
                "the scores are divided by d_k = {d}; divide by its square root, sqrt(d_k) "
                "= {sqrt:g}.",
                d=d,
                sqrt=math.sqrt(d),
            ): 1 / d,
            say(
                "the scores are not scaled: divide q @ k^T by sqrt(d_k), the square root "
                "of the last axis "
                "of q."
            ): 1.0,
            say("the scores are multiplied by sqrt(d_k); divide by it instead."): math.sqrt(d),
            say(
                "the scores are divided by sqrt(d_v) = sqrt({shape}), the size of the "
                "values; the scale "
                "comes from the size of the queries and keys, d_k.",
                shape=v.shape[-1],
            ): 1 / math.sqrt(v.shape[-1]),
        }
        # the scale read from the wrong axis (batch, N_q)
        for axis, size in enumerate(q.shape[:-1]):
            if size != d:
                variants[
                    say(
                        "the scale must come from the size of the queries and keys, d_k "
                        "= q.shape[-1] "
                        "= {d}; you used axis {axis} of q "
                        "(size {size}).",
                        d=d,
                        axis=axis,
                        size=size,
                    )
                ] = 1 / math.sqrt(size)
        w_mistakes = {m: _np(_attend(q, k, v, s)[1]) for m, s in variants.items()}
        w_mistakes[
            say(
                "the scale was applied after the softmax: divide the scores q @ k^T "
                "by sqrt(d_k) "
                "BEFORE the softmax, so the weights still sum to 1."
            )
        ] = _np(_attend(q, k, v, 1.0)[1]) / math.sqrt(d)
        w_mistakes[
            say("the pair is in the wrong order: return (out, weights), the output first.")
        ] = _np(ref_out)
        w_mistakes[
            say("causal defaults to False: without causal=True every key may be attended to.")
        ] = _np(ref.scaled_dot_product_attention(q, k, v, causal=True)[1])
        for axis in range(q.dim() - 2):  # F.softmax(scores) without dim= picks dim 0 or 1
            w_mistakes[
                say(
                    "the softmax ran over axis {axis} (F.softmax without dim= picks it for a "
                    "{dim}-D tensor); give dim=-1, "
                    "the keys.",
                    axis=axis,
                    dim=q.dim(),
                )
            ] = _np(_attend(q, k, v, 1 / math.sqrt(d), dim=axis)[1])
        w_mistakes[
            say(
                "the softmax ran over the queries (dim=-2); it must run over the keys "
                "(dim=-1), so "
                "each query's weights sum to 1."
            )
        ] = _np(_attend(q, k, v, 1 / math.sqrt(d), dim=-2)[1])
        compare(
            _np(weights),
            _np(ref_w),
            say("the weights returned by {what}", what=what),
            w_mistakes,
        )
        compare(
            _np(out),
            _np(ref_out),
            say("the output returned by {what}", what=what),
            {say("the output must weight the values v, not the keys."): _np(ref_w @ k)},
        )


def _pattern(weights: torch.Tensor) -> np.ndarray:
    """Which keys each query gave any weight (NaN counts as weight: it is not a zero)."""
    return _np((weights != 0) | weights.isnan())


def _causal_diagnosis(pattern: np.ndarray, n: int) -> str | None:
    tri = np.tril(np.ones((n, n), dtype=bool))
    known = {
        say(
            "the causal mask is off by one: it also hides the query's own position (the diagonal). "
            "Query i may "
            "attend to keys 0..i, itself included: torch.ones(n, n).tril(), i.e. tril "
            "with diagonal=0."
        ): np.tril(tri, -1),
        say(
            "the causal mask is off by one: query i also sees key i + 1, one step into the future. "
            "Keep keys 0..i "
            "only: tril with diagonal=0."
        ): np.tril(np.ones((n, n), dtype=bool), 1),
        say(
            "the causal mask is reversed: each query sees itself and the FUTURE keys (upper "
            "triangle). Query i may "
            "attend only to keys j <= i (the lower "
            "triangle, tril)."
        ): np.triu(np.ones((n, n), dtype=bool)),
        say(
            "the causal mask is reversed and off by one: each query sees only later keys. Query i "
            "may attend to "
            "keys j <= i (tril)."
        ): np.triu(np.ones((n, n), dtype=bool), 1),
        say(
            "the causal flag is ignored: with causal=True query i must not see keys after "
            "position i."
        ): np.ones((n, n), dtype=bool),
    }
    for message, p in known.items():
        # row 0 may be NaN, zero or uniform when it is empty
        if (pattern[..., 1:, :] == p[1:]).all():
            return message
    return None


ZEROED = template(
    "the forbidden keys were zeroed after the softmax, so each row no longer sums to 1: fill their "
    "scores with -inf BEFORE the softmax (and zero only the rows left with no key "
    "at all)."
)


ADDED = template(
    "you added the boolean mask to the scores (True counts as 1, False as 0), so forbidden "
    "keys keep "
    "their share of the softmax. A bool mask selects: "
    "scores.masked_fill(~mask, float('-inf'))."
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
            "device than "
            "the CPU",
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
                "Create the causal mask on the inputs' device: "
                "torch.ones(n_q, n_k, "
                "dtype=torch.bool, "
                "device=q.device).tril()."
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
                    "{what}: the mask is used the wrong way round. True means the query MAY "
                    "attend to "
                    "that key; hide the keys where the mask is False: "
                    "scores.masked_fill(~mask, float('-inf')).",
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
                "before the "
                "softmax, e.g. scores.masked_fill(~mask, float('-inf')).",
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
        "with both a mask and causal=True a key must be allowed by BOTH (mask & causal), "
        "but you "
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
        "scaled_dot_product_attention(q, k, v, mask=mask) with a mask of shape (2, 1, "
        "5), broadcast "
        "over the 4 queries"
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
        "scaled_dot_product_attention(q, k, v, mask=mask) where query 1 of sequence 0 may "
        "attend to "
        "nothing"
    )
    out, weights = _run_sdpa(fn, q, k, v, what, mask=mask)
    empty = _np(~mask.any(-1))
    w, o = _np(weights), _np(out)
    if np.isnan(w[empty]).any() or np.isnan(o[empty]).any():
        fail(
            say(
                "{what}: that query's weights and output are NaN. With every score -inf "
                "the softmax "
                "divides 0 by 0; a NaN then spreads through every later layer and the "
                "loss. A query that may attend to nothing must get zero weights and a "
                "zero output: e.g. weights = weights.masked_fill(~mask, 0.0) after "
                "the softmax.",
                what=what,
            )
        )
    if not np.allclose(w[empty], 0) or not np.allclose(o[empty], 0):
        fail(
            say(
                "{what}: that query should get zero weights and a zero output (it may attend "
                "to nothing), "
                "but got weights {w}. A very negative fill value (-1e9) spreads the "
                "weight evenly over the forbidden keys instead; zero the weights of "
                "forbidden keys after the softmax.",
                what=what,
                w=fmt(w[empty]),
            )
        )
    ref_out, ref_w = ref.scaled_dot_product_attention(q, k, v, mask=mask)
    compare(w, _np(ref_w), say("the weights returned by {what}", what=what))
    compare(o, _np(ref_out), say("the output returned by {what}", what=what))


# ------------------------------------------------------------------------------------------- part 2


def _build_mha(cls, d_model: int, n_heads: int) -> nn.Module:
    __tracebackhide__ = True
    module = call(cls, d_model, n_heads, what=f"MultiHeadSelfAttention({d_model}, {n_heads})")
    if not isinstance(module, nn.Module):
        fail(say("MultiHeadSelfAttention must be a subclass of torch.nn.Module."))
    layout = {"in_proj_weight": (3 * d_model, d_model), "in_proj_bias": (3 * d_model,)}
    for name, shape in layout.items():
        p = getattr(module, name, None)
        if not isinstance(p, nn.Parameter):
            fail(
                say(
                    "MultiHeadSelfAttention needs a parameter `{name}` of shape {shape}, laid out like "
                    "torch.nn.MultiheadAttention (nn.Parameter(torch.empty({join}))); "
                    "found {p_type}.",
                    name=name,
                    shape=shape,
                    join=", ".join(map(str, shape)),
                    p_type=type(p).__name__,
                )
            )
        if tuple(p.shape) != shape:
            fail(
                say(
                    "`{name}` should have shape {shape} (W_q, W_k and W_v stacked, PyTorch's "
                    "Linear layout), "
                    "found {shape2}.",
                    name=name,
                    shape=shape,
                    shape2=tuple(p.shape),
                )
            )
    out_proj = getattr(module, "out_proj", None)
    if (
        not isinstance(out_proj, nn.Linear)
        or tuple(out_proj.weight.shape) != (d_model, d_model)
        or out_proj.bias is None
    ):
        fail(
            say(
                "MultiHeadSelfAttention needs `out_proj = nn.Linear({d_model}, {d_model})` (with "
                "a bias).",
                d_model=d_model,
            )
        )
    return module


def _mha_variant(
    params: dict,
    x,
    mask,
    n_heads: int,
    scale_by: str = "head",
    split: str = "right",
    out_proj: bool = True,
    merge: str | None = None,
    mask_on: str = "keys",
):
    """Multi-head attention with one mistake: how heads are split (and merged back), the scale,
    no out_proj."""
    d_model = x.shape[-1]
    dh = d_model // n_heads
    q, k, v = nn.functional.linear(x, params["in_proj_weight"], params["in_proj_bias"]).chunk(
        3, dim=-1
    )
    B, N = x.shape[:2]

    def heads(t):
        if split == "right":
            return t.view(B, N, n_heads, dh).transpose(1, 2)
        if split == "no_transpose":
            return t.reshape(B, n_heads, N, dh)
        # head h takes every n_heads-th feature
        return t.view(B, N, dh, n_heads).permute(0, 3, 1, 2)

    scale = {"head": 1 / math.sqrt(dh), "model": 1 / math.sqrt(d_model), "d": 1 / dh}[scale_by]
    key_mask = (
        None
        if mask is None
        else {
            "keys": mask[:, None, None, :],
            "queries": mask[:, None, :, None],
            "inverted": ~mask[:, None, None, :],
            "none": None,
        }[mask_on]
    )
    o, _ = _attend(heads(q), heads(k), heads(v), scale, key_mask)
    merge = merge or split
    if merge == "right":
        o = o.transpose(1, 2).reshape(B, N, d_model)
    elif merge == "no_transpose":
        o = o.reshape(B, N, d_model)
    else:
        o = o.permute(0, 2, 3, 1).reshape(B, N, d_model)
    return (
        nn.functional.linear(o, params["out_proj.weight"], params["out_proj.bias"])
        if out_proj
        else o
    )


@contract(
    Clause(
        "divisible",
        "d_model not divisible by n_heads raises a ValueError.",
        built(lambda c: c.args[0] % c.args[1]),
    ),
    Clause(
        "PyTorch's layout",
        "in_proj_weight (3 d_model, d_model), in_proj_bias, out_proj = nn.Linear: weights "
        "copied from torch.nn.MultiheadAttention give the same outputs.",
        built(lambda c: True),
    ),
    Clause(
        "contiguous heads",
        "Head h works on features h * head_dim .. (h + 1) * head_dim - 1.",
        built(lambda c: c.args[1] > 1),
    ),
    Clause("scaled per head", "Each head's scores are scaled by sqrt(head_dim).", passes("x")),
    Clause("out_proj", "Concatenate the heads' outputs and apply out_proj.", passes("x")),
    Clause(
        "padding mask",
        "An optional bool padding mask (B, N), True at real positions: a padded position is never "
        "attended to.",
        passes("mask", lambda m: (~m).any()),
    ),
    Clause("no mask", "mask=None: every position is real.", omits("mask")),
    Clause(
        "per-head weights",
        "Return (out, weights): the per-head weights (B, n_heads, N, N).",
        passes("x"),
    ),
)
def check_multi_head_attention(cls) -> None:
    """Same outputs as torch.nn.MultiheadAttention with the same weights, with and
    without padding."""
    __tracebackhide__ = True
    expect_raises(
        cls, ValueError, say("MultiHeadSelfAttention(10, 3) (10 is not divisible by 3)"), 10, 3
    )
    d_model, n_heads = 12, 3
    on_each_device(_check_multi_head_attention_on, cls, d_model, n_heads)


def _check_multi_head_attention_on(cls, d_model, n_heads, device) -> None:
    __tracebackhide__ = True
    module = _build_mha(cls, d_model, n_heads).to(device, torch.float64)
    g = torch.Generator().manual_seed(seeded(7))
    # Seeded weights with non-zero biases: the result does not depend on the learner's init.
    chosen = {
        name: torch.randn(getattr(module, name).shape, generator=g, dtype=torch.float64) * 0.5
        for name in ("in_proj_weight", "in_proj_bias")
    }
    chosen["out_proj.weight"] = (
        torch.randn(d_model, d_model, generator=g, dtype=torch.float64) * 0.3
    )
    chosen["out_proj.bias"] = torch.randn(d_model, generator=g, dtype=torch.float64) * 0.3
    set_parameters(module, chosen)
    params = {name: getattr(module, name).detach() for name in ("in_proj_weight", "in_proj_bias")}
    params.update(
        {f"out_proj.{name}": getattr(module.out_proj, name).detach() for name in ("weight", "bias")}
    )
    torch_mha = nn.MultiheadAttention(d_model, n_heads, batch_first=True).to(device, torch.float64)
    torch_mha.load_state_dict(params)
    x = torch.randn(3, 5, d_model, generator=g, dtype=torch.float64).to(device)
    mask = (torch.arange(5)[None, :] < torch.tensor([5, 3, 1])[:, None]).to(device)
    for m in (None, mask):
        what = say(
            "MultiHeadSelfAttention({d_model}, {n_heads})(x{value}) for x of shape {shape}",
            d_model=d_model,
            n_heads=n_heads,
            value="" if m is None else ", mask",
            shape=tuple(x.shape),
        )
        # module.forward (not module) so that common.call finds the learner's globals and
        # swaps in the reference scaled_dot_product_attention: a mistake there costs part 1,
        # not this part too.
        with hints(BATCH_HINTS):
            result = (
                call(module.forward, x, what=what, helpers=HELPERS)
                if m is None
                else call(module.forward, x, m, what=what, helpers=HELPERS)
            )
        out = result[0] if isinstance(result, tuple) else result
        if not isinstance(out, torch.Tensor):
            fail(
                say(
                    "{what} must return (out, weights) with out a tensor of shape {shape}.",
                    what=what,
                    shape=tuple(x.shape),
                )
            )
        weights = result[1] if isinstance(result, tuple) and len(result) == 2 else None
        if out.device != x.device:
            fail(
                say(
                    "{what} returned a tensor on {device} for an input on {device2}.",
                    what=what,
                    device=out.device,
                    device2=x.device,
                )
            )
        with torch.no_grad():
            expected = torch_mha(
                x, x, x, key_padding_mask=None if m is None else ~m, need_weights=False
            )[0]
            mistakes = {
                say(
                    "the scores are scaled by sqrt(d_model) = sqrt({d_model}); each head "
                    "attends in its "
                    "own space of head_dim = d_model // n_heads = {d_model2} features, so "
                    "divide by sqrt(head_dim).",
                    d_model=d_model,
                    d_model2=d_model // n_heads,
                ): _mha_variant(params, x, m, n_heads, scale_by="model"),
                say(
                    "the scores are divided by head_dim = {d_model}; divide by its square root.",
                    d_model=d_model // n_heads,
                ): _mha_variant(params, x, m, n_heads, scale_by="d"),
                say(
                    "the heads are split along the wrong axis: reshaping (B, N, d_model) "
                    "straight to (B, "
                    "n_heads, N, head_dim) mixes positions. Split the features: view(B, N, "
                    "n_heads, head_dim), then "
                    "transpose(1, 2)."
                ): _mha_variant(params, x, m, n_heads, split="no_transpose"),
                say(
                    "the heads are split along the wrong axis: reshaping (B, N, d_model) "
                    "straight to (B, "
                    "n_heads, N, head_dim) mixes positions and features. Split the "
                    "features: view(B, N, n_heads, head_dim), then transpose(1, 2)."
                ): _mha_variant(params, x, m, n_heads, split="no_transpose", merge="right"),
                say(
                    "the heads are split along the wrong axis: head h must own the "
                    "contiguous features "
                    "h*head_dim .. (h+1)*head_dim - 1, i.e. view(B, N, n_heads, head_dim), "
                    "not view(B, N, head_dim, n_heads)."
                ): _mha_variant(params, x, m, n_heads, split="strided"),
                say(
                    "the heads are split along the wrong axis: head h must own the "
                    "contiguous features "
                    "h*head_dim .. (h+1)*head_dim - 1, i.e. view(B, N, n_heads, head_dim), "
                    "not view(B, N, head_dim, n_heads), when you split them."
                ): _mha_variant(params, x, m, n_heads, split="strided", merge="right"),
                say(
                    "the output projection is missing: concatenate the heads, then apply out_proj."
                ): _mha_variant(params, x, m, n_heads, out_proj=False),
                say(
                    "the heads are merged back without transposing: (B, n_heads, N, "
                    "head_dim) must become "
                    "(B, N, n_heads, head_dim) first, o.transpose(1, 2).reshape(B, N, "
                    "d_model); reshaping it directly mixes positions."
                ): _mha_variant(params, x, m, n_heads, merge="no_transpose"),
            }
            if m is not None:
                mistakes.update(
                    {
                        say(
                            "the padding mask is ignored: pass it on to the attention, as "
                            "mask[:, None, None, "
                            ":] (the same keys hidden for every head and query)."
                        ): _mha_variant(params, x, m, n_heads, mask_on="none"),
                        say(
                            "the padding mask was applied to the queries, mask[:, None, :, "
                            "None]; it must hide "
                            "the padded keys: mask[:, None, None, :]."
                        ): _mha_variant(params, x, m, n_heads, mask_on="queries"),
                        say(
                            "the padding mask is used the wrong way round: True marks a "
                            "real position "
                            "(PyTorch's key_padding_mask is the opposite); hide the keys where "
                            "it is False."
                        ): _mha_variant(params, x, m, n_heads, mask_on="inverted"),
                    }
                )
        extra = (
            ""
            if m is None
            else say(" (with the padding mask: mask is (B, N), True at real positions)")
        )
        compare(
            _np(out),
            _np(expected),
            what + extra,
            {k_: _np(v_) for k_, v_ in mistakes.items()},
            rtol=1e-6,
            atol=1e-8,
        )
        _check_head_weights(weights, torch_mha, x, m, n_heads, what)


def _check_head_weights(weights, torch_mha, x, mask, n_heads: int, what: str) -> None:
    """The second result: each head's attention weights, (B, n_heads, N, N), as torch's
    per-head weights."""
    __tracebackhide__ = True
    B, N = x.shape[:2]
    with torch.no_grad():
        per_head = torch_mha(
            x,
            x,
            x,
            key_padding_mask=None if mask is None else ~mask,
            need_weights=True,
            average_attn_weights=False,
        )[1]
    if not isinstance(weights, torch.Tensor):
        fail(
            say(
                "{what} must return (out, weights), the weights a tensor of shape ({B}, {n_heads}, "
                "{N}, {N}); "
                "found {weights_type}.",
                what=what,
                B=B,
                n_heads=n_heads,
                N=N,
                weights_type=type(weights).__name__,
            )
        )
    got = _np(weights)
    if got.shape == (B, N, N) and close(got, _np(per_head.mean(1))):
        fail(
            say(
                "{what} returned weights averaged over the heads, shape {shape}; return each head's "
                "own weights, "
                "shape ({B}, {n_heads}, {N}, {N}), as your scaled_dot_product_attention "
                "gives them.",
                what=what,
                shape=got.shape,
                B=B,
                n_heads=n_heads,
                N=N,
            ),
            mistake=say("weights averaged over the heads"),
        )
    rows = (
        np.ones(got.shape[:-1], dtype=bool)
        if mask is None
        else np.broadcast_to(_np(mask)[:, None, :, None], got.shape[:-1] + (1,))[..., 0]
    )
    if got.shape != tuple(per_head.shape) or not close(got[rows], _np(per_head)[rows]):
        compare(got, _np(per_head), say("the weights returned by {what}", what=what))


# ------------------------------------------------------------------------------------------- part 3


def _pe_variants(n: int, d: int) -> dict[str, np.ndarray]:
    p = np.arange(n)[:, None]
    i = np.arange(d // 2)[None, :]
    j = np.arange(d)[None, :]

    def interleave(even, odd):
        pe = np.empty((n, d))
        pe[:, 0::2], pe[:, 1::2] = even, odd
        return pe

    angle = p / 10000 ** (2 * i / d)
    twice = p / 10000 ** (2 * (2 * i) / d)  # i taken from torch.arange(0, d, 2), then doubled again
    return {
        say(
            "with i = range(0, d, 2) the sine's exponent 2 * i / d is doubled (i is already the "
            "even column index) "
            "and the cosine's 2 * (i + 1) / d gives it another frequency than its sine: columns i "
            "and i + 1 share one frequency, 1 / 10000 ** (i / d)."
        ): interleave(np.sin(twice), np.cos(p / 10000 ** (2 * (2 * i + 1) / d))),
        say(
            "the exponent is doubled: with i = torch.arange(0, d, 2), i already IS the even column "
            "index 2i, so "
            "10000 ** (2 * i / d) uses 4i/d. Use 10000 ** (i / d) with that i (or 2i/d with the "
            "pair index torch.arange(d // 2))."
        ): interleave(np.sin(twice), np.cos(twice)),
        say(
            "sin and cos are swapped: even columns 2i take sin, odd columns 2i+1 take cos."
        ): interleave(np.cos(angle), np.sin(angle)),
        say(
            "the frequency exponent is wrong: use 10000^(2i/d) where i is the pair index (columns "
            "2i and 2i+1 "
            "share one frequency), not 10000^(i/d)."
        ): interleave(np.sin(p / 10000 ** (i / d)), np.cos(p / 10000 ** (i / d))),
        say(
            "the frequency exponent is wrong: columns 2i and 2i+1 share ONE frequency, "
            "1/10000^(2i/d); you used "
            "each column's own index j in 10000^(j/d)."
        ): np.where(j % 2 == 0, np.sin(p / 10000 ** (j / d)), np.cos(p / 10000 ** (j / d))),
        say(
            "the frequency exponent is wrong: you used 10000^(2j/d) with j the column index; the "
            "exponent is 2i/d "
            "with i = j // 2 (the pair index)."
        ): np.where(j % 2 == 0, np.sin(p / 10000 ** (2 * j / d)), np.cos(p / 10000 ** (2 * j / d))),
        say(
            "the position is multiplied by 10000^(2i/d); it must be divided: sin(p / 10000^(2i/d))."
        ): interleave(np.sin(p * 10000 ** (2 * i / d)), np.cos(p * 10000 ** (2 * i / d))),
        say(
            "the sines and cosines are in two halves; they must alternate: column 2i is a sine, "
            "column 2i+1 the "
            "cosine of the same angle."
        ): np.concatenate([np.sin(angle), np.cos(angle)], axis=1),
        say(
            "positions start at 1; the first position is p = 0 (its encoding is [0, 1, 0, 1, ...])."
        ): interleave(
            np.sin((p + 1) / 10000 ** (2 * i / d)), np.cos((p + 1) / 10000 ** (2 * i / d))
        ),
    }


@contract(
    Clause("a float tensor", "Return a float tensor (torch), not a NumPy array.", passes("n")),
    Clause("sin and cos", "PE[p, 2i] = sin(...), PE[p, 2i + 1] = cos(...).", passes("d")),
    Clause(
        "one frequency per pair",
        "Columns 2i and 2i + 1 share one frequency, 1 / 10000^(2i/d).",
        passes("d", lambda d: d >= 8),
    ),
    Clause("divided", "p / 10000^(2i/d): the position divided.", passes("n", lambda n: n > 1)),
    Clause("from 0", "Positions p = 0, ..., n - 1.", passes("n")),
    Clause(
        "shape (n, d)",
        "Shape (n, d): one row per position.",
        some(lambda c: c.arguments["n"] != c.arguments["d"]),
    ),
)
def check_positional_encoding(fn) -> None:
    __tracebackhide__ = True
    for n, d in ((12, 8), (7, 16), (50, 6)):
        what = f"sinusoidal_positional_encoding({n}, {d})"
        raw = call(fn, n, d, what=what)
        if not isinstance(raw, torch.Tensor) or not raw.is_floating_point():
            kind = (
                say("a tensor of {dtype}", dtype=raw.dtype)
                if isinstance(raw, torch.Tensor)
                else f"a {type(raw).__module__}.{type(raw).__name__}".removeprefix("builtins.")
            )
            fail(
                say(
                    "{what} returned {kind}; the task asks for a float tensor: build it with torch "
                    "operations, or "
                    "convert at the end with torch.as_tensor(pe, dtype=torch.float32). The model "
                    "adds it to its embeddings, which are torch tensors.",
                    what=what,
                    kind=kind,
                ),
                mistake=say("not a float tensor"),
            )
        got = as_float_array(raw, what)
        expected = _np(ref.sinusoidal_positional_encoding(n, d, dtype=torch.float64))
        compare(
            got,
            expected,
            what,
            {
                **_pe_variants(n, d),
                say(
                    "the result is transposed, (d, n); one row per position: shape (n, d)."
                ): expected.T,
            },
            rtol=1e-5,
            atol=1e-5,
        )


# ----------------------------------------------------------------------------------------- part 4-5


def _bool_matrix(result, what: str, n: int) -> np.ndarray:
    __tracebackhide__ = True
    if not isinstance(result, torch.Tensor) or result.dtype != torch.bool:
        fail(
            say(
                "{what} must return a torch tensor of dtype torch.bool (True = may attend), "
                "got {dtype}. "
                "Comparisons such as (i - j).abs() <= window already give bool.",
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
                        "positions exactly `window` steps away are left out: the window includes them, |i "
                        "- j| <= window."
                    ): (abs(i - j) < window).astype(float),
                    say(
                        "the window reaches only to the left: it is symmetric, |i - j| <= window."
                    ): ((i - j >= 0) & (i - j <= window)).astype(float),
                    say(
                        "`window` is how far each side the window reaches (|i - j| <= window), not its "
                        "total width."
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
            "Create the diagonal on the adjacency's device: "
            "torch.eye(n, dtype=torch.bool, "
            "device=adjacency.device)."
        ),
    )
    if result is not None:
        expect_on((result,), "meta", what)


# ------------------------------------------------------------------------------------------- part 6


@contract(
    Clause(
        "forward(tokens, mask)",
        "An nn.Module whose forward(tokens, mask) maps token ids and the mask to logits.",
        passes("tokens"),
    ),
    Clause(
        "95% on fresh sequences",
        "At least 95% test accuracy, judged on fresh sequences.",
        passes("tokens", lambda t: t.shape[0] >= 100),
    ),
)
def check_positional_tagger(model, min_accuracy: float = 0.95, seed: int = 12345) -> None:
    """The trained tagger reaches ``min_accuracy`` on fresh held-out data of the
    left-neighbour task."""
    __tracebackhide__ = True
    params = trained_model(
        model, "tagger", "PositionalTagger", say("`tagger` must have forward(tokens, mask).")
    )
    upstream = lambda: first_failing_part(  # noqa: E731 (run only when the tagger fails)
        model,
        [
            (
                "part 1 (scaled_dot_product_attention)",
                "scaled_dot_product_attention",
                check_scaled_dot_product_attention,
            ),
            (
                say("part 1 (scaled_dot_product_attention with masks)"),
                "scaled_dot_product_attention",
                check_attention_masks,
            ),
            (
                "part 2 (MultiHeadSelfAttention)",
                "MultiHeadSelfAttention",
                check_multi_head_attention,
            ),
            (
                "part 3 (sinusoidal_positional_encoding)",
                "sinusoidal_positional_encoding",
                check_positional_encoding,
            ),
        ],
    )
    try:
        acc = held_out_tagging_accuracy(
            model, make_left_neighbour_tagging(1000, seed=seeded(seed)), params
        )
    except GradingError as exc:
        fail(f"{exc} {upstream() or ''}".strip())
    if not acc >= min_accuracy:
        advice = upstream() or (
            say(
                "Near 33% means it cannot see positions: add sinusoidal_positional_encoding(N, "
                "d_model) to the embeddings before the attention layer (and "
                "keep the residual connections)."
            )
        )
        fail(
            say(
                "your tagger tags {acc:.1%} of held-out cards correctly; it needs at "
                "least {min_accuracy:.0%}. "
                "{advice}",
                acc=acc,
                min_accuracy=min_accuracy,
                advice=advice,
            )
        )
    # Returns nothing on purpose: nbgrader would read a returned number as partial credit.


__all__ = [name for name in dir() if name.startswith("check_")] + ["GradingError"]
