"""common.compare_all: a mistake is named only when it explains every input where the result
is wrong."""

import numpy as np
import pytest

from autograder.checks.common import GradingError, compare_all

A, B = "mistake A (agrees with B on the first input)", "mistake B"


def trials(got):
    """Two inputs: A and B give the same wrong result on the first, different ones on the second."""
    expected = [np.array([1.0, 2.0]), np.array([3.0, 4.0])]
    mistakes = [
        {A: np.array([0.0, 0.0]), B: np.array([0.0, 0.0])},
        {A: np.array([9.0, 9.0]), B: np.array([7.0, 7.0])},
    ]
    return [(g, e, f"f(input {i})", m) for i, (g, e, m) in enumerate(zip(got, expected, mistakes))]


def test_the_mistake_that_explains_every_input_is_named_not_the_first_that_matches():
    with pytest.raises(GradingError) as info:
        compare_all(trials([np.zeros(2), np.full(2, 7.0)]))
    assert info.value.mistake == B and "f(input 0): mistake B" in str(info.value)


def test_a_mistake_contradicted_by_a_right_input_is_not_named():
    # wrong like A and B on input 0, right on input 1: neither
    with pytest.raises(GradingError) as info:
        compare_all(trials([np.zeros(2), np.array([3.0, 4.0])]))
    assert info.value.mistake is None and "does not give the expected result" in str(info.value)


def test_inputs_where_a_mistake_does_not_apply_do_not_count_against_it():
    got = [np.zeros(2), np.array([3.0, 4.0])]
    t = trials(got)
    t[1] = (t[1][0], t[1][1], t[1][2], {})  # no variant of any mistake for input 1
    with pytest.raises(GradingError) as info:
        compare_all(t)
    assert info.value.mistake == A


def test_right_results_pass_and_the_fallback_shows_an_unexplained_input():
    assert compare_all(trials([np.array([1.0, 2.0]), np.array([3.0, 4.0])])) is None
    seen = []
    with pytest.raises(GradingError):
        compare_all(trials([np.array([5.0, 5.0]), np.array([3.0, 4.0])]), fallback=seen.append)
    assert seen == [0]
