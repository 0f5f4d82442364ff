"""What every tagging task of the course shares: padded batches of token ids (:class:`TaggingData`),
the card codes of the synthetic tasks, and a plain training loop for per-position taggers (used by
the book, the solutions and the learner's notebooks alike)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

PAD = 0  # token id reserved for padding; real tokens are 1 .. vocab_size - 1


def encode(symbols: np.ndarray, colours: np.ndarray, n_colors: int) -> np.ndarray:
    return 1 + np.asarray(symbols) * n_colors + np.asarray(colours)


def decode(tokens: np.ndarray, n_colors: int) -> tuple[np.ndarray, np.ndarray]:
    """``(symbol, colour)`` of real token ids."""
    return np.divmod(np.asarray(tokens) - 1, n_colors)


@dataclass
class TaggingData:
    """A padded batch of tagging sequences: ``tokens``/``labels`` (n, L_max) int64, ``mask`` (n,
    L_max) bool."""

    tokens: np.ndarray
    labels: np.ndarray
    mask: np.ndarray
    vocab_size: int
    n_classes: int

    def __len__(self) -> int:
        return len(self.tokens)

    def sequences(self) -> list[np.ndarray]:
        """The unpadded token sequences."""
        return [t[m] for t, m in zip(self.tokens, self.mask)]

    def to_torch(self, device: torch.device | str | None = None) -> tuple[torch.Tensor, ...]:
        """``(tokens, labels, mask)`` as tensors on ``device``."""
        return tuple(
            torch.as_tensor(x, device=device) for x in (self.tokens, self.labels, self.mask)
        )


# the label cross_entropy skips (its ignore_index): padded positions carry it while training
IGNORED = -100


def _token_loss(logits: torch.Tensor, labels: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Cross-entropy over real positions: padded ones are labelled IGNORED, which
    cross_entropy skips.

    (Assignment 2 asks for a masked cross-entropy of your own; this is not its expected form.)"""
    return nn.functional.cross_entropy(
        logits.flatten(0, -2), labels.masked_fill(~mask, IGNORED).flatten(), ignore_index=IGNORED
    )


@torch.no_grad()
def tagging_accuracy(
    model: nn.Module, data: TaggingData, device: torch.device | str | None = None
) -> float:
    """Fraction of real (unpadded) positions tagged correctly."""
    device = device or next(model.parameters()).device
    tokens, labels, mask = data.to_torch(device)
    model.eval()
    pred = model(tokens, mask).argmax(-1)
    return float((pred[mask] == labels[mask]).float().mean())


def train_tagger(
    model: nn.Module,
    data: TaggingData,
    epochs: int = 20,
    lr: float = 5e-3,
    batch_size: int = 100,
    seed: int = 0,
    device: torch.device | str | None = None,
) -> list[float]:
    """Adam on mini-batches; returns the mean loss of each epoch. ``model(tokens, mask)``
    -> logits."""
    device = device or next(model.parameters()).device
    tokens, labels, mask = data.to_torch(device)
    generator = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    history = []
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(tokens), generator=generator).to(device)
        total = 0.0
        for start in range(0, len(tokens), batch_size):
            idx = order[start : start + batch_size]
            loss = _token_loss(model(tokens[idx], mask[idx]), labels[idx], mask[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        history.append(total / len(tokens))
    return history
