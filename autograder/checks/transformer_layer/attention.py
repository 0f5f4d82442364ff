"""Inputs shared by the chapter's checks, and the check of scaled_dot_product_attention."""

from __future__ import annotations

import math

import numpy as np
import torch

from autograder import reference as ref
from autograder.checks.common import call, compare, fail, hints, pair, seeded
from autograder.checks.contracts import Clause, both, contract, omits, passes, some
from autograder.checks.devices import on_each_device
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
            "After transpose the tensor is no longer contiguous: merge the heads with .reshape(B, "
            "N, d_model), or call .contiguous() before .view."
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
                "everything on the device of the inputs.",
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
                "the scores are divided by d_k = {d}; divide by its square root, sqrt(d_k) = "
                "{sqrt:g}.",
                d=d,
                sqrt=math.sqrt(d),
            ): 1 / d,
            say(
                "the scores are not scaled: divide q @ k^T by sqrt(d_k), the square root of the "
                "last axis of q."
            ): 1.0,
            say("the scores are multiplied by sqrt(d_k); divide by it instead."): math.sqrt(d),
            say(
                "the scores are divided by sqrt(d_v) = sqrt({shape}), the size of the values; the "
                "scale comes from the size of the queries and keys, d_k.",
                shape=v.shape[-1],
            ): 1 / math.sqrt(v.shape[-1]),
        }
        # the scale read from the wrong axis (batch, N_q)
        for axis, size in enumerate(q.shape[:-1]):
            if size != d:
                variants[
                    say(
                        "the scale must come from the size of the queries and keys, d_k = "
                        "q.shape[-1] = {d}; you used axis {axis} of q (size {size}).",
                        d=d,
                        axis=axis,
                        size=size,
                    )
                ] = 1 / math.sqrt(size)
        w_mistakes = {m: _np(_attend(q, k, v, s)[1]) for m, s in variants.items()}
        w_mistakes[
            say(
                "the scale was applied after the softmax: divide the scores q @ k^T by sqrt(d_k) "
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
                    "{dim}-D tensor); give dim=-1, the keys.",
                    axis=axis,
                    dim=q.dim(),
                )
            ] = _np(_attend(q, k, v, 1 / math.sqrt(d), dim=axis)[1])
        w_mistakes[
            say(
                "the softmax ran over the queries (dim=-2); it must run over the keys (dim=-1), so "
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
