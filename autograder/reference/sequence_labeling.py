"""Reference implementation of the sequence-labeling chapter (assignment 03): context windows and
window MLPs.

A fully-connected network applied to each vector alone gives identical outputs for identical inputs
(the two "saw" of "I saw a saw"). Concatenating each vector with its ``k`` neighbours on each side
gives it context, at a cost in parameters that grows with the window. The chapter sweeps ``k`` on
the long-range task to show where windows stop helping.

Conventions: row vectors; a sequence is ``(N, d)`` and a batch ``(B, N, d)``. The PyTorch code
creates every tensor on the device of its input, so it runs unchanged on CPU or CUDA.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from autograder.learner.tagging import TaggingData, tagging_accuracy, train_tagger


def context_windows(x, k: int):
    """Row i of the result concatenates ``x[i - k], ..., x[i + k]`` (zero vectors beyond both ends).

    ``x`` is ``(..., N, d)``, a NumPy array or a torch tensor; the result is ``(..., N, (2k + 1)
    d)`` of the same kind (``x`` itself for ``k = 0``). The sequence axis is the second last, so
    batches work too.
    """
    if k < 0:
        raise ValueError(f"k must be >= 0, got {k}")
    if k == 0:
        return x
    n = x.shape[-2]
    if isinstance(x, torch.Tensor):
        padded = nn.functional.pad(x, (0, 0, k, k))  # zeros on the sequence axis, on x's device
        # (..., N + 2k, d) -> 2k + 1 shifted (..., N, d) -> (..., N, (2k + 1) d)
        return torch.cat([padded[..., j : j + n, :] for j in range(2 * k + 1)], dim=-1)
    x = np.asarray(x)
    padded = np.pad(x, [(0, 0)] * (x.ndim - 2) + [(k, k), (0, 0)])  # (..., N + 2k, d)
    return np.concatenate([padded[..., j : j + n, :] for j in range(2 * k + 1)], axis=-1)


def window_mlp_param_count(d_in: int, k: int, hidden: int, n_classes: int) -> int:
    """Weights and biases of Linear((2k + 1) d_in, hidden) -> ReLU -> Linear(hidden, n_classes)."""
    width = (2 * k + 1) * d_in
    return width * hidden + hidden + hidden * n_classes + n_classes


class WindowMLP(nn.Module):
    """The same two-layer network at every position, fed the position's context window: (B, N, d_in)
    -> logits."""

    def __init__(self, d_in: int, k: int, hidden: int, n_classes: int):
        super().__init__()
        self.k = k
        self.hidden = nn.Linear((2 * k + 1) * d_in, hidden)
        self.out = nn.Linear(hidden, n_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # (B, N, d_in) -> (B, N, (2k + 1) d_in) -> (B, N, hidden) -> (B, N, n_classes)
        return self.out(torch.relu(self.hidden(context_windows(x, self.k))))


class WindowTagger(nn.Module):
    """Token ids -> embeddings -> :class:`WindowMLP`.

    The padding token embeds to the zero vector (``padding_idx``), the same zeros the windows put
    beyond the ends, so padding a sequence does not change its tags.
    """

    def __init__(
        self, vocab_size: int, k: int, n_classes: int, d_embed: int = 16, hidden: int = 64
    ):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, d_embed, padding_idx=0)
        self.mlp = WindowMLP(d_embed, k, hidden, n_classes)

    def forward(self, tokens: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
        return self.mlp(self.embed(tokens))  # (B, N) -> (B, N, d_embed) -> (B, N, n_classes)


def parameter_count(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


# The sweep's settings: the assignment uses the same, so its numbers match the chapter's.
SWEEP_EPOCHS = 10
SWEEP_LR = 5e-3


def window_sweep_point(
    k: int,
    train: TaggingData,
    test: TaggingData,
    seed: int = 0,
    device: torch.device | str | None = None,
) -> tuple[float, float]:
    """Train a seeded :class:`WindowTagger` with window ``k``; returns its (train,
    test) accuracy."""
    device = device or ("cuda" if torch.cuda.is_available() else "cpu")
    torch.manual_seed(seed)
    model = WindowTagger(train.vocab_size, k, train.n_classes).to(device)
    train_tagger(model, train, epochs=SWEEP_EPOCHS, lr=SWEEP_LR, seed=seed)
    return tagging_accuracy(model, train), tagging_accuracy(model, test)


__all__ = [
    "context_windows",
    "window_mlp_param_count",
    "WindowMLP",
    "WindowTagger",
    "parameter_count",
    "SWEEP_EPOCHS",
    "SWEEP_LR",
    "window_sweep_point",
]
