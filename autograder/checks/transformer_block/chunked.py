"""Checks of chunked_attention: values, and memory that does not grow with the keys."""

from __future__ import annotations

import math

import numpy as np
import torch

from autograder import reference as ref
from autograder.checks.common import call, compare, fail
from autograder.checks.contracts import Clause, contract, passes, some
from autograder.checks.devices import on_each_device
from autograder.checks.transformer_layer.attention import _np, _qkv
from autograder.messages import say


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
            "from m_old to m_new, multiply the running sum AND the running output by exp(m_old - "
            "m_new) before adding the new chunk."
        ): out["no_rescale"],
        say(
            "the scores are not scaled: divide q @ k^T by sqrt(d_k), as "
            "in scaled_dot_product_attention."
        ): out["no_scale"],
        say(
            "the last chunk is missing: when N is not a multiple of chunk_size the last chunk is "
            "shorter; range(0, N, chunk_size) covers it."
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
                "{what} returned NaN or inf: exp of a large score overflows float32. Subtract the "
                "running maximum before exp (and rescale the partial sums when it changes).",
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
                "{n_q} x {n_k} matrix of float32 is {matrix:.0f} MiB). That is the N x N matrix "
                "the chunked version exists to avoid; compute scores for one chunk of {c} keys at "
                "a time, q @ k[..., start:start + {c}, :].transpose(-2, -1).",
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
