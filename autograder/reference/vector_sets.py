"""Reference implementation of the chapter "Sophisticated input" (assignment 01): everything is a
vector set.

A sentence is a set of word vectors, a recording a set of frames, a molecule a set of atoms with
bonds between them. The number of vectors changes from one example to the next. This module turns
each kind of input into its vector set, in plain NumPy: one-hot words, cosine similarity and nearest
words, small word embeddings learned from co-occurrence counts, audio frames and their spectra,
molecules as one-hot atoms plus an adjacency matrix.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# Not exercises: the tools that make the chapter's data (the kernel that grades a learner may
# import them).
from autograder.learner.vector_sets import (
    adjacency,
    cooccurrence_counts,
    pca_2d,
    ppmi,
    svd_embeddings,
)

ELEMENTS = ("H", "C", "N", "O")
LOG_FLOOR = 1e-10  # added to the power before the log, so a silent frame gives log(1e-10), not -inf

# --------------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------------


def one_hot(tokens: Sequence[str], vocab: Sequence[str]) -> np.ndarray:
    """``(len(tokens), len(vocab))`` floats: row i is 1 in the column of ``tokens[i]``,
    0 elsewhere."""
    index = {word: j for j, word in enumerate(vocab)}
    X = np.zeros((len(tokens), len(vocab)))  # (len(tokens), len(vocab))
    for i, token in enumerate(tokens):
        if token not in index:
            raise ValueError(f"unknown token {token!r}: it is not in the vocabulary")
        X[i, index[token]] = 1.0
    return X


def cosine_similarity_matrix(X: np.ndarray) -> np.ndarray:
    """``(n, n)`` cosine similarity of every pair of rows of ``X``; a zero row has similarity 0
    with all.

    Dividing by a norm of 1 instead of 0 leaves a zero row at zero, where 0 / 0 would give NaN.
    """
    X = np.asarray(X, dtype=float)
    norms = np.linalg.norm(X, axis=1)  # (n,)
    unit = X / np.where(norms > 0, norms, 1.0)[:, None]  # (n, d) / (n, 1) -> (n, d)
    return unit @ unit.T  # (n, n)


def nearest_words(word: str, vocab: Sequence[str], E: np.ndarray, k: int) -> list[str]:
    """The ``k`` words whose rows of ``E`` have the largest cosine similarity with ``word``'s,
    best first.

    The query itself (always similarity 1) is left out. A stable sort breaks ties by
    vocabulary order.
    """
    vocab = list(vocab)
    i = vocab.index(word)
    sims = cosine_similarity_matrix(E)[i]  # (len(vocab),)
    order = [j for j in np.argsort(-sims, kind="stable") if j != i]
    return [vocab[j] for j in order[:k]]


# --------------------------------------------------------------------------------------------------
# Audio
# --------------------------------------------------------------------------------------------------


def ms_to_samples(ms: float, sample_rate: int) -> int:
    """Milliseconds -> a whole number of samples: ``round(sample_rate * ms / 1000)``."""
    return int(round(sample_rate * ms / 1000))


def num_frames(n_samples: int, sample_rate: int, window_ms: float = 25, hop_ms: float = 10) -> int:
    """How many whole windows fit: 0 if the signal is shorter than one window, else 1 + (n - window)
    // hop."""
    window, hop = ms_to_samples(window_ms, sample_rate), ms_to_samples(hop_ms, sample_rate)
    if n_samples < window:
        return 0
    return 1 + (n_samples - window) // hop


def frame_signal(
    signal: np.ndarray, sample_rate: int, window_ms: float = 25, hop_ms: float = 10
) -> np.ndarray:
    """``(num_frames, window)``: row i is ``signal[i * hop : i * hop + window]``, no Python
    loop needed."""
    signal = np.asarray(signal)
    window, hop = ms_to_samples(window_ms, sample_rate), ms_to_samples(hop_ms, sample_rate)
    n = num_frames(len(signal), sample_rate, window_ms, hop_ms)
    starts = hop * np.arange(n)  # (n,)
    # indices (n, 1) + (1, window) -> (n, window)
    return signal[starts[:, None] + np.arange(window)[None, :]].reshape(n, window)


def log_power_spectrum(frames: np.ndarray) -> np.ndarray:
    """``(n_frames, window // 2 + 1)``: log of the power of each Hann-windowed frame's real FFT."""
    frames = np.asarray(frames, dtype=float)
    tapered = frames * np.hanning(frames.shape[-1])  # (n_frames, window)
    # rfft: (n_frames, window // 2 + 1)
    return np.log(np.abs(np.fft.rfft(tapered, axis=-1)) ** 2 + LOG_FLOOR)


# --------------------------------------------------------------------------------------------------
# Graphs and molecules
# --------------------------------------------------------------------------------------------------


def molecule_to_vector_set(
    atoms: Sequence[str], bonds: Sequence[tuple[int, int]], elements: Sequence[str] = ELEMENTS
) -> tuple[np.ndarray, np.ndarray]:
    """``(X, A)``: one-hot atoms ``(n_atoms, len(elements))`` and the symmetric 0/1 adjacency of
    the bonds.

    A bond listed twice (a double bond written as two) is still one edge; an unknown element, or a
    bond to an atom that does not exist (negative indices included: NumPy would silently read -1 as
    the last atom), is a ``ValueError``.
    """
    column = {e: j for j, e in enumerate(elements)}
    n = len(atoms)
    X = np.zeros((n, len(elements)))  # (n_atoms, len(elements))
    for i, atom in enumerate(atoms):
        if atom not in column:
            raise ValueError(f"unknown element {atom!r}; known: {', '.join(elements)}")
        X[i, column[atom]] = 1.0
    A = np.zeros((n, n))  # (n_atoms, n_atoms)
    for i, j in bonds:
        if not (0 <= i < n and 0 <= j < n):
            raise ValueError(
                f"bond ({i}, {j}) refers to an atom that does not exist (there are {n})"
            )
        A[i, j] = A[j, i] = 1.0
    return X, A


__all__ = [
    "ELEMENTS",
    "LOG_FLOOR",
    "one_hot",
    "cosine_similarity_matrix",
    "nearest_words",
    "cooccurrence_counts",
    "ppmi",
    "svd_embeddings",
    "pca_2d",
    "ms_to_samples",
    "num_frames",
    "frame_signal",
    "log_power_spectrum",
    "molecule_to_vector_set",
    "adjacency",
]
