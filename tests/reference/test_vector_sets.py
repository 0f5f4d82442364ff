"""The reference code of the chapter "Sophisticated input" agrees with loops written from the
definitions and with the lecture's numbers (100 frames a second, about 6000 a minute); the shipped
data are what the chapter says (a short 16 kHz mono recording, a corpus whose embeddings group
animals, plants and verbs); and the solution notebook's functions agree with the reference."""

import nbformat
import numpy as np
import pytest

from autograder.authoring.simulate import solution_sources
from autograder.grading.course import Course
from autograder.learner import vector_sets as data
from autograder.reference import vector_sets as ref

from ..helpers import ROOT  # noqa: E402

# --------------------------------------------------------------------------------------------- text


def test_one_hot_by_hand_and_unknown_token():
    X = ref.one_hot(["cat", "apple", "cat"], ["apple", "bag", "cat"])
    assert X.dtype == float and X.tolist() == [[0, 0, 1], [1, 0, 0], [0, 0, 1]]
    with pytest.raises(ValueError, match="'zebra'"):
        ref.one_hot(["cat", "zebra"], ["apple", "bag", "cat"])


def test_distinct_one_hot_words_are_equally_unrelated():
    S = ref.cosine_similarity_matrix(ref.one_hot(["apple", "bag", "cat"], ["apple", "bag", "cat"]))
    assert np.array_equal(S, np.eye(3))


def test_cosine_similarity_agrees_with_a_loop_and_zero_rows_give_zero():
    X = np.random.default_rng(0).normal(size=(5, 3)) * np.array([[0.1], [1], [10], [1], [3]])
    X[3] = 0
    S = ref.cosine_similarity_matrix(X)
    for i in range(5):
        for j in range(5):
            den = np.linalg.norm(X[i]) * np.linalg.norm(X[j])
            assert S[i, j] == pytest.approx(0.0 if den == 0 else X[i] @ X[j] / den, abs=1e-12)
    assert not np.isnan(S).any() and np.allclose(S, S.T)


def test_nearest_words_leaves_the_query_out_and_sorts():
    E = np.array([[1.0, 0.0], [10.0, 1.0], [0.0, 1.0], [-1.0, 0.0]])
    assert ref.nearest_words("a", "abcd", E, 3) == ["b", "c", "d"]
    assert ref.nearest_words("d", "abcd", E, 1) == ["c"]


def test_embeddings_group_animals_plants_and_verbs():
    """Most of each plotted word's 3 nearest plotted words share its group, in the 8-d embeddings
    and in 2-D."""
    vocab, E = data.word_embeddings()
    words = [w for group in data.WORD_GROUPS.values() for w in group]
    group = {w: g for g, ws in data.WORD_GROUPS.items() for w in ws}
    rows = E[[vocab.index(w) for w in words]]
    P = ref.pca_2d(rows)
    same_8d = same_2d = 0
    for i, w in enumerate(words):
        same_8d += sum(group[v] == group[w] for v in ref.nearest_words(w, words, rows, 3))
        dist = np.linalg.norm(P - P[i], axis=1)
        dist[i] = np.inf
        same_2d += sum(group[words[j]] == group[w] for j in np.argsort(dist)[:3])
    assert same_8d >= 0.9 * 3 * len(words) and same_2d >= 0.9 * 3 * len(words), (same_8d, same_2d)


# -------------------------------------------------------------------------------------------- audio


def test_frame_counts_of_the_lecture():
    assert ref.ms_to_samples(25, 16000) == 400 and ref.ms_to_samples(10, 16000) == 160
    assert ref.num_frames(16000, 16000) == 98  # about 100 per second: one per 10 ms hop
    assert ref.num_frames(60 * 16000, 16000) == 5998  # about 100 x 60 = 6000 per minute
    assert [ref.num_frames(n, 16000) for n in (0, 399, 400, 559, 560)] == [0, 0, 1, 1, 2]


@pytest.mark.parametrize(
    "n, rate, window_ms, hop_ms", [(2000, 16000, 25, 10), (999, 8000, 20, 5), (10, 16000, 25, 10)]
)
def test_frame_signal_agrees_with_a_loop(n, rate, window_ms, hop_ms):
    signal = np.random.default_rng(n).normal(size=n)
    window, hop = ref.ms_to_samples(window_ms, rate), ref.ms_to_samples(hop_ms, rate)
    frames = ref.frame_signal(signal, rate, window_ms, hop_ms)
    expected = []
    start = 0
    while start + window <= n:
        expected.append(signal[start : start + window])
        start += hop
    assert (
        frames.shape
        == (len(expected), window)
        == (ref.num_frames(n, rate, window_ms, hop_ms), window)
    )
    assert np.array_equal(frames, np.array(expected).reshape(-1, window))


def test_log_power_spectrum_agrees_with_the_dft_definition():
    frames = np.random.default_rng(1).normal(size=(3, 16))
    frames[1] = 0
    spec = ref.log_power_spectrum(frames)
    w = np.hanning(16)
    k = np.arange(9)[:, None]
    dft = np.exp(-2j * np.pi * k * np.arange(16)[None, :] / 16)
    for i, frame in enumerate(frames):
        assert np.allclose(spec[i], np.log(np.abs(dft @ (frame * w)) ** 2 + 1e-10))
    assert np.allclose(spec[1], np.log(1e-10))


# ------------------------------------------------------------------------------------------- graphs


def test_molecule_by_hand_and_errors():
    X, A = ref.molecule_to_vector_set(["O", "H", "H"], [(0, 1), (2, 0), (0, 1)])
    assert X.tolist() == [[0, 0, 0, 1], [1, 0, 0, 0], [1, 0, 0, 0]]
    assert A.tolist() == [[0, 1, 1], [1, 0, 0], [1, 0, 0]]
    for atoms, bonds in ((["C", "Cl"], [(0, 1)]), (["O", "H"], [(0, 2)]), (["O", "H"], [(0, -1)])):
        with pytest.raises(ValueError):
            ref.molecule_to_vector_set(atoms, bonds)


@pytest.mark.parametrize("name", list(data.MOLECULES))
def test_the_chapter_molecules_are_valid_and_keep_valence(name):
    atoms, bonds, positions = data.MOLECULES[name]
    X, A = ref.molecule_to_vector_set(atoms, bonds)
    assert len(positions) == len(atoms) and np.array_equal(A, A.T)
    # single bonds only here, except glycine's C=O (one edge)
    valence = {"H": 1, "O": 2, "N": 3, "C": 4}
    degree = A.sum(1)
    assert all(degree[i] <= valence[a] for i, a in enumerate(atoms))
    assert all(degree[i] == 1 for i, a in enumerate(atoms) if a == "H")


# ----------------------------------------------------------------------------------------- notebook


def test_the_solution_notebook_agrees_with_the_reference():
    sources = solution_sources(Course.at(ROOT), "01_vector_sets", "vector_sets")
    ns = {"np": np}
    for grade_id in (
        "one_hot",
        "cosine_similarity_matrix",
        "nearest_words",
        "num_frames",
        "frame_signal",
        "log_power_spectrum",
        "molecule_to_vector_set",
    ):
        exec(sources[grade_id], ns)
    signal, rate = data.load_speech()
    assert ns["num_frames"](len(signal), rate) == ref.num_frames(len(signal), rate)
    frames = ns["frame_signal"](signal, rate)
    assert np.array_equal(frames, ref.frame_signal(signal, rate))
    assert np.allclose(ns["log_power_spectrum"](frames), ref.log_power_spectrum(frames))
    vocab, E = data.word_embeddings()
    assert ns["nearest_words"]("cat", vocab, E, 5) == ref.nearest_words("cat", vocab, E, 5)
    nb = nbformat.read(ROOT / "solutions" / "01_vector_sets" / "vector_sets.ipynb", as_version=4)
    points = sum(c.metadata.get("nbgrader", {}).get("points", 0) for c in nb.cells)
    assert "| | **Total** | **22** |" in nb.cells[0].source and points == 22
