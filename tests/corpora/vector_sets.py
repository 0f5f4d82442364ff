"""Realistic submissions for assignment 01_vector_sets, each with the grade it must get.

WRONG: one mistake each (answers replace the named solution cells); it must lose the points of
``part`` and only those (or also ``also_lost``), and the learner must read ``message`` in that
part's failure. RIGHT: correct but written differently (loops, other NumPy routes, float32);
full marks.
"""

from . import Case

ASSIGNMENT, NOTEBOOK = "01_vector_sets", "vector_sets"
MANUAL = {"answer_vector_sets"}  # graded by hand

ONE_HOT = "def one_hot(tokens, vocab):\n"
ONE_HOT_FILL = (
    "    for i, token in enumerate(tokens):\n"
    "        if token not in vocab:\n            raise ValueError(f'unknown token {token}')\n"
    "        X[i, list(vocab).index(token)] = 1.0\n"
    "    return X"
)
COS = "def cosine_similarity_matrix(X):\n    X = np.asarray(X, dtype=float)\n"
NEAR = "def nearest_words(word, vocab, E, k):\n    i = list(vocab).index(word)\n"
FRAMES = "def num_frames(n_samples, sample_rate, window_ms=25, hop_ms=10):\n"
LENGTHS = (
    "    window = round(sample_rate * window_ms / 1000)\n"
    "    hop = round(sample_rate * hop_ms / 1000)\n"
)
SPLIT = "def frame_signal(signal, sample_rate, window_ms=25, hop_ms=10):\n"
SPLIT_LOOP = (
    "    n = 0 if len(signal) < window else 1 + (len(signal) - window) // hop\n"
    "    return np.array([signal[i * hop:i * hop + window] for i in "
    "range(n)]).reshape(n, window)"
)
SPEC = "def log_power_spectrum(frames):\n"
MOL = "def molecule_to_vector_set(atoms, bonds, elements=('H', 'C', 'N', 'O')):\n"
MOL_X = (
    "    n = len(atoms)\n"
    "    X = np.zeros((n, len(elements)))\n"
    "    for i, atom in enumerate(atoms):\n"
    "        if atom not in elements:\n            raise ValueError(atom)\n"
    "        X[i, list(elements).index(atom)] = 1.0\n"
    "    A = np.zeros((n, n))\n"
)
MOL_CHECK = (
    "        if not (0 <= i < n and 0 <= j < n):\n"
    "            raise ValueError(f'no atom for bond {(i, j)}')\n"
)

WRONG = [
    # Part 1
    Case(
        "one_hot_transposed",
        {
            "one_hot": ONE_HOT
            + (
                "    X = np.zeros((len(vocab), len(tokens)))\n"
                "    for i, token in enumerate(tokens):\n"
                "        if token not in vocab:\n            raise ValueError(token)\n"
                "        X[list(vocab).index(token), i] = 1.0\n"
                "    return X"
            )
        },
        "test_one_hot",
        "rows and columns are swapped",
    ),
    Case(
        "one_hot_sorted_vocab",
        {
            "one_hot": ONE_HOT
            + (
                "    vocab = sorted(vocab)\n    X = np.zeros((len(tokens), len(vocab)))\n"
                + ONE_HOT_FILL
            )
        },
        "test_one_hot",
        "sorted alphabetically",
    ),
    Case(
        "one_hot_integers",
        {
            "one_hot": ONE_HOT
            + ("    X = np.zeros((len(tokens), len(vocab)), dtype=int)\n" + ONE_HOT_FILL)
        },
        "test_one_hot",
        "one-hot vectors are floats",
    ),
    Case(
        "one_hot_unique_tokens",
        {
            "one_hot": ONE_HOT
            + (
                "    tokens = list(dict.fromkeys(tokens))\n    X = "
                "np.zeros((len(tokens), len(vocab)))\n" + ONE_HOT_FILL
            )
        },
        "test_one_hot",
        "repeated tokens included",
    ),
    Case(
        "one_hot_key_error",
        {
            "one_hot": ONE_HOT
            + (
                "    column = {w: j for j, w in enumerate(vocab)}\n"
                "    X = np.zeros((len(tokens), len(vocab)))\n"
                "    for i, token in enumerate(tokens):\n"
                "        X[i, column[token]] = 1.0\n"
                "    return X"
            )
        },
        "test_one_hot_errors",
        "should raise ValueError, but raised KeyError",
    ),
    Case(
        "one_hot_skips_unknown",
        {
            "one_hot": ONE_HOT
            + (
                "    X = np.zeros((len(tokens), len(vocab)))\n"
                "    for i, token in enumerate(tokens):\n"
                "        if token in vocab:\n            X[i, list(vocab).index(token)] = 1.0\n"
                "    return X"
            )
        },
        "test_one_hot_errors",
        "returned normally",
    ),
    Case(
        "one_hot_error_without_token",
        {
            "one_hot": ONE_HOT
            + (
                "    X = np.zeros((len(tokens), len(vocab)))\n"
                "    for i, token in enumerate(tokens):\n"
                "        if token not in vocab:\n            raise ValueError('unknown token')\n"
                "        X[i, list(vocab).index(token)] = 1.0\n"
                "    return X"
            )
        },
        "test_one_hot_errors",
        "must name the unknown token",
    ),
    # Part 2
    Case(
        "cosine_dot_only",
        {"cosine_similarity_matrix": COS + "    return X @ X.T"},
        "test_cosine_similarity_matrix",
        "you returned the dot products",
        ("test_cosine_zero_row",),
    ),
    Case(
        "cosine_columns",
        {
            "cosine_similarity_matrix": COS
            + ("    U = X / np.linalg.norm(X, axis=0)\n    return U @ U.T")
        },
        "test_cosine_similarity_matrix",
        "you normalised the columns",
        ("test_cosine_zero_row",),
    ),
    Case(
        "cosine_one_norm",
        {
            "cosine_similarity_matrix": COS
            + (
                "    norms = np.linalg.norm(X, axis=1, keepdims=True)\n"
                "    return (X @ X.T) / np.where(norms > 0, norms, 1)"
            )
        },
        "test_cosine_similarity_matrix",
        "divided by the length of one row only",
        ("test_cosine_zero_row",),
    ),
    Case(
        "cosine_nan_zero_row",
        {
            "cosine_similarity_matrix": COS
            + (
                "    norms = np.linalg.norm(X, axis=1)\n"
                "    return (X @ X.T) / np.outer(norms, norms)"
            )
        },
        "test_cosine_zero_row",
        "gives NaN",
    ),
    Case(
        "cosine_zero_row_self_one",
        {
            "cosine_similarity_matrix": COS
            + (
                "    norms = np.linalg.norm(X, axis=1)\n"
                "    S = (X @ X.T) / np.maximum(np.outer(norms, norms), 1e-12)\n"
                "    np.fill_diagonal(S, 1.0)\n"
                "    return S"
            )
        },
        "test_cosine_zero_row",
        "similarity 0 with every row",
    ),
    # Part 3
    Case(
        "nearest_includes_itself",
        {
            "nearest_words": NEAR
            + (
                "    order = np.argsort(-cosine_similarity_matrix(E)[i])\n"
                "    return [vocab[j] for j in order[:k]]"
            )
        },
        "test_nearest_words",
        "holds the query word itself",
    ),
    Case(
        "nearest_removes_itself_after",
        {
            "nearest_words": NEAR
            + (
                "    order = np.argsort(-cosine_similarity_matrix(E)[i])[:k]\n"
                "    return [vocab[j] for j in order if j != i]"
            )
        },
        "test_nearest_words",
        "then removed it",
    ),
    Case(
        "nearest_dot_product",
        {
            "nearest_words": NEAR
            + (
                "    order = [j for j in np.argsort(-(E @ E[i])) if j != i]\n"
                "    return [vocab[j] for j in order[:k]]"
            )
        },
        "test_nearest_words",
        "ranked the words by their dot product",
    ),
    Case(
        "nearest_least_similar",
        {
            "nearest_words": NEAR
            + (
                "    order = [j for j in np.argsort(cosine_similarity_matrix(E)[i]) if j != i]\n"
                "    return [vocab[j] for j in order[:k]]"
            )
        },
        "test_nearest_words",
        "LEAST similar",
    ),
    Case(
        "nearest_positions",
        {
            "nearest_words": NEAR
            + (
                "    order = [j for j in np.argsort(-cosine_similarity_matrix(E)[i]) if j != i]\n"
                "    return order[:k]"
            )
        },
        "test_nearest_words",
        "returned positions",
    ),
    # Part 4
    Case(
        "frames_forgot_first",
        {"num_frames": FRAMES + LENGTHS + ("    return max(0, (n_samples - window) // hop)")},
        "test_num_frames",
        "you forgot the first frame",
    ),
    Case(
        "frames_ceil",
        {
            "num_frames": FRAMES
            + LENGTHS
            + (
                "    import math\n"
                "    return 0 if n_samples < window else 1 + math.ceil((n_samples - window) / hop)"
            )
        },
        "test_num_frames",
        "rounding up (ceil)",
    ),
    Case(
        "frames_per_hop",
        {"num_frames": FRAMES + LENGTHS + "    return n_samples // hop"},
        "test_num_frames",
        "you counted n_samples // hop",
    ),
    Case(
        "frames_hop_window_swapped",
        {
            "num_frames": FRAMES
            + LENGTHS
            + (
                "    window, hop = hop, window\n"
                "    return 0 if n_samples < window else 1 + (n_samples - window) // hop"
            )
        },
        "test_num_frames",
        "hop and window are swapped",
    ),
    Case(
        "frames_milliseconds",
        {
            "num_frames": FRAMES
            + (
                "    window, hop = window_ms, hop_ms\n"
                "    return 0 if n_samples < window else 1 + (n_samples - window) // hop"
            )
        },
        "test_num_frames",
        "milliseconds were not converted to samples",
    ),
    Case(
        "frames_truncated",
        {
            "num_frames": FRAMES
            + (
                "    window = int(sample_rate * window_ms / 1000)\n    hop = int(sample_rate * "
                "hop_ms / 1000)\n"
                "    return 0 if n_samples < window else 1 + (n_samples - window) // hop"
            )
        },
        "test_num_frames",
        "truncated (int) instead of rounded",
    ),
    Case(
        "frames_negative",
        {"num_frames": FRAMES + LENGTHS + ("    return 1 + (n_samples - window) // hop")},
        "test_num_frames",
        "negative count",
    ),
    # Part 5
    Case(
        "split_hop_window_swapped",
        {"frame_signal": SPLIT + LENGTHS + ("    window, hop = hop, window\n") + SPLIT_LOOP},
        "test_frame_signal",
        "hop and window are swapped",
    ),
    Case(
        "split_milliseconds",
        {"frame_signal": SPLIT + "    window, hop = window_ms, hop_ms\n" + SPLIT_LOOP},
        "test_frame_signal",
        "milliseconds were not converted",
    ),
    Case(
        "split_no_overlap",
        {"frame_signal": SPLIT + LENGTHS + "    hop = window\n" + SPLIT_LOOP},
        "test_frame_signal",
        "the frames do not overlap",
    ),
    Case(
        "split_last_missing",
        {
            "frame_signal": SPLIT
            + LENGTHS
            + (
                "    n = (len(signal) - window) // hop\n"
                "    return np.array([signal[i * hop:i * hop + window] for i in range(n)])"
            )
        },
        "test_frame_signal",
        "the last frame is missing",
    ),
    Case(
        "split_extra_padded",
        {
            "frame_signal": SPLIT
            + LENGTHS
            + (
                "    n = num_frames(len(signal), sample_rate, window_ms, hop_ms) + 1\n"
                "    padded = np.concatenate([signal, np.zeros(window)])\n"
                "    return np.array([padded[i * hop:i * hop + window] for i in range(n)])"
            )
        },
        "test_frame_signal",
        "extra frame",
    ),
    Case(
        "split_transposed",
        {
            "frame_signal": SPLIT
            + LENGTHS
            + (
                "    n = num_frames(len(signal), sample_rate, window_ms, hop_ms)\n"
                "    return np.array([signal[i * hop:i * hop + window] for i in "
                "range(n)]).reshape(n, window).T"
            )
        },
        "test_frame_signal",
        "one row per frame",
    ),
    # Part 6
    Case(
        "spectrum_no_hann",
        {
            "log_power_spectrum": SPEC
            + ("    return np.log(np.abs(np.fft.rfft(frames, axis=-1)) ** 2 + 1e-10)")
        },
        "test_log_power_spectrum",
        "not multiplied by np.hanning",
    ),
    Case(
        "spectrum_magnitude",
        {
            "log_power_spectrum": SPEC
            + (
                "    return np.log(np.abs(np.fft.rfft(frames * np.hanning(frames.shape[1]))) + "
                "1e-10)"
            )
        },
        "test_log_power_spectrum",
        "log of the magnitude",
    ),
    Case(
        "spectrum_log10",
        {
            "log_power_spectrum": SPEC
            + (
                "    return np.log10(np.abs(np.fft.rfft(frames * np.hanning(frames.shape[1]))) ** "
                "2 + 1e-10)"
            )
        },
        "test_log_power_spectrum",
        "you used log10",
    ),
    Case(
        "spectrum_no_floor",
        {
            "log_power_spectrum": SPEC
            + ("    return np.log(np.abs(np.fft.rfft(frames * np.hanning(frames.shape[1]))) ** 2)")
        },
        "test_log_power_spectrum",
        "gives -inf for the silent frame",
    ),
    Case(
        "spectrum_full_fft",
        {
            "log_power_spectrum": SPEC
            + (
                "    return np.log(np.abs(np.fft.fft(frames * np.hanning(frames.shape[1]))) ** 2 + "
                "1e-10)"
            )
        },
        "test_log_power_spectrum",
        "a full FFT",
    ),
    Case(
        "spectrum_wrong_axis",
        {
            "log_power_spectrum": SPEC
            + (
                "    tapered = frames * np.hanning(frames.shape[1])\n"
                "    return np.log(np.abs(np.fft.rfft(tapered, axis=0)) ** 2 + 1e-10)"
            )
        },
        "test_log_power_spectrum",
        "the FFT ran along axis 0",
    ),
    # Part 7
    Case(
        "molecule_one_way_bonds",
        {
            "molecule_to_vector_set": MOL
            + MOL_X
            + ("    for i, j in bonds:\n" + MOL_CHECK + "        A[i, j] = 1\n    return X, A")
        },
        "test_molecule_to_vector_set",
        "A is not symmetric",
    ),
    Case(
        "molecule_self_loops",
        {
            "molecule_to_vector_set": MOL
            + MOL_X
            + (
                "    for i, j in bonds:\n"
                + MOL_CHECK
                + ("        A[i, j] = A[j, i] = 1\n    return X, A + np.eye(n)")
            )
        },
        "test_molecule_to_vector_set",
        "diagonal",
    ),
    Case(
        "molecule_bond_counts",
        {
            "molecule_to_vector_set": MOL
            + MOL_X
            + (
                "    for i, j in bonds:\n"
                + MOL_CHECK
                + ("        A[i, j] += 1\n        A[j, i] += 1\n    return X, A")
            )
        },
        "test_molecule_to_vector_set",
        "rather than adding 1",
    ),
    Case(
        "molecule_fixed_elements",
        {
            "molecule_to_vector_set": MOL
            + ("    elements = ('H', 'C', 'N', 'O')\n")
            + MOL_X
            + (
                "    for i, j in bonds:\n"
                + MOL_CHECK
                + "        A[i, j] = A[j, i] = 1\n    return X, A"
            )
        },
        "test_molecule_to_vector_set",
        "instead of the elements argument",
    ),
    Case(
        "molecule_index_error",
        {
            "molecule_to_vector_set": MOL
            + MOL_X
            + ("    for i, j in bonds:\n        A[i, j] = A[j, i] = 1\n    return X, A")
        },
        "test_molecule_errors",
        "should raise ValueError, but raised IndexError",
    ),
    Case(
        "molecule_negative_index",
        {
            "molecule_to_vector_set": MOL
            + MOL_X
            + (
                "    for i, j in bonds:\n"
                "        if i >= n or j >= n:\n            raise ValueError('missing atom')\n"
                "        A[i, j] = A[j, i] = 1\n    return X, A"
            )
        },
        "test_molecule_errors",
        "NumPy reads index -1 as the last atom",
    ),
]

RIGHT = [
    Case(
        "loops_everywhere",
        {
            # list.index raises ValueError naming the token: "'zebra' is not in list"
            "one_hot": ONE_HOT
            + (
                "    vocab = list(vocab)\n"
                "    rows = []\n"
                "    for token in tokens:\n"
                "        row = [0.0] * len(vocab)\n"
                "        row[vocab.index(token)] = 1.0\n"
                "        rows.append(row)\n"
                "    return np.array(rows).reshape(len(tokens), len(vocab))"
            ),
            "cosine_similarity_matrix": COS
            + (
                "    n = len(X)\n"
                "    S = np.zeros((n, n))\n"
                "    for i in range(n):\n"
                "        for j in range(n):\n"
                "            den = np.sqrt(np.sum(X[i] ** 2)) * np.sqrt(np.sum(X[j] ** 2))\n"
                "            S[i, j] = 0.0 if den == 0 else np.sum(X[i] * X[j]) / den\n"
                "    return S"
            ),
            "nearest_words": NEAR
            + (
                "    sims = cosine_similarity_matrix(E)[i]\n"
                "    ranked = sorted((w for w in vocab if w != word), key=lambda "
                "w: -sims[list(vocab).index(w)])\n"
                "    return ranked[:k]"
            ),
            "num_frames": FRAMES
            + LENGTHS
            + (
                "    count, start = 0, 0\n"
                "    while start + window <= n_samples:\n"
                "        count += 1\n"
                "        start += hop\n"
                "    return count"
            ),
            "frame_signal": SPLIT
            + LENGTHS
            + (
                "    frames = np.zeros((num_frames(len(signal), sample_rate, window_ms, "
                "hop_ms), window))\n"
                "    for i in range(len(frames)):\n"
                "        frames[i] = signal[i * hop:i * hop + window]\n"
                "    return frames"
            ),
            "log_power_spectrum": SPEC
            + (
                "    out = []\n"
                "    for frame in frames:\n"
                "        X = np.fft.rfft(frame * np.hanning(len(frame)))\n"
                "        out.append(np.log(X.real ** 2 + X.imag ** 2 + 1e-10))\n"
                "    return np.array(out).reshape(len(frames), frames.shape[1] // 2 + 1)"
            ),
            "molecule_to_vector_set": MOL
            + (
                "    column = {e: j for j, e in enumerate(elements)}\n"
                "    X = np.zeros((len(atoms), len(column)))\n"
                "    A = np.zeros((len(atoms), len(atoms)))\n"
                "    for i, atom in enumerate(atoms):\n"
                "        if atom not in column:\n            raise ValueError(f'unknown "
                "element {atom}')\n"
                "        X[i][column[atom]] = 1\n"
                "    for i, j in bonds:\n"
                "        if min(i, j) < 0 or max(i, j) >= len(atoms):\n            raise "
                "ValueError('bad bond')\n"
                "        A[i][j] = 1\n"
                "        A[j][i] = 1\n"
                "    return X, A"
            ),
        },
    ),
    Case(
        "float32_and_numpy_routes",
        {
            "one_hot": ONE_HOT
            + (
                "    missing = [t for t in tokens if t not in vocab]\n"
                "    if missing:\n        raise ValueError(f'not in the vocabulary: {missing}')\n"
                "    return (np.array(tokens)[:, None] == "
                "np.array(vocab)[None, :]).astype(np.float32)"
            ),
            "cosine_similarity_matrix": (
                "def cosine_similarity_matrix(X):\n"
                "    X = np.asarray(X, dtype=np.float32)\n"
                "    U = X / (np.linalg.norm(X, axis=1, keepdims=True) + 1e-12)\n"
                "    return U @ U.T"
            ),
            "nearest_words": NEAR
            + (
                "    sims = cosine_similarity_matrix(E)[i].astype(float)\n"
                "    sims[i] = -np.inf\n"
                "    return [vocab[j] for j in np.argsort(sims)[::-1][:k]]"
            ),
            "num_frames": FRAMES
            + (
                "    window = int(np.round(sample_rate * window_ms / 1000))\n"
                "    hop = int(np.round(sample_rate * hop_ms / 1000))\n"
                "    return max(0, (n_samples - window) // hop + 1)"
            ),
            "frame_signal": SPLIT
            + LENGTHS
            + (
                "    signal = np.asarray(signal, dtype=np.float32)\n"
                "    if len(signal) < window:\n        return np.zeros((0, "
                "window), dtype=np.float32)\n"
                "    return np.lib.stride_tricks.sliding_window_view(signal, window)[::hop]"
            ),
            "log_power_spectrum": SPEC
            + (
                "    frames = np.asarray(frames, dtype=np.float32)\n"
                "    power = np.abs(np.fft.rfft(frames * "
                "np.hanning(frames.shape[-1]).astype(np.float32))) ** 2\n"
                "    return np.log(power.astype(np.float32) + np.float32(1e-10))"
            ),
            "molecule_to_vector_set": MOL
            + (
                "    lookup = {e: j for j, e in enumerate(elements)}\n"
                "    bad = [a for a in atoms if a not in lookup]\n"
                "    if bad:\n        raise ValueError(f'unknown elements {bad}')\n"
                "    X = np.eye(len(elements))[[lookup[a] for a in "
                "atoms]].reshape(len(atoms), len(elements))\n"
                "    A = np.zeros((len(atoms), len(atoms)), dtype=int)\n"
                "    for i, j in bonds:\n"
                "        if not (0 <= i < len(atoms) and 0 <= j < len(atoms)):\n"
                "            raise ValueError(f'bond {i}-{j}: no such atom')\n"
                "        A[i, j] = 1\n"
                "    return X, np.maximum(A, A.T)"
            ),
        },
    ),
    Case(
        "prints_and_warnings",
        {
            "num_frames": FRAMES
            + (
                "    import warnings\n    warnings.warn('counting frames')\n"
                "    print('window', sample_rate * window_ms / 1000)\n"
            )
            + LENGTHS
            + ("    return 0 if n_samples < window else 1 + (n_samples - window) // hop"),
            "cosine_similarity_matrix": COS
            + (
                "    print('similarities of', X.shape)\n"
                "    norms = np.linalg.norm(X, axis=1)\n"
                "    with np.errstate(invalid='ignore', divide='ignore'):\n"
                "        S = (X @ X.T) / np.outer(norms, norms)\n"
                "    return np.nan_to_num(S)"
            ),
        },
    ),
]

# --------------------------------------------------------------------------------------------------
# Real-world mistakes and alternatives: the patterns of public one-hot encoders, cosine-similarity
# and nearest-neighbour code, audio framing libraries (librosa, python_speech_features, torch.stft)
# and molecular graph code, each rewritten in this course's API (no third-party code). The comment
# on each names the public pattern it reproduces. Run by the quick check tests only, locally and
# through the grading wire.
# --------------------------------------------------------------------------------------------------

MOL_TAIL = "    return X, A"

REAL_WRONG = [
    # np.unique(vocab) as the column order (it sorts, as sklearn's encoders do
    # with categories='auto').
    Case(
        "real_one_hot_np_unique_vocab",
        {
            "one_hot": ONE_HOT
            + (
                "    vocab = list(np.unique(vocab))\n    X = "
                "np.zeros((len(tokens), len(vocab)))\n" + ONE_HOT_FILL
            )
        },
        "test_one_hot",
        "sorted alphabetically",
    ),
    # torch.nn.functional.one_hot returns int64 (the "one_hot returns LongTensor" questions).
    Case(
        "real_one_hot_torch_int64",
        {
            "one_hot": ONE_HOT
            + (
                "    import torch\n"
                "    for t in tokens:\n        if t not in vocab:\n            "
                "raise ValueError(t)\n"
                "    idx = torch.tensor([list(vocab).index(t) for t in tokens])\n"
                "    return torch.nn.functional.one_hot(idx, num_classes=len(vocab)).numpy()"
            )
        },
        "test_one_hot",
        "one-hot vectors are floats",
    ),
    # Keras's Tokenizer numbers words from 1 (0 is reserved), so the matrix gets len(vocab) +
    # 1 columns.
    Case(
        "real_one_hot_index_from_one",
        {
            "one_hot": ONE_HOT
            + (
                "    word_index = {w: i + 1 for i, w in enumerate(vocab)}\n"
                "    X = np.zeros((len(tokens), len(vocab) + 1))\n"
                "    for i, t in enumerate(tokens):\n"
                "        if t not in word_index:\n            raise ValueError(t)\n"
                "        X[i, word_index[t]] = 1.0\n    return X"
            )
        },
        "test_one_hot",
        "extra column 0",
    ),
    # Rows gathered in a list, then np.array(rows): an empty sentence gives shape (0,), not
    # (0, len(vocab)).
    Case(
        "real_one_hot_list_of_rows",
        {
            "one_hot": ONE_HOT
            + (
                "    rows = []\n"
                "    for t in tokens:\n"
                "        if t not in vocab:\n            raise ValueError(f'unknown token {t}')\n"
                "        rows.append([1.0 if w == t else 0.0 for w in vocab])\n"
                "    return np.array(rows)"
            )
        },
        "test_one_hot",
        "an empty sentence gives shape (0, 2)",
    ),
    # An <UNK> fallback, index.get(token, 0): the unknown word silently becomes vocab[0].
    Case(
        "real_one_hot_unk_fallback",
        {
            "one_hot": ONE_HOT
            + (
                "    index = {w: i for i, w in enumerate(vocab)}\n"
                "    X = np.zeros((len(tokens), len(vocab)))\n"
                "    X[np.arange(len(tokens)), [index.get(t, 0) for t in tokens]] = 1.0\n    "
                "return X"
            )
        },
        "test_one_hot_errors",
        "returned normally",
    ),
    # assert token in vocab: an AssertionError, not the ValueError the part asks for.
    Case(
        "real_one_hot_assert",
        {
            "one_hot": ONE_HOT
            + (
                "    X = np.zeros((len(tokens), len(vocab)))\n"
                "    for i, t in enumerate(tokens):\n"
                "        assert t in vocab, f'unknown token {t}'\n"
                "        X[i, list(vocab).index(t)] = 1.0\n    return X"
            )
        },
        "test_one_hot_errors",
        "should raise ValueError, but raised AssertionError",
    ),
    # X / np.linalg.norm(X): the Frobenius norm of the whole matrix (axis forgotten).
    Case(
        "real_cosine_whole_matrix_norm",
        {"cosine_similarity_matrix": COS + ("    U = X / np.linalg.norm(X)\n    return U @ U.T")},
        "test_cosine_similarity_matrix",
        "length of the whole matrix",
        ("test_cosine_zero_row",),
    ),
    # X / np.linalg.norm(X, axis=1) without keepdims: (n, d) / (n,) does not broadcast.
    Case(
        "real_cosine_norm_without_keepdims",
        {
            "cosine_similarity_matrix": COS
            + ("    U = X / np.linalg.norm(X, axis=1)\n    return U @ U.T")
        },
        "test_cosine_similarity_matrix",
        "keepdims=True",
        ("test_cosine_zero_row",),
    ),
    # scipy.spatial.distance.cdist(X, X, 'cosine') is the cosine DISTANCE (and NaN for a zero row).
    Case(
        "real_cosine_cdist_distance",
        {
            "cosine_similarity_matrix": COS
            + ("    from scipy.spatial.distance import cdist\n    return cdist(X, X, 'cosine')")
        },
        "test_cosine_similarity_matrix",
        "cosine distance 1 - cos",
        ("test_cosine_zero_row",),
    ),
    # np.argsort(sims)[-k:]: ascending order, and the query (similarity 1) is the last of them.
    Case(
        "real_nearest_argsort_tail",
        {
            "nearest_words": NEAR
            + (
                "    sims = cosine_similarity_matrix(E)[i]\n    return [vocab[j] for j "
                "in np.argsort(sims)[-k:]]"
            )
        },
        "test_nearest_words",
        "holds the query word itself",
    ),
    # sklearn's NearestNeighbors default metric (Euclidean) used to find similar words.
    Case(
        "real_nearest_euclidean",
        {
            "nearest_words": NEAR
            + (
                "    dist = np.linalg.norm(E - E[i], axis=1)\n"
                "    return [vocab[j] for j in np.argsort(dist) if j != i][:k]"
            )
        },
        "test_nearest_words",
        "Euclidean distance",
    ),
    # np.argpartition for the top k, whose order is not sorted (a frequent "fast top-k" answer).
    Case(
        "real_nearest_argpartition_unsorted",
        {
            "nearest_words": NEAR
            + (
                "    sims = cosine_similarity_matrix(E)[i].copy()\n    sims[i] = -np.inf\n"
                "    top = np.argpartition(-sims, k - 1)[:k]\n"
                "    return [vocab[j] for j in sorted(top)]"
            )
        },
        "test_nearest_words",
        "wrong order",
    ),
    # librosa / torch.stft with center=True count 1 + n // hop frames.
    Case(
        "real_frames_centred",
        {"num_frames": FRAMES + LENGTHS + ("    return 1 + n_samples // hop")},
        "test_num_frames",
        "center=True",
    ),
    # python_speech_features' framesig (sigproc.py): a short signal gets one frame, numframes = 1 +
    # ceil(...), the last partial frame padded with zeros.
    Case(
        "real_frames_psf_padded",
        {
            "num_frames": FRAMES
            + LENGTHS
            + (
                "    import math\n"
                "    if n_samples <= window:\n        return 1\n"
                "    return 1 + int(math.ceil((n_samples - window) / hop))"
            )
        },
        "test_num_frames",
        "python_speech_features",
    ),
    # int(0.025 * sample_rate): the float product truncated, where the part rounds.
    Case(
        "real_frames_int_of_seconds",
        {
            "num_frames": FRAMES
            + (
                "    window, hop = int(window_ms / 1000 * sample_rate), int(hop_ms / 1000 "
                "* sample_rate)\n"
                "    return 0 if n_samples < window else 1 + (n_samples - window) // hop"
            )
        },
        "test_num_frames",
        "truncated (int) instead of rounded",
    ),
    # for start in range(0, len(signal) - window, hop): range stops one start too early.
    Case(
        "real_split_range_stop",
        {
            "frame_signal": SPLIT
            + LENGTHS
            + (
                "    frames = [signal[t:t + window] for t in range(0, len(signal) - window, hop)]\n"
                "    return np.array(frames).reshape(len(frames), window)"
            )
        },
        "test_frame_signal",
        "ends exactly at the end of the signal",
    ),
    # torch.hann_window is periodic by default (torchaudio's spectrograms use it).
    Case(
        "real_spectrum_torch_hann_window",
        {
            "log_power_spectrum": SPEC
            + (
                "    import torch\n"
                "    w = torch.hann_window(frames.shape[-1], dtype=torch.float64).numpy()\n"
                "    return np.log(np.abs(np.fft.rfft(frames * w, axis=-1)) ** 2 + 1e-10)"
            )
        },
        "test_log_power_spectrum",
        "periodic Hann window",
    ),
    # python_speech_features' powspec divides the squared magnitude by the FFT length.
    Case(
        "real_spectrum_powspec_normalised",
        {
            "log_power_spectrum": SPEC
            + (
                "    n = frames.shape[-1]\n"
                "    power = np.abs(np.fft.rfft(frames * np.hanning(n), axis=-1)) ** 2 / n\n"
                "    return np.log(power + 1e-10)"
            )
        },
        "test_log_power_spectrum",
        "divided the power by the window length",
    ),
    # np.log1p as the "safe log" of a power spectrum.
    Case(
        "real_spectrum_log1p",
        {
            "log_power_spectrum": SPEC
            + (
                "    return np.log1p(np.abs(np.fft.rfft(frames * np.hanning(frames.shape[-1]), "
                "axis=-1)) ** 2)"
            )
        },
        "test_log_power_spectrum",
        "np.log1p",
    ),
    # A = A + A.T after filling one direction: a bond listed both ways counts twice (RDKit-free
    # graph code).
    Case(
        "real_molecule_plus_transpose",
        {
            "molecule_to_vector_set": MOL
            + MOL_X
            + (
                "    for i, j in bonds:\n"
                + MOL_CHECK
                + "        A[i, j] = 1\n    A = A + A.T\n"
                + MOL_TAIL
            )
        },
        "test_molecule_to_vector_set",
        "rather than adding 1",
    ),
    # try/except IndexError around the assignment: index -1 does not raise in NumPy.
    Case(
        "real_molecule_catch_index_error",
        {
            "molecule_to_vector_set": MOL
            + MOL_X
            + (
                "    for i, j in bonds:\n"
                "        try:\n            A[i, j] = A[j, i] = 1\n"
                "        except IndexError:\n            raise ValueError(f'bond {(i, j)}')\n"
                + MOL_TAIL
            )
        },
        "test_molecule_errors",
        "NumPy reads index -1 as the last atom",
    ),
    # python_speech_features' framesig rounds the frame and step lengths with its own round_half_up
    # (decimal's ROUND_HALF_UP, sigproc.py), where the part asks for Python's round: a tie such as
    # 400.5 samples differs.
    Case(
        "real_frames_round_half_up",
        {
            "num_frames": FRAMES
            + (
                "    import decimal\n"
                "    half_up = lambda x: int(decimal.Decimal(x).quantize(decimal.Decimal('1'),\n"
                "                                                     "
                "rounding=decimal.ROUND_HALF_UP))\n"
                "    window, hop = half_up(sample_rate * window_ms / 1000), half_up(sample_rate * "
                "hop_ms / 1000)\n"
                "    return 0 if n_samples < window else 1 + (n_samples - window) // hop"
            )
        },
        "test_num_frames",
        "rounded half up",
    ),
    # The vocabulary learnt from the sentence itself (np.unique(tokens), or sklearn's OneHotEncoder
    # fitted on the data with categories='auto'): a word of vocab that the sentence does not use
    # loses its column.
    Case(
        "real_one_hot_vocab_from_sentence",
        {
            "one_hot": ONE_HOT
            + (
                "    for t in tokens:\n        if t not in vocab:\n            raise "
                "ValueError(f'unknown token {t}')\n"
                "    words = list(dict.fromkeys(tokens))\n"
                "    X = np.zeros((len(tokens), len(words)))\n"
                "    X[np.arange(len(tokens)), [words.index(t) for t in tokens]] = 1.0\n    return "
                "X"
            )
        },
        "test_one_hot",
        "a vocabulary built from the sentence itself",
    ),
]

REAL_RIGHT = [
    # Rows of an identity matrix picked by index (d2l / Keras to_categorical style).
    Case(
        "real_eye_rows_and_argsort_slice",
        {
            "one_hot": ONE_HOT
            + (
                "    index = {w: i for i, w in enumerate(vocab)}\n"
                "    unknown = [t for t in tokens if t not in index]\n"
                "    if unknown:\n        raise ValueError(f'unknown token(s): {unknown}')\n"
                "    return np.eye(len(vocab))[[index[t] for t in "
                "tokens]].reshape(len(tokens), len(vocab))"
            ),
            # gensim's most_similar pattern: sort descending, skip the query (it ranks first with
            # cosine 1).
            "nearest_words": NEAR
            + (
                "    sims = cosine_similarity_matrix(E)[i]\n"
                "    order = [j for j in np.argsort(-sims, kind='stable') if j != i]\n"
                "    return [vocab[j] for j in order][:k]"
            ),
        },
    ),
    # torch.nn.functional.one_hot cast to float; the unknown word caught first.
    Case(
        "real_torch_one_hot_float",
        {
            "one_hot": ONE_HOT
            + (
                "    import torch\n    vocab = list(vocab)\n"
                "    for t in tokens:\n        if t not in vocab:\n            raise "
                "ValueError(f'{t!r} not in vocab')\n"
                "    idx = torch.tensor([vocab.index(t) for t in tokens], dtype=torch.long)\n"
                "    return torch.nn.functional.one_hot(idx, len(vocab)).double().numpy()"
            )
        },
    ),
    # sklearn's normalize-then-dot pattern, written with np.divide(where=...) and out= zeros.
    Case(
        "real_normalize_then_dot",
        {
            "cosine_similarity_matrix": COS
            + (
                "    norms = np.sqrt((X * X).sum(axis=1, keepdims=True))\n"
                "    U = np.divide(X, norms, out=np.zeros_like(X), where=norms != 0)\n"
                "    return U @ U.T"
            )
        },
    ),
    # scipy's cosine distance turned back into a similarity, zero rows set to 0 by hand.
    Case(
        "real_one_minus_cdist",
        {
            "cosine_similarity_matrix": COS
            + (
                "    from scipy.spatial.distance import cdist\n"
                "    zero = ~X.any(axis=1)\n"
                "    with np.errstate(all='ignore'):\n        S = 1 - cdist(X, X, 'cosine')\n"
                "    S[zero, :] = 0.0\n    S[:, zero] = 0.0\n    return S"
            )
        },
    ),
    # The count as the length of the range of window starts.
    Case(
        "real_frames_len_range_and_strided",
        {
            "num_frames": FRAMES
            + LENGTHS
            + "    return len(range(0, n_samples - window + 1, hop))",
            # numpy's as_strided, as librosa.util.frame builds frames (strides in bytes).
            "frame_signal": SPLIT
            + LENGTHS
            + (
                "    signal = np.ascontiguousarray(signal)\n"
                "    n = num_frames(len(signal), sample_rate, window_ms, hop_ms)\n"
                "    s = signal.strides[0]\n"
                "    return np.lib.stride_tricks.as_strided(signal, shape=(n, window), "
                "strides=(hop * s, s)).copy()"
            ),
        },
    ),
    # torch's Tensor.unfold(0, window, hop), guarded for a signal shorter than a window.
    Case(
        "real_torch_unfold_frames",
        {
            "frame_signal": SPLIT
            + LENGTHS
            + (
                "    import torch\n    t = torch.as_tensor(np.asarray(signal))\n"
                "    if len(t) < window:\n        return np.zeros((0, window))\n"
                "    return t.unfold(0, window, hop).numpy()"
            )
        },
    ),
    # scipy.signal.windows.hann(n, sym=True) is np.hanning; power as X * conj(X).
    Case(
        "real_scipy_symmetric_hann",
        {
            "log_power_spectrum": SPEC
            + (
                "    from scipy.signal import windows\n"
                "    X = np.fft.rfft(frames * windows.hann(frames.shape[-1], sym=True), axis=-1)\n"
                "    return np.log((X * np.conj(X)).real + 1e-10)"
            )
        },
    ),
    # A graph from an edge set (duplicates gone first), then fancy indexing both ways.
    Case(
        "real_edge_set_fancy_indexing",
        {
            "molecule_to_vector_set": MOL
            + (
                "    col = {e: j for j, e in enumerate(elements)}\n"
                "    if any(a not in col for a in atoms):\n        raise ValueError(f'unknown "
                "element in {atoms}')\n"
                "    n = len(atoms)\n"
                "    X = np.zeros((n, len(elements)))\n    X[np.arange(n), [col[a] for a in "
                "atoms]] = 1\n"
                "    edges = {tuple(sorted(b)) for b in bonds}\n"
                "    if any(i < 0 or j >= n for i, j in edges):\n        raise ValueError('bond to "
                "a missing atom')\n"
                "    A = np.zeros((n, n))\n"
                "    if edges:\n        i, j = np.array(sorted(edges)).T\n        A[i, j] = "
                "1\n        A[j, i] = 1\n"
                "    return X, A"
            )
        },
    ),
]
