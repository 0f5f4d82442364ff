"""The data of the chapter "Attention at scale and the Transformer block" (assignment 06): a seeded
task that one attention layer cannot solve and two stacked layers can.

The "twin's neighbour" task
---------------------------
Cards as in :mod:`autograder.learner.tagging` (a symbol in a colour; id 0 is padding), laid out as
in the *find your twin* task (:mod:`autograder.learner.self_attention`): every symbol is on exactly
two cards, in a random order. A card's label is the colour of the card **on the left of its twin**;
when the twin is the first card, which has no left neighbour, the label is the twin's own colour.

The answer is two steps away. One layer of attention can find the twin (same symbol) or a neighbour
(a position), but not the neighbour of the twin: no key says "the card on my right has your symbol"
until an earlier layer has put that there. Two stacked layers can: the first lets every card gather
its left neighbour's colour, the second lets every card find its twin and read what the
twin gathered.
"""

from __future__ import annotations

import numpy as np

from autograder.learner.tagging import PAD, TaggingData, decode, encode

__all__ = ["make_twin_neighbour_tagging", "train_test_twin_neighbour", "twin_neighbour_labels"]


def twin_neighbour_labels(seq: np.ndarray, n_colors: int) -> np.ndarray:
    """Labels of one unpadded sequence: the colour of the card left of each card's twin (the twin's
    own colour when the twin is first)."""
    symbols, colours = decode(seq, n_colors)
    labels = np.empty(len(seq), dtype=np.int64)
    for i, s in enumerate(symbols):
        (j,) = [j for j in np.flatnonzero(symbols == s) if j != i]
        labels[i] = colours[max(j - 1, 0)]
    return labels


def make_twin_neighbour_tagging(
    n_sequences: int = 2000,
    seed: int = 0,
    n_symbols: int = 8,
    n_colors: int = 3,
    min_pairs: int = 3,
    max_pairs: int = 6,
) -> TaggingData:
    """Seeded sequences of ``2 * n_pairs`` cards, ``n_pairs`` uniform in [min, max],
    colours uniform."""
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
        tokens[s, :n], labels[s, :n], mask[s, :n] = seq, twin_neighbour_labels(seq, n_colors), True
    return TaggingData(
        tokens, labels, mask, vocab_size=1 + n_symbols * n_colors, n_classes=n_colors
    )


def train_test_twin_neighbour(seed: int = 0, n_train: int = 4000, n_test: int = 1000, **kwargs):
    """The course's standard split of the twin's-neighbour task: disjoint seeds for train
    and test."""
    return (
        make_twin_neighbour_tagging(n_train, seed=seed, **kwargs),
        make_twin_neighbour_tagging(n_test, seed=seed + 10_000, **kwargs),
    )
