"""The data of chapter 4, self-attention (assignment 04): a seeded synthetic task, generated
in code.

The long-range tagging task ("find your twin")
----------------------------------------------
Every sequence is a shuffled set of cards. A card is a symbol drawn in a colour (token id ``1 +
symbol * n_colors + colour``; id 0 is padding). Each symbol in a sequence appears on exactly two
cards, its twins, placed anywhere. A card's label is the colour of its twin. The evidence can be any
distance away, so a context window sees it only by luck, while self-attention finds it from
anywhere: a query that matches keys of the same symbol. Order plays no part, so a model without
position information can solve it; a model that looks at one card alone is right only by chance (1
in ``n_colors``).
"""

from __future__ import annotations

import numpy as np

from autograder.learner.tagging import PAD, TaggingData, decode, encode

__all__ = ["decode", "make_long_range_tagging", "train_test_long_range", "twin_colour_labels"]


def twin_colour_labels(seq: np.ndarray, n_colors: int) -> np.ndarray:
    """Label of each card of one unpadded sequence: the colour of the other card with its symbol."""
    symbols, colours = decode(seq, n_colors)
    labels = np.empty(len(seq), dtype=np.int64)
    for i, s in enumerate(symbols):
        (j,) = [j for j in np.flatnonzero(symbols == s) if j != i]
        labels[i] = colours[j]
    return labels


def make_long_range_tagging(
    n_sequences: int = 2000,
    seed: int = 0,
    n_symbols: int = 16,
    n_colors: int = 3,
    min_pairs: int = 4,
    max_pairs: int = 12,
) -> TaggingData:
    """Seeded "find your twin" sequences of ``2 * n_pairs`` cards, ``n_pairs`` uniform in
    [min, max]."""
    if not 1 <= min_pairs <= max_pairs <= n_symbols:
        raise ValueError("need 1 <= min_pairs <= max_pairs <= n_symbols")
    rng = np.random.default_rng(seed)
    max_len = 2 * max_pairs
    tokens = np.full((n_sequences, max_len), PAD, dtype=np.int64)
    labels = np.zeros((n_sequences, max_len), dtype=np.int64)
    mask = np.zeros((n_sequences, max_len), dtype=bool)
    for s in range(n_sequences):
        n_pairs = int(rng.integers(min_pairs, max_pairs + 1))
        symbols = np.repeat(rng.choice(n_symbols, size=n_pairs, replace=False), 2)
        seq = rng.permutation(
            encode(symbols, rng.integers(0, n_colors, size=2 * n_pairs), n_colors)
        )
        n = len(seq)
        tokens[s, :n], labels[s, :n], mask[s, :n] = seq, twin_colour_labels(seq, n_colors), True
    return TaggingData(
        tokens, labels, mask, vocab_size=1 + n_symbols * n_colors, n_classes=n_colors
    )


def train_test_long_range(seed: int = 0, n_train: int = 6000, n_test: int = 1000, **kwargs):
    """The course's standard split of the long-range task: disjoint seeds for train and test."""
    return (
        make_long_range_tagging(n_train, seed=seed, **kwargs),
        make_long_range_tagging(n_test, seed=seed + 10_000, **kwargs),
    )
