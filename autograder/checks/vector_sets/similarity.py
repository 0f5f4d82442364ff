"""Checks of cosine_similarity_matrix (zero rows included) and nearest_words."""

from __future__ import annotations

import numpy as np

from autograder.checks.common import as_float_array, call, close, compare, fail, fmt, hints, rng
from autograder.checks.contracts import Clause, both, contract, passes, some
from autograder.messages import say, template
from autograder.reference import vector_sets as ref

# Earlier parts a later part may call by name; grading swaps in the reference versions
# (see common.call).
HELPERS = {"cosine_similarity_matrix": ref.cosine_similarity_matrix, "num_frames": ref.num_frames}

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
            ". x_j) / (|x_i| |x_j|)."
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
            "by its own length (np.linalg.norm(X, axis=1))."
        ): cols @ cols.T,
        say("you returned the cosine distance 1 - cos; return the similarity itself."): 1 - cos,
        say(
            "you divided by the length of the whole matrix (np.linalg.norm(X) without axis=1); "
            "divide each row by its own length, np.linalg.norm(X, axis=1, keepdims=True)."
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
                    "{what} returned shape {shape}: you compared the columns. Compare the rows "
                    "(the vectors): the result is ({n}, {n}).",
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
                "{what} gives NaN: the zero row has length 0, and 0 / 0 is NaN (a division by "
                "zero). Divide by 1 where a length is 0 (np.where(norms > 0, norms, 1)), so the "
                "zero row's similarities stay 0.\nYou returned\n{got}",
                what=what,
                got=fmt(got),
            )
        )
    if not close(got[1], np.zeros(4), atol=1e-6) or not close(got[:, 1], np.zeros(4), atol=1e-6):
        fail(
            say(
                "{what}: a zero row has similarity 0 with every row (itself included), but row 1 "
                "of your result is {got}.",
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
                "{what} returned positions {items}, not words: return the words themselves, "
                "[vocab[j] for j in ...].",
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
                    "similar to itself (cosine 1), so leave it out and return the k most similar "
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
                    "{what} returned {k} words: you took the {k2} most similar, the word itself "
                    "among them, then removed it. Return {k2} words other than the query.",
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
                        "{what} returned {got}: it never returns {end!r}, at an end of vocab. "
                        "Every other word is a candidate: loop over range(len(vocab)), every index "
                        "(an off-by-one in the range of candidates).",
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
                    "{what} returned the LEAST similar words {got}; sort from the most "
                    "similar down.",
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
                    "{what} ranked the words by their Euclidean distance to {word!r} (nearest "
                    "first); rank them by cosine similarity, which compares directions only (the "
                    "rows of E have very different lengths).",
                    what=what,
                    word=word,
                ),
                mistake=say("ranked by Euclidean distance instead of cosine similarity"),
            )
        if got == dots[:k]:
            fail(
                say(
                    "{what} ranked the words by their dot product with {word!r}; rank them by "
                    "cosine similarity, which ignores the lengths of the vectors (the rows of E "
                    "have very different lengths).",
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
