"""Checks of the encoder block, judged around the learner's own attention."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from autograder import reference as ref
from autograder.checks.common import GradingError, call, compare, fail, set_parameters
from autograder.checks.contracts import Clause, built, contract, omits, on_meta, passes, some
from autograder.checks.devices import expect_on, on_each_device, run_on_meta
from autograder.checks.transformer_block.block_variants import (
    _block_mistakes,
    _block_variant,
    _block_weights,
    _build_block,
)
from autograder.checks.transformer_layer.attention import HELPERS, _np
from autograder.messages import say


def _agree(a: torch.Tensor, b: torch.Tensor, rtol: float = 1e-6, atol: float = 1e-8) -> bool:
    a, b = _np(a), _np(b)
    return (
        a.shape == b.shape
        and bool(np.all(np.isfinite(a)))
        and np.allclose(a, b, rtol=rtol, atol=atol)
    )


class _LearnerAttention:
    """The learner's own ``block.self_attn`` as the attention sublayer (memoised): a block built on
    a wrong MultiHeadSelfAttention is judged on what the block adds around it, so that mistake costs
    nothing here."""

    def __init__(self, block):
        self.forward, self.seen = block.self_attn.forward, {}

    def __call__(self, h: torch.Tensor, m) -> torch.Tensor:
        __tracebackhide__ = True
        key = (_np(h).tobytes(), None if m is None else _np(m).tobytes())
        if key not in self.seen:
            args = (h,) if m is None else (h, m)
            result = call(
                self.forward, *args, what=say("your block's self_attn(x, mask)"), helpers=HELPERS
            )
            self.seen[key] = (result[0] if isinstance(result, tuple) else result).detach()
        return self.seen[key]


def _diagnose_block(block, w, x, mask, got, expected, attend, norm_first: bool, what: str) -> None:
    """The block's output is wrong: name the mistake, else say where it shows."""
    __tracebackhide__ = True
    real = torch.ones(x.shape[:2], dtype=torch.bool, device=x.device) if mask is None else mask
    args = (x,) if mask is None else (x, mask)
    if not torch.equal(_forward(block, args, what), got):
        fail(
            say(
                "{what}: dropout is active in eval mode (two calls on the same input gave "
                "different outputs). Use nn.Dropout modules, which switch off when the block is "
                "put in eval() mode, or F.dropout(h, p, training=self.training).",
                what=what,
            )
        )
    for mistake, message in _block_mistakes(norm_first, mask is not None).items():
        if _agree(got[real], _block_variant(w, x, mask, attend, norm_first, mistake)[real]):
            fail(say("{what}: {message}", what=what, message=message))
    _check_position_wise(block, w, x, what)
    if mask is not None:
        g = torch.Generator().manual_seed(5)
        moved = x.masked_fill(~mask[..., None], 0) + torch.randn(
            x.shape, generator=g, dtype=x.dtype
        ).to(x.device) * (~mask[..., None])
        if not _agree(_forward(block, (moved, mask), what)[mask], got[mask]):
            fail(
                say(
                    "{what}: changing the vectors at padded positions changed the outputs at real "
                    "positions: a padded position must never be attended to. Pass the mask (True "
                    "at real positions) to self.self_attn.",
                    what=what,
                )
            )
    compare(_np(got[real]), _np(expected[real]), say("{what} (at the real positions)", what=what))


def _forward(block, args: tuple, what: str) -> torch.Tensor:
    __tracebackhide__ = True
    # block.forward (not block) so that common.call finds the learner's globals and swaps in the
    # reference scaled_dot_product_attention: a mistake there (assignment 05) costs nothing here.
    out = call(block.forward, *args, what=what, helpers=HELPERS)
    if not isinstance(out, torch.Tensor):
        fail(
            say(
                "{what} must return one tensor of shape {shape}, found {out_type}.",
                what=what,
                shape=tuple(args[0].shape),
                out_type=type(out).__name__,
            )
        )
    if out.device != args[0].device:
        fail(
            say(
                "{what} returned a tensor on {device} for an input on {device2}.",
                what=what,
                device=out.device,
                device2=args[0].device,
            )
        )
    return out.detach()


def _check_position_wise(block, w: dict, x, what: str) -> None:
    """With the attention's output projection at zero the block must act on each position alone
    (``w``: the weights to put back). Only for an attention laid out as PyTorch's (its out_proj
    is known)."""
    __tracebackhide__ = True
    out_proj = ("self_attn.out_proj.weight", "self_attn.out_proj.bias")
    if not all(name in w for name in out_proj):
        return
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
        fail(
            say(
                "{what}: the feed-forward network mixes positions. With the attention's output at "
                "zero, changing the vector at one position changed the block's output at others. "
                "It is position-wise: the same linear1 -> ReLU -> linear2 applied to each "
                "position's vector on its own (nn.Linear on (B, N, d_model) already does that; no "
                "reshape or transpose across positions).",
                what=what,
            )
        )


def _judge_block(
    block, w, x, mask, got, expected, ref_attention, norm_first: bool, what: str
) -> None:
    """The block disagrees with PyTorch's. If its own attention (part 2) is what differs, judge it
    around that attention; else name the mistake."""
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
    """In training mode dropout draws a new mask on every call: two calls on the same
    input differ."""
    __tracebackhide__ = True
    block.train()
    what = say("{built}(x, mask) in training mode", built=built)
    if torch.equal(_forward(block, (x, mask), what), _forward(block, (x, mask), what)):
        fail(
            say(
                "{what} gave the same output twice: dropout is missing. Wrap each sublayer's "
                "output in nn.Dropout(dropout) (and the FFN's hidden layer too), as "
                "torch.nn.TransformerEncoderLayer does; put in eval() mode, the block then "
                "switches it off by itself.",
                what=what,
            )
        )
    block.eval()


def _own_attention(block, built: str):
    """The learner's attention, named its own way, as the attention sublayer: called as
    self_attn(x, mask)."""
    __tracebackhide__ = True
    attend = _LearnerAttention(block)
    try:
        attend(
            torch.zeros(
                1,
                2,
                block.norm1.weight.shape[0],
                dtype=torch.float64,
                device=block.norm1.weight.device,
            ),
            None,
        )
    except GradingError as exc:
        fail(
            say(
                "{built}: its self_attn has parameters of its own names (not "
                "torch.nn.MultiheadAttention's), so the block is judged around it as your block "
                "calls it, self.self_attn(x, mask), returning (out, weights); that call failed: "
                "{exc}",
                built=built,
                exc=exc,
            )
        )
    return attend


def _reference_attention(w: dict, d_model: int, n_heads: int, device):
    """The attention sublayer of a correct block with weights ``w``: ``attend(h, mask)`` ->
    its output."""
    module = ref.MultiHeadSelfAttention(d_model, n_heads).to(device, torch.float64)
    module.load_state_dict(
        {k.removeprefix("self_attn."): v for k, v in w.items() if k.startswith("self_attn.")}
    )
    return lambda h, m: module(h, m)[0]


@contract(
    Clause(
        "post-norm",
        "norm_first=False: x = norm1(x + attention(x)), then x = norm2(x + ffn(x)).",
        built(lambda c: c.kwargs.get("norm_first") is False),
    ),
    Clause(
        "pre-norm",
        "norm_first=True: x = x + attention(norm1(x)), then x = x + ffn(norm2(x)).",
        built(lambda c: c.kwargs.get("norm_first") is True),
    ),
    Clause("residuals", "A residual connection around each sublayer.", passes("x")),
    Clause(
        "position-wise ffn",
        "ffn(x) = linear2(dropout(relu(linear1(x)))), the same at every position.",
        passes("x"),
    ),
    Clause(
        "padding mask",
        "The padding mask (B, N), True at real positions, passed on to the attention.",
        passes("mask", lambda m: m is not None and (~m).any()),
    ),
    Clause("no mask", "mask=None when it is not given.", omits("mask")),
    Clause(
        "dropout off in eval",
        "In eval mode dropout is off and the block deterministic.",
        passes("x"),
    ),
    Clause(
        "dropout in training",
        "nn.Dropout(dropout) modules: in training mode dropout is on.",
        passes("x"),
    ),
)
def check_encoder_block(cls) -> None:
    """Same outputs as torch.nn.TransformerEncoderLayer(batch_first=True) with the same weights, in
    eval mode, post-norm and pre-norm, with and without a padding mask (compared at the real
    positions). A block whose attention names its parameters otherwise than PyTorch is judged around
    that attention: its linear and norm layers get the chosen weights, and the expected output is
    what a correct block computes with that attention."""
    __tracebackhide__ = True
    d_model, n_heads, d_ff, dropout = 8, 2, 12, 0.25
    on_each_device(_check_encoder_block_on, cls, d_model, n_heads, d_ff, dropout)


def _check_encoder_block_on(cls, d_model, n_heads, d_ff, dropout, device) -> None:
    __tracebackhide__ = True
    g = torch.Generator().manual_seed(8)
    x = torch.randn(3, 6, d_model, generator=g, dtype=torch.float64).to(device)
    mask = (torch.arange(6)[None, :] < torch.tensor([6, 4, 1])[:, None]).to(device)
    for norm_first in (False, True):
        block, built, torch_layout = _build_block(
            cls, d_model, n_heads, d_ff, dropout, norm_first, device
        )
        w = {k: v.to(device) for k, v in _block_weights(d_model, d_ff, seed=11).items()}
        if not torch_layout:
            w = {k: v for k, v in w.items() if not k.startswith("self_attn.")}
        set_parameters(block, w)
        theirs = nn.TransformerEncoderLayer(
            d_model,
            n_heads,
            dim_feedforward=d_ff,
            dropout=dropout,
            norm_first=norm_first,
            batch_first=True,
        )
        theirs = theirs.to(device, torch.float64).eval()
        if torch_layout:
            theirs.load_state_dict(w)
            ref_attention = _reference_attention(w, d_model, n_heads, device)
        else:
            ref_attention = _own_attention(block, built)
        for m in (mask, None):
            what = say(
                "{built}(x{value}) in eval mode, for x of shape {shape}",
                built=built,
                value="" if m is None else ", mask",
                shape=tuple(x.shape),
            )
            got = _forward(block, (x,) if m is None else (x, m), what)
            with torch.no_grad():
                expected = (
                    theirs(x, src_key_padding_mask=None if m is None else ~m)
                    if torch_layout
                    else _block_variant(w, x, m, ref_attention, norm_first)
                )
            if got.shape != expected.shape:
                fail(
                    say(
                        "{what} returned shape {shape}, expected {shape2}.",
                        what=what,
                        shape=tuple(got.shape),
                        shape2=tuple(expected.shape),
                    )
                )
            # PyTorch may zero the padded rows
            real = torch.ones_like(mask) if m is None else m
            if not _agree(got[real], expected[real]):
                _judge_block(block, w, x, m, got, expected, ref_attention, norm_first, what)
        _expect_dropout_in_training(block, x, mask, built)
    # Returns nothing on purpose: nbgrader would read a returned number as partial credit.


@contract(
    Clause(
        "new tensors on the device",
        "Create no tensor without device= (with a mask ...).",
        some(lambda c: "mask" in c.arguments and c.tensors()[0].device.type == "meta"),
    ),
    Clause(
        "no mask",
        "... and without one: the default branch runs on the device too.",
        some(lambda c: "mask" not in c.arguments and c.tensors()[0].device.type == "meta"),
    ),
    Clause("no CPU moves", "Never .cpu() inside the block.", on_meta()),
)
def check_encoder_block_device(cls) -> None:
    """The block runs on any device: on PyTorch's meta device, with and without a mask
    (see checks.devices)."""
    __tracebackhide__ = True
    d_model, n_heads, d_ff = 8, 2, 12
    g = torch.Generator().manual_seed(9)
    x = torch.randn(2, 5, d_model, generator=g)
    mask = torch.arange(5)[None, :] < torch.tensor([5, 3])[:, None]
    for norm_first in (False, True):
        built = (
            f"TransformerEncoderBlock({d_model}, {n_heads}, d_ff={d_ff}, norm_first={norm_first})"
        )
        block, twin = (
            call(cls, d_model, n_heads, what=built, d_ff=d_ff, dropout=0.1, norm_first=norm_first)
            for _ in range(2)
        )
        if not isinstance(block, nn.Module):
            fail(say("TransformerEncoderBlock must be a subclass of torch.nn.Module."))
        block = block.to("meta")
        block.eval()
        twin.eval()
        for args in ((x, mask), (x,)):
            what = say(
                "{built}(x{value}) for x on another device than the CPU",
                built=built,
                value=", mask" if len(args) == 2 else "",
            )
            result = run_on_meta(
                block.forward,
                tuple(a.to("meta") for a in args),
                what,
                HELPERS,
                on_cpu=(twin.forward, args),
            )
            expect_on((result,), "meta", what)
