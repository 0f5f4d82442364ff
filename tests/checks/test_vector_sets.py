"""The checks of assignment 01, called directly (no notebook): the reference passes, every planted
mistake fails with its specific message and costs only its part, the correct alternatives pass.
Fast; the notebook-level proof is in test_grading.py."""

import numpy as np
import pytest

from autograder.checks import vector_sets as checks
from autograder.checks.common import GradingError
from autograder.reference import vector_sets as ref

from ..corpora.vector_sets import REAL_RIGHT, REAL_WRONG, RIGHT, WRONG
from .harness import shared_check_tests

CHECK_OF_PART = {
    "test_one_hot": ("one_hot", checks.check_one_hot),
    "test_one_hot_errors": ("one_hot", checks.check_one_hot_errors),
    "test_cosine_similarity_matrix": (
        "cosine_similarity_matrix",
        checks.check_cosine_similarity_matrix,
    ),
    "test_cosine_zero_row": ("cosine_similarity_matrix", checks.check_cosine_zero_row),
    "test_nearest_words": ("nearest_words", checks.check_nearest_words),
    "test_num_frames": ("num_frames", checks.check_num_frames),
    "test_frame_signal": ("frame_signal", checks.check_frame_signal),
    "test_log_power_spectrum": ("log_power_spectrum", checks.check_log_power_spectrum),
    "test_molecule_to_vector_set": ("molecule_to_vector_set", checks.check_molecule_to_vector_set),
    "test_molecule_errors": ("molecule_to_vector_set", checks.check_molecule_errors),
}
REFERENCE_OBJECTS = {name: getattr(ref, name) for name, _ in CHECK_OF_PART.values()}


def learner_namespace(answers: dict[str, str]) -> dict:
    """What a notebook would hold: the reference solutions, then the learner's cells executed
    over them."""
    ns = {"np": np, **REFERENCE_OBJECTS}
    for source in answers.values():
        exec(source, ns)
    return ns


def test_every_diagnosed_mistake_has_a_case():
    """The issue's list: off by one, hop and window swapped, ms not converted, 0 / 0, asymmetry,
    the query."""
    by_part = {}
    for case in WRONG:
        by_part.setdefault(case.part, []).append(case.message)
    for part, fragment in [
        ("test_num_frames", "you forgot the first frame"),
        ("test_num_frames", "hop and window are swapped"),
        ("test_num_frames", "milliseconds were not converted"),
        ("test_frame_signal", "hop and window are swapped"),
        ("test_frame_signal", "milliseconds were not converted"),
        ("test_cosine_zero_row", "gives NaN"),
        ("test_molecule_to_vector_set", "A is not symmetric"),
        ("test_nearest_words", "holds the query word itself"),
    ]:
        assert any(fragment in m for m in by_part[part]), (part, fragment)


def test_unimplemented_function_says_so():
    def blank(*args, **kwargs):  # what every function of the release does
        raise NotImplementedError()

    for _, check in CHECK_OF_PART.values():
        with pytest.raises(GradingError, match="not implemented yet"):
            check(blank)


def test_a_wrong_num_frames_costs_only_num_frames():
    """frame_signal calls num_frames by name; grading it swaps in the reference one,
    then restores."""
    ns = learner_namespace(
        {
            "num_frames": (
                "def num_frames(n_samples, sample_rate, window_ms=25, hop_ms=10):\n    return 3"
            ),
            "frame_signal": (
                "def frame_signal(signal, sample_rate, window_ms=25, hop_ms=10):\n"
                "    window, hop = round(sample_rate * window_ms / 1000), "
                "round(sample_rate * hop_ms / 1000)\n"
                "    n = num_frames(len(signal), sample_rate, window_ms, hop_ms)\n"
                "    frames = [signal[i * hop:i * hop + window] for i in range(n)]\n"
                "    return np.array(frames).reshape(n, window)"
            ),
        }
    )
    learners = ns["num_frames"]
    with pytest.raises(GradingError):
        checks.check_num_frames(learners)
    checks.check_frame_signal(ns["frame_signal"])
    assert ns["num_frames"] is learners, "the learner's function is restored"


def test_a_wrong_cosine_costs_only_the_cosine():
    ns = learner_namespace(
        {
            "cosine_similarity_matrix": "def cosine_similarity_matrix(X):\n    return X @ X.T",
            "nearest_words": (
                "def nearest_words(word, vocab, E, k):\n"
                "    i = list(vocab).index(word)\n"
                "    order = [j for j in np.argsort(-cosine_similarity_matrix(E)[i]) if j != i]\n"
                "    return [vocab[j] for j in order[:k]]"
            ),
        }
    )
    with pytest.raises(GradingError, match="dot products"):
        checks.check_cosine_similarity_matrix(ns["cosine_similarity_matrix"])
    checks.check_nearest_words(ns["nearest_words"])


def test_an_unexplained_frame_count_shows_the_failing_case():
    def num_frames(n_samples, sample_rate, window_ms=25, hop_ms=10):
        return ref.num_frames(n_samples, sample_rate, window_ms, hop_ms) + (n_samples == 16000)

    with pytest.raises(
        GradingError,
        match=(r"num_frames\(16000, 16000, window_ms=25, hop_ms=10\) returned 99; expected 98"),
    ):
        checks.check_num_frames(num_frames)


def test_a_fractional_frame_count_is_refused():
    def num_frames(n_samples, sample_rate, window_ms=25, hop_ms=10):
        window, hop = sample_rate * window_ms / 1000, sample_rate * hop_ms / 1000
        return 0 if n_samples < window else 1 + (n_samples - window) / hop

    with pytest.raises(GradingError, match="whole number"):
        checks.check_num_frames(num_frames)


(
    test_reference_passes_every_check,
    test_each_mistake_is_named,
    test_each_mistake_costs_only_its_part,
    test_correct_alternatives_pass,
) = shared_check_tests(
    CHECK_OF_PART, REFERENCE_OBJECTS, WRONG + REAL_WRONG, RIGHT + REAL_RIGHT, learner_namespace
)
