"""autograder.learner.output_types: the data and tasks a learner's notebook imports for
this chapter."""

import numpy as np

from autograder.learner.output_types import make_utterances
from autograder.reference import output_types as ref


def test_utterances_are_seeded_and_right_padded():
    a, b, c = make_utterances(50, seed=1), make_utterances(50, seed=1), make_utterances(50, seed=2)
    assert all(
        np.array_equal(getattr(a, f), getattr(b, f))
        for f in ("frames", "mask", "speakers", "phones")
    )
    assert not np.array_equal(a.frames, c.frames)
    assert np.array_equal(a.speaker_means, c.speaker_means), "the same speakers whatever the seed"
    assert a.frames.shape == (50, 40, 12) and a.frames.dtype == np.float32
    assert a.lengths.min() >= 8 and a.lengths.max() <= 40
    for mask, n in zip(a.mask, a.lengths):
        assert mask[:n].all() and not mask[n:].any()
    assert np.all(a.frames[~a.mask] == 0) and np.all(a.phones[~a.mask] == 0)
    assert [len(s) for s in a.sequences()] == list(a.lengths)


def test_voices_and_phones_are_orthogonal_directions():
    data = make_utterances(1)
    means = np.concatenate([data.speaker_means, data.phone_means])
    gram = means @ means.T
    assert np.allclose(gram - np.diag(np.diag(gram)), 0, atol=1e-9)
    assert np.allclose(np.diag(gram), [1.0] * data.n_speakers + [9.0] * data.n_phones)


def test_phones_come_in_runs():
    data = make_utterances(20, seed=3)
    for phones, n in zip(data.phones, data.lengths):
        runs = ref.collapse_repeats(phones[:n].tolist())
        assert len(runs) <= n / 2 + 1, (
            "a phone lasts 2 to 6 frames (two runs of one phone may merge)"
        )


def test_one_frame_is_ambiguous_but_the_utterance_mean_is_clear():
    """The nearest speaker mean (the generator's own truth) from one frame, and from the mean of
    all frames."""
    data = make_utterances(1000, seed=5)
    voices = data.speaker_means

    def nearest(v):
        return np.argmin(((v[:, None, :] - voices[None]) ** 2).sum(-1), axis=1)

    # keep only the speaker subspace (phones are orthogonal to it)
    proj = voices.T @ np.linalg.pinv(voices.T)
    one_frame = np.stack([s[0] for s in data.sequences()]) @ proj
    mean = np.stack([s.mean(0) for s in data.sequences()]) @ proj
    assert np.mean(nearest(one_frame) == data.speakers) < 0.65
    assert np.mean(nearest(mean) == data.speakers) > 0.97
