"""Reference implementation of the chapter "Self-attention in practice"
(assignment 05_transformer_layer).

Scaled dot-product attention with masks, multi-head self-attention laid out like
``torch.nn.MultiheadAttention``, sinusoidal positional encoding, local and graph masks and a tagger
that knows positions. Every function works on any leading batch axes, on CPU or CUDA, in any float
dtype: new tensors are created on the device (and in the dtype) of the inputs.

Masks are boolean with True meaning "may attend". A query that may attend to no key at all gets
all-zero weights and a zero output: the empty weighted sum is zero. (The textbook formula gives NaN
there, 0/0, and a NaN would then spread through every later layer and the loss. PyTorch's
``scaled_dot_product_attention`` returns NaN, zeros or arbitrary values there, depending on its
version and kernel.)
"""

from __future__ import annotations

import math

import torch
from torch import nn

# --------------------------------------------------------------------------------------------------
# Scaled dot-product attention and masks
# --------------------------------------------------------------------------------------------------


def causal_mask(
    n_q: int, n_k: int | None = None, device: torch.device | str | None = None
) -> torch.Tensor:
    """``(n_q, n_k)`` bool, True where key j <= query i (top-left aligned, as
    PyTorch's ``is_causal``)."""
    n_k = n_q if n_k is None else n_k
    return torch.ones(n_q, n_k, dtype=torch.bool, device=device).tril()


def scaled_dot_product_attention(
    q: torch.Tensor,
    k: torch.Tensor,
    v: torch.Tensor,
    mask: torch.Tensor | None = None,
    causal: bool = False,
) -> tuple[torch.Tensor, torch.Tensor]:
    """``softmax(q k^T / sqrt(d_k)) v`` over the last two axes; returns ``(out, weights)``.

    ``q`` is (..., N_q, d_k), ``k`` (..., N_k, d_k), ``v`` (..., N_k, d_v). ``mask`` is bool,
    broadcastable to (..., N_q, N_k), True where query i may attend to key j; ``causal`` also
    forbids keys after the query. Forbidden keys get exactly zero weight; a query with no allowed
    key gets zero weights and output.
    """
    # scaling q costs N d, not N^2
    scores = (q * (1.0 / math.sqrt(q.shape[-1]))) @ k.transpose(-2, -1)  # (..., N_q, N_k)
    allowed = mask
    if causal:
        tri = causal_mask(q.shape[-2], k.shape[-2], device=q.device)  # (N_q, N_k)
        allowed = tri if allowed is None else allowed & tri
    if allowed is None:
        weights = torch.softmax(scores, dim=-1)
    else:
        scores = scores.masked_fill(~allowed, float("-inf"))
        # Rows with no allowed key are all -inf; softmax makes them NaN and the fill turns them
        # into zeros.
        weights = torch.softmax(scores, dim=-1).masked_fill(~allowed, 0.0)  # (..., N_q, N_k)
    return weights @ v, weights  # (..., N_q, d_v), (..., N_q, N_k)


def local_attention_mask(
    n: int, window: int, device: torch.device | str | None = None
) -> torch.Tensor:
    """``(n, n)`` bool, True where ``|i - j| <= window``: each position sees a band
    around itself."""
    pos = torch.arange(n, device=device)  # (n,)
    return (pos[:, None] - pos[None, :]).abs() <= window  # (n, 1) - (1, n) -> (n, n)


def graph_attention_mask(adjacency: torch.Tensor) -> torch.Tensor:
    """``(n, n)`` bool from an adjacency matrix: node i attends to j along an edge (adjacency[i, j]
    != 0) and always to itself."""
    adjacency = torch.as_tensor(adjacency)
    eye = torch.eye(adjacency.shape[-1], dtype=torch.bool, device=adjacency.device)  # (n, n)
    return (adjacency != 0) | eye  # (n, n)


def sinusoidal_positional_encoding(
    n: int, d: int, device: torch.device | str | None = None, dtype: torch.dtype = torch.float32
) -> torch.Tensor:
    """``(n, d)``: ``PE[p, 2i] = sin(p / 10000^(2i/d))`` and ``PE[p, 2i+1] = cos(p
    / 10000^(2i/d))``."""
    pos = torch.arange(n, device=device, dtype=torch.float64)[:, None]  # (n, 1)
    two_i = torch.arange(0, d, 2, device=device, dtype=torch.float64)  # (ceil(d / 2),)
    # (n, ceil(d / 2)); float64 so large positions keep their digits
    angle = pos / 10000.0 ** (two_i / d)
    pe = torch.empty(n, d, device=device, dtype=torch.float64)  # (n, d)
    pe[:, 0::2] = torch.sin(angle)
    pe[:, 1::2] = torch.cos(angle[:, : d // 2])
    return pe.to(dtype)


# --------------------------------------------------------------------------------------------------
# Multi-head self-attention and a tagger that knows positions
# --------------------------------------------------------------------------------------------------


class MultiHeadSelfAttention(nn.Module):
    """Multi-head self-attention with the parameter layout of ``torch.nn.MultiheadAttention``.

    ``in_proj_weight`` (3 d_model, d_model) stacks W_q, W_k, W_v (PyTorch's Linear layout: ``x @
    W.T``), ``in_proj_bias`` (3 d_model,) their biases, ``out_proj`` the output projection. Each
    head works in its own slice of ``d_model // n_heads`` features, with scores scaled by the square
    root of that head size.
    """

    def __init__(self, d_model: int, n_heads: int):
        super().__init__()
        if d_model % n_heads:
            raise ValueError(f"d_model ({d_model}) must be divisible by n_heads ({n_heads})")
        self.d_model, self.n_heads, self.head_dim = d_model, n_heads, d_model // n_heads
        self.in_proj_weight = nn.Parameter(torch.empty(3 * d_model, d_model))
        self.in_proj_bias = nn.Parameter(torch.zeros(3 * d_model))
        self.out_proj = nn.Linear(d_model, d_model)
        # as torch.nn.MultiheadAttention initialises it
        nn.init.xavier_uniform_(self.in_proj_weight)
        nn.init.zeros_(self.out_proj.bias)

    def split_heads(self, x: torch.Tensor) -> torch.Tensor:
        """(B, N, d_model) -> (B, n_heads, N, head_dim): head h owns features h*head_dim
        .. (h+1)*head_dim."""
        # (B, N, n_heads, head_dim) -> (B, n_heads, N, head_dim)
        return x.unflatten(-1, (self.n_heads, self.head_dim)).transpose(-3, -2)

    def forward(
        self, x: torch.Tensor, mask: torch.Tensor | None = None, causal: bool = False
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """``x`` (B, N, d_model); ``mask`` (B, N) bool, True at real positions (keys). Returns
        ``(out, weights)``, ``out`` (B, N, d_model) and the per-head ``weights`` (B, n_heads,
        N, N)."""
        # (B, N, 3 d_model) -> q, k, v: (B, N, d_model) each
        q, k, v = nn.functional.linear(x, self.in_proj_weight, self.in_proj_bias).chunk(3, dim=-1)
        # (B, 1, 1, N): same keys for every head and query
        key_mask = None if mask is None else mask[..., None, None, :]
        # heads (B, n_heads, N, head_dim), weights (B, n_heads, N, N)
        heads, weights = scaled_dot_product_attention(
            self.split_heads(q), self.split_heads(k), self.split_heads(v), key_mask, causal
        )
        # (B, N, n_heads, head_dim) -> (B, N, d_model) -> (B, N, d_model)
        return self.out_proj(heads.transpose(-3, -2).flatten(-2)), weights


class PositionalTagger(nn.Module):
    """Embedding + sinusoidal positions -> (multi-head self-attention + FC, both residual) ->
    class logits."""

    def __init__(self, vocab_size: int, n_classes: int, d_model: int = 32, n_heads: int = 4):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, d_model)
        self.attention = MultiHeadSelfAttention(d_model, n_heads)
        self.ffn = nn.Sequential(
            nn.Linear(d_model, 2 * d_model), nn.ReLU(), nn.Linear(2 * d_model, d_model)
        )
        self.head = nn.Linear(d_model, n_classes)

    def forward(self, tokens: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
        h = self.embed(tokens)  # (B, N, d_model)
        # + (N, d_model), broadcast over the batch
        h = h + sinusoidal_positional_encoding(
            tokens.shape[-1], h.shape[-1], device=h.device, dtype=h.dtype
        )
        h = h + self.attention(h, mask)[0]  # (B, N, d_model)
        h = h + self.ffn(h)  # (B, N, d_model)
        return self.head(h)  # (B, N, n_classes)


__all__ = [
    "causal_mask",
    "scaled_dot_product_attention",
    "local_attention_mask",
    "graph_attention_mask",
    "sinusoidal_positional_encoding",
    "MultiHeadSelfAttention",
    "PositionalTagger",
]
