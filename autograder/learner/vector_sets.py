"""The data of the chapter "Sophisticated input" (assignment 01), shipped in the package:
no download.

* ``speech.wav``: 4.4 s of synthesised English speech, 16 kHz mono (origin and licence
  in data/README.md);
* ``embedding_corpus.txt``: a small hand-written corpus about animals, plants and things people do;
* a small social network and a few molecules, written out below.
"""

from __future__ import annotations

import wave
from collections.abc import Sequence
from functools import cache
from importlib import resources

import numpy as np

SPEECH_FILE, CORPUS_FILE = "speech.wav", "embedding_corpus.txt"
SPEECH_TEXT = "A sentence is a set of vectors, and so is a recording of speech."

# The words the chapter plots, by group; every one occurs in the corpus.
WORD_GROUPS = {
    "animal": ("cat", "dog", "horse", "cow", "rabbit", "mouse", "sheep", "goat"),
    "plant": ("rose", "tulip", "oak", "pine", "fern", "daisy", "maple", "grass"),
    "verb": ("run", "jump", "swim", "walk", "climb"),
}

# A social network: each person is a node described by a feature vector, friendships are the edges.
PERSON_FEATURES = ("age / 100", "student", "likes sport", "likes music", "posts per day / 10")
PEOPLE = {
    "Ana": (0.21, 1, 1, 0, 0.3),
    "Ben": (0.23, 1, 1, 1, 0.1),
    "Chen": (0.35, 0, 0, 1, 0.8),
    "Dara": (0.41, 0, 1, 0, 0.2),
    "Eli": (0.19, 1, 0, 1, 0.9),
    "Femi": (0.52, 0, 0, 0, 0.1),
    "Gus": (0.28, 0, 1, 1, 0.4),
}
FRIENDSHIPS = (
    ("Ana", "Ben"),
    ("Ana", "Eli"),
    ("Ben", "Eli"),
    ("Ben", "Gus"),
    ("Chen", "Gus"),
    ("Chen", "Femi"),
    ("Dara", "Femi"),
    ("Dara", "Gus"),
)

# Molecules: atoms (element symbols), bonds (pairs of atom indices), and 2-D positions only
# for drawing.
MOLECULES = {
    "water (H2O)": (("O", "H", "H"), ((0, 1), (0, 2)), ((0, 0), (-0.8, -0.6), (0.8, -0.6))),
    "ammonia (NH3)": (
        ("N", "H", "H", "H"),
        ((0, 1), (0, 2), (0, 3)),
        ((0, 0), (-0.9, -0.5), (0.9, -0.5), (0, 1)),
    ),
    "methanol (CH3OH)": (
        ("C", "O", "H", "H", "H", "H"),
        ((0, 1), (0, 2), (0, 3), (0, 4), (1, 5)),
        ((0, 0), (1, 0), (-0.8, 0.6), (-0.8, -0.6), (0, -1), (1.7, 0.6)),
    ),
    "glycine (C2H5NO2)": (
        ("N", "C", "C", "O", "O", "H", "H", "H", "H", "H"),
        ((0, 1), (1, 2), (2, 3), (2, 4), (0, 5), (0, 6), (1, 7), (1, 8), (4, 9)),
        (
            (0, 0),
            (1, 0),
            (2, 0),
            (2.5, 0.9),
            (2.7, -0.7),
            (-0.6, 0.8),
            (-0.6, -0.8),
            (1, 1),
            (1, -1),
            (3.6, -0.6),
        ),
    ),
}


@cache
def load_speech() -> tuple[np.ndarray, int]:
    """``(signal, sample_rate)``: the recording as floats in [-1, 1] and its sample rate (16000)."""
    with (
        resources.files(__package__).joinpath("data", SPEECH_FILE).open("rb") as f,
        wave.open(f) as w,
    ):
        if w.getsampwidth() != 2 or w.getnchannels() != 1:
            raise ValueError(f"{SPEECH_FILE} must be 16-bit mono")
        rate, raw = w.getframerate(), w.readframes(w.getnframes())
    signal = np.frombuffer(raw, dtype="<i2").astype(float) / 32768.0
    signal.setflags(write=False)
    return signal, rate


def parse_corpus(text: str) -> list[list[str]]:
    """Sentences as lists of lower-case words; ``#`` lines are comments."""
    return [
        line.lower().split()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    ]


@cache
def load_corpus() -> tuple[tuple[str, ...], ...]:
    text = resources.files(__package__).joinpath("data", CORPUS_FILE).read_text(encoding="utf-8")
    return tuple(tuple(s) for s in parse_corpus(text))


def corpus_vocab(min_count: int = 1) -> list[str]:
    """Every word of the corpus seen at least ``min_count`` times, sorted."""
    words, counts = np.unique([w for s in load_corpus() for w in s], return_counts=True)
    return [str(w) for w, c in zip(words, counts) if c >= min_count]


def word_embeddings(dim: int = 8, window: int = 5) -> tuple[list[str], np.ndarray]:
    """``(vocab, E)``: embeddings of every corpus word, from co-occurrence counts and an SVD
    (seconds: none)."""
    vocab = corpus_vocab()
    return vocab, svd_embeddings(cooccurrence_counts(load_corpus(), vocab, window), dim)


def social_network() -> tuple[list[str], np.ndarray, np.ndarray]:
    """``(names, X, A)``: one feature vector per person (rows of X) and the friendship
    adjacency A."""
    names = list(PEOPLE)
    X = np.array([PEOPLE[n] for n in names], dtype=float)
    A = adjacency(len(names), [(names.index(a), names.index(b)) for a, b in FRIENDSHIPS])
    return names, X, A


# --------------------------------------------------------- tools that make the data (not exercises)


def cooccurrence_counts(
    sentences: Sequence[Sequence[str]], vocab: Sequence[str], window: int = 3
) -> np.ndarray:
    """``(V, V)`` counts: how often word j appears within ``window`` words of word i (symmetric)."""
    index = {w: j for j, w in enumerate(vocab)}
    C = np.zeros((len(vocab), len(vocab)))
    for sentence in sentences:
        ids = [index[w] for w in sentence if w in index]
        for p, i in enumerate(ids):
            for j in ids[max(0, p - window) : p]:
                C[i, j] += 1
                C[j, i] += 1
    return C


def ppmi(C: np.ndarray) -> np.ndarray:
    """Positive pointwise mutual information: how much more often two words meet than
    chance predicts.

    Raw counts are dominated by frequent words ("the", "and"); PPMI keeps only the surprising pairs.
    """
    total = C.sum()
    row = C.sum(1, keepdims=True)
    col = C.sum(0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(C * total / (row * col))
    return np.where(np.isfinite(pmi) & (pmi > 0), pmi, 0.0)


def svd_embeddings(C: np.ndarray, dim: int) -> np.ndarray:
    """``(V, dim)`` word vectors: the top ``dim`` left singular vectors of PPMI(C), scaled
    by sqrt(sigma).

    The sign of each singular vector is fixed (largest entry positive) so the result
    is deterministic.
    """
    U, S, _ = np.linalg.svd(ppmi(C))
    U = U[:, :dim] * np.sqrt(S[:dim])
    signs = np.sign(U[np.abs(U).argmax(0), np.arange(dim)])
    return U * np.where(signs == 0, 1.0, signs)


def pca_2d(E: np.ndarray) -> np.ndarray:
    """``(V, 2)``: the rows of ``E`` (normalised to unit length) projected on their two
    main directions."""
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
