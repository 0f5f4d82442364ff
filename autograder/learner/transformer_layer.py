"""A seeded tagging task that only a model which knows positions can solve ("what is on
your left?").

Each sequence is a row of cards coded as in :mod:`autograder.learner.tagging` (a symbol in a colour;
id 0 is padding). Symbols are random; the colours are balanced, the same number of cards of each
colour, in a random order. A card's label is the colour of the card on its **left**; the first card,
which has no left neighbour, is labelled with its own colour. A permutation-equivariant model
(self-attention without positions, the chapter-4 tagger) sees the same bag of cards whatever the
order: with balanced colours that bag says almost nothing about the neighbour, so such a model stays
near chance (1 in ``n_colors``), while a model that knows positions can look one step to the left.
"""

from __future__ import annotations

import numpy as np

from autograder.learner.tagging import PAD, TaggingData, decode, encode


def left_neighbour_labels(seq: np.ndarray, n_colors: int) -> np.ndarray:
    """Labels of one unpadded sequence: the colour of the previous card (the first card: its
    own colour)."""
    _, colours = decode(seq, n_colors)
    return np.concatenate([colours[:1], colours[:-1]]).astype(np.int64)


def make_left_neighbour_tagging(
    n_sequences: int = 2000,
    seed: int = 0,
    n_symbols: int = 8,
    n_colors: int = 3,
    min_per_colour: int = 3,
    max_per_colour: int = 6,
) -> TaggingData:
    """Seeded sequences of ``n_colors * m`` cards, ``m`` cards of each colour, ``m`` uniform in
    [min, max]."""
    if not 1 <= min_per_colour <= max_per_colour:
        raise ValueError("need 1 <= min_per_colour <= max_per_colour")
    rng = np.random.default_rng(seed)
    max_len = n_colors * max_per_colour
    tokens = np.full((n_sequences, max_len), PAD, dtype=np.int64)
    labels = np.zeros((n_sequences, max_len), dtype=np.int64)
    mask = np.zeros((n_sequences, max_len), dtype=bool)
    for s in range(n_sequences):
        n = n_colors * int(rng.integers(min_per_colour, max_per_colour + 1))
        colours = rng.permutation(np.arange(n) % n_colors)
        seq = encode(rng.integers(0, n_symbols, size=n), colours, n_colors)
        tokens[s, :n], labels[s, :n], mask[s, :n] = seq, left_neighbour_labels(seq, n_colors), True
    return TaggingData(
        tokens, labels, mask, vocab_size=1 + n_symbols * n_colors, n_classes=n_colors
    )


def train_test_left_neighbour(seed: int = 0, n_train: int = 4000, n_test: int = 1000, **kwargs):
    """The course's standard split of the left-neighbour task: disjoint seeds for train and test."""
    return (
        make_left_neighbour_tagging(n_train, seed=seed, **kwargs),
        make_left_neighbour_tagging(n_test, seed=seed + 10_000, **kwargs),
    )
