"""Checks for assignment 06_transformer_block. Hidden test cells call these with the
learner's objects.

Each check compares with :mod:`autograder.reference` on seeded inputs and, when the result is wrong,
tries the mistakes learners make (partial sums not rescaled, the last chunk dropped, a residual or a
norm in the wrong place, ...) and names the one that matches. The encoder block is built on the
learner's multi-head attention of assignment 05 (pasted into this notebook): it is judged around
that attention, so a mistake there costs nothing here.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from autograder import reference as ref
from autograder.checks.common import GradingError, call, compare, fail, set_parameters
from autograder.checks.contracts import Clause, built, contract, omits, on_meta, passes, some
from autograder.checks.devices import expect_on, on_each_device, run_on_meta
from autograder.checks.transformer_layer import HELPERS, _np, _qkv
from autograder.messages import say

# ------------------------------------------------------------------------------------------- part 1


def _chunked_variants(q, k, v, c: int) -> dict[str, torch.Tensor]:
    """What a learner with each mistake returns (same loop as the reference, one step wrong)."""
    d = q.shape[-1]
    out = {}
    for name in ("no_rescale", "no_scale", "drop_last", "no_divide"):
        qs = q if name == "no_scale" else q / math.sqrt(d)
        m = torch.full((*q.shape[:-1], 1), float("-inf"), dtype=q.dtype)
        l = torch.zeros_like(m)  # noqa: E741
        acc = torch.zeros((*q.shape[:-1], v.shape[-1]), dtype=q.dtype)
        stop = k.shape[-2] - c + 1 if name == "drop_last" else k.shape[-2]
        for s0 in range(0, stop, c):
            s = qs @ k[..., s0 : s0 + c, :].transpose(-2, -1)
            m_new = torch.maximum(m, s.amax(-1, keepdim=True))
            p = torch.exp(s - m_new)
            r = torch.ones_like(m) if name == "no_rescale" else torch.exp(m - m_new)
            l, acc, m = l * r + p.sum(-1, keepdim=True), acc * r + p @ v[..., s0 : s0 + c, :], m_new  # noqa: E741
        out[name] = acc if name == "no_divide" else acc / l
    return {
        say(
            "earlier partial sums are not rescaled: when a new chunk raises the running maximum "
            "from m_old to "
            "m_new, multiply the running sum AND the running output by exp(m_old - m_new) before "
            "adding the new chunk."
        ): out["no_rescale"],
        say(
            "the scores are not scaled: divide q @ k^T by sqrt(d_k), as "
            "in scaled_dot_product_attention."
        ): out["no_scale"],
        say(
            "the last chunk is missing: when N is not a multiple of chunk_size the last chunk is "
            "shorter; range(0, "
            "N, chunk_size) covers it."
        ): out["drop_last"],
        say(
            "the output is not normalised: divide the running output by the running sum l at the "
            "end, acc / l."
        ): out["no_divide"],
    }


@contract(
    Clause(
        "exact",
        "The same out as plain scaled dot-product attention, up to float32 rounding.",
        passes("q"),
    ),
    Clause(
        "rescaled",
        "Rescale what you had by exp(m - m_new) when the running maximum changes.",
        passes("k", lambda k: k.shape[-2] > 16),
    ),
    Clause("scaled", "Scaled dot-product: the scores divided by sqrt(d_k).", passes("q")),
    Clause(
        "a shorter last chunk",
        "The last chunk may be shorter than chunk_size.",
        some(lambda c: c.arguments["k"].shape[-2] % c.arguments["chunk_size"]),
    ),
    Clause(
        "large scores",
        "A running maximum keeps exp from overflowing on large scores.",
        passes("q", lambda q: q.abs().max() > 30),
    ),
    Clause("out only", "Return out (the output tensor) only.", passes("q")),
)
def check_chunked_attention(fn) -> None:
    """Exact against the plain attention (float32, 1e-5), with chunks that do not divide N,
    large scores."""
    __tracebackhide__ = True
    on_each_device(_check_chunked_attention_on, fn)


def _check_chunked_attention_on(fn, device) -> None:
    __tracebackhide__ = True
    for seed, (n_q, n_k, c, scale) in enumerate(
        [(6, 20, 8, 1.0), (9, 33, 5, 3.0), (4, 16, 16, 1.0)]
    ):
        q, k, v = _qkv(
            seed,
            device,
            batch=(2,),
            n_q=n_q,
            n_k=n_k,
            d=8,
            d_v=3,
            dtype=torch.float32,
            scale=scale,
        )
        what = say("chunked_attention(q, k, v, chunk_size={c}) for {n_k} keys", c=c, n_k=n_k)
        got = call(fn, q, k, v, c, what=what)
        if not isinstance(got, torch.Tensor):
            fail(
                say(
                    "{what} must return the output tensor only (shape {shape}).",
                    what=what,
                    shape=tuple(q.shape[:-1]) + (3,),
                )
            )
        expected = ref.scaled_dot_product_attention(q.double(), k.double(), v.double())[0]
        mistakes = _chunked_variants(q.double().cpu(), k.double().cpu(), v.double().cpu(), c)
        compare(
            _np(got),
            _np(expected),
            what,
            {m: _np(w) for m, w in mistakes.items()},
            rtol=1e-5,
            atol=1e-5,
        )
    q, k, v = _qkv(
        9, device, batch=(1,), n_q=3, n_k=12, d=8, d_v=2, dtype=torch.float32, scale=40.0
    )
    what = say("chunked_attention(q, k, v, chunk_size=4) with scores in the hundreds")
    got = _np(call(fn, q, k, v, 4, what=what))
    if not np.all(np.isfinite(got)):
        fail(
            say(
                "{what} returned NaN or inf: exp of a large score overflows float32. Subtract "
                "the running "
                "maximum before exp (and rescale the partial sums when "
                "it changes).",
                what=what,
            )
        )
    compare(
        got,
        _np(ref.scaled_dot_product_attention(q.double(), k.double(), v.double())[0]),
        what,
        rtol=1e-4,
        atol=1e-4,
    )


@contract(
    Clause(
        "no N x N matrix",
        "Never build a tensor holding the scores of all queries against all keys.",
        some(lambda c: c.watch == "peak_memory"),
    ),
)
def check_chunked_attention_memory(fn) -> None:
    """No tensor of N_q x N_k scores ever exists: on N = 4096 the call's peak memory, measured from
    outside the learner's process, stays under half of one such matrix (only the shapes it makes,
    where that cannot be read).

    A first, small call loads what PyTorch loads on first use (libraries, threads), which is not
    the learner's."""
    __tracebackhide__ = True
    n_q, n_k, c = 4096, 4096, 128
    q, k, v = _qkv(11, "cpu", batch=(1,), n_q=n_q, n_k=n_k, d=16, d_v=5, dtype=torch.float32)
    what = say(
        "chunked_attention(q, k, v, chunk_size={c}) with {n_q} queries and {n_k} keys",
        c=c,
        n_q=n_q,
        n_k=n_k,
    )
    call(fn, q[:, :64], k[:, : 3 * c], v[:, : 3 * c], c, what=what.replace(str(n_q), "64", 1))
    out, peak = call(fn, q, k, v, c, what=what, watch="peak_memory")
    matrix = n_q * n_k * 4  # bytes of one float32 N_q x N_k matrix
    if peak is None:
        n_q, n_k, c = 24, 40, 8
        q, k, v = q[:, :n_q], k[:, :n_k], v[:, :n_k]
        what = say(
            "chunked_attention(q, k, v, chunk_size={c}) with {n_q} queries and {n_k} keys",
            c=c,
            n_q=n_q,
            n_k=n_k,
        )
        out, shapes = call(fn, q, k, v, c, what=what, watch="shapes")
        full = [s for s in shapes if len(s) >= 2 and s[-1] == n_k and s[-2] == n_q]
        peak = matrix if full else 0
    # the full matrix needs all 64 MiB at once; correct chunking peaked at 12-40
    if peak >= matrix * 7 // 8:
        fail(
            say(
                "{what} needed {peak:.0f} MiB more memory at its peak: all the scores at once (one "
                "{n_q} x {n_k} "
                "matrix of float32 is {matrix:.0f} MiB). That is the N x N matrix the chunked "
                "version exists to avoid; compute scores for one chunk of {c} keys at a time, q @ "
                "k[..., start:start + {c}, :].transpose(-2, -1).",
                what=what,
                peak=peak / 2**20,
                n_q=n_q,
                n_k=n_k,
                matrix=matrix / 2**20,
                c=c,
            )
        )
    # Values are graded by check_chunked_attention; here only the shape, so each mistake costs
    # one part.
    if not isinstance(out, torch.Tensor) or tuple(out.shape) != (1, n_q, 5):
        fail(
            say(
                "{what} must return a tensor of shape (1, {n_q}, 5), got {found}.",
                what=what,
                n_q=n_q,
                found=getattr(out, "shape", type(out).__name__),
            )
        )


# ------------------------------------------------------------------------------------------- part 2


def _block_layout(d_model: int, d_ff: int) -> dict[str, tuple[int, ...]]:
    """The parameters of ``torch.nn.TransformerEncoderLayer`` by name and shape: the block must have
    them all."""
    return {
        "self_attn.in_proj_weight": (3 * d_model, d_model),
        "self_attn.in_proj_bias": (3 * d_model,),
        "self_attn.out_proj.weight": (d_model, d_model),
        "self_attn.out_proj.bias": (d_model,),
        "linear1.weight": (d_ff, d_model),
        "linear1.bias": (d_ff,),
        "linear2.weight": (d_model, d_ff),
        "linear2.bias": (d_model,),
        "norm1.weight": (d_model,),
        "norm1.bias": (d_model,),
        "norm2.weight": (d_model,),
        "norm2.bias": (d_model,),
    }


def _build_block(
    cls, d_model: int, n_heads: int, d_ff: int, dropout: float, norm_first: bool, device
):
    """The learner's block in eval mode and float64 on ``device``, after checking the names of the
    parts the task names (linear1, linear2, norm1, norm2 and a self_attn). Returns the block, what
    it is called, and whether its attention has torch.nn.MultiheadAttention's parameters (else the
    block is judged around that attention as it is: the learner's attention of assignment 05 may
    name its own parameters, and costs nothing here)."""
    __tracebackhide__ = True
    what = (
        f"TransformerEncoderBlock({d_model}, {n_heads}, d_ff={d_ff}, "
        f"dropout={dropout}, norm_first={norm_first})"
    )
    block = call(
        cls, d_model, n_heads, what=what, d_ff=d_ff, dropout=dropout, norm_first=norm_first
    )
    if not isinstance(block, nn.Module):
        fail(say("TransformerEncoderBlock must be a subclass of torch.nn.Module."))
    if not isinstance(getattr(block, "self_attn", None), nn.Module):
        fail(
            say(
                "{what} has no `self_attn` module: self.self_attn = "
                "MultiHeadSelfAttention(d_model, n_heads), "
                "your multi-head attention of part 0 (or nn.MultiheadAttention(d_model, n_heads, "
                "batch_first=True)).",
                what=what,
            )
        )
    found = {name: tuple(p.shape) for name, p in block.named_parameters()}
    for name, shape in _block_layout(d_model, d_ff).items():
        if name.startswith("self_attn."):
            continue
        if name not in found:
            fail(
                say(
                    "{what} has no parameter `{name}`. Name the parts as "
                    "torch.nn.TransformerEncoderLayer does, "
                    "so that its weights load into yours: self.linear1 = nn.Linear(d_model, "
                    "d_ff), self.linear2 = nn.Linear(d_ff, d_model), self.norm1 = "
                    "nn.LayerNorm(d_model), self.norm2 "
                    "= nn.LayerNorm(d_model).",
                    what=what,
                    name=name,
                )
            )
        if found[name] != shape:
            fail(
                say(
                    "{what}: `{name}` should have shape {shape}, found {found}.",
                    what=what,
                    name=name,
                    shape=shape,
                    found=found[name],
                )
            )
    torch_layout = all(
        found.get(name) == shape for name, shape in _block_layout(d_model, d_ff).items()
    )
    block = block.to(device, torch.float64)
    block.eval()
    return block, what, torch_layout


def _block_weights(d_model: int, d_ff: int, seed: int) -> dict[str, torch.Tensor]:
    """Seeded weights with non-trivial biases and norm gains, so that every parameter's
    place shows."""
    g = torch.Generator().manual_seed(seed)
    weights = {}
    for name, shape in _block_layout(d_model, d_ff).items():
        noise = torch.randn(shape, generator=g, dtype=torch.float64)
        if name.startswith("norm") and name.endswith("weight"):
            weights[name] = 1 + 0.3 * noise
        else:
            weights[name] = noise * (shape[-1] ** -0.5 if len(shape) == 2 else 0.3)
    return weights


def _block_variant(
    w: dict, x, mask, attend, norm_first: bool, mistake: str | None = None
) -> torch.Tensor:
    """What a block with one ``mistake`` returns in eval mode; ``attend(h, m)`` is the
    attention's output."""

    def norm(h, i):
        return nn.functional.layer_norm(
            h, h.shape[-1:], w[f"norm{i}.weight"], w[f"norm{i}.bias"], 1e-5
        )

    def ffn(h):
        inner = nn.functional.linear(h, w["linear1.weight"], w["linear1.bias"])
        return nn.functional.linear(
            inner if mistake == "no_relu" else torch.relu(inner),
            w["linear2.weight"],
            w["linear2.bias"],
        )

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
    order = (
        say(
            "norm_first=True asks for pre-norm, but the block normalises after each residual "
            "sum (post-norm). "
            "Pre-norm normalises each sublayer's input and leaves the sum alone: x = x "
            "+ sublayer(norm(x))."
        )
        if norm_first
        else say(
            "norm_first=False asks for post-norm (the original Transformer), but the block "
            "normalises each "
            "sublayer's input (pre-norm). Post-norm normalises the residual sum: x = norm(x "
            "+ sublayer(x))."
        )
    )
    mistakes = {
        "no_attn_residual": say(
            "the residual connection around self-attention is missing: add the attention's "
            "output to its input (post-norm: norm1(x + attention(x)); "
            "pre-norm: x + attention(norm1(x)))."
        ),
        "no_ffn_residual": say(
            "the residual connection around the feed-forward network is missing: add its output "
            "to its input (post-norm: norm2(x + ffn(x)); pre-norm: x "
            "+ ffn(norm2(x)))."
        ),
        "norm_order_swapped": say("the layer norm is in the wrong place: {order}", order=order),
        "norm_inside": say(
            "the layer norm is in the wrong place: it normalises the sublayer's output before the "
            "residual sum, x + norm(sublayer(x)). Post-norm normalises the sum, "
            "norm(x + sublayer(x)); pre-norm the sublayer's input, x "
            "+ sublayer(norm(x))."
        ),
        "no_relu": say(
            "the feed-forward network has no ReLU between its linear "
            "layers: linear2(relu(linear1(x)))."
        ),
    }
    if norm_first:
        mistakes["residual_from_normed"] = say(
            "the layer norm is in the wrong place: in pre-norm the residual path carries the "
            "un-normalised x "
            "past the sublayer, x = x + sublayer(norm(x)), not norm(x) + sublayer(norm(x))."
        )
    if masked:
        mistakes["mask_inverted"] = say(
            "the padding mask is used the wrong way round: the course's mask is True at REAL "
            "positions and "
            "your MultiHeadSelfAttention takes it as it is, self.self_attn(x, mask). (~mask is "
            "PyTorch's src_key_padding_mask, True where a key is to be ignored.)"
        )
        mistakes["mask_ignored"] = say(
            "the padding mask does not reach self-attention, so padded positions change the "
            "outputs at real "
            "positions: pass it on, self.self_attn(x, mask)."
        )
    return mistakes


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
                "{what}: dropout is active in eval mode (two calls on the same input gave different "
                "outputs). Use "
                "nn.Dropout modules, which switch off when the block is put in eval() mode, or "
                "F.dropout(h, p, training=self.training).",
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
                    "positions: a "
                    "padded position must never be attended to. Pass the mask (True at real "
                    "positions) to self.self_attn.",
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
                "zero, changing "
                "the vector at one position changed the block's output at others. It is "
                "position-wise: the same linear1 -> ReLU -> linear2 applied to each position's "
                "vector on its own (nn.Linear on (B, N, d_model) already does that; no reshape or "
                "transpose across positions).",
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
                "{what} gave the same output twice: dropout is missing. Wrap each sublayer's output in "
                "nn.Dropout(dropout) (and the FFN's hidden layer too), as "
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
                "torch.nn.MultiheadAttention's), so "
                "the block is judged around it as your block calls it, self.self_attn(x, mask), "
                "returning (out, weights); that call failed: {exc}",
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


__all__ = [name for name in dir() if name.startswith("check_")] + ["GradingError"]
