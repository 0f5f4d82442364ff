"""Reference implementation of the self-attention chapter (assignment 04).

One place for the maths: the book draws its figures with these functions, the checks compare
learners' work against them, and the solution notebooks are tested to agree with them.

Conventions: row vectors (``a`` has shape ``(N, d)`` and ``q = a @ W_q``). NumPy functions take and
return ``np.ndarray``; the PyTorch modules create every tensor on the device of their inputs, so the
same code runs on CPU or CUDA.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

# --------------------------------------------------------------------------------------------------
# NumPy: the lecture's derivation, one step at a time
# --------------------------------------------------------------------------------------------------


def dot_product_score(q: np.ndarray, k: np.ndarray) -> float:
    """Relevance of key ``k`` to query ``q``: their inner product."""
    return float(np.dot(q, k))


def additive_score(q: np.ndarray, k: np.ndarray, W: np.ndarray, w: np.ndarray) -> float:
    """Additive (Bahdanau-style) relevance: ``w . tanh(W @ concat(q, k))``; W is (h, 2d), w
    is (h,)."""
    return float(w @ np.tanh(W @ np.concatenate([q, k])))


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Numerically stable softmax: subtracting the max leaves the result unchanged but stops
    exp overflowing."""
    x = np.asarray(x, dtype=float)
    shifted = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


def relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0)


def attention_scores(a: np.ndarray, W_q: np.ndarray, W_k: np.ndarray) -> np.ndarray:
    """``alpha[i, j] = q^i . k^j``: row i holds query i's scores against every key,
    itself included."""
    return (a @ W_q) @ (a @ W_k).T  # (N, d_k) @ (d_k, N) -> (N, N)


def attention_output(
    i: int, a: np.ndarray, W_q: np.ndarray, W_k: np.ndarray, W_v: np.ndarray
) -> np.ndarray:
    """``b^i`` exactly as the lecture derives ``b^1``: scores of query i, softmax, weighted sum
    of values."""
    q_i = a[i] @ W_q  # (d_k,)
    alpha = np.array([dot_product_score(q_i, a[j] @ W_k) for j in range(len(a))])  # (N,)
    alpha_prime = softmax(alpha)  # (N,)
    v = a @ W_v  # (N, d_v)
    return alpha_prime @ v  # (d_v,)


NORMALIZERS = {"softmax": lambda s: softmax(s, axis=-1), "relu": relu}


def self_attention(
    a: np.ndarray, W_q: np.ndarray, W_k: np.ndarray, W_v: np.ndarray, normalize: str = "softmax"
) -> tuple[np.ndarray, np.ndarray]:
    """All outputs at once: ``B = normalize(Q K^T) V``; returns ``(b, weights)``."""
    if normalize not in NORMALIZERS:
        raise ValueError(f"normalize must be one of {sorted(NORMALIZERS)}, got {normalize!r}")
    weights = NORMALIZERS[normalize](attention_scores(a, W_q, W_k))  # (N, N)
    return weights @ (a @ W_v), weights  # (N, d_v), (N, N)


# --------------------------------------------------------------------------------------------------
# PyTorch: the same layer as a module, batched, with padding masks, on any device
# --------------------------------------------------------------------------------------------------


def masked_attention(
    q: torch.Tensor,
    k: torch.Tensor,
    v: torch.Tensor,
    key_mask: torch.Tensor | None = None,
    scale: float = 1.0,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Attention over the last two axes; ``key_mask`` (..., N_k) is True where a key is real.

    Masked keys get exactly zero weight. A query with no real key at all gets zero weights
    (not NaN).
    """
    scores = (q @ k.transpose(-2, -1)) * scale  # (..., N_q, N_k)
    if key_mask is not None:
        keep = key_mask.unsqueeze(-2)  # (..., 1, N_k): same mask for every query
        scores = scores.masked_fill(~keep, float("-inf"))
        weights = torch.softmax(scores, dim=-1).nan_to_num(0.0)  # (..., N_q, N_k)
    else:
        weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights  # (..., N_q, d_v), (..., N_q, N_k)


class SelfAttention(nn.Module):
    """Single-head, unscaled self-attention, the lecture's layer: ``softmax(Q K^T) V``."""

    def __init__(self, d_in: int, d_k: int, d_v: int):
        super().__init__()
        self.W_q = nn.Linear(d_in, d_k, bias=False)
        self.W_k = nn.Linear(d_in, d_k, bias=False)
        self.W_v = nn.Linear(d_in, d_v, bias=False)

    def forward(
        self, x: torch.Tensor, mask: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        # x (B, N, d_in); q, k (B, N, d_k), v (B, N, d_v) -> out (B, N, d_v), weights (B, N, N)
        return masked_attention(self.W_q(x), self.W_k(x), self.W_v(x), key_mask=mask)


class SelfAttentionTagger(nn.Module):
    """Embedding -> (self-attention + per-position FC) x n_layers -> per-position class logits.

    The residual connections keep each token's own identity next to what it gathered from
    the others.
    """

    def __init__(self, vocab_size: int, n_classes: int, d_model: int = 32, n_layers: int = 1):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, d_model)
        self.attn = nn.ModuleList(SelfAttention(d_model, d_model, d_model) for _ in range(n_layers))
        self.ffn = nn.ModuleList(
            nn.Sequential(
                nn.Linear(d_model, 2 * d_model), nn.ReLU(), nn.Linear(2 * d_model, d_model)
            )
            for _ in range(n_layers)
        )
        self.head = nn.Linear(d_model, n_classes)

    def forward(self, tokens: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
        h = self.embed(tokens)  # (B, N, d_model)
        for attn, ffn in zip(self.attn, self.ffn):
            h = h + attn(h, mask)[0]  # (B, N, d_model)
            h = h + ffn(h)  # (B, N, d_model)
        return self.head(h)  # (B, N, n_classes)


__all__ = [
    "dot_product_score",
    "additive_score",
    "softmax",
    "relu",
    "attention_scores",
    "attention_output",
    "NORMALIZERS",
    "self_attention",
    "masked_attention",
    "SelfAttention",
    "SelfAttentionTagger",
]
