"""autograder.learner.self_attention: the data and tasks a learner's notebook imports for
this chapter."""

import numpy as np

from autograder.learner.self_attention import decode, make_long_range_tagging


def test_long_range_data_is_what_it_says():
    data = make_long_range_tagging(200, seed=3)
    again = make_long_range_tagging(200, seed=3)
    assert np.array_equal(data.tokens, again.tokens), "seeded"
    for tokens, labels, mask in zip(data.tokens, data.labels, data.mask):
        seq, lab = tokens[mask], labels[mask]
        symbols, colours = decode(seq, 3)
        assert all(np.sum(symbols == s) == 2 for s in symbols), "every symbol on exactly two cards"
        for i, s in enumerate(symbols):
            twin = [j for j in range(len(seq)) if symbols[j] == s and j != i][0]
            assert lab[i] == colours[twin]
        assert not mask[len(seq) :].any() and (tokens[~mask] == 0).all(), "padding at the end, id 0"
