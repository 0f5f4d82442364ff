"""Reference implementation of the chapter "Attention at scale and the Transformer block"
(assignment 06_transformer_block).

Exact attention computed one chunk of keys at a time (never the N x N matrix of scores), and the
Transformer encoder block laid out like ``torch.nn.TransformerEncoderLayer``, built on the previous
chapter's :class:`~autograder.reference.transformer_layer.MultiHeadSelfAttention`. New tensors are
created on the device (and in the dtype) of the inputs.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from autograder.reference.transformer_layer import MultiHeadSelfAttention

# --------------------------------------------------------------------------------------------------
# Attention in chunks
# --------------------------------------------------------------------------------------------------


def chunked_attention(
    q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, chunk_size: int
) -> torch.Tensor:
    """Exactly ``scaled_dot_product_attention(q, k, v)[0]``, one chunk of keys at a time.

    Only an (N_q, chunk_size) block of scores exists at once, never the (N_q, N_k) matrix. A running
    maximum ``m`` keeps every exp in range; when a new chunk raises it, the partial sum ``l`` and
    the partial output ``acc`` computed against the old maximum are rescaled by
    ``exp(m_old - m_new)``.
    """
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
    q = q * (1.0 / math.sqrt(q.shape[-1]))
    # running maximum m and sum l: (..., N_q, 1); output acc: (..., N_q, d_v)
    m = torch.full((*q.shape[:-1], 1), float("-inf"), device=q.device, dtype=q.dtype)
    l = torch.zeros_like(m)  # noqa: E741 (the usual name in the FlashAttention papers)
    acc = torch.zeros((*q.shape[:-1], v.shape[-1]), device=q.device, dtype=torch.result_type(q, v))
    for start in range(0, k.shape[-2], chunk_size):
        s = q @ k[..., start : start + chunk_size, :].transpose(-2, -1)  # (..., N_q, chunk_size)
        m_new = torch.maximum(m, s.amax(dim=-1, keepdim=True))  # (..., N_q, 1)
        # Without autograd, in place: one block of scores alive at a time instead of three.
        p = torch.exp(s - m_new) if s.requires_grad else s.sub_(m_new).exp_()
        rescale = torch.exp(m - m_new)  # 0 on the first chunk (m = -inf), then <= 1
        l = l * rescale + p.sum(dim=-1, keepdim=True)  # noqa: E741
        acc = acc * rescale + p @ v[..., start : start + chunk_size, :]  # (..., N_q, d_v)
        m = m_new
    return acc / l  # (..., N_q, d_v)


# --------------------------------------------------------------------------------------------------
# The Transformer encoder block
# --------------------------------------------------------------------------------------------------


class TransformerEncoderBlock(nn.Module):
    """One Transformer encoder block: multi-head self-attention and a position-wise feed-forward
    network, each wrapped in dropout, a residual connection and layer normalisation.

    Post-norm (``norm_first=False``, the original Transformer's order)::

        x = norm1(x + dropout1(self_attn(x)))
        x = norm2(x + dropout2(linear2(dropout(relu(linear1(x))))))

    Pre-norm (``norm_first=True``): ``x = x + dropout1(self_attn(norm1(x)))``, then ``x = x +
    dropout2(ffn(norm2(x)))``. The parameters have the names and shapes of
    ``torch.nn.TransformerEncoderLayer`` (``self_attn.in_proj_weight``, ``linear1``, ``norm1``,
    ...), so :func:`copy_encoder_weights` moves them between the two in either direction. ``mask``
    is the course's padding mask, (B, N) bool, True at real positions; PyTorch's
    ``src_key_padding_mask`` is its negation (True where a key is to be ignored),
    see :func:`key_padding_mask`.
    """

    def __init__(
        self,
        d_model: int,
        n_heads: int,
        d_ff: int = 2048,
        dropout: float = 0.1,
        norm_first: bool = False,
        layer_norm_eps: float = 1e-5,
    ):
        super().__init__()
        self.self_attn = MultiHeadSelfAttention(d_model, n_heads)
        self.linear1 = nn.Linear(d_model, d_ff)
        self.dropout = nn.Dropout(dropout)
        self.linear2 = nn.Linear(d_ff, d_model)
        self.norm1 = nn.LayerNorm(d_model, eps=layer_norm_eps)
        self.norm2 = nn.LayerNorm(d_model, eps=layer_norm_eps)
        self.dropout1 = nn.Dropout(dropout)
        self.dropout2 = nn.Dropout(dropout)
        self.norm_first = norm_first

    def attention_part(
        self, x: torch.Tensor, mask: torch.Tensor | None, causal: bool
    ) -> torch.Tensor:
        return self.dropout1(self.self_attn(x, mask, causal)[0])  # (B, N, d_model)

    def feed_forward(self, x: torch.Tensor) -> torch.Tensor:
        """The position-wise feed-forward network: the same two-layer network at every position."""
        # (B, N, d_model) -> (B, N, d_ff) -> (B, N, d_model)
        return self.dropout2(self.linear2(self.dropout(torch.relu(self.linear1(x)))))

    def forward(
        self, x: torch.Tensor, mask: torch.Tensor | None = None, causal: bool = False
    ) -> torch.Tensor:
        """``x`` (B, N, d_model) -> (B, N, d_model); ``mask`` (B, N) bool, True at
        real positions."""
        if self.norm_first:
            x = x + self.attention_part(self.norm1(x), mask, causal)
            return x + self.feed_forward(self.norm2(x))
        x = self.norm1(x + self.attention_part(x, mask, causal))
        return self.norm2(x + self.feed_forward(x))


def key_padding_mask(mask: torch.Tensor) -> torch.Tensor:
    """The course's padding mask (True = a real position) as PyTorch's ``key_padding_mask``
    (True = ignore)."""
    return ~mask.bool()


def copy_encoder_weights(source: nn.Module, target: nn.Module) -> nn.Module:
    """Copy every parameter of a :class:`TransformerEncoderBlock` into a
    ``torch.nn.TransformerEncoderLayer`` or back (the two share names and shapes); the norm order,
    dropout and eps are not weights: build ``target`` with the same ones. Returns ``target``. Raises
    if a name or a shape does not match."""
    wanted = {name: tuple(p.shape) for name, p in target.named_parameters()}
    given = {name: tuple(p.shape) for name, p in source.named_parameters()}
    if wanted != given:
        raise ValueError(f"parameters differ: {sorted(set(wanted.items()) ^ set(given.items()))}")
    with torch.no_grad():
        params = dict(target.named_parameters())
        for name, p in source.named_parameters():
            params[name].copy_(p)
    return target


__all__ = [
    "chunked_attention",
    "TransformerEncoderBlock",
    "key_padding_mask",
    "copy_encoder_weights",
]
