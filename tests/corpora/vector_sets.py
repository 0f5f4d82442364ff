"""Realistic submissions for assignment 01_vector_sets, each with the grade it must get.

WRONG: one mistake each (answers replace the named solution cells); it must lose the points of ``part``
and only those (or also ``also_lost``), and the learner must read ``message`` in that part's failure.
RIGHT: correct but written differently (loops, other NumPy routes, float32); full marks.
"""

from . import Case

ASSIGNMENT, NOTEBOOK = "01_vector_sets", "vector_sets"
MANUAL = {"answer_vector_sets"}  # graded by hand

ONE_HOT = "def one_hot(tokens, vocab):\n"
ONE_HOT_FILL = (
    "    for i, token in enumerate(tokens):\n"
    "        if token not in vocab:\n            raise ValueError(f'unknown token {token}')\n"
    "        X[i, list(vocab).index(token)] = 1.0\n"
    "    return X")
COS = "def cosine_similarity_matrix(X):\n    X = np.asarray(X, dtype=float)\n"
NEAR = "def nearest_words(word, vocab, E, k):\n    i = list(vocab).index(word)\n"
FRAMES = "def num_frames(n_samples, sample_rate, window_ms=25, hop_ms=10):\n"
LENGTHS = ("    window = round(sample_rate * window_ms / 1000)\n"
           "    hop = round(sample_rate * hop_ms / 1000)\n")
SPLIT = "def frame_signal(signal, sample_rate, window_ms=25, hop_ms=10):\n"
SPLIT_LOOP = ("    n = 0 if len(signal) < window else 1 + (len(signal) - window) // hop\n"
              "    return np.array([signal[i * hop:i * hop + window] for i in range(n)]).reshape(n, window)")
SPEC = "def log_power_spectrum(frames):\n"
MOL = "def molecule_to_vector_set(atoms, bonds, elements=('H', 'C', 'N', 'O')):\n"
MOL_X = ("    n = len(atoms)\n"
         "    X = np.zeros((n, len(elements)))\n"
         "    for i, atom in enumerate(atoms):\n"
         "        if atom not in elements:\n            raise ValueError(atom)\n"
         "        X[i, list(elements).index(atom)] = 1.0\n"
         "    A = np.zeros((n, n))\n")
MOL_CHECK = ("        if not (0 <= i < n and 0 <= j < n):\n"
             "            raise ValueError(f'no atom for bond {(i, j)}')\n")

WRONG = [
    # Part 1
    Case("one_hot_transposed", {"one_hot": ONE_HOT + (
        "    X = np.zeros((len(vocab), len(tokens)))\n"
        "    for i, token in enumerate(tokens):\n"
        "        if token not in vocab:\n            raise ValueError(token)\n"
        "        X[list(vocab).index(token), i] = 1.0\n"
        "    return X")},
        "test_one_hot", "rows and columns are swapped"),
    Case("one_hot_sorted_vocab", {"one_hot": ONE_HOT + (
        "    vocab = sorted(vocab)\n    X = np.zeros((len(tokens), len(vocab)))\n" + ONE_HOT_FILL)},
        "test_one_hot", "sorted alphabetically"),
    Case("one_hot_integers", {"one_hot": ONE_HOT + (
        "    X = np.zeros((len(tokens), len(vocab)), dtype=int)\n" + ONE_HOT_FILL)},
        "test_one_hot", "one-hot vectors are floats"),
    Case("one_hot_unique_tokens", {"one_hot": ONE_HOT + (
        "    tokens = list(dict.fromkeys(tokens))\n    X = np.zeros((len(tokens), len(vocab)))\n" + ONE_HOT_FILL)},
        "test_one_hot", "repeated tokens included"),
    Case("one_hot_key_error", {"one_hot": ONE_HOT + (
        "    column = {w: j for j, w in enumerate(vocab)}\n"
        "    X = np.zeros((len(tokens), len(vocab)))\n"
        "    for i, token in enumerate(tokens):\n"
        "        X[i, column[token]] = 1.0\n"
        "    return X")},
        "test_one_hot_errors", "should raise ValueError, but raised KeyError"),
    Case("one_hot_skips_unknown", {"one_hot": ONE_HOT + (
        "    X = np.zeros((len(tokens), len(vocab)))\n"
        "    for i, token in enumerate(tokens):\n"
        "        if token in vocab:\n            X[i, list(vocab).index(token)] = 1.0\n"
        "    return X")},
        "test_one_hot_errors", "returned normally"),
    Case("one_hot_error_without_token", {"one_hot": ONE_HOT + (
        "    X = np.zeros((len(tokens), len(vocab)))\n"
        "    for i, token in enumerate(tokens):\n"
        "        if token not in vocab:\n            raise ValueError('unknown token')\n"
        "        X[i, list(vocab).index(token)] = 1.0\n"
        "    return X")},
        "test_one_hot_errors", "must name the unknown token"),
    # Part 2
    Case("cosine_dot_only", {"cosine_similarity_matrix": COS + "    return X @ X.T"},
         "test_cosine_similarity_matrix", "you returned the dot products", ("test_cosine_zero_row",)),
    Case("cosine_columns", {"cosine_similarity_matrix": COS + (
        "    U = X / np.linalg.norm(X, axis=0)\n    return U @ U.T")},
        "test_cosine_similarity_matrix", "you normalised the columns", ("test_cosine_zero_row",)),
    Case("cosine_one_norm", {"cosine_similarity_matrix": COS + (
        "    norms = np.linalg.norm(X, axis=1, keepdims=True)\n"
        "    return (X @ X.T) / np.where(norms > 0, norms, 1)")},
        "test_cosine_similarity_matrix", "divided by the length of one row only", ("test_cosine_zero_row",)),
    Case("cosine_nan_zero_row", {"cosine_similarity_matrix": COS + (
        "    norms = np.linalg.norm(X, axis=1)\n"
        "    return (X @ X.T) / np.outer(norms, norms)")},
        "test_cosine_zero_row", "gives NaN"),
    Case("cosine_zero_row_self_one", {"cosine_similarity_matrix": COS + (
        "    norms = np.linalg.norm(X, axis=1)\n"
        "    S = (X @ X.T) / np.maximum(np.outer(norms, norms), 1e-12)\n"
        "    np.fill_diagonal(S, 1.0)\n"
        "    return S")},
        "test_cosine_zero_row", "similarity 0 with every row"),
    # Part 3
    Case("nearest_includes_itself", {"nearest_words": NEAR + (
        "    order = np.argsort(-cosine_similarity_matrix(E)[i])\n"
        "    return [vocab[j] for j in order[:k]]")},
        "test_nearest_words", "holds the query word itself"),
    Case("nearest_removes_itself_after", {"nearest_words": NEAR + (
        "    order = np.argsort(-cosine_similarity_matrix(E)[i])[:k]\n"
        "    return [vocab[j] for j in order if j != i]")},
        "test_nearest_words", "then removed it"),
    Case("nearest_dot_product", {"nearest_words": NEAR + (
        "    order = [j for j in np.argsort(-(E @ E[i])) if j != i]\n"
        "    return [vocab[j] for j in order[:k]]")},
        "test_nearest_words", "ranked the words by their dot product"),
    Case("nearest_least_similar", {"nearest_words": NEAR + (
        "    order = [j for j in np.argsort(cosine_similarity_matrix(E)[i]) if j != i]\n"
        "    return [vocab[j] for j in order[:k]]")},
        "test_nearest_words", "LEAST similar"),
    Case("nearest_positions", {"nearest_words": NEAR + (
        "    order = [j for j in np.argsort(-cosine_similarity_matrix(E)[i]) if j != i]\n"
        "    return order[:k]")},
        "test_nearest_words", "returned positions"),
    # Part 4
    Case("frames_forgot_first", {"num_frames": FRAMES + LENGTHS + (
        "    return max(0, (n_samples - window) // hop)")},
        "test_num_frames", "you forgot the first frame"),
    Case("frames_ceil", {"num_frames": FRAMES + LENGTHS + (
        "    import math\n"
        "    return 0 if n_samples < window else 1 + math.ceil((n_samples - window) / hop)")},
        "test_num_frames", "rounding up (ceil)"),
    Case("frames_per_hop", {"num_frames": FRAMES + LENGTHS + "    return n_samples // hop"},
         "test_num_frames", "you counted n_samples // hop"),
    Case("frames_hop_window_swapped", {"num_frames": FRAMES + LENGTHS + (
        "    window, hop = hop, window\n"
        "    return 0 if n_samples < window else 1 + (n_samples - window) // hop")},
        "test_num_frames", "hop and window are swapped"),
    Case("frames_milliseconds", {"num_frames": FRAMES + (
        "    window, hop = window_ms, hop_ms\n"
        "    return 0 if n_samples < window else 1 + (n_samples - window) // hop")},
        "test_num_frames", "milliseconds were not converted to samples"),
    Case("frames_truncated", {"num_frames": FRAMES + (
        "    window = int(sample_rate * window_ms / 1000)\n    hop = int(sample_rate * hop_ms / 1000)\n"
        "    return 0 if n_samples < window else 1 + (n_samples - window) // hop")},
        "test_num_frames", "truncated (int) instead of rounded"),
    Case("frames_negative", {"num_frames": FRAMES + LENGTHS + "    return 1 + (n_samples - window) // hop"},
         "test_num_frames", "negative count"),
    # Part 5
    Case("split_hop_window_swapped", {"frame_signal": SPLIT + LENGTHS + "    window, hop = hop, window\n"
                                      + SPLIT_LOOP},
         "test_frame_signal", "hop and window are swapped"),
    Case("split_milliseconds", {"frame_signal": SPLIT + "    window, hop = window_ms, hop_ms\n" + SPLIT_LOOP},
         "test_frame_signal", "milliseconds were not converted"),
    Case("split_no_overlap", {"frame_signal": SPLIT + LENGTHS + "    hop = window\n" + SPLIT_LOOP},
         "test_frame_signal", "the frames do not overlap"),
    Case("split_last_missing", {"frame_signal": SPLIT + LENGTHS + (
        "    n = (len(signal) - window) // hop\n"
        "    return np.array([signal[i * hop:i * hop + window] for i in range(n)])")},
        "test_frame_signal", "the last frame is missing"),
    Case("split_extra_padded", {"frame_signal": SPLIT + LENGTHS + (
        "    n = num_frames(len(signal), sample_rate, window_ms, hop_ms) + 1\n"
        "    padded = np.concatenate([signal, np.zeros(window)])\n"
        "    return np.array([padded[i * hop:i * hop + window] for i in range(n)])")},
        "test_frame_signal", "extra frame"),
    Case("split_transposed", {"frame_signal": SPLIT + LENGTHS + (
        "    n = num_frames(len(signal), sample_rate, window_ms, hop_ms)\n"
        "    return np.array([signal[i * hop:i * hop + window] for i in range(n)]).reshape(n, window).T")},
        "test_frame_signal", "one row per frame"),
    # Part 6
    Case("spectrum_no_hann", {"log_power_spectrum": SPEC + (
        "    return np.log(np.abs(np.fft.rfft(frames, axis=-1)) ** 2 + 1e-10)")},
        "test_log_power_spectrum", "not multiplied by np.hanning"),
    Case("spectrum_magnitude", {"log_power_spectrum": SPEC + (
        "    return np.log(np.abs(np.fft.rfft(frames * np.hanning(frames.shape[1]))) + 1e-10)")},
        "test_log_power_spectrum", "log of the magnitude"),
    Case("spectrum_log10", {"log_power_spectrum": SPEC + (
        "    return np.log10(np.abs(np.fft.rfft(frames * np.hanning(frames.shape[1]))) ** 2 + 1e-10)")},
        "test_log_power_spectrum", "you used log10"),
    Case("spectrum_no_floor", {"log_power_spectrum": SPEC + (
        "    return np.log(np.abs(np.fft.rfft(frames * np.hanning(frames.shape[1]))) ** 2)")},
        "test_log_power_spectrum", "gives -inf for the silent frame"),
    Case("spectrum_full_fft", {"log_power_spectrum": SPEC + (
        "    return np.log(np.abs(np.fft.fft(frames * np.hanning(frames.shape[1]))) ** 2 + 1e-10)")},
        "test_log_power_spectrum", "a full FFT"),
    Case("spectrum_wrong_axis", {"log_power_spectrum": SPEC + (
        "    tapered = frames * np.hanning(frames.shape[1])\n"
        "    return np.log(np.abs(np.fft.rfft(tapered, axis=0)) ** 2 + 1e-10)")},
        "test_log_power_spectrum", "the FFT ran along axis 0"),
    # Part 7
    Case("molecule_one_way_bonds", {"molecule_to_vector_set": MOL + MOL_X + (
        "    for i, j in bonds:\n" + MOL_CHECK + "        A[i, j] = 1\n    return X, A")},
        "test_molecule_to_vector_set", "A is not symmetric"),
    Case("molecule_self_loops", {"molecule_to_vector_set": MOL + MOL_X + (
        "    for i, j in bonds:\n" + MOL_CHECK + "        A[i, j] = A[j, i] = 1\n    return X, A + np.eye(n)")},
        "test_molecule_to_vector_set", "diagonal"),
    Case("molecule_bond_counts", {"molecule_to_vector_set": MOL + MOL_X + (
        "    for i, j in bonds:\n" + MOL_CHECK + "        A[i, j] += 1\n        A[j, i] += 1\n    return X, A")},
        "test_molecule_to_vector_set", "rather than adding 1"),
    Case("molecule_fixed_elements", {"molecule_to_vector_set": MOL + (
        "    elements = ('H', 'C', 'N', 'O')\n") + MOL_X + (
        "    for i, j in bonds:\n" + MOL_CHECK + "        A[i, j] = A[j, i] = 1\n    return X, A")},
        "test_molecule_to_vector_set", "instead of the elements argument"),
    Case("molecule_index_error", {"molecule_to_vector_set": MOL + MOL_X + (
        "    for i, j in bonds:\n        A[i, j] = A[j, i] = 1\n    return X, A")},
        "test_molecule_errors", "should raise ValueError, but raised IndexError"),
    Case("molecule_negative_index", {"molecule_to_vector_set": MOL + MOL_X + (
        "    for i, j in bonds:\n"
        "        if i >= n or j >= n:\n            raise ValueError('missing atom')\n"
        "        A[i, j] = A[j, i] = 1\n    return X, A")},
        "test_molecule_errors", "NumPy reads index -1 as the last atom"),
]

RIGHT = [
    Case("loops_everywhere", {
        "one_hot": ONE_HOT + (  # list.index raises ValueError naming the token: "'zebra' is not in list"
            "    vocab = list(vocab)\n"
            "    rows = []\n"
            "    for token in tokens:\n"
            "        row = [0.0] * len(vocab)\n"
            "        row[vocab.index(token)] = 1.0\n"
            "        rows.append(row)\n"
            "    return np.array(rows).reshape(len(tokens), len(vocab))"),
        "cosine_similarity_matrix": COS + (
            "    n = len(X)\n"
            "    S = np.zeros((n, n))\n"
            "    for i in range(n):\n"
            "        for j in range(n):\n"
            "            den = np.sqrt(np.sum(X[i] ** 2)) * np.sqrt(np.sum(X[j] ** 2))\n"
            "            S[i, j] = 0.0 if den == 0 else np.sum(X[i] * X[j]) / den\n"
            "    return S"),
        "nearest_words": NEAR + (
            "    sims = cosine_similarity_matrix(E)[i]\n"
            "    ranked = sorted((w for w in vocab if w != word), key=lambda w: -sims[list(vocab).index(w)])\n"
            "    return ranked[:k]"),
        "num_frames": FRAMES + LENGTHS + (
            "    count, start = 0, 0\n"
            "    while start + window <= n_samples:\n"
            "        count += 1\n"
            "        start += hop\n"
            "    return count"),
        "frame_signal": SPLIT + LENGTHS + (
            "    frames = np.zeros((num_frames(len(signal), sample_rate, window_ms, hop_ms), window))\n"
            "    for i in range(len(frames)):\n"
            "        frames[i] = signal[i * hop:i * hop + window]\n"
            "    return frames"),
        "log_power_spectrum": SPEC + (
            "    out = []\n"
            "    for frame in frames:\n"
            "        X = np.fft.rfft(frame * np.hanning(len(frame)))\n"
            "        out.append(np.log(X.real ** 2 + X.imag ** 2 + 1e-10))\n"
            "    return np.array(out).reshape(len(frames), frames.shape[1] // 2 + 1)"),
        "molecule_to_vector_set": MOL + (
            "    column = {e: j for j, e in enumerate(elements)}\n"
            "    X = np.zeros((len(atoms), len(column)))\n"
            "    A = np.zeros((len(atoms), len(atoms)))\n"
            "    for i, atom in enumerate(atoms):\n"
            "        if atom not in column:\n            raise ValueError(f'unknown element {atom}')\n"
            "        X[i][column[atom]] = 1\n"
            "    for i, j in bonds:\n"
            "        if min(i, j) < 0 or max(i, j) >= len(atoms):\n            raise ValueError('bad bond')\n"
            "        A[i][j] = 1\n"
            "        A[j][i] = 1\n"
            "    return X, A"),
    }),
    Case("float32_and_numpy_routes", {
        "one_hot": ONE_HOT + (
            "    missing = [t for t in tokens if t not in vocab]\n"
            "    if missing:\n        raise ValueError(f'not in the vocabulary: {missing}')\n"
            "    return (np.array(tokens)[:, None] == np.array(vocab)[None, :]).astype(np.float32)"),
        "cosine_similarity_matrix": (
            "def cosine_similarity_matrix(X):\n"
            "    X = np.asarray(X, dtype=np.float32)\n"
            "    U = X / (np.linalg.norm(X, axis=1, keepdims=True) + 1e-12)\n"
            "    return U @ U.T"),
        "nearest_words": NEAR + (
            "    sims = cosine_similarity_matrix(E)[i].astype(float)\n"
            "    sims[i] = -np.inf\n"
            "    return [vocab[j] for j in np.argsort(sims)[::-1][:k]]"),
        "num_frames": FRAMES + (
            "    window = int(np.round(sample_rate * window_ms / 1000))\n"
            "    hop = int(np.round(sample_rate * hop_ms / 1000))\n"
            "    return max(0, (n_samples - window) // hop + 1)"),
        "frame_signal": SPLIT + LENGTHS + (
            "    signal = np.asarray(signal, dtype=np.float32)\n"
            "    if len(signal) < window:\n        return np.zeros((0, window), dtype=np.float32)\n"
            "    return np.lib.stride_tricks.sliding_window_view(signal, window)[::hop]"),
        "log_power_spectrum": SPEC + (
            "    frames = np.asarray(frames, dtype=np.float32)\n"
            "    power = np.abs(np.fft.rfft(frames * np.hanning(frames.shape[-1]).astype(np.float32))) ** 2\n"
            "    return np.log(power.astype(np.float32) + np.float32(1e-10))"),
        "molecule_to_vector_set": MOL + (
            "    lookup = {e: j for j, e in enumerate(elements)}\n"
            "    bad = [a for a in atoms if a not in lookup]\n"
            "    if bad:\n        raise ValueError(f'unknown elements {bad}')\n"
            "    X = np.eye(len(elements))[[lookup[a] for a in atoms]].reshape(len(atoms), len(elements))\n"
            "    A = np.zeros((len(atoms), len(atoms)), dtype=int)\n"
            "    for i, j in bonds:\n"
            "        if not (0 <= i < len(atoms) and 0 <= j < len(atoms)):\n"
            "            raise ValueError(f'bond {i}-{j}: no such atom')\n"
            "        A[i, j] = 1\n"
            "    return X, np.maximum(A, A.T)"),
    }),
    Case("prints_and_warnings", {
        "num_frames": FRAMES + (
            "    import warnings\n    warnings.warn('counting frames')\n"
            "    print('window', sample_rate * window_ms / 1000)\n") + LENGTHS + (
            "    return 0 if n_samples < window else 1 + (n_samples - window) // hop"),
        "cosine_similarity_matrix": COS + (
            "    print('similarities of', X.shape)\n"
            "    norms = np.linalg.norm(X, axis=1)\n"
            "    with np.errstate(invalid='ignore', divide='ignore'):\n"
            "        S = (X @ X.T) / np.outer(norms, norms)\n"
            "    return np.nan_to_num(S)"),
    }),
]
