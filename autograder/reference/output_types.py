"""Reference implementation of the output-types chapter (assignment 02): what comes out of a
vector set.

Three kinds of output: one label per vector (N in, N out), one label per sequence (N in, 1 out), and
a length the model decides (N in, N' out, sequence to sequence). Batches of sequences of different
lengths are padded at the end and carry a bool mask, True at real positions; everything here takes
the mask into account so that padding never changes a result.

PyTorch code creates every tensor on the device of its inputs, so it runs unchanged on CPU or CUDA.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

PER_VECTOR, PER_SEQUENCE, SEQ2SEQ = "per-vector", "per-sequence", "seq2seq"
OUTPUT_KINDS = (PER_VECTOR, PER_SEQUENCE, SEQ2SEQ)

# The tasks of the assignment: (description shown to the learner, its output type, whether the
# chapter names it). The notebook prints the descriptions; the checks grade against the types.
TASKS: dict[str, tuple[str, str, bool]] = {
    "pos_tagging": (
        "Tag every word of a sentence with its part of speech (noun, verb, ...).",
        PER_VECTOR,
        True,
    ),
    "speaker_id": (
        "Tell which of a company's employees is speaking in a voice recording.",
        PER_SEQUENCE,
        True,
    ),
    "translation": ("Translate an English sentence into German.", SEQ2SEQ, True),
    "molecule_toxicity": ("Predict whether a molecule is toxic.", PER_SEQUENCE, True),
    "speech_recognition": (
        "Turn a recording of speech into the text that was said.",
        SEQ2SEQ,
        True,
    ),
    "named_entities": (
        "Mark every word of a news sentence as part of a person's name, a place, or neither.",
        PER_VECTOR,
        False,
    ),
    "voice_activity": (
        "Decide for every 10 ms frame of a recording whether someone is speaking.",
        PER_VECTOR,
        False,
    ),
    "atom_charges": (
        "Predict the partial electric charge of every atom of a molecule (a number per atom).",
        PER_VECTOR,
        False,
    ),
    "language_id": ("Detect which language a sentence is written in.", PER_SEQUENCE, False),
    "review_stars": ("Predict the star rating (1 to 5) of a product review.", PER_SEQUENCE, False),
    "summarization": ("Write a short summary of a news article.", SEQ2SEQ, False),
    "question_answering": (
        "Answer a question about a paragraph with a sentence of your own words.",
        SEQ2SEQ,
        False,
    ),
}
OUTPUT_TYPE = {task: kind for task, (_, kind, _) in TASKS.items()}


def pad_batch(
    seqs: Sequence[torch.Tensor], pad_value: float = 0.0
) -> tuple[torch.Tensor, torch.Tensor]:
    """``L_i x d`` tensors -> ``(batch (B, L_max, d), mask (B, L_max))``, padded at the end, on
    their device."""
    if len(seqs) == 0:
        raise ValueError("pad_batch needs at least one sequence")
    if any(s.dim() != 2 for s in seqs):
        raise ValueError("every sequence must be a 2-D tensor (L_i, d)")
    if len({s.shape[1] for s in seqs}) != 1:
        raise ValueError(f"feature sizes differ: {sorted({s.shape[1] for s in seqs})}")
    first = seqs[0]
    # (B, L_max, d)
    batch = nn.utils.rnn.pad_sequence(list(seqs), batch_first=True, padding_value=pad_value)
    lengths = torch.tensor([len(s) for s in seqs], device=first.device)  # (B,)
    # (1, L_max) < (B, 1) -> (B, L_max)
    mask = torch.arange(batch.shape[1], device=first.device)[None, :] < lengths[:, None]
    return batch, mask


def masked_mean(x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean of ``x`` (B, N, d) over the real positions of ``mask`` (B, N); zeros for a row
    with none.

    ``where`` rather than a product keeps even inf or NaN padding out of the sum.
    """
    keep = mask.unsqueeze(-1)  # (B, N, 1)
    total = torch.where(keep, x, torch.zeros_like(x)).sum(dim=1)  # (B, d)
    count = keep.sum(dim=1).clamp(min=1).to(x.dtype)  # (B, 1)
    return total / count  # (B, d)


def masked_cross_entropy(
    logits: torch.Tensor, labels: torch.Tensor, mask: torch.Tensor
) -> torch.Tensor:
    """Mean cross-entropy over the real positions: every real position counts once, padding not
    at all."""
    # logits (B, N, C)[mask] -> (n_real, C), labels (B, N)[mask] -> (n_real,)
    return nn.functional.cross_entropy(logits[mask], labels[mask])


class PerVectorClassifier(nn.Module):
    """One label per vector: the same linear layer at every position, (B, N, d_in) -> (B,
    N, n_classes)."""

    def __init__(self, d_in: int, n_classes: int):
        super().__init__()
        self.linear = nn.Linear(d_in, n_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear(x)  # (B, N, d_in) -> (B, N, n_classes)


class SequenceClassifier(nn.Module):
    """One label per sequence: masked mean pooling of the vector set, then a linear layer."""

    def __init__(self, d_in: int, n_classes: int):
        super().__init__()
        self.linear = nn.Linear(d_in, n_classes)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.linear(masked_mean(x, mask))  # (B, N, d_in) -> (B, d_in) -> (B, n_classes)


class TwoHeadModel(nn.Module):
    """One encoder, two heads: a label per frame and a label per sequence, from the same
    encoded vectors.

    The encoder is a small fully-connected network applied to each frame; the sequence head pools
    its output with the masked mean.
    """

    def __init__(self, d_in: int, n_frame_classes: int, n_seq_classes: int, hidden: int = 16):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Linear(d_in, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU()
        )
        self.frame_head = nn.Linear(hidden, n_frame_classes)
        self.seq_head = nn.Linear(hidden, n_seq_classes)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h = self.encoder(x)  # (B, N, hidden)
        # (B, N, n_frame_classes), (B, n_seq_classes)
        return self.frame_head(h), self.seq_head(masked_mean(h, mask))


def collapse_repeats(labels: Sequence) -> list:
    """Merge runs of the same label: frame labels ``a a b b b a`` become the sequence ``a b a``.

    A toy sequence-to-sequence output: the output length depends on the content, not on the
    input length.
    """
    out: list = []
    for label in labels:
        if not out or out[-1] != label:
            out.append(label)
    return out


@torch.no_grad()
def sequence_accuracy(
    model: nn.Module, frames: torch.Tensor, mask: torch.Tensor, labels: torch.Tensor
) -> float:
    """Fraction of sequences whose predicted class (argmax of ``model(frames, mask)``) is right."""
    model.eval()
    return float((model(frames, mask).argmax(-1) == labels).float().mean())


def train_sequence_classifier(
    model: nn.Module,
    frames: torch.Tensor,
    mask: torch.Tensor,
    labels: torch.Tensor,
    steps: int = 200,
    lr: float = 0.05,
) -> list[float]:
    """Full-batch Adam on the cross-entropy of ``model(frames, mask)``; returns the loss of
    each step."""
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    history = []
    model.train()
    for _ in range(steps):
        loss = nn.functional.cross_entropy(model(frames, mask), labels)
        opt.zero_grad()
        loss.backward()
        opt.step()
        history.append(loss.item())
    return history


def train_two_heads(
    model: TwoHeadModel,
    frames: torch.Tensor,
    mask: torch.Tensor,
    speakers: torch.Tensor,
    phones: torch.Tensor,
    steps: int = 150,
    lr: float = 0.03,
) -> list[float]:
    """Full-batch Adam on the sum of both losses: masked per-frame cross-entropy
    plus per-sequence."""
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    history = []
    model.train()
    for _ in range(steps):
        frame_logits, seq_logits = model(frames, mask)
        loss = masked_cross_entropy(frame_logits, phones, mask) + nn.functional.cross_entropy(
            seq_logits, speakers
        )
        opt.zero_grad()
        loss.backward()
        opt.step()
        history.append(loss.item())
    return history


__all__ = [
    "PER_VECTOR",
    "PER_SEQUENCE",
    "SEQ2SEQ",
    "OUTPUT_KINDS",
    "TASKS",
    "OUTPUT_TYPE",
    "pad_batch",
    "masked_mean",
    "masked_cross_entropy",
    "PerVectorClassifier",
    "SequenceClassifier",
    "TwoHeadModel",
    "collapse_repeats",
    "sequence_accuracy",
    "train_sequence_classifier",
    "train_two_heads",
]
