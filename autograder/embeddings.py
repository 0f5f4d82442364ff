"""Tools that make the data of chapter 1, not exercises: word vectors from co-occurrence counts, a 2-D view
of them, and graph adjacency matrices. Learners may import them (the grading sandbox lets them), unlike
:mod:`autograder.reference`, which holds the exercises' answers."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def cooccurrence_counts(sentences: Sequence[Sequence[str]], vocab: Sequence[str], window: int = 3) -> np.ndarray:
    """``(V, V)`` counts: how often word j appears within ``window`` words of word i (symmetric)."""
    index = {w: j for j, w in enumerate(vocab)}
    C = np.zeros((len(vocab), len(vocab)))
    for sentence in sentences:
        ids = [index[w] for w in sentence if w in index]
        for p, i in enumerate(ids):
            for j in ids[max(0, p - window):p]:
                C[i, j] += 1
                C[j, i] += 1
    return C


def ppmi(C: np.ndarray) -> np.ndarray:
    """Positive pointwise mutual information: how much more often two words meet than chance predicts.

    Raw counts are dominated by frequent words ("the", "and"); PPMI keeps only the surprising pairs.
    """
    total = C.sum()
    row = C.sum(1, keepdims=True)
    col = C.sum(0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(C * total / (row * col))
    return np.where(np.isfinite(pmi) & (pmi > 0), pmi, 0.0)


def svd_embeddings(C: np.ndarray, dim: int) -> np.ndarray:
    """``(V, dim)`` word vectors: the top ``dim`` left singular vectors of PPMI(C), scaled by sqrt(sigma).

    The sign of each singular vector is fixed (largest entry positive) so the result is deterministic.
    """
    U, S, _ = np.linalg.svd(ppmi(C))
    U = U[:, :dim] * np.sqrt(S[:dim])
    signs = np.sign(U[np.abs(U).argmax(0), np.arange(dim)])
    return U * np.where(signs == 0, 1.0, signs)


def pca_2d(E: np.ndarray) -> np.ndarray:
    """``(V, 2)``: the rows of ``E`` (normalised to unit length) projected on their two main directions."""
    unit = E / np.maximum(np.linalg.norm(E, axis=1, keepdims=True), 1e-12)
    centred = unit - unit.mean(0)
    _, _, Vt = np.linalg.svd(centred, full_matrices=False)
    P = centred @ Vt[:2].T
    return P * np.sign(P[np.abs(P).argmax(0), [0, 1]])


def adjacency(n: int, edges: Sequence[tuple[int, int]]) -> np.ndarray:
    """``(n, n)`` symmetric 0/1 adjacency matrix of an undirected graph."""
    A = np.zeros((n, n))
    for i, j in edges:
        A[i, j] = A[j, i] = 1.0
    return A
