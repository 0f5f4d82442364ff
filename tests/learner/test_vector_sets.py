"""autograder.learner.vector_sets: the data and tasks a learner's notebook imports for
this chapter."""

import numpy as np

from autograder.learner import vector_sets as data
from autograder.reference import vector_sets as ref

from ..helpers import ROOT  # noqa: E402


def test_embeddings_are_deterministic_and_the_corpus_has_every_plotted_word():
    vocab, E = data.word_embeddings()
    again = ref.svd_embeddings(ref.cooccurrence_counts(data.load_corpus(), vocab, 5), 8)
    assert np.array_equal(E, again)
    assert all(w in vocab for ws in data.WORD_GROUPS.values() for w in ws)


def test_cooccurrence_counts_are_symmetric_within_the_window():
    C = ref.cooccurrence_counts([["a", "b", "c", "a"]], ["a", "b", "c"], window=1)
    assert C.tolist() == [[0, 1, 1], [1, 0, 1], [1, 1, 0]]


def test_the_speech_recording_is_short_16khz_mono_and_small():
    signal, rate = data.load_speech()
    assert rate == 16000 and signal.ndim == 1 and 3 <= len(signal) / rate <= 6
    assert 0.1 < np.abs(signal).max() <= 1.0, "speech, not silence, within [-1, 1]"
    assert (ROOT / "autograder" / "learner" / "data" / "speech.wav").stat().st_size < 200_000
    assert "espeak-ng" in (ROOT / "autograder" / "learner" / "data" / "README.md").read_text()


def test_social_network():
    names, X, A = data.social_network()
    assert X.shape == (len(names), len(data.PERSON_FEATURES)) and np.array_equal(A, A.T)
    assert A.sum() == 2 * len(data.FRIENDSHIPS) and not np.diag(A).any()
