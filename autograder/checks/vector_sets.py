"""Checks for assignment 01_vector_sets. Hidden test cells call these with the learner's functions.

Every check compares with :mod:`autograder.reference.vector_sets` on seeded inputs and names the
mistakes learners make: frame counts off by one, hop and window swapped, milliseconds used as
samples, 0 / 0 in a cosine similarity, the query word as its own neighbour, a one-way
(non-symmetric) adjacency, ...
"""

from __future__ import annotations

import math

import numpy as np

from autograder.checks.common import (
    as_float_array,
    as_float_scalar,
    call,
    close,
    compare,
    compare_all,
    expect_raises,
    fail,
    fmt,
    hints,
    is_unimplemented,
    not_implemented,
    pair,
    rng,
    run,
)
from autograder.checks.contracts import Clause, both, contract, omits, passes, raises, some
from autograder.messages import say, template
from autograder.reference import vector_sets as ref

# Earlier parts a later part may call by name; grading swaps in the reference versions
# (see common.call).
HELPERS = {"cosine_similarity_matrix": ref.cosine_similarity_matrix, "num_frames": ref.num_frames}

# ------------------------------------------------------------------------------------------ one-hot

_VOCAB = ["dog", "cat", "apple", "bag", "eat"]  # deliberately not sorted
_TOKENS = ["cat", "eat", "apple", "cat", "dog", "bag"]


@contract(
    Clause(
        "vocab order",
        "Column j stands for vocab[j], in the order given (vocab need not be sorted).",
        passes("vocab", lambda v: list(v) != sorted(v)),
    ),
    Clause("floats", "Return a float array.", passes("tokens")),
    Clause("an array", "Return an array (a NumPy array, not a list of rows).", passes("tokens")),
    Clause(
        "shape",
        "Shape (len(tokens), len(vocab)): one row per token, one column per vocabulary word.",
        passes("tokens", lambda t: len(t) > 1),
    ),
    Clause(
        "repeated tokens",
        "Row i is token i: a word that occurs twice in the sentence gets two rows.",
        passes("tokens", lambda t: len(set(t)) < len(t)),
    ),
    Clause(
        "unused words",
        "Every vocabulary word has its column, also one the sentence does not use.",
        some(lambda c: set(c.arguments["vocab"]) - set(c.arguments["tokens"])),
    ),
    Clause(
        "one token",
        "A sentence of one word is still a 2-D array, (1, len(vocab)).",
        passes("tokens", lambda t: len(t) == 1),
    ),
    Clause(
        "empty sentence",
        "An empty sentence gives shape (0, len(vocab)).",
        passes("tokens", lambda t: not t),
    ),
)
def check_one_hot(fn) -> None:
    __tracebackhide__ = True
    # the last: an empty sentence, which still has len(vocab) columns
    for tokens, vocab in (
        (_TOKENS, _VOCAB),
        (["bag"], ["bag", "apple"]),
        (list("abcab"), list("cba")),
        ([], ["cat", "dog"]),
    ):
        what = f"one_hot({tokens}, {vocab})"
        raw = call(fn, list(tokens), list(vocab), what=what)
        if not isinstance(raw, np.ndarray) and not hasattr(raw, "detach"):
            fail(
                say(
                    "{what} returned a {raw_type}; return a NumPy array of shape "
                    "({len_tokens}, {len_vocab}), "
                    "e.g. X = np.zeros((len(tokens), len(vocab))) filled in (not a list of rows).",
                    what=what,
                    raw_type=type(raw).__name__,
                    len_tokens=len(tokens),
                    len_vocab=len(vocab),
                ),
                mistake=say("returned a list, not an array"),
            )
        got = as_float_array(raw, what)
        if tokens and got.ndim == 1 and got.size == len(tokens) * len(vocab):
            fail(
                say(
                    "{what} returned a 1-D array of shape {shape}: a sentence of {len_tokens} word(s) "
                    "is still a "
                    "2-D array, ({len_tokens}, {len_vocab}). Do not squeeze or flatten the "
                    "rows away.",
                    what=what,
                    shape=got.shape,
                    len_tokens=len(tokens),
                    len_vocab=len(vocab),
                ),
                mistake=say("one-hot rows squeezed to 1-D"),
            )
        if (
            got.ndim == 2
            and got.shape[0] == len(tokens)
            and got.shape[1] == len(set(tokens)) < len(vocab)
        ):
            fail(
                say(
                    "{what} returned {shape} columns, one per word of the sentence; there is one "
                    "column per "
                    "vocabulary word, {len_vocab}, in the order of vocab, also for words the "
                    "sentence does not use.",
                    what=what,
                    shape=got.shape[1],
                    len_vocab=len(vocab),
                ),
                mistake=say("columns for the sentence's words only"),
            )
        if not tokens and got.shape != (0, len(vocab)):
            message = say(
                "an empty sentence gives shape (0, {len_vocab}), no rows but still one column per "
                "vocabulary word; np.array of an empty list of rows has shape (0,), so "
                "create the array with np.zeros((len(tokens), len(vocab))) (or "
                "reshape it).",
                len_vocab=len(vocab),
            )
            fail(
                say(
                    "{what} returned shape {shape}: {message}",
                    what=what,
                    shape=got.shape,
                    message=message,
                ),
                mistake=message,
            )
        expected = ref.one_hot(tokens, vocab)
        idx = {w: j for j, w in enumerate(sorted(vocab))}
        by_position = np.eye(len(tokens), len(vocab))
        sorted_cols = np.zeros_like(expected)
        sorted_cols[np.arange(len(tokens)), [idx[t] for t in tokens]] = 1
        if got.shape == (len(vocab), len(tokens)) and got.shape != expected.shape:
            fail(
                say(
                    "{what} returned shape {shape}: rows and columns are swapped. One row per token, "
                    "one column "
                    "per vocabulary word: ({len_tokens}, {len_vocab}).",
                    what=what,
                    shape=got.shape,
                    len_tokens=len(tokens),
                    len_vocab=len(vocab),
                )
            )
        if got.ndim == 2 and got.shape[0] == len(set(tokens)) < len(tokens):
            fail(
                say(
                    "{what} returned {shape} rows for {len_tokens} tokens: every token gets its own "
                    "row, repeated "
                    "tokens included (a sentence keeps all its words).",
                    what=what,
                    shape=got.shape[0],
                    len_tokens=len(tokens),
                )
            )
        seen = list(dict.fromkeys(tokens))
        first_seen = np.zeros((len(tokens), len(seen)))
        first_seen[np.arange(len(tokens)), [seen.index(t) for t in tokens]] = 1
        compare(
            got,
            expected,
            what,
            {
                say(
                    "the columns follow the vocabulary sorted alphabetically; they must follow the "
                    "order of vocab as "
                    "given (column j is vocab[j])."
                ): sorted_cols,
                say(
                    "the columns follow the order in which the words first appear in the sentence (a "
                    "vocabulary built "
                    "from the sentence itself); column j is vocab[j], in the order given, one column "
                    "per vocabulary word."
                ): first_seen,
                say(
                    "the 1 of row i sits in column i (the token's position in the sentence); it "
                    "belongs in the column "
                    "of the token's word in vocab."
                ): by_position,
                say(
                    "there is an extra column 0 (an index reserved for padding or unknown words, as "
                    "Keras's Tokenizer "
                    "numbers words from 1); column j is vocab[j], so there are exactly "
                    "len(vocab) columns."
                ): np.hstack([np.zeros((len(tokens), 1)), expected]),
            },
        )
        kind = np.asarray(raw.detach().cpu() if hasattr(raw, "detach") else raw).dtype.kind
        if kind != "f":
            fail(
                say(
                    "{what} returned an array of {dtype} values; one-hot vectors are floats (they go "
                    "into a "
                    "network): create the array with np.zeros(..., dtype=float).",
                    what=what,
                    dtype=np.asarray(raw).dtype,
                )
            )


@contract(
    Clause("raises", "A token that is not in vocab must raise an error ...", raises(ValueError)),
    Clause("ValueError", "... a ValueError ...", raises(ValueError)),
    Clause("names the token", "... whose message names that token.", raises(ValueError)),
)
def check_one_hot_errors(fn) -> None:
    __tracebackhide__ = True
    tokens, what = (
        ["cat", "zebra", "dog"],
        say("one_hot(['cat', 'zebra', 'dog'], vocab) where 'zebra' is not in vocab"),
    )
    try:
        result = run(fn, (tokens, list(_VOCAB)))[0]
    except ValueError as exc:
        if "zebra" not in str(exc):
            fail(
                say(
                    "{what} raised ValueError({exc!r}); its message must name the unknown token "
                    "('zebra'), so the "
                    "user knows which word to fix.",
                    what=what,
                    exc=str(exc),
                )
            )
        return
    except Exception as exc:
        if is_unimplemented(exc):
            not_implemented("one_hot")
        fail(
            say(
                "{what} should raise ValueError, but raised {exc_type}: {exc}. Check each token "
                "yourself: `if "
                "token not in vocab: raise ValueError(f'unknown token {{token!r}}')`.",
                what=what,
                exc_type=type(exc).__name__,
                exc=exc,
            )
        )
    else:
        shape = getattr(result, "shape", None)
        fail(
            say(
                "{what} returned normally (shape {shape}); an unknown token must raise ValueError "
                "naming it, "
                "rather than silently giving a row of zeros or a "
                "wrong row.",
                what=what,
                shape=shape,
            )
        )


# ------------------------------------------------------------------------------------------- cosine


def _rows(seed: int, n: int, d: int) -> np.ndarray:
    """Random rows with very different lengths, so that a dot product and a cosine
    rank differently."""
    g = rng(seed)
    return g.normal(size=(n, d)) * g.uniform(0.2, 5.0, size=(n, 1))


def _cosine_mistakes(X: np.ndarray) -> dict[str, np.ndarray]:
    norms = np.linalg.norm(X, axis=1)
    cols = X / np.linalg.norm(X, axis=0)
    cos = ref.cosine_similarity_matrix(X)
    return {
        say(
            "you returned the dot products X @ X.T; divide each by the lengths of both rows, (x_i "
            ". x_j) / (|x_i| "
            "|x_j|)."
        ): X @ X.T,
        say("you divided by the length of one row only; divide by the lengths of both rows."): (
            X @ X.T
        )
        / norms[:, None],
        say(
            "you divided by the squared lengths (x . x); divide by the lengths |x| = sqrt(x . x)."
        ): (X @ X.T) / np.outer(norms, norms) ** 2,
        say(
            "you normalised the columns of X; cosine similarity compares rows, so divide each row "
            "by its own "
            "length (np.linalg.norm(X, axis=1))."
        ): cols @ cols.T,
        say("you returned the cosine distance 1 - cos; return the similarity itself."): 1 - cos,
        say(
            "you divided by the length of the whole matrix (np.linalg.norm(X) without axis=1); "
            "divide each row by "
            "its own length, np.linalg.norm(X, "
            "axis=1, keepdims=True)."
        ): (X @ X.T) / np.linalg.norm(X) ** 2,
    }


ROW_NORMS = template(
    "Each row must be divided by its own length: np.linalg.norm(X, axis=1) has one entry per "
    "row, so keep its axis (keepdims=True, or norms[:, None]) for it to "
    "broadcast along the rows."
)


@contract(
    Clause(
        "rows",
        "Entry [i, j] compares rows i and j of X (n, d): the result is (n, n), whatever d.",
        passes("X", lambda X: X.shape[0] != X.shape[1]),
    ),
    Clause(
        "both lengths",
        "Divide x . y by the lengths of both vectors, ||x|| ||y||.",
        passes("X", lambda X: len(set(np.round(np.linalg.norm(X, axis=1), 6))) > 1),
    ),
    Clause(
        "whatever their lengths",
        "The similarity ignores the lengths: rows of very different lengths.",
        passes("X", lambda X: np.ptp(np.linalg.norm(X, axis=1)) > 1),
    ),
    Clause(
        "one row",
        "Any n, a single row included: X of shape (1, d) gives [[1.]].",
        passes("X", lambda X: X.shape[0] == 1),
    ),
)
def check_cosine_similarity_matrix(fn) -> None:
    __tracebackhide__ = True
    for seed, (n, d), dtype in (
        (0, (5, 3), np.float64),
        (1, (4, 6), np.float64),
        (2, (6, 4), np.float32),
        (3, (1, 3), np.float64),
    ):
        X = _rows(seed, n, d).astype(dtype)
        what = say("cosine_similarity_matrix(X) for X of shape {shape}", shape=X.shape)
        with hints({"could not be broadcast": ROW_NORMS}):
            got = as_float_array(call(fn, X, what=what), what)
        if got.shape == (d, d) and d != n:
            fail(
                say(
                    "{what} returned shape {shape}: you compared the columns. Compare the rows (the "
                    "vectors): the "
                    "result is ({n}, {n}).",
                    what=what,
                    shape=got.shape,
                    n=n,
                )
            )
        expected = ref.cosine_similarity_matrix(X.astype(float))
        compare(got, expected, what, _cosine_mistakes(X.astype(float)), rtol=1e-4, atol=1e-5)


@contract(
    Clause(
        "never NaN",
        "A row of zeros has no direction; the result must never contain NaN.",
        passes("X", lambda X: (~X.any(axis=1)).any()),
    ),
    Clause(
        "zero with itself",
        "... give it similarity 0 with every row, itself included.",
        passes("X", lambda X: (~X.any(axis=1)).any()),
    ),
)
def check_cosine_zero_row(fn) -> None:
    __tracebackhide__ = True
    X = _rows(7, 4, 3)
    X[1] = 0.0
    what = say("cosine_similarity_matrix(X) where row 1 of X is all zeros")
    got = as_float_array(call(fn, X, what=what), what)
    if got.shape != (4, 4):
        fail(say("{what} returned shape {shape}, expected (4, 4).", what=what, shape=got.shape))
    if not np.all(np.isfinite(got)):
        fail(
            say(
                "{what} gives NaN: the zero row has length 0, and 0 / 0 is NaN (a division by zero). "
                "Divide by 1 "
                "where a length is 0 (np.where(norms > 0, norms, 1)), so the zero row's "
                "similarities stay 0.\nYou returned\n{got}",
                what=what,
                got=fmt(got),
            )
        )
    if not close(got[1], np.zeros(4), atol=1e-6) or not close(got[:, 1], np.zeros(4), atol=1e-6):
        fail(
            say(
                "{what}: a zero row has similarity 0 with every row (itself included), but row 1 of "
                "your result "
                "is {got}.",
                what=what,
                got=fmt(got[1]),
            )
        )
    compare(got, ref.cosine_similarity_matrix(X), what, rtol=1e-4, atol=1e-5)


# ------------------------------------------------------------------------------------ nearest words

_WORDS = ["cat", "dog", "oak", "pine", "run", "jump", "rose"]


def _as_word_list(got, what: str, vocab: list[str]) -> list:
    __tracebackhide__ = True
    if isinstance(got, str) or not hasattr(got, "__iter__"):
        fail(
            say(
                "{what} returned {got_type} {got!r}; return a list of words (strings).",
                what=what,
                got_type=type(got).__name__,
                got=got,
            )
        )
    items = list(np.asarray(got).tolist()) if isinstance(got, np.ndarray) else list(got)
    if items and all(isinstance(x, (int, np.integer)) for x in items):
        fail(
            say(
                "{what} returned positions {items}, not words: return the words themselves, [vocab[j] "
                "for j in "
                "...].",
                what=what,
                items=items,
            )
        )
    return [str(x) for x in items]


@contract(
    Clause(
        "k words",
        "Return k words: k = 1, and k = every other word, included.",
        both(
            passes("k", lambda k: k == 1),
            some(lambda c: c.arguments["k"] == len(c.arguments["vocab"]) - 1),
        ),
    ),
    Clause("words", "Return the words themselves (strings), not their positions.", passes("word")),
    Clause("most similar first", "... most similar first.", passes("k", lambda k: k > 1)),
    Clause(
        "not the query",
        "The query word itself does not count as one of its neighbours.",
        passes("word"),
    ),
    Clause(
        "cosine",
        "Rank by the largest cosine similarity (the rows of E have different lengths).",
        passes("E", lambda E: np.ptp(np.linalg.norm(E, axis=1)) > 1),
    ),
    Clause(
        "any word a neighbour",
        "Every other word of vocab can be a neighbour, the first and the last included.",
        some(
            lambda c: (
                c.arguments["k"] == len(c.arguments["vocab"]) - 1
                and 0
                < c.arguments["vocab"].index(c.arguments["word"])
                < len(c.arguments["vocab"]) - 1
            )
        ),
    ),
)
def check_nearest_words(fn) -> None:
    __tracebackhide__ = True
    E = _rows(11, len(_WORDS), 4)
    vocab = list(_WORDS)
    cos = ref.cosine_similarity_matrix(E)
    for word, k in (("cat", 3), ("oak", 1), ("run", 6), ("rose", 2)):
        what = f"nearest_words({word!r}, vocab, E, k={k})"
        got = _as_word_list(
            call(fn, word, list(vocab), E.copy(), k, what=what, helpers=HELPERS), what, vocab
        )
        expected = ref.nearest_words(word, vocab, E, k)
        if got == expected:
            continue
        i = vocab.index(word)
        if word in got:
            fail(
                say(
                    "{what} returned {got}, which holds the query word itself: every word is most "
                    "similar to "
                    "itself (cosine 1), so leave it out and return the k most similar "
                    "OTHER words.",
                    what=what,
                    got=got,
                )
            )
        others = [vocab[j] for j in np.argsort(-cos[i], kind="stable") if j != i]
        dots = [vocab[j] for j in np.argsort(-(E @ E[i]), kind="stable") if j != i]
        if len(got) == k - 1 and got == others[: k - 1]:
            fail(
                say(
                    "{what} returned {k} words: you took the {k2} most similar, the word itself among "
                    "them, then "
                    "removed it. Return {k2} words other than "
                    "the query.",
                    what=what,
                    k=k - 1,
                    k2=k,
                )
            )
        for end in {vocab[0], vocab[-1]} - {word} - set(got):
            without = [
                vocab[j] for j in np.argsort(-cos[i], kind="stable") if j != i and vocab[j] != end
            ]
            if got == without[:k]:
                fail(
                    say(
                        "{what} returned {got}: it never returns {end!r}, at an end of vocab. Every "
                        "other word is "
                        "a candidate: loop over range(len(vocab)), every index (an off-by-one in "
                        "the range of candidates).",
                        what=what,
                        got=got,
                        end=end,
                    ),
                    mistake=say("the first or last word of vocab is never a candidate"),
                )
        if len(got) != k:
            fail(
                say(
                    "{what} returned {count} words, {got}; expected k = {k}.",
                    what=what,
                    count=len(got),
                    got=got,
                    k=k,
                )
            )
        if got == others[::-1][:k]:
            fail(
                say(
                    "{what} returned the LEAST similar words {got}; sort from the most similar down.",
                    what=what,
                    got=got,
                )
            )
        euclid = [
            vocab[j] for j in np.argsort(np.linalg.norm(E - E[i], axis=1), kind="stable") if j != i
        ]
        if got == euclid[:k] and got != dots[:k]:
            fail(
                say(
                    "{what} ranked the words by their Euclidean distance to {word!r} (nearest first); "
                    "rank them "
                    "by cosine similarity, which compares directions only (the rows of E have "
                    "very different lengths).",
                    what=what,
                    word=word,
                ),
                mistake=say("ranked by Euclidean distance instead of cosine similarity"),
            )
        if got == dots[:k]:
            fail(
                say(
                    "{what} ranked the words by their dot product with {word!r}; rank them by "
                    "cosine similarity, "
                    "which ignores the lengths of the vectors (the rows of E have very "
                    "different lengths).",
                    what=what,
                    word=word,
                )
            )
        if sorted(got) == sorted(expected):
            fail(
                say(
                    "{what} returned the right words in the wrong order, {got}; most similar "
                    "first: {expected}.",
                    what=what,
                    got=got,
                    expected=expected,
                )
            )
        fail(
            say(
                "{what} returned {got}; expected {expected} (cosine similarities with "
                "{word!r}: {dict}).",
                what=what,
                got=got,
                expected=expected,
                word=word,
                dict=dict(zip(vocab, np.round(cos[i], 3).tolist())),
            )
        )


# ------------------------------------------------------------------------------------------- frames

# (n_samples, sample_rate, window_ms, hop_ms): exactly one window, one sample short of it, much
# shorter, empty, a second, a minute, other rates, a rate where truncating the lengths instead of
# rounding differs, and one where the window is a tie, 400.5 samples, which Python's round takes to
# the even 400.
_FRAME_CASES = (
    (16000, 16000, 25, 10),
    (400, 16000, 25, 10),
    (399, 16000, 25, 10),
    (100, 16000, 25, 10),
    (0, 16000, 25, 10),
    (560, 16000, 25, 10),
    (559, 16000, 25, 10),
    (960000, 16000, 25, 10),
    (24000, 8000, 25, 10),
    (825, 11025, 25, 10),
    (48000, 48000, 20, 5),
    (12345, 12000, 30, 15),
    (15920, 16020, 25, 10),
)


def _count(n: int, window: int, hop: int) -> int:
    return 0 if n < window else 1 + (n - window) // hop


def _frame_count_mistakes() -> dict[str, callable]:
    s = ref.ms_to_samples

    def lengths(sr, w_ms, h_ms):
        return s(w_ms, sr), s(h_ms, sr)

    return {
        say(
            "off by one: you forgot the first frame. The first window starts at sample 0, and "
            "every hop after it "
            "adds one frame: 1 + (n_samples - window) // hop."
        ): lambda n, sr, w, h: max(0, (n - s(w, sr)) // s(h, sr)) if n >= s(w, sr) else 0,
        say(
            "off by one: you count one frame too many. Frames must fit a whole window: 1 + "
            "(n_samples - window) // "
            "hop."
        ): lambda n, sr, w, h: 0 if n < s(w, sr) else 2 + (n - s(w, sr)) // s(h, sr),
        say(
            "off by one: rounding up (ceil) counts a last window that does not fit in the signal; "
            "use floor "
            "division, 1 + (n_samples - window) // hop."
        ): lambda n, sr, w, h: 0 if n < s(w, sr) else 1 + math.ceil((n - s(w, sr)) / s(h, sr)),
        say(
            "you counted n_samples // hop, as if every hop started a whole frame; the last frames "
            "would run past "
            "the end of the signal. Count the windows that fit: 1 + (n_samples - window) // hop."
        ): lambda n, sr, w, h: n // s(h, sr),
        say(
            "hop and window are swapped: a frame is window_ms long (25 ms) and the next one starts "
            "hop_ms (10 ms) "
            "later; you slid a hop-long window by a window length."
        ): lambda n, sr, w, h: _count(n, s(h, sr), s(w, sr)),
        say(
            "the milliseconds were not converted to samples: a 25 ms window at 16000 Hz is "
            "round(16000 * 25 / "
            "1000) = 400 samples, not 25."
        ): lambda n, sr, w, h: _count(n, round(w), round(h)),
        say(
            "the window and hop lengths were truncated (int) instead of rounded: use "
            "round(sample_rate * ms / "
            "1000)."
        ): lambda n, sr, w, h: _count(n, int(sr * w / 1000), int(sr * h / 1000)),
        say(
            "a signal shorter than one window gives a negative count; it has no whole frame, so "
            "return 0."
        ): lambda n, sr, w, h: 1 + (n - s(w, sr)) // s(h, sr),
        say(
            "you counted centred frames, 1 + n_samples // hop (as librosa and torch.stft do "
            "with center=True, "
            "padding half a window at both ends); here frames are not padded: 1 + (n_samples - "
            "window) // hop whole windows, 0 if the signal is shorter than one."
        ): lambda n, sr, w, h: 1 + n // s(h, sr),
        say(
            "a signal of exactly one window holds one whole frame: test n_samples < window, not <=."
        ): lambda n, sr, w, h: 0 if n <= s(w, sr) else 1 + (n - s(w, sr)) // s(h, sr),
        say(
            "you used 25 ms and 10 ms, whatever window_ms and hop_ms were given; use the arguments."
        ): lambda n, sr, w, h: _count(n, s(25, sr), s(10, sr)),
        say(
            "the lengths were rounded half up (int(x + 0.5), math.floor(x + 0.5)); Python's "
            "round(x), as the task "
            "asks, takes a tie such as 400.5 to the even neighbour, 400."
        ): lambda n, sr, w, h: _count(
            n, math.floor(sr * w / 1000 + 0.5), math.floor(sr * h / 1000 + 0.5)
        ),
        say(
            "you counted a last, partial frame padded with zeros (as python_speech_features' "
            "framesig does, which "
            "also gives a short signal one frame); count whole windows only: 1 + (n_samples - "
            "window) // hop, 0 if the signal is shorter than one window."
        ): lambda n, sr, w, h: 1 if n <= s(w, sr) else 1 + math.ceil((n - s(w, sr)) / s(h, sr)),
    }


def _window(c) -> float:
    return c.arguments["sample_rate"] * c.arguments.get("window_ms", 25) / 1000


@contract(
    Clause(
        "defaults",
        "window_ms=25 and hop_ms=10 when they are not given.",
        both(omits("window_ms"), omits("hop_ms")),
    ),
    Clause(
        "milliseconds",
        "The window and hop are given in milliseconds, converted to samples.",
        passes("sample_rate", lambda sr: sr != 1000),
    ),
    Clause(
        "rounded",
        "window = round(sample_rate * window_ms / 1000): rounded, not truncated.",
        some(lambda c: _window(c) % 1 > 0.5),
    ),
    Clause(
        "Python's round",
        "(use Python's round): a tie goes to the even neighbour.",
        some(lambda c: _window(c) % 1 == 0.5),
    ),
    Clause(
        "other lengths",
        "Any window_ms and hop_ms, not only 25 and 10.",
        passes("window_ms", lambda w: w != 25),
    ),
    Clause(
        "first frame",
        "Frame 0 starts at sample 0: 1 + floor((n_samples - window) / hop).",
        passes("n_samples", lambda n: n > 400),
    ),
    Clause(
        "whole windows",
        "Only whole windows count (floor, not ceil).",
        some(
            lambda c: (
                c.arguments["n_samples"] > _window(c)
                and (c.arguments["n_samples"] - round(_window(c)))
                % round(c.arguments["sample_rate"] * c.arguments.get("hop_ms", 10) / 1000)
                != 0
            )
        ),
    ),
    Clause(
        "shorter than a window",
        "0 when the signal is shorter than one window (an empty one included).",
        both(
            passes("n_samples", lambda n: n == 0),
            some(lambda c: 0 < c.arguments["n_samples"] < _window(c)),
        ),
    ),
    Clause(
        "exactly one window",
        "A signal of exactly one window has one frame.",
        some(lambda c: c.arguments["n_samples"] == round(_window(c))),
    ),
    Clause("an int", "Return the number of frames as an int.", passes("n_samples")),
)
def check_num_frames(fn) -> None:
    __tracebackhide__ = True
    got, expected = [], []
    for n, sr, w, h in _FRAME_CASES:
        what = f"num_frames({n}, {sr}, window_ms={w}, hop_ms={h})"
        raw = call(fn, n, sr, window_ms=w, hop_ms=h, what=what)
        value = as_float_scalar(raw, what)
        if isinstance(raw, (float, np.floating)) and value == int(value):
            fail(
                say(
                    "{what} returned {raw!r}, a float; return the number of frames as an int (floor "
                    "division // "
                    "keeps ints whole; or int(...)).",
                    what=what,
                    raw=raw,
                ),
                mistake=say("returned a float, not an int"),
            )
        if value != int(value):
            fail(
                say(
                    "{what} returned {value}: a number of frames is a whole number; use floor "
                    "division (//).",
                    what=what,
                    value=value,
                )
            )
        got.append(int(value))
        expected.append(ref.num_frames(n, sr, w, h))
    mistakes = _frame_count_mistakes()

    def unexplained(i):
        __tracebackhide__ = True
        n, sr, w, h = _FRAME_CASES[i]
        fail(
            say(
                "num_frames({n}, {sr}, window_ms={w}, hop_ms={h}) returned {got}; expected "
                "{expected} (window "
                "{ms_to_samples} samples, hop {ms_to_samples2} samples).",
                n=n,
                sr=sr,
                w=w,
                h=h,
                got=got[i],
                expected=expected[i],
                ms_to_samples=ref.ms_to_samples(w, sr),
                ms_to_samples2=ref.ms_to_samples(h, sr),
            )
        )

    # one mistake must explain every case (several agree on some of them)
    compare_all(
        [
            (got[i], expected[i], "num_frames", {m: f(*case) for m, f in mistakes.items()})
            for i, case in enumerate(_FRAME_CASES)
        ],
        fallback=unexplained,
    )
    what = say("num_frames(16000, 16000) with the default window_ms and hop_ms")
    value = as_float_scalar(call(fn, 16000, 16000, what=what), what)
    if value != 98:
        fail(
            say(
                "{what} returned {value:g}; the defaults are window_ms=25 and hop_ms=10, which "
                "give 98.",
                what=what,
                value=value,
            )
        )


def _frames_with(signal: np.ndarray, window: int, hop: int, n: int | None = None) -> np.ndarray:
    if n is None:
        n = _count(len(signal), window, hop)
    padded = np.concatenate([signal, np.zeros(max(0, (n - 1) * hop + window - len(signal)))])
    return (
        np.stack([padded[i * hop : i * hop + window] for i in range(n)])
        if n
        else np.zeros((0, window))
    )


def _frames_from(signal: np.ndarray, window: int, starts) -> np.ndarray:
    starts = list(starts)
    return np.stack([signal[t : t + window] for t in starts]) if starts else np.zeros((0, window))


def _frame_mistakes(signal: np.ndarray, sr: int, w_ms: float, h_ms: float) -> dict[str, np.ndarray]:
    window, hop = ref.ms_to_samples(w_ms, sr), ref.ms_to_samples(h_ms, sr)
    right = ref.frame_signal(signal, sr, w_ms, h_ms)
    n = len(right)
    return {
        say(
            "hop and window are swapped: each frame must be window_ms long and start hop_ms after "
            "the previous one."
        ): _frames_with(signal, hop, window),
        say(
            "the milliseconds were not converted to samples: the window is round(sample_rate * "
            "window_ms / 1000) "
            "samples long, the hop round(sample_rate * hop_ms "
            "/ 1000)."
        ): _frames_with(signal, round(w_ms), round(h_ms)),
        say("the frames do not overlap: frame i starts at i * hop, not i * window."): _frames_with(
            signal, window, window
        ),
        say(
            "off by one: the last frame is missing; there are 1 + (n_samples - window) // "
            "hop frames."
        ): right[:-1],
        say(
            "off by one: there is an extra frame at the end that does not fit in the signal "
            "(padded); keep only "
            "the 1 + (n_samples - window) // hop whole windows."
        ): _frames_with(signal, window, hop, n + 1),
        say("off by one: the first frame is missing; frame 0 starts at sample 0."): right[1:],
        say(
            "off by one: the last window, the one that ends exactly at the end of the signal, is "
            "missing: the "
            "starts are range(0, n_samples - window + 1, hop) (range stops before its end)."
        ): _frames_from(signal, window, range(0, len(signal) - window, hop)),
        say("you returned (window, num_frames); one row per frame: (num_frames, window)."): right.T,
        **(
            {
                say(
                    "you used the default lengths, 25 ms and 10 ms, instead of the window_ms and "
                    "hop_ms given."
                ): _frames_with(signal, ref.ms_to_samples(25, sr), ref.ms_to_samples(10, sr))
            }
            if (w_ms, h_ms) != (25, 10)
            else {}
        ),
    }


_FRAME_SIGNALS = ((2000, 16000, 25, 10), (1000, 8000, 20, 5), (1323, 11025, 25, 10))


@contract(
    Clause(
        "rows",
        "Row i is signal[i * hop : i * hop + window]: shape (num_frames, window).",
        passes("signal"),
    ),
    Clause(
        "the last window",
        "Every whole window, the one that ends exactly at the end of the signal included.",
        some(
            lambda c: (
                (len(c.arguments["signal"]) - round(_window(c)))
                % round(c.arguments["sample_rate"] * c.arguments.get("hop_ms", 10) / 1000)
                == 0
            )
        ),
    ),
    Clause(
        "other lengths",
        "Any window_ms and hop_ms, not only the defaults.",
        passes("window_ms", lambda w: w != 25),
    ),
    Clause(
        "defaults",
        "window_ms=25 and hop_ms=10 when they are not given.",
        both(omits("window_ms"), omits("hop_ms")),
    ),
    Clause(
        "too short",
        "A signal shorter than one window gives an empty array of shape (0, window).",
        some(lambda c: len(c.arguments["signal"]) < _window(c)),
    ),
)
def check_frame_signal(fn) -> None:
    __tracebackhide__ = True
    trials = []
    # the last window ends exactly at the end of the signal in the first two, not in the third
    for seed, (n, sr, w, h) in enumerate(_FRAME_SIGNALS):
        signal = rng(seed).normal(size=n)
        if seed == 2:
            signal = signal.astype(np.float32)
        what = say(
            "frame_signal(signal, {sr}, window_ms={w}, hop_ms={h}) for a signal of {n} samples",
            sr=sr,
            w=w,
            h=h,
            n=n,
        )
        got = as_float_array(
            call(fn, signal, sr, window_ms=w, hop_ms=h, what=what, helpers=HELPERS), what
        )
        expected = ref.frame_signal(signal.astype(float), sr, w, h)
        trials.append((got, expected, what, _frame_mistakes(signal.astype(float), sr, w, h)))

    def show(i):
        __tracebackhide__ = True
        (got, expected, what, _), (_, sr, w, h) = trials[i], _FRAME_SIGNALS[i]
        compare(
            got,
            expected,
            what,
            show_input=say(
                "\n(window {ms_to_samples} samples, hop {ms_to_samples2} "
                "samples: frame i is signal[i * hop : i * hop "
                "+ window])",
                ms_to_samples=ref.ms_to_samples(w, sr),
                ms_to_samples2=ref.ms_to_samples(h, sr),
            ),
        )

    compare_all(trials, fallback=show)
    signal = rng(4).normal(size=1000)
    what = say(
        "frame_signal(signal, 16000) for a signal of 1000 samples, with the default window_ms "
        "and hop_ms"
    )
    got = as_float_array(call(fn, signal, 16000, what=what, helpers=HELPERS), what)
    compare(
        got,
        ref.frame_signal(signal, 16000),
        what,
        show_input=say(
            "\n(the defaults are window_ms=25 and "
            "hop_ms=10: a 400-sample "
            "window and a 160-sample "
            "hop at 16000 Hz)"
        ),
    )
    what = say(
        "frame_signal(signal, 16000) for a signal of 300 samples, shorter than one "
        "400-sample window"
    )
    got = as_float_array(call(fn, rng(5).normal(size=300), 16000, what=what, helpers=HELPERS), what)
    if got.ndim == 2 and got.shape[0] == 0 and got.shape[1] != 400:
        fail(
            say(
                "{what} returned shape {shape}: the defaults are window_ms=25 and hop_ms=10, so the "
                "window is "
                "round(16000 * 25 / 1000) = 400 samples and the result "
                "(0, 400).",
                what=what,
                shape=got.shape,
            )
        )
    if got.shape != (0, 400):
        fail(
            say(
                "{what} returned shape {shape}; a signal too short for one window has no frames: "
                "return an empty "
                "array of shape (0, 400), i.e. (0, window).",
                what=what,
                shape=got.shape,
            )
        )


# ----------------------------------------------------------------------------------------- spectrum


def _spectrum_mistakes(frames: np.ndarray) -> dict[str, np.ndarray]:
    win = frames.shape[-1]
    spec = np.fft.rfft(frames * np.hanning(win), axis=-1)
    power = np.abs(spec) ** 2
    return {
        say(
            "the frames were not multiplied by np.hanning(window) before the FFT (the Hann window "
            "tapers each "
            "frame's edges)."
        ): np.log(np.abs(np.fft.rfft(frames, axis=-1)) ** 2 + ref.LOG_FLOOR),
        say(
            "you used a Hamming window (np.hamming); the spectrum uses the Hann window, np.hanning."
        ): np.log(np.abs(np.fft.rfft(frames * np.hamming(win), axis=-1)) ** 2 + ref.LOG_FLOOR),
        say("you took the log of the magnitude |X|; the power is its square, |X| ** 2."): np.log(
            np.abs(spec) + ref.LOG_FLOOR
        ),
        say("you used log10; the spectrum uses the natural logarithm, np.log."): np.log10(
            power + ref.LOG_FLOOR
        ),
        say(
            "you returned decibels (10 * log10); the spectrum uses the natural logarithm, np.log."
        ): 10 * np.log10(power + ref.LOG_FLOOR),
        say("you returned the power itself; take its logarithm, np.log(power + 1e-10)."): power,
        say(
            "you used a periodic Hann window (torch.hann_window and "
            "scipy.signal.get_window('hann') are periodic "
            "by default); the spectrum uses the symmetric one, np.hanning(window)."
        ): np.log(
            np.abs(
                np.fft.rfft(
                    frames * (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(win) / win)), axis=-1
                )
            )
            ** 2
            + ref.LOG_FLOOR
        ),
        say(
            "you divided the power by the window length (a normalised periodogram, "
            "as python_speech_features' "
            "powspec does); the spectrum is the log of |X| ** "
            "2 itself."
        ): np.log(power / win + ref.LOG_FLOOR),
        say(
            "np.log1p(power) is log(1 + power), which flattens small powers; the spectrum is "
            "np.log(power + 1e-10)."
        ): np.log1p(power),
    }


@contract(
    Clause(
        "Hann window",
        "Multiply every frame by np.hanning(window) before the FFT.",
        passes("frames"),
    ),
    Clause(
        "real FFT of each frame",
        "np.fft.rfft along the last axis: shape (n_frames, window // 2 + 1).",
        passes("frames", lambda f: f.shape[0] != f.shape[1] // 2 + 1),
    ),
    Clause("power", "The power |X| ** 2, not the magnitude.", passes("frames")),
    Clause("natural log", "The natural logarithm, np.log.", passes("frames")),
    Clause(
        "floor",
        "log(|X| ** 2 + 1e-10): a silent frame stays finite.",
        passes("frames", lambda f: (~f.any(axis=1)).any()),
    ),
)
def check_log_power_spectrum(fn) -> None:
    __tracebackhide__ = True
    for seed, (n, window, dtype) in enumerate(
        ((6, 64, np.float64), (4, 63, np.float64), (5, 40, np.float32))
    ):
        frames = rng(20 + seed).normal(size=(n, window))
        frames[2] = 0.0  # a silent frame: its power is exactly 0
        frames = frames.astype(dtype)
        what = say(
            "log_power_spectrum(frames) for frames of shape {shape} (row 2 silent: all zeros)",
            shape=frames.shape,
        )
        got = as_float_array(call(fn, frames, what=what), what)
        bins = window // 2 + 1
        if got.shape == (n, window):
            fail(
                say(
                    "{what} returned shape {shape}: a full FFT. The real FFT np.fft.rfft keeps "
                    "the {bins} "
                    "non-redundant frequencies, window // 2 + 1.",
                    what=what,
                    shape=got.shape,
                    bins=bins,
                )
            )
        if got.shape == (n // 2 + 1, window):
            fail(
                say(
                    "{what} returned shape {shape}: the FFT ran along axis 0, across frames. "
                    "Transform each "
                    "frame: along the last axis (axis=-1).",
                    what=what,
                    shape=got.shape,
                )
            )
        if got.shape == (n, bins) and np.isneginf(got).any():
            fail(
                say(
                    "{what} gives -inf for the silent frame: log(0). Add 1e-10 to the power before "
                    "the log, "
                    "np.log(power + 1e-10).",
                    what=what,
                )
            )
        expected = ref.log_power_spectrum(frames.astype(float))
        compare(got, expected, what, _spectrum_mistakes(frames.astype(float)), rtol=1e-4, atol=1e-3)


# ---------------------------------------------------------------------------------------- molecules

_GLYCINE = (
    ["N", "C", "C", "O", "O", "H", "H", "H", "H", "H"],
    [(0, 1), (1, 2), (2, 3), (2, 4), (0, 5), (0, 6), (1, 7), (1, 8), (4, 9)],
)
_CO2 = (["O", "C", "O"], [(0, 1), (1, 0), (1, 2), (1, 2)])  # double bonds, each listed twice
_ETHANOL = (
    ["C", "C", "O", "H", "H", "H", "H", "H", "H"],
    [(0, 1), (1, 2), (0, 3), (0, 4), (0, 5), (1, 6), (1, 7), (2, 8)],
)


@contract(
    Clause("elements", "X: column j for elements[j], for the elements given.", passes("elements")),
    Clause("default elements", 'elements defaults to ("H", "C", "N", "O").', omits("elements")),
    Clause("X shape", "X has shape (n_atoms, len(elements)), one row per atom.", passes("atoms")),
    Clause("(X, A)", "Return the pair (X, A).", passes("atoms")),
    Clause("symmetric", "A bond joins two atoms both ways, so A is symmetric.", passes("bonds")),
    Clause("diagonal", "Its diagonal is 0.", passes("bonds")),
    Clause(
        "double bond",
        "A bond listed twice (a double bond) is still a single 1.",
        passes("bonds", lambda b: len(b) > len({tuple(sorted(x)) for x in b})),
    ),
    Clause("from 0", "Atom indices start at 0.", passes("bonds", lambda b: any(0 in x for x in b))),
)
def check_molecule_to_vector_set(fn) -> None:
    __tracebackhide__ = True
    for (atoms, bonds), elements in ((_GLYCINE, None), (_CO2, None), (_ETHANOL, ("C", "H", "O"))):
        args = (list(atoms), list(bonds)) + ((tuple(elements),) if elements else ())
        what = f"molecule_to_vector_set({atoms}, {bonds}" + (
            f", elements={elements})" if elements else ")"
        )
        X, A = pair(call(fn, *args, what=what), what, ("X", "A"))
        X, A = as_float_array(X, f"{what}[0] (X)"), as_float_array(A, f"{what}[1] (A)")
        n_elements = len(elements or ref.ELEMENTS)
        if X.shape == (len(atoms), len(atoms)) and A.shape == (len(atoms), n_elements) != X.shape:
            fail(
                say(
                    "{what} returned (A, X); return the pair in the order (X, A): the one-hot atoms "
                    "first, then "
                    "the adjacency matrix.",
                    what=what,
                ),
                mistake="returned (A, X)",
            )
        X_ref, A_ref = ref.molecule_to_vector_set(*args)
        default_cols = ref.molecule_to_vector_set(atoms, bonds)[0]
        if (
            elements is None
            and X.shape == X_ref.shape
            and not close(X, X_ref)
            and sorted(map(tuple, X.T)) == sorted(map(tuple, X_ref.T))
        ):
            fail(
                say(
                    "{what}: X has the right columns in another order. Without an elements argument "
                    "the columns "
                    'follow the default elements, ("H", "C", "N", "O"), in '
                    "that order.",
                    what=what,
                ),
                mistake=say("the default elements in another order"),
            )
        compare(
            X,
            X_ref,
            f"{what}: X",
            {
                say(
                    "the columns follow ('H', 'C', 'N', 'O') instead of the elements argument; column "
                    "j is elements[j]."
                ): default_cols,
                say("X is transposed: one row per atom, one column per element."): X_ref.T,
            },
        )
        n = len(atoms)
        if A.shape != (n, n):
            fail(
                say(
                    "{what}: A has shape {shape}; the adjacency of {n} atoms is ({n}, {n}).",
                    what=what,
                    shape=A.shape,
                    n=n,
                )
            )
        if not np.allclose(A, A.T):
            fail(
                say(
                    "{what}: A is not symmetric (A[i, j] != A[j, i]). A bond joins two atoms both "
                    "ways: set both "
                    "A[i, j] and A[j, i] to 1.\nYou returned\n{A}",
                    what=what,
                    A=fmt(A),
                )
            )
        if np.any(np.diag(A) != 0):
            fail(
                say(
                    "{what}: A has non-zero entries on its diagonal; an atom is not bonded to itself, "
                    "so the "
                    "diagonal is 0.",
                    what=what,
                )
            )
        if np.any(A > 1):
            fail(
                say(
                    "{what}: A holds {max} where a bond is listed twice (a double bond); A is 0/1, so "
                    "set the "
                    "entries to 1 rather than adding 1.",
                    what=what,
                    max=fmt(A.max()),
                )
            )
        compare(
            A,
            A_ref,
            f"{what}: A",
            {
                say(
                    "the bonds were read as 1-based atom numbers; atom indices start at 0."
                ): ref.adjacency(n, [(i - 1, j - 1) for i, j in bonds]),
            },
        )


@contract(
    Clause(
        "unknown element",
        "An element that is not in elements must raise a ValueError.",
        passes("atoms", lambda atoms: "Cl" in atoms),
    ),
    Clause(
        "missing atom",
        "A bond to an atom that does not exist must raise a ValueError.",
        passes("bonds", lambda b: any(max(x) >= 3 for x in b)),
    ),
    Clause(
        "negative index",
        "... a negative index names no atom either (NumPy would read -1 as the last).",
        passes("bonds", lambda b: any(min(x) < 0 for x in b)),
    ),
)
def check_molecule_errors(fn) -> None:
    __tracebackhide__ = True
    expect_raises(
        fn,
        ValueError,
        say(
            "molecule_to_vector_set(['C', 'Cl'], [(0, 1)]) with chlorine, not in ('H', "
            "'C', 'N', 'O'),"
        ),
        ["C", "Cl"],
        [(0, 1)],
    )
    expect_raises(
        fn,
        ValueError,
        say(
            "molecule_to_vector_set(['O', 'H', 'H'], [(0, 1), (0, 3)]) with a bond to "
            "atom 3 of 3 (they are 0, "
            "1, 2),"
        ),
        ["O", "H", "H"],
        [(0, 1), (0, 3)],
    )
    try:
        run(fn, (["O", "H", "H"], [(0, 1), (0, -1)]))
    except ValueError:
        return
    except Exception as exc:
        if is_unimplemented(exc):
            not_implemented("molecule_to_vector_set")
        fail(
            say(
                "molecule_to_vector_set(['O', 'H', 'H'], [(0, 1), (0, -1)]) should raise ValueError "
                "for atom -1, "
                "but raised {exc_type}: {exc}",
                exc_type=type(exc).__name__,
                exc=exc,
            )
        )
    fail(
        say(
            "molecule_to_vector_set(['O', 'H', 'H'], [(0, 1), (0, -1)]) returned normally: atom -1 "
            "does not "
            "exist, but NumPy reads index -1 as the last atom. Check 0 <= i < n_atoms for both "
            "ends of every bond and raise ValueError otherwise."
        )
    )


__all__ = [name for name in dir() if name.startswith("check_")] + ["HELPERS"]
