"""Mutants of the vector_sets solutions (see tests/mutants/__init__.py): one per contract clause."""

from . import Mutant

LOOP = "    for i, token in enumerate(tokens):\n"
NORMS = "    norms = np.linalg.norm(X, axis=1)\n"
UNIT = "    unit = X / np.where(norms > 0, norms, 1.0)[:, None]\n"
ORDER = '    order = [j for j in np.argsort(-similarity, kind="stable") if j != i]\n'
LENGTHS = (
    "    window = round(sample_rate * window_ms / 1000)\n"
    "    hop = round(sample_rate * hop_ms / 1000)\n"
)
COUNT = "    return 1 + (n_samples - window) // hop"
SPECTRUM = "    spectrum = np.fft.rfft(frames * np.hanning(frames.shape[-1]), axis=-1)\n"
LOG = "    return np.log(np.abs(spectrum) ** 2 + 1e-10)"
BOND_CHECK = "        if not (0 <= i < n and 0 <= j < n):\n"
BOND = "        A[i, j] = A[j, i] = 1.0\n"
UNKNOWN = '            raise ValueError(f"unknown token {token!r}")'

MUTANTS = [
    # one_hot
    Mutant(
        "test_one_hot",
        "vocab order",
        "sorted alphabetically",
        (
            (
                "column = {word: j for j, word in enumerate(vocab)}",
                "column = {word: j for j, word in enumerate(sorted(vocab))}",
            ),
        ),
    ),
    Mutant(
        "test_one_hot",
        "floats",
        "one-hot vectors are floats",
        (
            (
                "X = np.zeros((len(tokens), len(vocab)))",
                "X = np.zeros((len(tokens), len(vocab)), dtype=int)",
            ),
        ),
    ),
    Mutant(
        "test_one_hot",
        "an array",
        "return a NumPy array",
        (("    return X", "    return X.tolist()"),),
    ),
    Mutant(
        "test_one_hot",
        "shape",
        "rows and columns are swapped",
        (
            ("X = np.zeros((len(tokens), len(vocab)))", "X = np.zeros((len(vocab), len(tokens)))"),
            ("X[i, column[token]] = 1.0", "X[column[token], i] = 1.0"),
        ),
    ),
    Mutant(
        "test_one_hot",
        "repeated tokens",
        "repeated tokens included",
        (("    column = {", "    tokens = list(dict.fromkeys(tokens))\n    column = {"),),
    ),
    Mutant(
        "test_one_hot",
        "unused words",
        "also for words the sentence does not use",
        (
            (
                "    column = {word: j for j, word in enumerate(vocab)}\n",
                "    vocab = [w for w in vocab if w in tokens] or list(vocab)\n"
                "    column = {word: j for j, word in enumerate(vocab)}\n",
            ),
        ),
    ),
    Mutant(
        "test_one_hot",
        "one token",
        "a sentence of 1 word(s) is still a 2-D array",
        (("    return X", "    return X.squeeze()"),),
    ),
    Mutant(
        "test_one_hot",
        "empty sentence",
        "an empty sentence gives shape (0, 2)",
        (("    return X", "    return np.array([row for row in X])"),),
    ),
    Mutant(
        "test_one_hot_errors", "raises", "returned normally", ((UNKNOWN, "            continue"),)
    ),
    Mutant(
        "test_one_hot_errors",
        "ValueError",
        "should raise ValueError, but raised KeyError",
        ((UNKNOWN, "            raise KeyError(token)"),),
    ),
    Mutant(
        "test_one_hot_errors",
        "names the token",
        "must name the unknown token",
        ((UNKNOWN, "            raise ValueError('unknown token')"),),
    ),
    # cosine similarity
    Mutant(
        "test_cosine_similarity_matrix",
        "rows",
        "you normalised the columns",
        (
            (
                NORMS + UNIT,
                "    norms = np.linalg.norm(X, axis=0)\n    unit = X / np.where(norms > 0, "
                "norms, 1.0)\n",
            ),
        ),
        also_lost=("test_cosine_zero_row",),
    ),
    Mutant(
        "test_cosine_similarity_matrix",
        "both lengths",
        "divided by the length of one row only",
        (("    return unit @ unit.T", "    return unit @ X.T"),),
        also_lost=("test_cosine_zero_row",),
    ),
    Mutant(
        "test_cosine_similarity_matrix",
        "whatever their lengths",
        "you returned the dot products",
        (("    return unit @ unit.T", "    return X @ X.T"),),
        also_lost=("test_cosine_zero_row",),
    ),
    Mutant(
        "test_cosine_similarity_matrix",
        "one row",
        "an axis of length 1 was dropped",
        (("    return unit @ unit.T", "    return np.squeeze(unit @ unit.T)"),),
    ),
    Mutant(
        "test_cosine_zero_row",
        "never NaN",
        "gives NaN",
        ((UNIT, "    unit = X / norms[:, None]\n"),),
    ),
    Mutant(
        "test_cosine_zero_row",
        "zero with itself",
        "similarity 0 with every row",
        (
            (
                "    return unit @ unit.T",
                "    S = unit @ unit.T\n    np.fill_diagonal(S, 1.0)\n    return S",
            ),
        ),
    ),
    Mutant(
        "test_nearest_words",
        "k words",
        "then removed it",
        (
            (
                ORDER + "    return [vocab[j] for j in order[:k]]",
                '    order = np.argsort(-similarity, kind="stable")[:k]\n    return [vocab[j] for '
                "j in order if j != i]",
            ),
        ),
    ),
    Mutant(
        "test_nearest_words",
        "words",
        "returned positions",
        (("    return [vocab[j] for j in order[:k]]", "    return [int(j) for j in order[:k]]"),),
    ),
    Mutant(
        "test_nearest_words",
        "most similar first",
        "LEAST similar",
        (('np.argsort(-similarity, kind="stable")', 'np.argsort(similarity, kind="stable")'),),
    ),
    Mutant(
        "test_nearest_words",
        "not the query",
        "holds the query word itself",
        ((ORDER, '    order = list(np.argsort(-similarity, kind="stable"))\n'),),
    ),
    Mutant(
        "test_nearest_words",
        "cosine",
        "dot product",
        (("    similarity = cosine_similarity_matrix(E)[i]", "    similarity = E @ E[i]"),),
    ),
    Mutant(
        "test_nearest_words",
        "any word a neighbour",
        "an off-by-one in the range of candidates",
        (
            (
                ORDER,
                '    order = [j for j in np.argsort(-similarity, kind="stable")\n'
                "             if j != i and j != len(vocab) - 1]\n",
            ),
        ),
    ),
    # num_frames
    Mutant(
        "test_num_frames",
        "defaults",
        "the defaults are window_ms=25 and hop_ms=10",
        (("window_ms=25, hop_ms=10", "window_ms=20, hop_ms=10"),),
        cell="num_frames",
    ),
    Mutant(
        "test_num_frames",
        "milliseconds",
        "milliseconds were not converted to samples",
        ((LENGTHS, "    window, hop = round(window_ms), round(hop_ms)\n"),),
    ),
    Mutant(
        "test_num_frames",
        "rounded",
        "truncated (int) instead of rounded",
        (
            (
                LENGTHS,
                "    window = int(sample_rate * window_ms / 1000)\n    hop = int(sample_rate * "
                "hop_ms / 1000)\n",
            ),
        ),
    ),
    Mutant(
        "test_num_frames",
        "Python's round",
        "rounded half up",
        (
            (
                LENGTHS,
                "    window = int(sample_rate * window_ms / 1000 + 0.5)\n"
                "    hop = int(sample_rate * hop_ms / 1000 + 0.5)\n",
            ),
        ),
    ),
    Mutant(
        "test_num_frames",
        "other lengths",
        "you used 25 ms and 10 ms",
        (
            (
                LENGTHS,
                "    window, hop = round(sample_rate * 25 / 1000), round(sample_rate * 10 "
                "/ 1000)\n",
            ),
        ),
    ),
    Mutant(
        "test_num_frames",
        "first frame",
        "you forgot the first frame",
        ((COUNT, "    return (n_samples - window) // hop"),),
    ),
    Mutant(
        "test_num_frames",
        "whole windows",
        "rounding up (ceil)",
        ((COUNT, "    return 1 + -(-(n_samples - window) // hop)"),),
    ),
    Mutant(
        "test_num_frames",
        "shorter than a window",
        "negative count",
        (("    if n_samples < window:\n        return 0\n", ""),),
    ),
    Mutant(
        "test_num_frames",
        "exactly one window",
        "not <=",
        (("if n_samples < window:", "if n_samples <= window:"),),
    ),
    Mutant(
        "test_num_frames",
        "an int",
        "return the number of frames as an int",
        ((COUNT, "    return float(1 + (n_samples - window) // hop)"),),
    ),
    # frame_signal
    Mutant(
        "test_frame_signal",
        "rows",
        "you returned (window, num_frames)",
        (("].reshape(n, window)", "].reshape(n, window).T"),),
    ),
    Mutant(
        "test_frame_signal",
        "the last window",
        "the last frame is missing",
        (
            (
                "    n = num_frames(len(signal), sample_rate, window_ms, hop_ms)\n",
                "    n = max(0, num_frames(len(signal), sample_rate, window_ms, hop_ms) - 1)\n",
            ),
        ),
    ),
    Mutant(
        "test_frame_signal",
        "other lengths",
        "you used the default lengths",
        (
            (
                LENGTHS,
                "    window, hop = round(sample_rate * 25 / 1000), round(sample_rate * 10 "
                "/ 1000)\n",
            ),
            (
                "    n = num_frames(len(signal), sample_rate, window_ms, hop_ms)\n",
                "    n = num_frames(len(signal), sample_rate)\n",
            ),
        ),
    ),
    Mutant(
        "test_frame_signal",
        "defaults",
        "the defaults are window_ms=25 and hop_ms=10",
        (("window_ms=25, hop_ms=10", "window_ms=20, hop_ms=10"),),
    ),
    Mutant(
        "test_frame_signal",
        "too short",
        "return an empty array of shape (0, 400)",
        (
            (
                "    starts = hop * np.arange(n)\n",
                "    if n == 0:\n        return np.zeros(0)\n    starts = hop * np.arange(n)\n",
            ),
        ),
    ),
    # log_power_spectrum
    Mutant(
        "test_log_power_spectrum",
        "Hann window",
        "not multiplied by np.hanning",
        ((SPECTRUM, "    spectrum = np.fft.rfft(frames, axis=-1)\n"),),
    ),
    Mutant(
        "test_log_power_spectrum",
        "real FFT of each frame",
        "a full FFT",
        (
            (
                SPECTRUM,
                "    spectrum = np.fft.fft(frames * np.hanning(frames.shape[-1]), axis=-1)\n",
            ),
        ),
    ),
    Mutant(
        "test_log_power_spectrum",
        "power",
        "the log of the magnitude",
        ((LOG, "    return np.log(np.abs(spectrum) + 1e-10)"),),
    ),
    Mutant(
        "test_log_power_spectrum",
        "natural log",
        "you used log10",
        ((LOG, "    return np.log10(np.abs(spectrum) ** 2 + 1e-10)"),),
    ),
    Mutant(
        "test_log_power_spectrum",
        "floor",
        "log(0)",
        ((LOG, "    return np.log(np.abs(spectrum) ** 2)"),),
    ),
    Mutant(
        "test_molecule_to_vector_set",
        "elements",
        "instead of the elements argument",
        (("    elements = list(elements)\n", "    elements = ['H', 'C', 'N', 'O']\n"),),
    ),
    Mutant(
        "test_molecule_to_vector_set",
        "default elements",
        "the columns follow",
        (('elements=("H", "C", "N", "O")', 'elements=("C", "H", "N", "O")'),),
    ),
    Mutant(
        "test_molecule_to_vector_set",
        "X shape",
        "X is transposed",
        (("    return X, A", "    return X.T, A"),),
    ),
    Mutant(
        "test_molecule_to_vector_set",
        "(X, A)",
        "return the pair in the order (X, A)",
        (("    return X, A", "    return A, X"),),
    ),
    Mutant(
        "test_molecule_to_vector_set",
        "symmetric",
        "A is not symmetric",
        ((BOND, "        A[i, j] = 1.0\n"),),
    ),
    Mutant(
        "test_molecule_to_vector_set",
        "diagonal",
        "diagonal",
        (("    A = np.zeros((n, n))\n", "    A = np.eye(n)\n"),),
    ),
    Mutant(
        "test_molecule_to_vector_set",
        "double bond",
        "rather than adding 1",
        ((BOND, "        A[i, j] += 1.0\n        A[j, i] += 1.0\n"),),
    ),
    Mutant(
        "test_molecule_to_vector_set",
        "from 0",
        "1-based atom numbers",
        ((BOND, "        A[i - 1, j - 1] = A[j - 1, i - 1] = 1.0\n"),),
    ),
    Mutant(
        "test_molecule_errors",
        "unknown element",
        "returned normally",
        (
            (
                '            raise ValueError(f"unknown element {atom!r}")\n        X[i, '
                "elements.index(atom)] = 1.0",
                "            continue\n        X[i, elements.index(atom)] = 1.0",
            ),
        ),
    ),
    Mutant(
        "test_molecule_errors",
        "missing atom",
        "but raised IndexError",
        (
            (
                BOND_CHECK
                + '            raise ValueError(f"bond ({i}, {j}) refers to a missing atom")\n',
                "",
            ),
        ),
    ),
    Mutant(
        "test_molecule_errors",
        "negative index",
        "NumPy reads index -1 as the last atom",
        ((BOND_CHECK, "        if not (i < n and j < n):\n"),),
    ),
]
