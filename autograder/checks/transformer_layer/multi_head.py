"""Check of MultiHeadSelfAttention, judged against PyTorch's nn.MultiheadAttention."""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from autograder.checks.common import (
    call,
    close,
    compare,
    expect_raises,
    fail,
    hints,
    seeded,
    set_parameters,
)
from autograder.checks.contracts import Clause, built, contract, omits, passes
from autograder.checks.devices import on_each_device
from autograder.checks.transformer_layer.attention import BATCH_HINTS, HELPERS, _attend, _np
from autograder.messages import say


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
                    "MultiHeadSelfAttention needs a parameter `{name}` of shape {shape}, laid out "
                    "like torch.nn.MultiheadAttention (nn.Parameter(torch.empty({join}))); "
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
                    "Linear layout), found {shape2}.",
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
                "MultiHeadSelfAttention needs `out_proj = nn.Linear({d_model}, {d_model})` (with a "
                "bias).",
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
                    "the scores are scaled by sqrt(d_model) = sqrt({d_model}); each head attends "
                    "in its own space of head_dim = d_model // n_heads = {d_model2} features, so "
                    "divide by sqrt(head_dim).",
                    d_model=d_model,
                    d_model2=d_model // n_heads,
                ): _mha_variant(params, x, m, n_heads, scale_by="model"),
                say(
                    "the scores are divided by head_dim = {d_model}; divide by its square root.",
                    d_model=d_model // n_heads,
                ): _mha_variant(params, x, m, n_heads, scale_by="d"),
                say(
                    "the heads are split along the wrong axis: reshaping (B, N, d_model) straight "
                    "to (B, n_heads, N, head_dim) mixes positions. Split the features: view(B, N, "
                    "n_heads, head_dim), then transpose(1, 2)."
                ): _mha_variant(params, x, m, n_heads, split="no_transpose"),
                say(
                    "the heads are split along the wrong axis: reshaping (B, N, d_model) straight "
                    "to (B, n_heads, N, head_dim) mixes positions and features. Split the "
                    "features: view(B, N, n_heads, head_dim), then transpose(1, 2)."
                ): _mha_variant(params, x, m, n_heads, split="no_transpose", merge="right"),
                say(
                    "the heads are split along the wrong axis: head h must own the contiguous "
                    "features h*head_dim .. (h+1)*head_dim - 1, i.e. view(B, N, n_heads, "
                    "head_dim), not view(B, N, head_dim, n_heads)."
                ): _mha_variant(params, x, m, n_heads, split="strided"),
                say(
                    "the heads are split along the wrong axis: head h must own the contiguous "
                    "features h*head_dim .. (h+1)*head_dim - 1, i.e. view(B, N, n_heads, "
                    "head_dim), not view(B, N, head_dim, n_heads), when you split them."
                ): _mha_variant(params, x, m, n_heads, split="strided", merge="right"),
                say(
                    "the output projection is missing: concatenate the heads, then apply out_proj."
                ): _mha_variant(params, x, m, n_heads, out_proj=False),
                say(
                    "the heads are merged back without transposing: (B, n_heads, N, head_dim) must "
                    "become (B, N, n_heads, head_dim) first, o.transpose(1, 2).reshape(B, N, "
                    "d_model); reshaping it directly mixes positions."
                ): _mha_variant(params, x, m, n_heads, merge="no_transpose"),
            }
            if m is not None:
                mistakes.update(
                    {
                        say(
                            "the padding mask is ignored: pass it on to the attention, as mask[:, "
                            "None, None, :] (the same keys hidden for every head and query)."
                        ): _mha_variant(params, x, m, n_heads, mask_on="none"),
                        say(
                            "the padding mask was applied to the queries, mask[:, None, :, None]; "
                            "it must hide the padded keys: mask[:, None, None, :]."
                        ): _mha_variant(params, x, m, n_heads, mask_on="queries"),
                        say(
                            "the padding mask is used the wrong way round: True marks a real "
                            "position (PyTorch's key_padding_mask is the opposite); hide the keys "
                            "where it is False."
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
                "{N}, {N}); found {weights_type}.",
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
                "{what} returned weights averaged over the heads, shape {shape}; return each "
                "head's own weights, shape ({B}, {n_heads}, {N}, {N}), as your "
                "scaled_dot_product_attention gives them.",
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
