"""Checks of the SelfAttention module: values, mask and device."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from autograder import reference as ref
from autograder.checks.common import call, close, compare, fail, hints, pair, seeded
from autograder.checks.contracts import Clause, both, built, contract, omits, on_meta, passes, some
from autograder.checks.devices import expect_on, on_each_device, run_on_meta
from autograder.checks.self_attention.scores import HELPERS
from autograder.messages import say, template


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
                    "SelfAttention needs an attribute {name} that is an nn.Linear; "
                    "found {layer_type}.",
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
                    "{name} should map {fan_in} features to {fan_out}, so nn.Linear({fan_in}, "
                    "{fan_out}, bias=False); its weight has shape {shape}.",
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
                "everything on the device of the input.",
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
            "the mask was applied to the queries (rows) instead of the keys (columns): your real "
            "positions still attend to the padding, and only the padded rows changed. Padding is "
            "about which vectors may be attended to: mask the key axis, mask[:, None, :] "
            "(mask.unsqueeze(1)), so every padded column gets weight 0."
        )
    # sequences with padding: their real keys must get weight, the padded ones none
    padded = ~real.all(-1)
    gets = (w != 0) | np.isnan(w)
    if (gets[padded] == ~real[padded][:, None, :]).all():
        return say(
            "the mask is used the wrong way round: True marks a REAL position (the course's "
            "convention, the opposite of PyTorch's key_padding_mask), so hide the keys where it is "
            "False: scores.masked_fill(~mask[:, None, :], float('-inf'))."
        )
    zeroed = torch.softmax(scores.masked_fill(~mask[:, None, :], 0.0), dim=-1).cpu().numpy()
    if close(w[real], zeroed[real]):
        return say(
            "multiplying the scores by the mask sets the padded scores to 0, not -inf: exp(0) "
            "still gives the padding weight. Fill them with -inf before the softmax: "
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
                "{what}: padded positions receive attention weight (up to {max:.4f}). Set the "
                "scores of padded keys to -inf (or a very negative number) before the softmax, "
                "e.g. scores.masked_fill(~mask[:, None, :], float('-inf')).",
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
                "the padded keys were zeroed after the softmax, so each row no longer sums to 1: "
                "mask the scores before the softmax (masked_fill with -inf), or divide by the new "
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
                "Create new tensors on the input's device (device=x.device), or use masked_fill / "
                "torch.zeros_like."
            ),
            on_cpu=(twin, args),
        )
        if result is not None:
            expect_on(pair(result, what, ("out", "weights")), "meta", what)
