"""autograder.learner.transformer_block: the twin's-neighbour task of the chapter's
stacking section."""

import numpy as np
import pytest

from autograder.learner.tagging import decode
from autograder.learner.transformer_block import (
    make_twin_neighbour_tagging,
    train_test_twin_neighbour,
    twin_neighbour_labels,
)


def test_twin_neighbour_task_is_seeded_and_each_label_is_the_colour_left_of_the_twin():
    a, b = make_twin_neighbour_tagging(60, seed=3), make_twin_neighbour_tagging(60, seed=3)
    assert (a.tokens == b.tokens).all() and (a.labels == b.labels).all()
    assert not (make_twin_neighbour_tagging(60, seed=4).tokens == a.tokens).all()
    firsts = 0
    for seq, labels in zip(a.sequences(), [lab[m] for lab, m in zip(a.labels, a.mask)]):
        symbols, colours = decode(seq, a.n_classes)
        assert all((symbols == s).sum() == 2 for s in symbols), "every symbol on exactly two cards"
        for i, s in enumerate(symbols):
            (twin,) = [j for j in np.flatnonzero(symbols == s) if j != i]
            assert labels[i] == (colours[twin - 1] if twin > 0 else colours[0])
            firsts += twin == 0
    assert firsts > 0, "the first-card rule is exercised"
    assert (twin_neighbour_labels(a.sequences()[0], a.n_classes) == a.labels[0][a.mask[0]]).all()


def test_a_hand_made_sequence():
    # cards (symbol, colour): (0, r) (1, g) (0, b) (1, r) -> twins at 2, 3, 0, 1
    seq = 1 + np.array([0, 1, 0, 1]) * 3 + np.array([0, 1, 2, 0])
    assert twin_neighbour_labels(seq, 3).tolist() == [1, 2, 0, 0]


def test_split_and_bad_sizes():
    train, test = train_test_twin_neighbour(seed=0, n_train=20, n_test=10)
    assert (
        len(train) == 20 and len(test) == 10 and not np.array_equal(train.tokens[:10], test.tokens)
    )
    with pytest.raises(ValueError):
        make_twin_neighbour_tagging(5, min_pairs=4, max_pairs=3)
