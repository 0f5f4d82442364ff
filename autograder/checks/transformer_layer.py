"""Checks for assignment 05_transformer_layer. Hidden test cells call these with the learner's objects.

Each check compares with :mod:`autograder.reference` on seeded inputs and, when the result is wrong, tries the
mistakes learners make (scaling by d, heads split along the wrong axis, a causal mask off by one, ...) and
names the one that matches.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from .. import reference as ref
from ..learner.transformer_layer import make_left_neighbour_tagging
from .common import (
    GradingError,
    as_float_array,
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
    seeded,
    set_parameters,
    trained_model,
)
from .devices import device_leg, devices, expect_on, run_on_meta

# Earlier parts a later part may call by name; grading swaps in the reference versions (see common.call).
HELPERS = {
    "scaled_dot_product_attention": ref.scaled_dot_product_attention,
    "sinusoidal_positional_encoding": ref.sinusoidal_positional_encoding,
}


def _np(t) -> np.ndarray:
    return t.detach().cpu().numpy() if isinstance(t, torch.Tensor) else np.asarray(t)


def _qkv(seed: int, device, batch=(2,), n_q: int = 4, n_k: int = 5, d: int = 4, d_v: int = 3,
         dtype=torch.float64, scale: float = 1.0):
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


# ---------------------------------------------------------------------------------------------- part 1


BATCH_HINTS = {
    "Expected size for first two dimensions of batch2": (
        "On a batch, k.T reverses every axis; transpose the last two only: k.transpose(-2, -1) (or k.mT)."),
    "must match the size of tensor b": (
        "On a batch, k.T reverses every axis; transpose the last two only: k.transpose(-2, -1) (or k.mT)."),
    "view size is not compatible": (
        "After transpose the tensor is no longer contiguous: merge the heads with .reshape(B, N, d_model), or "
        "call .contiguous() before .view."),
}


def _run_sdpa(fn, q, k, v, what, **kwargs):
    __tracebackhide__ = True
    with hints(BATCH_HINTS):
        result = call(fn, q, k, v, what=what, **kwargs)
    out, weights = pair(result, what, ("out", "weights"), tensors=True)
    if out.device != q.device or weights.device != q.device:
        fail(f"{what} returned tensors on {out.device}/{weights.device} for inputs on {q.device}: keep everything "
             "on the device of the inputs.")
    return out.detach(), weights.detach()


def check_scaled_dot_product_attention(fn) -> None:
    """Values and weights without masks, batched, with d_k != d_v; on the CPU and on CUDA when present."""
    __tracebackhide__ = True
    for device in devices():
        with device_leg(device):
            for seed in range(2):
                # The second input's sizes all differ (2, 3, 4 and d_v = 6), so every axis names one mistake.
                q, k, v = _qkv(seed, device, batch=(2, 3) if seed else (2,), d_v=6 if seed else 3)
                d = q.shape[-1]
                what = f"scaled_dot_product_attention(q, k, v) for q {tuple(q.shape)}, k {tuple(k.shape)}, " \
                       f"v {tuple(v.shape)}"
                out, weights = _run_sdpa(fn, q, k, v, what)
                ref_out, ref_w = ref.scaled_dot_product_attention(q, k, v)
                variants = {
                    f"the scores are divided by d_k = {d}; divide by its square root, sqrt(d_k) = {math.sqrt(d):g}.":
                        1 / d,
                    "the scores are not scaled: divide q @ k^T by sqrt(d_k), the square root of the last axis of q.":
                        1.0,
                    "the scores are multiplied by sqrt(d_k); divide by it instead.": math.sqrt(d),
                    f"the scores are divided by sqrt(d_v) = sqrt({v.shape[-1]}), the size of the values; the scale "
                    "comes from the size of the queries and keys, d_k.": 1 / math.sqrt(v.shape[-1]),
                }
                for axis, size in enumerate(q.shape[:-1]):  # the scale read from the wrong axis (batch, N_q)
                    if size != d:
                        variants[f"the scale must come from the size of the queries and keys, d_k = "
                                 f"q.shape[-1] = {d}; you used axis {axis} of q (size {size})."] = 1 / math.sqrt(size)
                w_mistakes = {m: _np(_attend(q, k, v, s)[1]) for m, s in variants.items()}
                w_mistakes["the scale was applied after the softmax: divide the scores q @ k^T by sqrt(d_k) "
                           "BEFORE the softmax, so the weights still sum to 1."] = _np(_attend(q, k, v, 1.0)[1]) / \
                    math.sqrt(d)
                w_mistakes["the pair is in the wrong order: return (out, weights), the output first."] = _np(ref_out)
                for axis in range(q.dim() - 2):  # F.softmax(scores) without dim= picks dim 0 or 1
                    w_mistakes[f"the softmax ran over axis {axis} (F.softmax without dim= picks it for a "
                               f"{q.dim()}-D tensor); give dim=-1, the keys."] = _np(
                        _attend(q, k, v, 1 / math.sqrt(d), dim=axis)[1])
                w_mistakes["the softmax ran over the queries (dim=-2); it must run over the keys (dim=-1), so each "
                           "query's weights sum to 1."] = _np(_attend(q, k, v, 1 / math.sqrt(d), dim=-2)[1])
                compare(_np(weights), _np(ref_w), "the weights returned by " + what, w_mistakes)
                compare(_np(out), _np(ref_out), "the output returned by " + what, {
                    "the output must weight the values v, not the keys.": _np(ref_w @ k)})


def _pattern(weights: torch.Tensor) -> np.ndarray:
    """Which keys each query gave any weight (NaN counts as weight: it is not a zero)."""
    return _np((weights != 0) | weights.isnan())


def _causal_diagnosis(pattern: np.ndarray, n: int) -> str | None:
    tri = np.tril(np.ones((n, n), dtype=bool))
    known = {
        "the causal mask is off by one: it also hides the query's own position (the diagonal). Query i may "
        "attend to keys 0..i, itself included: torch.ones(n, n).tril(), i.e. tril with diagonal=0.": np.tril(tri, -1),
        "the causal mask is off by one: query i also sees key i + 1, one step into the future. Keep keys "
        "0..i only: tril with diagonal=0.": np.tril(np.ones((n, n), dtype=bool), 1),
        "the causal mask is reversed: each query sees itself and the FUTURE keys (upper triangle). Query i "
        "may attend only to keys j <= i (the lower triangle, tril).": np.triu(np.ones((n, n), dtype=bool)),
        "the causal mask is reversed and off by one: each query sees only later keys. Query i may attend "
        "to keys j <= i (tril).": np.triu(np.ones((n, n), dtype=bool), 1),
        "the causal flag is ignored: with causal=True query i must not see keys after position i.":
            np.ones((n, n), dtype=bool),
    }
    for message, p in known.items():
        if (pattern[..., 1:, :] == p[1:]).all():  # row 0 may be NaN, zero or uniform when it is empty
            return message
    return None


ZEROED = ("the forbidden keys were zeroed after the softmax, so each row no longer sums to 1: fill their scores "
          "with -inf BEFORE the softmax (and zero only the rows left with no key at all).")


ADDED = ("you added the boolean mask to the scores (True counts as 1, False as 0), so forbidden keys keep "
         "their share of the softmax. A bool mask selects: scores.masked_fill(~mask, float('-inf')).")


def compare_quietly(weights: torch.Tensor, candidate: torch.Tensor) -> bool:
    """Whether a learner's weights are a known mistake's (same shape, equal within tolerance)."""
    return close(_np(weights).astype(float), _np(candidate).astype(float))


def check_attention_masks(fn) -> None:
    """A boolean mask (True = may attend), the causal flag, and both at once; no query is left without keys."""
    __tracebackhide__ = True
    for device in devices():
        with device_leg(device):
            q, k, v = _qkv(3, device, batch=(2,), n_q=5, n_k=5)
            g = torch.Generator().manual_seed(seeded(3))
            mask = torch.rand(2, 5, 5, generator=g) < 0.5
            mask[..., 0] = True  # every query keeps a key
            mask = mask.to(device)
            what = "scaled_dot_product_attention(q, k, v, mask=mask)"
            out, weights = _run_sdpa(fn, q, k, v, what, mask=mask)
            pattern = _pattern(weights)
            if pattern[_np(~mask)].any():
                inverted, rows = _np(~mask), _np((~mask).any(-1))  # rows the inverted mask leaves non-empty
                if (pattern[rows] == inverted[rows]).all():
                    fail(f"{what}: the mask is used the wrong way round. True means the query MAY attend to that "
                         "key; hide the keys where the mask is False: scores.masked_fill(~mask, float('-inf')).")
                scale = 1 / math.sqrt(q.shape[-1])
                added = torch.softmax((q @ k.transpose(-2, -1)) * scale + mask, dim=-1)
                if compare_quietly(weights, added):
                    fail(f"{what}: {ADDED}")
                fail(f"{what}: keys where the mask is False receive weight. Set their scores to -inf before the "
                     "softmax, e.g. scores.masked_fill(~mask, float('-inf')).")
            ref_out, ref_w = ref.scaled_dot_product_attention(q, k, v, mask=mask)
            scaled = (q @ k.transpose(-2, -1)) / math.sqrt(q.shape[-1])
            compare(_np(weights), _np(ref_w), "the weights returned by " + what, {
                ZEROED: _np(ref.scaled_dot_product_attention(q, k, v)[1] * mask),
                ADDED: _np(torch.softmax(scaled + mask, dim=-1) * mask)})
            compare(_np(out), _np(ref_out), "the output returned by " + what)

            what = "scaled_dot_product_attention(q, k, v, causal=True)"
            out, weights = _run_sdpa(fn, q, k, v, what, causal=True)
            diagnosis = _causal_diagnosis(_pattern(weights), 5)
            ref_out, ref_w = ref.scaled_dot_product_attention(q, k, v, causal=True)
            if diagnosis and not (_pattern(weights) == _pattern(ref_w)).all():
                fail(f"{what}: {diagnosis}")
            compare(_np(weights), _np(ref_w), "the weights returned by " + what)
            compare(_np(out), _np(ref_out), "the output returned by " + what)

            what = "scaled_dot_product_attention(q, k, v, mask=mask, causal=True)"
            out, weights = _run_sdpa(fn, q, k, v, what, mask=mask, causal=True)
            ref_out, ref_w = ref.scaled_dot_product_attention(q, k, v, mask=mask, causal=True)
            both = "with both a mask and causal=True a key must be allowed by BOTH (mask & causal), but you kept"
            compare(_np(weights), _np(ref_w), "the weights returned by " + what, {
                both + " only the causal mask.": _np(ref.scaled_dot_product_attention(q, k, v, causal=True)[1]),
                both + " only the mask.": _np(ref.scaled_dot_product_attention(q, k, v, mask=mask)[1]),
                both + " either one (mask | causal): combine them with &, not |.": _np(ref.scaled_dot_product_attention(
                    q, k, v, mask=mask | ref.causal_mask(5, device=q.device))[1]),
            })
            compare(_np(out), _np(ref_out), "the output returned by " + what)


def check_empty_rows(fn) -> None:
    """A query whose mask row is all False gets zero weights and a zero output, never NaN."""
    __tracebackhide__ = True
    for device in devices():
        with device_leg(device):
            q, k, v = _qkv(5, device, batch=(2,), n_q=4, n_k=4)
            mask = torch.ones(2, 4, 4, dtype=torch.bool)
            mask[0, 1] = False
            mask[1, 3] = False
            mask[1, 0, 2:] = False
            mask = mask.to(device)
            what = "scaled_dot_product_attention(q, k, v, mask=mask) where query 1 of sequence 0 may attend to nothing"
            out, weights = _run_sdpa(fn, q, k, v, what, mask=mask)
            empty = _np(~mask.any(-1))
            w, o = _np(weights), _np(out)
            if np.isnan(w[empty]).any() or np.isnan(o[empty]).any():
                fail(f"{what}: that query's weights and output are NaN. With every score -inf the softmax divides "
                     "0 by 0; a NaN then spreads through every later layer and the loss. A query that may attend to "
                     "nothing must get zero weights and a zero output: e.g. "
                     "weights = weights.masked_fill(~mask, 0.0) after the softmax.")
            if not np.allclose(w[empty], 0) or not np.allclose(o[empty], 0):
                fail(f"{what}: that query should get zero weights and a zero output (it may attend to nothing), "
                     f"but got weights {fmt(w[empty])}. A very negative fill value (-1e9) spreads the weight "
                     "evenly over the forbidden keys instead; zero the weights of forbidden keys after the softmax.")
            ref_out, ref_w = ref.scaled_dot_product_attention(q, k, v, mask=mask)
            compare(w, _np(ref_w), "the weights returned by " + what)
            compare(o, _np(ref_out), "the output returned by " + what)


# ---------------------------------------------------------------------------------------------- part 2


def _build_mha(cls, d_model: int, n_heads: int) -> nn.Module:
    __tracebackhide__ = True
    module = call(cls, d_model, n_heads, what=f"MultiHeadSelfAttention({d_model}, {n_heads})")
    if not isinstance(module, nn.Module):
        fail("MultiHeadSelfAttention must be a subclass of torch.nn.Module.")
    layout = {"in_proj_weight": (3 * d_model, d_model), "in_proj_bias": (3 * d_model,)}
    for name, shape in layout.items():
        p = getattr(module, name, None)
        if not isinstance(p, nn.Parameter):
            fail(f"MultiHeadSelfAttention needs a parameter `{name}` of shape {shape}, laid out like "
                 f"torch.nn.MultiheadAttention (nn.Parameter(torch.empty({', '.join(map(str, shape))}))); found "
                 f"{type(p).__name__}.")
        if tuple(p.shape) != shape:
            fail(f"`{name}` should have shape {shape} (W_q, W_k and W_v stacked, PyTorch's Linear layout), "
                 f"found {tuple(p.shape)}.")
    out_proj = getattr(module, "out_proj", None)
    if not isinstance(out_proj, nn.Linear) or tuple(out_proj.weight.shape) != (d_model, d_model) \
            or out_proj.bias is None:
        fail(f"MultiHeadSelfAttention needs `out_proj = nn.Linear({d_model}, {d_model})` (with a bias).")
    return module


def _mha_variant(params: dict, x, mask, n_heads: int, scale_by: str = "head", split: str = "right",
                 out_proj: bool = True, merge: str | None = None, mask_on: str = "keys"):
    """Multi-head attention with one mistake: how heads are split (and merged back), the scale, no out_proj."""
    d_model = x.shape[-1]
    dh = d_model // n_heads
    q, k, v = nn.functional.linear(x, params["in_proj_weight"], params["in_proj_bias"]).chunk(3, dim=-1)
    B, N = x.shape[:2]

    def heads(t):
        if split == "right":
            return t.view(B, N, n_heads, dh).transpose(1, 2)
        if split == "no_transpose":
            return t.reshape(B, n_heads, N, dh)
        return t.view(B, N, dh, n_heads).permute(0, 3, 1, 2)  # head h takes every n_heads-th feature

    scale = {"head": 1 / math.sqrt(dh), "model": 1 / math.sqrt(d_model), "d": 1 / dh}[scale_by]
    key_mask = None if mask is None else {"keys": mask[:, None, None, :], "queries": mask[:, None, :, None],
                                          "inverted": ~mask[:, None, None, :], "none": None}[mask_on]
    o, _ = _attend(heads(q), heads(k), heads(v), scale, key_mask)
    merge = merge or split
    if merge == "right":
        o = o.transpose(1, 2).reshape(B, N, d_model)
    elif merge == "no_transpose":
        o = o.reshape(B, N, d_model)
    else:
        o = o.permute(0, 2, 3, 1).reshape(B, N, d_model)
    return nn.functional.linear(o, params["out_proj.weight"], params["out_proj.bias"]) if out_proj else o


def check_multi_head_attention(cls) -> None:
    """Same outputs as torch.nn.MultiheadAttention with the same weights, with and without padding."""
    __tracebackhide__ = True
    expect_raises(cls, ValueError, "MultiHeadSelfAttention(10, 3) (10 is not divisible by 3)", 10, 3)
    d_model, n_heads = 12, 3
    for device in devices():
        with device_leg(device):
            module = _build_mha(cls, d_model, n_heads).to(device, torch.float64)
            g = torch.Generator().manual_seed(seeded(7))
            # Seeded weights with non-zero biases: the result does not depend on the learner's init.
            chosen = {name: torch.randn(getattr(module, name).shape, generator=g, dtype=torch.float64) * 0.5
                      for name in ("in_proj_weight", "in_proj_bias")}
            chosen["out_proj.weight"] = torch.randn(d_model, d_model, generator=g, dtype=torch.float64) * 0.3
            chosen["out_proj.bias"] = torch.randn(d_model, generator=g, dtype=torch.float64) * 0.3
            set_parameters(module, chosen)
            params = {name: getattr(module, name).detach() for name in ("in_proj_weight", "in_proj_bias")}
            params.update({f"out_proj.{name}": getattr(module.out_proj, name).detach() for name in ("weight", "bias")})
            torch_mha = nn.MultiheadAttention(d_model, n_heads, batch_first=True).to(device, torch.float64)
            torch_mha.load_state_dict(params)
            x = torch.randn(3, 5, d_model, generator=g, dtype=torch.float64).to(device)
            mask = (torch.arange(5)[None, :] < torch.tensor([5, 3, 1])[:, None]).to(device)
            for m in (None, mask):
                what = f"MultiHeadSelfAttention({d_model}, {n_heads})(x{'' if m is None else ', mask'}) " \
                       f"for x of shape {tuple(x.shape)}"
                # module.forward (not module) so that common.call finds the learner's globals and swaps in the
                # reference scaled_dot_product_attention: a mistake there costs part 1, not this part too.
                with hints(BATCH_HINTS):
                    result = call(module.forward, x, what=what, helpers=HELPERS) if m is None else \
                        call(module.forward, x, m, what=what, helpers=HELPERS)
                out = result[0] if isinstance(result, tuple) else result
                if not isinstance(out, torch.Tensor):
                    fail(f"{what} must return (out, weights) with out a tensor of shape {tuple(x.shape)}.")
                if out.device != x.device:
                    fail(f"{what} returned a tensor on {out.device} for an input on {x.device}.")
                with torch.no_grad():
                    expected = torch_mha(x, x, x, key_padding_mask=None if m is None else ~m, need_weights=False)[0]
                    mistakes = {
                        f"the scores are scaled by sqrt(d_model) = sqrt({d_model}); each head attends in its own "
                        f"space of head_dim = d_model // n_heads = {d_model // n_heads} features, so divide by "
                        "sqrt(head_dim).": _mha_variant(params, x, m, n_heads, scale_by="model"),
                        f"the scores are divided by head_dim = {d_model // n_heads}; divide by its square root.":
                            _mha_variant(params, x, m, n_heads, scale_by="d"),
                        "the heads are split along the wrong axis: reshaping (B, N, d_model) straight to "
                        "(B, n_heads, N, head_dim) mixes positions. Split the features: view(B, N, n_heads, "
                        "head_dim), then transpose(1, 2).": _mha_variant(params, x, m, n_heads, split="no_transpose"),
                        "the heads are split along the wrong axis: reshaping (B, N, d_model) straight to "
                        "(B, n_heads, N, head_dim) mixes positions and features. Split the features: view(B, N, "
                        "n_heads, head_dim), then transpose(1, 2).":
                            _mha_variant(params, x, m, n_heads, split="no_transpose", merge="right"),
                        "the heads are split along the wrong axis: head h must own the contiguous features "
                        "h*head_dim .. (h+1)*head_dim - 1, i.e. view(B, N, n_heads, head_dim), not "
                        "view(B, N, head_dim, n_heads).": _mha_variant(params, x, m, n_heads, split="strided"),
                        "the heads are split along the wrong axis: head h must own the contiguous features "
                        "h*head_dim .. (h+1)*head_dim - 1, i.e. view(B, N, n_heads, head_dim), not view(B, N, "
                        "head_dim, n_heads), when you split them.":
                            _mha_variant(params, x, m, n_heads, split="strided", merge="right"),
                        "the output projection is missing: concatenate the heads, then apply out_proj.":
                            _mha_variant(params, x, m, n_heads, out_proj=False),
                        "the heads are merged back without transposing: (B, n_heads, N, head_dim) must become "
                        "(B, N, n_heads, head_dim) first, o.transpose(1, 2).reshape(B, N, d_model); reshaping "
                        "it directly mixes positions.": _mha_variant(params, x, m, n_heads, merge="no_transpose"),
                    }
                    if m is not None:
                        mistakes.update({
                            "the padding mask is ignored: pass it on to the attention, as mask[:, None, None, :] "
                            "(the same keys hidden for every head and query).":
                                _mha_variant(params, x, m, n_heads, mask_on="none"),
                            "the padding mask was applied to the queries, mask[:, None, :, None]; it must hide "
                            "the padded keys: mask[:, None, None, :].":
                                _mha_variant(params, x, m, n_heads, mask_on="queries"),
                            "the padding mask is used the wrong way round: True marks a real position (PyTorch's "
                            "key_padding_mask is the opposite); hide the keys where it is False.":
                                _mha_variant(params, x, m, n_heads, mask_on="inverted"),
                        })
                extra = "" if m is None else " (with the padding mask: mask is (B, N), True at real positions)"
                compare(_np(out), _np(expected), what + extra, {k_: _np(v_) for k_, v_ in mistakes.items()},
                        rtol=1e-6, atol=1e-8)


# ---------------------------------------------------------------------------------------------- part 3


def _pe_variants(n: int, d: int) -> dict[str, np.ndarray]:
    p = np.arange(n)[:, None]
    i = np.arange(d // 2)[None, :]
    j = np.arange(d)[None, :]

    def interleave(even, odd):
        pe = np.empty((n, d))
        pe[:, 0::2], pe[:, 1::2] = even, odd
        return pe

    angle = p / 10000 ** (2 * i / d)
    return {
        "sin and cos are swapped: even columns 2i take sin, odd columns 2i+1 take cos.":
            interleave(np.cos(angle), np.sin(angle)),
        "the frequency exponent is wrong: use 10000^(2i/d) where i is the pair index (columns 2i and 2i+1 "
        "share one frequency), not 10000^(i/d).":
            interleave(np.sin(p / 10000 ** (i / d)), np.cos(p / 10000 ** (i / d))),
        "the frequency exponent is wrong: columns 2i and 2i+1 share ONE frequency, 1/10000^(2i/d); you used "
        "each column's own index j in 10000^(j/d).": np.where(j % 2 == 0, np.sin(p / 10000 ** (j / d)),
                                                              np.cos(p / 10000 ** (j / d))),
        "the frequency exponent is wrong: you used 10000^(2j/d) with j the column index; the exponent is "
        "2i/d with i = j // 2 (the pair index).": np.where(j % 2 == 0, np.sin(p / 10000 ** (2 * j / d)),
                                                           np.cos(p / 10000 ** (2 * j / d))),
        "the position is multiplied by 10000^(2i/d); it must be divided: sin(p / 10000^(2i/d)).":
            interleave(np.sin(p * 10000 ** (2 * i / d)), np.cos(p * 10000 ** (2 * i / d))),
        "the sines and cosines are in two halves; they must alternate: column 2i is a sine, column 2i+1 the "
        "cosine of the same angle.": np.concatenate([np.sin(angle), np.cos(angle)], axis=1),
        "positions start at 1; the first position is p = 0 (its encoding is [0, 1, 0, 1, ...]).":
            interleave(np.sin((p + 1) / 10000 ** (2 * i / d)), np.cos((p + 1) / 10000 ** (2 * i / d))),
    }


def check_positional_encoding(fn) -> None:
    __tracebackhide__ = True
    for n, d in ((12, 8), (7, 16), (50, 6)):
        what = f"sinusoidal_positional_encoding({n}, {d})"
        got = as_float_array(call(fn, n, d, what=what), what)
        expected = _np(ref.sinusoidal_positional_encoding(n, d, dtype=torch.float64))
        compare(got, expected, what, _pe_variants(n, d), rtol=1e-5, atol=1e-5)


# ---------------------------------------------------------------------------------------------- part 4-5


def _bool_matrix(result, what: str, n: int) -> np.ndarray:
    __tracebackhide__ = True
    if not isinstance(result, torch.Tensor) or result.dtype != torch.bool:
        fail(f"{what} must return a torch tensor of dtype torch.bool (True = may attend), got "
             f"{getattr(result, 'dtype', type(result).__name__)}. Comparisons such as (i - j).abs() <= window "
             "already give bool.")
    if tuple(result.shape) != (n, n):
        fail(f"{what} must return shape ({n}, {n}), got {tuple(result.shape)}.")
    return _np(result)


def check_local_attention_mask(fn) -> None:
    __tracebackhide__ = True
    for n, window in ((7, 2), (6, 1), (4, 0), (5, 9)):
        what = f"local_attention_mask({n}, {window})"
        got = _bool_matrix(call(fn, n, window, what=what), what, n)
        i, j = np.indices((n, n))
        compare(got.astype(float), (abs(i - j) <= window).astype(float), what, {
            "positions exactly `window` steps away are left out: the window includes them, |i - j| <= window.":
                (abs(i - j) < window).astype(float),
            "the window reaches only to the left: it is symmetric, |i - j| <= window.":
                ((i - j >= 0) & (i - j <= window)).astype(float),
            "`window` is how far each side the window reaches (|i - j| <= window), not its total width.":
                (abs(i - j) <= window // 2).astype(float),
        }, f"\n(True where |i - j| <= {window})")


def check_graph_attention_mask(fn) -> None:
    __tracebackhide__ = True
    adjacency = torch.tensor([[0, 1, 0, 0, 1], [1, 0, 1, 0, 0], [0, 1, 0, 1, 0], [0, 0, 1, 0, 0],
                              [1, 0, 0, 0, 0]])
    for adj, label in ((adjacency, "an integer 0/1 adjacency"), (adjacency * 0.7, "a weighted adjacency (0.7)")):
        what = f"graph_attention_mask(adjacency) for {label}"
        got = _bool_matrix(call(fn, adj, what=what), what, 5)
        a = _np(adj) != 0
        compare(got.astype(float), (a | np.eye(5, dtype=bool)).astype(float), what, {
            "a node must also attend to itself: add the diagonal (| torch.eye(n, dtype=torch.bool)).":
                a.astype(float),
            "every non-zero entry of the adjacency is an edge (adjacency != 0), whatever its weight.":
                np.eye(5),
        }, f"\nfor adjacency\n{fmt(_np(adj))}")


# ---------------------------------------------------------------------------------------------- part 6


def _chunked_variants(q, k, v, c: int) -> dict[str, torch.Tensor]:
    """What a learner with each mistake returns (same loop as the reference, one step wrong)."""
    d = q.shape[-1]
    out = {}
    for name in ("no_rescale", "no_scale", "drop_last"):
        qs = q if name == "no_scale" else q / math.sqrt(d)
        m = torch.full((*q.shape[:-1], 1), float("-inf"), dtype=q.dtype)
        l = torch.zeros_like(m)  # noqa: E741
        acc = torch.zeros((*q.shape[:-1], v.shape[-1]), dtype=q.dtype)
        stop = k.shape[-2] - c + 1 if name == "drop_last" else k.shape[-2]
        for s0 in range(0, stop, c):
            s = qs @ k[..., s0:s0 + c, :].transpose(-2, -1)
            m_new = torch.maximum(m, s.amax(-1, keepdim=True))
            p = torch.exp(s - m_new)
            r = torch.ones_like(m) if name == "no_rescale" else torch.exp(m - m_new)
            l, acc, m = l * r + p.sum(-1, keepdim=True), acc * r + p @ v[..., s0:s0 + c, :], m_new  # noqa: E741
        out[name] = acc / l
    return {
        "earlier partial sums are not rescaled: when a new chunk raises the running maximum from m_old to "
        "m_new, multiply the running sum AND the running output by exp(m_old - m_new) before adding the new "
        "chunk.": out["no_rescale"],
        "the scores are not scaled: divide q @ k^T by sqrt(d_k), as in scaled_dot_product_attention.":
            out["no_scale"],
        "the last chunk is missing: when N is not a multiple of chunk_size the last chunk is shorter; "
        "range(0, N, chunk_size) covers it.": out["drop_last"],
    }


def check_chunked_attention(fn) -> None:
    """Exact against the plain attention (float32, 1e-5), with chunks that do not divide N, large scores."""
    __tracebackhide__ = True
    for device in devices():
        with device_leg(device):
            for seed, (n_q, n_k, c, scale) in enumerate([(6, 20, 8, 1.0), (9, 33, 5, 3.0), (4, 16, 16, 1.0)]):
                q, k, v = _qkv(seed, device, batch=(2,), n_q=n_q, n_k=n_k, d=8, d_v=3, dtype=torch.float32, scale=scale)
                what = f"chunked_attention(q, k, v, chunk_size={c}) for {n_k} keys"
                got = call(fn, q, k, v, c, what=what)
                if not isinstance(got, torch.Tensor):
                    fail(f"{what} must return the output tensor only (shape {tuple(q.shape[:-1]) + (3,)}).")
                expected = ref.scaled_dot_product_attention(q.double(), k.double(), v.double())[0]
                mistakes = _chunked_variants(q.double().cpu(), k.double().cpu(), v.double().cpu(), c)
                compare(_np(got), _np(expected), what, {m: _np(w) for m, w in mistakes.items()}, rtol=1e-5, atol=1e-5)
            q, k, v = _qkv(9, device, batch=(1,), n_q=3, n_k=12, d=8, d_v=2, dtype=torch.float32, scale=40.0)
            what = "chunked_attention(q, k, v, chunk_size=4) with scores in the hundreds"
            got = _np(call(fn, q, k, v, 4, what=what))
            if not np.all(np.isfinite(got)):
                fail(f"{what} returned NaN or inf: exp of a large score overflows float32. Subtract the running "
                     "maximum before exp (and rescale the partial sums when it changes).")
            compare(got, _np(ref.scaled_dot_product_attention(q.double(), k.double(), v.double())[0]), what,
                    rtol=1e-4, atol=1e-4)


def check_chunked_attention_memory(fn) -> None:
    """No tensor of N_q x N_k scores ever exists: on N = 4096 the call's peak memory, measured from outside the
    learner's process, stays under half of one such matrix (only the shapes it makes, where that cannot be read).

    A first, small call loads what PyTorch loads on first use (libraries, threads), which is not the learner's."""
    __tracebackhide__ = True
    n_q, n_k, c = 4096, 4096, 128
    q, k, v = _qkv(11, "cpu", batch=(1,), n_q=n_q, n_k=n_k, d=16, d_v=5, dtype=torch.float32)
    what = f"chunked_attention(q, k, v, chunk_size={c}) with {n_q} queries and {n_k} keys"
    call(fn, q[:, :64], k[:, :3 * c], v[:, :3 * c], c, what=what.replace(str(n_q), "64", 1))
    out, peak = call(fn, q, k, v, c, what=what, watch="peak_memory")
    matrix = n_q * n_k * 4  # bytes of one float32 N_q x N_k matrix
    if peak is None:
        n_q, n_k, c = 24, 40, 8
        q, k, v = q[:, :n_q], k[:, :n_k], v[:, :n_k]
        what = f"chunked_attention(q, k, v, chunk_size={c}) with {n_q} queries and {n_k} keys"
        out, shapes = call(fn, q, k, v, c, what=what, watch="shapes")
        full = [s for s in shapes if len(s) >= 2 and s[-1] == n_k and s[-2] == n_q]
        peak = matrix if full else 0
    if peak >= matrix * 7 // 8:  # the full matrix needs all 64 MiB at once; correct chunking peaked at 12-40
        fail(f"{what} needed {peak / 2**20:.0f} MiB more memory at its peak: all the scores at once (one "
             f"{n_q} x {n_k} matrix of float32 is {matrix / 2**20:.0f} MiB). That is the N x N matrix the "
             f"chunked version exists to avoid; compute scores for one chunk of {c} keys at a time, "
             f"q @ k[..., start:start + {c}, :].transpose(-2, -1).")
    # Values are graded by check_chunked_attention; here only the shape, so each mistake costs one part.
    if not isinstance(out, torch.Tensor) or tuple(out.shape) != (1, n_q, 5):
        fail(f"{what} must return a tensor of shape (1, {n_q}, 5), got {getattr(out, 'shape', type(out).__name__)}.")


# ---------------------------------------------------------------------------------------------- part 7


def check_positional_tagger(model, min_accuracy: float = 0.95, seed: int = 12345) -> None:
    """The trained tagger reaches ``min_accuracy`` on fresh held-out data of the left-neighbour task."""
    __tracebackhide__ = True
    params = trained_model(model, "tagger", "PositionalTagger", "`tagger` must have forward(tokens, mask).")
    upstream = lambda: first_failing_part(model, [  # noqa: E731 (run only when the tagger fails)
        ("part 1 (scaled_dot_product_attention)", "scaled_dot_product_attention",
         check_scaled_dot_product_attention),
        ("part 1 (scaled_dot_product_attention with masks)", "scaled_dot_product_attention", check_attention_masks),
        ("part 2 (MultiHeadSelfAttention)", "MultiHeadSelfAttention", check_multi_head_attention),
        ("part 3 (sinusoidal_positional_encoding)", "sinusoidal_positional_encoding", check_positional_encoding)])
    try:
        acc = held_out_tagging_accuracy(model, make_left_neighbour_tagging(1000, seed=seeded(seed)), params)
    except GradingError as exc:
        fail(f"{exc} {upstream() or ''}".strip())
    if not acc >= min_accuracy:
        advice = upstream() or ("Near 33% means it cannot see positions: add sinusoidal_positional_encoding(N, "
                                "d_model) to the embeddings before the attention layer (and keep the residual "
                                "connections).")
        fail(f"your tagger tags {acc:.1%} of held-out cards correctly; it needs at least {min_accuracy:.0%}. "
             + advice)
    # Returns nothing on purpose: nbgrader would read a returned number as partial credit.



# ---------------------------------------------------------------------------------------------- part 8


def _block_layout(d_model: int, d_ff: int) -> dict[str, tuple[int, ...]]:
    """The parameters of ``torch.nn.TransformerEncoderLayer`` by name and shape: the block must have them all."""
    return {"self_attn.in_proj_weight": (3 * d_model, d_model), "self_attn.in_proj_bias": (3 * d_model,),
            "self_attn.out_proj.weight": (d_model, d_model), "self_attn.out_proj.bias": (d_model,),
            "linear1.weight": (d_ff, d_model), "linear1.bias": (d_ff,), "linear2.weight": (d_model, d_ff),
            "linear2.bias": (d_model,), "norm1.weight": (d_model,), "norm1.bias": (d_model,),
            "norm2.weight": (d_model,), "norm2.bias": (d_model,)}


def _build_block(cls, d_model: int, n_heads: int, d_ff: int, dropout: float, norm_first: bool, device):
    """The learner's block in eval mode and float64 on ``device``, after checking its parameter names."""
    __tracebackhide__ = True
    what = f"TransformerEncoderBlock({d_model}, {n_heads}, d_ff={d_ff}, dropout={dropout}, norm_first={norm_first})"
    block = call(cls, d_model, n_heads, what=what, d_ff=d_ff, dropout=dropout, norm_first=norm_first)
    if not isinstance(block, nn.Module):
        fail("TransformerEncoderBlock must be a subclass of torch.nn.Module.")
    found = {name: tuple(p.shape) for name, p in block.named_parameters()}
    for name, shape in _block_layout(d_model, d_ff).items():
        if name not in found:
            fail(f"{what} has no parameter `{name}`. Name the parts as torch.nn.TransformerEncoderLayer does, so "
                 "that its weights load into yours: self.self_attn = MultiHeadSelfAttention(d_model, n_heads), "
                 "self.linear1 = nn.Linear(d_model, d_ff), self.linear2 = nn.Linear(d_ff, d_model), "
                 "self.norm1 = nn.LayerNorm(d_model), self.norm2 = nn.LayerNorm(d_model).")
        if found[name] != shape:
            fail(f"{what}: `{name}` should have shape {shape}, found {found[name]}.")
    block = block.to(device, torch.float64)
    block.eval()
    return block, what


def _block_weights(d_model: int, d_ff: int, seed: int) -> dict[str, torch.Tensor]:
    """Seeded weights with non-trivial biases and norm gains, so that every parameter's place shows."""
    g = torch.Generator().manual_seed(seed)
    weights = {}
    for name, shape in _block_layout(d_model, d_ff).items():
        noise = torch.randn(shape, generator=g, dtype=torch.float64)
        if name.startswith("norm") and name.endswith("weight"):
            weights[name] = 1 + 0.3 * noise
        else:
            weights[name] = noise * (shape[-1] ** -0.5 if len(shape) == 2 else 0.3)
    return weights


def _block_variant(w: dict, x, mask, attend, norm_first: bool, mistake: str | None = None) -> torch.Tensor:
    """What a block with one ``mistake`` returns in eval mode; ``attend(h, m)`` is the attention's output."""
    def norm(h, i):
        return nn.functional.layer_norm(h, h.shape[-1:], w[f"norm{i}.weight"], w[f"norm{i}.bias"], 1e-5)

    def ffn(h):
        inner = nn.functional.linear(h, w["linear1.weight"], w["linear1.bias"])
        return nn.functional.linear(inner if mistake == "no_relu" else torch.relu(inner), w["linear2.weight"],
                                    w["linear2.bias"])

    m = {"mask_inverted": None if mask is None else ~mask, "mask_ignored": None}.get(mistake, mask)
    pre = norm_first != (mistake == "norm_order_swapped")

    def sublayer(h, f, i, residual: bool):
        keep = h if residual else 0
        if mistake == "norm_inside":
            return keep + norm(f(h), i)
        if not pre:
            return norm(keep + f(h), i)
        normed = norm(h, i)
        return (normed if mistake == "residual_from_normed" and residual else keep) + f(normed)

    h = sublayer(x, lambda h: attend(h, m), 1, mistake != "no_attn_residual")
    return sublayer(h, ffn, 2, mistake != "no_ffn_residual")


def _block_mistakes(norm_first: bool, masked: bool) -> dict[str, str]:
    """Mistake name -> what the learner reads, for the mistakes that can show in this case."""
    order = ("norm_first=True asks for pre-norm, but the block normalises after each residual sum (post-norm). "
             "Pre-norm normalises each sublayer's input and leaves the sum alone: x = x + sublayer(norm(x))."
             if norm_first else
             "norm_first=False asks for post-norm (the original Transformer), but the block normalises each "
             "sublayer's input (pre-norm). Post-norm normalises the residual sum: x = norm(x + sublayer(x)).")
    mistakes = {
        "no_attn_residual": "the residual connection around self-attention is missing: add the attention's output "
                            "to its input (post-norm: norm1(x + attention(x)); pre-norm: x + attention(norm1(x))).",
        "no_ffn_residual": "the residual connection around the feed-forward network is missing: add its output to "
                           "its input (post-norm: norm2(x + ffn(x)); pre-norm: x + ffn(norm2(x))).",
        "norm_order_swapped": "the layer norm is in the wrong place: " + order,
        "norm_inside": "the layer norm is in the wrong place: it normalises the sublayer's output before the "
                       "residual sum, x + norm(sublayer(x)). Post-norm normalises the sum, norm(x + sublayer(x)); "
                       "pre-norm the sublayer's input, x + sublayer(norm(x)).",
        "no_relu": "the feed-forward network has no ReLU between its linear layers: linear2(relu(linear1(x))).",
    }
    if norm_first:
        mistakes["residual_from_normed"] = (
            "the layer norm is in the wrong place: in pre-norm the residual path carries the un-normalised x past "
            "the sublayer, x = x + sublayer(norm(x)), not norm(x) + sublayer(norm(x)).")
    if masked:
        mistakes["mask_inverted"] = (
            "the padding mask is used the wrong way round: the course's mask is True at REAL positions and your "
            "MultiHeadSelfAttention takes it as it is, self.self_attn(x, mask). (~mask is PyTorch's "
            "src_key_padding_mask, True where a key is to be ignored.)")
        mistakes["mask_ignored"] = (
            "the padding mask does not reach self-attention, so padded positions change the outputs at real "
            "positions: pass it on, self.self_attn(x, mask).")
    return mistakes


def _agree(a: torch.Tensor, b: torch.Tensor, rtol: float = 1e-6, atol: float = 1e-8) -> bool:
    a, b = _np(a), _np(b)
    return a.shape == b.shape and bool(np.all(np.isfinite(a))) and np.allclose(a, b, rtol=rtol, atol=atol)


class _LearnerAttention:
    """The learner's own ``block.self_attn`` as the attention sublayer (memoised): a block built on a wrong
    MultiHeadSelfAttention is judged on what the block adds around it, so that mistake costs only part 2."""

    def __init__(self, block):
        self.forward, self.seen = block.self_attn.forward, {}

    def __call__(self, h: torch.Tensor, m) -> torch.Tensor:
        __tracebackhide__ = True
        key = (_np(h).tobytes(), None if m is None else _np(m).tobytes())
        if key not in self.seen:
            args = (h,) if m is None else (h, m)
            result = call(self.forward, *args, what="your block's self_attn(x, mask)", helpers=HELPERS)
            self.seen[key] = (result[0] if isinstance(result, tuple) else result).detach()
        return self.seen[key]


def _diagnose_block(block, w, x, mask, got, expected, attend, norm_first: bool, what: str) -> None:
    """The block's output is wrong: name the mistake, else say where it shows."""
    __tracebackhide__ = True
    real = torch.ones(x.shape[:2], dtype=torch.bool, device=x.device) if mask is None else mask
    args = (x,) if mask is None else (x, mask)
    if not torch.equal(_forward(block, args, what), got):
        fail(f"{what}: dropout is active in eval mode (two calls on the same input gave different outputs). Use "
             "nn.Dropout modules, which switch off when the block is put in eval() mode, or F.dropout(h, p, "
             "training=self.training).")
    for mistake, message in _block_mistakes(norm_first, mask is not None).items():
        if _agree(got[real], _block_variant(w, x, mask, attend, norm_first, mistake)[real]):
            fail(f"{what}: {message}")
    _check_position_wise(block, w, x, what)
    if mask is not None:
        g = torch.Generator().manual_seed(5)
        moved = x.masked_fill(~mask[..., None], 0) + torch.randn(x.shape, generator=g, dtype=x.dtype).to(
            x.device) * (~mask[..., None])
        if not _agree(_forward(block, (moved, mask), what)[mask], got[mask]):
            fail(f"{what}: changing the vectors at padded positions changed the outputs at real positions: a "
                 "padded position must never be attended to. Pass the mask (True at real positions) to "
                 "self.self_attn.")
    compare(_np(got[real]), _np(expected[real]), what + " (at the real positions)")


def _forward(block, args: tuple, what: str) -> torch.Tensor:
    __tracebackhide__ = True
    # block.forward (not block) so that common.call finds the learner's globals and swaps in the reference
    # scaled_dot_product_attention: a mistake there costs part 1, not this part too.
    out = call(block.forward, *args, what=what, helpers=HELPERS)
    if not isinstance(out, torch.Tensor):
        fail(f"{what} must return one tensor of shape {tuple(args[0].shape)}, found {type(out).__name__}.")
    if out.device != args[0].device:
        fail(f"{what} returned a tensor on {out.device} for an input on {args[0].device}.")
    return out.detach()


def _check_position_wise(block, w: dict, x, what: str) -> None:
    """With the attention's output projection at zero the block must act on each position alone (``w``: the
    weights to put back)."""
    __tracebackhide__ = True
    out_proj = ("self_attn.out_proj.weight", "self_attn.out_proj.bias")
    set_parameters(block, {name: torch.zeros_like(w[name]) for name in out_proj})
    try:
        _fails_if_positions_mix(block, x, what)
    finally:
        set_parameters(block, {name: w[name] for name in out_proj})


def _fails_if_positions_mix(block, x, what: str) -> None:
    __tracebackhide__ = True
    try:
        if not bool((_LearnerAttention(block)(x, None) == 0).all()):
            return  # the learner's attention does not give zero there: this test could not tell
    except GradingError:
        return  # its self_attn is not called as self_attn(x, mask): this test could not tell
    before = _forward(block, (x,), what)
    nudged = x.clone()
    # Not a constant shift: layer norm would remove it.
    nudged[0, 1] += torch.linspace(-1, 1, x.shape[-1], dtype=x.dtype, device=x.device)
    changed = (_forward(block, (nudged,), what) - before).abs().amax(-1) > 1e-9
    changed[0, 1] = False
    if bool(changed.any()):
        fail(f"{what}: the feed-forward network mixes positions. With the attention's output at zero, changing the "
             "vector at one position changed the block's output at others. It is position-wise: the same "
             "linear1 -> ReLU -> linear2 applied to each position's vector on its own (nn.Linear on (B, N, "
             "d_model) already does that; no reshape or transpose across positions).")


def _judge_block(block, w, x, mask, got, expected, ref_attention, norm_first: bool, what: str) -> None:
    """The block disagrees with PyTorch's. If its own attention (part 2) is what differs, judge it around that
    attention; else name the mistake."""
    __tracebackhide__ = True
    attend = ref_attention
    inputs = (x, nn.functional.layer_norm(x, x.shape[-1:], w["norm1.weight"], w["norm1.bias"]))
    try:
        learner_attention = _LearnerAttention(block)
        if not all(_agree(learner_attention(h, mask), ref_attention(h, mask)) for h in inputs):
            attend = learner_attention
            expected = _block_variant(w, x, mask, attend, norm_first)
    except GradingError:
        pass  # its self_attn is not called as self_attn(x, mask) (e.g. torch.nn.MultiheadAttention)
    real = torch.ones(x.shape[:2], dtype=torch.bool, device=x.device) if mask is None else mask
    if not _agree(got[real], expected[real]):
        _diagnose_block(block, w, x, mask, got, expected, attend, norm_first, what)


def _expect_dropout_in_training(block, x, mask, built: str) -> None:
    """In training mode dropout draws a new mask on every call: two calls on the same input differ."""
    __tracebackhide__ = True
    block.train()
    what = f"{built}(x, mask) in training mode"
    if torch.equal(_forward(block, (x, mask), what), _forward(block, (x, mask), what)):
        fail(f"{what} gave the same output twice: dropout is missing. Wrap each sublayer's output in "
             "nn.Dropout(dropout) (and the FFN's hidden layer too), as torch.nn.TransformerEncoderLayer does; "
             "put in eval() mode, the block then switches it off by itself.")
    block.eval()


def _reference_attention(w: dict, d_model: int, n_heads: int, device):
    """The attention sublayer of a correct block with weights ``w``: ``attend(h, mask)`` -> its output."""
    module = ref.MultiHeadSelfAttention(d_model, n_heads).to(device, torch.float64)
    module.load_state_dict({k.removeprefix("self_attn."): v for k, v in w.items() if k.startswith("self_attn.")})
    return lambda h, m: module(h, m)[0]


def check_encoder_block(cls) -> None:
    """Same outputs as torch.nn.TransformerEncoderLayer(batch_first=True) with the same weights, in eval mode,
    post-norm and pre-norm, with and without a padding mask (compared at the real positions)."""
    __tracebackhide__ = True
    d_model, n_heads, d_ff, dropout = 8, 2, 12, 0.25
    for device in devices():
        with device_leg(device):
            g = torch.Generator().manual_seed(8)
            x = torch.randn(3, 6, d_model, generator=g, dtype=torch.float64).to(device)
            mask = (torch.arange(6)[None, :] < torch.tensor([6, 4, 1])[:, None]).to(device)
            for norm_first in (False, True):
                block, built = _build_block(cls, d_model, n_heads, d_ff, dropout, norm_first, device)
                w = {k: v.to(device) for k, v in _block_weights(d_model, d_ff, seed=11).items()}
                set_parameters(block, w)
                theirs = nn.TransformerEncoderLayer(d_model, n_heads, dim_feedforward=d_ff, dropout=dropout,
                                                    norm_first=norm_first, batch_first=True)
                theirs = theirs.to(device, torch.float64).eval()
                theirs.load_state_dict(w)
                ref_attention = _reference_attention(w, d_model, n_heads, device)
                for m in (mask, None):
                    what = f"{built}(x{'' if m is None else ', mask'}) in eval mode, for x of shape {tuple(x.shape)}"
                    got = _forward(block, (x,) if m is None else (x, m), what)
                    with torch.no_grad():
                        expected = theirs(x, src_key_padding_mask=None if m is None else ~m)
                    if got.shape != expected.shape:
                        fail(f"{what} returned shape {tuple(got.shape)}, expected {tuple(expected.shape)}.")
                    real = torch.ones_like(mask) if m is None else m  # PyTorch may zero the padded rows
                    if not _agree(got[real], expected[real]):
                        _judge_block(block, w, x, m, got, expected, ref_attention, norm_first, what)
                _expect_dropout_in_training(block, x, mask, built)
    # Returns nothing on purpose: nbgrader would read a returned number as partial credit.



def check_encoder_block_device(cls) -> None:
    """The block runs on any device: on PyTorch's meta device, with and without a mask (see checks.devices)."""
    __tracebackhide__ = True
    d_model, n_heads, d_ff = 8, 2, 12
    for norm_first in (False, True):
        built = f"TransformerEncoderBlock({d_model}, {n_heads}, d_ff={d_ff}, norm_first={norm_first})"
        block = call(cls, d_model, n_heads, what=built, d_ff=d_ff, dropout=0.1, norm_first=norm_first)
        if not isinstance(block, nn.Module):
            fail("TransformerEncoderBlock must be a subclass of torch.nn.Module.")
        block = block.to("meta")
        block.eval()
        x, mask = torch.empty(2, 5, d_model, device="meta"), torch.ones(2, 5, dtype=torch.bool, device="meta")
        for args in ((x, mask), (x,)):
            what = f"{built}(x{', mask' if len(args) == 2 else ''}) for x on another device than the CPU"
            result = run_on_meta(block.forward, args, what, HELPERS)
            expect_on((result,), "meta", what)


__all__ = [name for name in dir() if name.startswith("check_")] + ["GradingError"]
