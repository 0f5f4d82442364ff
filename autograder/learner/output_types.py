"""The seeded synthetic "who says what" task of the output-types chapter (no downloads: generated
in code).

Every sequence is an utterance: a variable number of frames (vectors of ``d`` features) spoken by
one of ``n_speakers`` speakers. Each frame is the sum of three parts:

* the speaker's voice, a mean vector shared by all of that speaker's frames;
* the sound being made, one of ``n_phones`` phone vectors, held for a short run of frames as
  in speech;
* noise, as large as the gaps between the speakers' voices.

So the same sequences carry two kinds of output. **One label per vector**: the phone of each frame,
which a single frame shows clearly. **One label per sequence**: the speaker, which a single frame
shows only vaguely (the speakers' frame distributions overlap), but the mean over the utterance
shows plainly, since averaging ``L`` frames shrinks the noise by ``sqrt(L)``.

The voices and phones are fixed by ``voice_seed`` (the same speakers in the training and the test
set); the utterances are drawn from ``seed``. Voice and phone vectors live in orthogonal subspaces,
rotated at random so that no single feature is "the speaker feature".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch


@dataclass
class UtteranceData:
    """A padded batch of utterances.

    ``frames`` (n, L_max, d) float32, zero at padding; ``mask`` (n, L_max) bool, True at real
    frames; ``speakers`` (n,) int64, one label per sequence; ``phones`` (n, L_max) int64, one label
    per frame (0 at padding). ``speaker_means`` (n_speakers, d) and ``phone_means`` (n_phones, d)
    are the generator's truth.
    """

    frames: np.ndarray
    mask: np.ndarray
    speakers: np.ndarray
    phones: np.ndarray
    speaker_means: np.ndarray
    phone_means: np.ndarray

    def __len__(self) -> int:
        return len(self.frames)

    @property
    def d(self) -> int:
        return self.frames.shape[-1]

    @property
    def n_speakers(self) -> int:
        return len(self.speaker_means)

    @property
    def n_phones(self) -> int:
        return len(self.phone_means)

    @property
    def lengths(self) -> np.ndarray:
        return self.mask.sum(1)

    def sequences(self) -> list[np.ndarray]:
        """The unpadded utterances, each (L_i, d)."""
        return [f[m] for f, m in zip(self.frames, self.mask)]

    def to_torch(self, device: torch.device | str | None = None) -> tuple[torch.Tensor, ...]:
        """``(frames, mask, speakers, phones)`` as tensors on ``device``."""
        return tuple(
            torch.as_tensor(a, device=device)
            for a in (self.frames, self.mask, self.speakers, self.phones)
        )


def _orthonormal_rows(rng: np.random.Generator, n: int, d: int) -> np.ndarray:
    """``n`` orthonormal vectors of size ``d`` (rows), uniformly rotated."""
    q, r = np.linalg.qr(rng.normal(size=(d, d)))
    return (q * np.sign(np.diag(r)))[:, :n].T


def voices_and_phones(
    n_speakers: int, n_phones: int, d: int, voice_scale: float, phone_scale: float, voice_seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Speaker means and phone vectors: mutually orthogonal directions, so ``d >=
    n_speakers + n_phones``."""
    if d < n_speakers + n_phones:
        raise ValueError(f"need d >= n_speakers + n_phones, got d={d}")
    basis = _orthonormal_rows(np.random.default_rng(voice_seed), n_speakers + n_phones, d)
    return voice_scale * basis[:n_speakers], phone_scale * basis[n_speakers:]


def make_utterances(
    n_sequences: int = 2000,
    seed: int = 0,
    n_speakers: int = 5,
    n_phones: int = 4,
    d: int = 12,
    min_len: int = 8,
    max_len: int = 40,
    voice_scale: float = 1.0,
    phone_scale: float = 3.0,
    noise: float = 1.0,
    voice_seed: int = 2021,
) -> UtteranceData:
    """Seeded utterances of ``min_len .. max_len`` frames; phones last 2 to 6 frames each."""
    if not 1 <= min_len <= max_len:
        raise ValueError("need 1 <= min_len <= max_len")
    speaker_means, phone_means = voices_and_phones(
        n_speakers, n_phones, d, voice_scale, phone_scale, voice_seed
    )
    rng = np.random.default_rng(seed)
    frames = np.zeros((n_sequences, max_len, d), dtype=np.float32)
    mask = np.zeros((n_sequences, max_len), dtype=bool)
    phones = np.zeros((n_sequences, max_len), dtype=np.int64)
    speakers = rng.integers(0, n_speakers, size=n_sequences)
    for s in range(n_sequences):
        n = int(rng.integers(min_len, max_len + 1))
        runs = []
        while sum(len(r) for r in runs) < n:
            runs.append(np.full(int(rng.integers(2, 7)), rng.integers(0, n_phones)))
        phone_seq = np.concatenate(runs)[:n]
        x = speaker_means[speakers[s]] + phone_means[phone_seq] + noise * rng.normal(size=(n, d))
        frames[s, :n], mask[s, :n], phones[s, :n] = x, True, phone_seq
    return UtteranceData(
        frames, mask, speakers.astype(np.int64), phones, speaker_means, phone_means
    )


def train_test_utterances(seed: int = 0, n_train: int = 2000, n_test: int = 1000, **kwargs):
    """The course's standard split: the same speakers, disjoint seeds for the training and
    test utterances."""
    return make_utterances(n_train, seed=seed, **kwargs), make_utterances(
        n_test, seed=seed + 10_000, **kwargs
    )
