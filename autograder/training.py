"""A plain training loop for per-position taggers, shared by the book and the solutions."""

from __future__ import annotations

import torch
from torch import nn

from .tasks import TaggingData


def masked_token_loss(logits: torch.Tensor, labels: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Cross-entropy averaged over real positions only (padding contributes nothing)."""
    return nn.functional.cross_entropy(logits[mask], labels[mask])


@torch.no_grad()
def tagging_accuracy(model: nn.Module, data: TaggingData, device: torch.device | str | None = None) -> float:
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
    """Adam on mini-batches; returns the mean loss of each epoch. ``model(tokens, mask)`` -> logits."""
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
            loss = masked_token_loss(model(tokens[idx], mask[idx]), labels[idx], mask[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        history.append(total / len(tokens))
    return history
