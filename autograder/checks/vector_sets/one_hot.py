"""Checks of one_hot: the encoding of tokens over a vocabulary, and the errors it raises."""

from __future__ import annotations

import numpy as np

from autograder.checks.common import (
    as_float_array,
    call,
    compare,
    fail,
    is_unimplemented,
    not_implemented,
    run,
)
from autograder.checks.contracts import Clause, contract, passes, raises, some
from autograder.messages import say
from autograder.reference import vector_sets as ref

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
                    "{what} returned a {raw_type}; return a NumPy array of shape ({len_tokens}, "
                    "{len_vocab}), e.g. X = np.zeros((len(tokens), len(vocab))) filled in (not a "
                    "list of rows).",
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
                    "{what} returned a 1-D array of shape {shape}: a sentence of {len_tokens} "
                    "word(s) is still a 2-D array, ({len_tokens}, {len_vocab}). Do not squeeze or "
                    "flatten the rows away.",
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
                    "column per vocabulary word, {len_vocab}, in the order of vocab, also for "
                    "words the sentence does not use.",
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
                    "{what} returned shape {shape}: rows and columns are swapped. One row per "
                    "token, one column per vocabulary word: ({len_tokens}, {len_vocab}).",
                    what=what,
                    shape=got.shape,
                    len_tokens=len(tokens),
                    len_vocab=len(vocab),
                )
            )
        if got.ndim == 2 and got.shape[0] == len(set(tokens)) < len(tokens):
            fail(
                say(
                    "{what} returned {shape} rows for {len_tokens} tokens: every token gets its "
                    "own row, repeated tokens included (a sentence keeps all its words).",
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
                    "order of vocab as given (column j is vocab[j])."
                ): sorted_cols,
                say(
                    "the columns follow the order in which the words first appear in the sentence "
                    "(a vocabulary built from the sentence itself); column j is vocab[j], in the "
                    "order given, one column per vocabulary word."
                ): first_seen,
                say(
                    "the 1 of row i sits in column i (the token's position in the sentence); it "
                    "belongs in the column of the token's word in vocab."
                ): by_position,
                say(
                    "there is an extra column 0 (an index reserved for padding or unknown words, "
                    "as Keras's Tokenizer numbers words from 1); column j is vocab[j], so there "
                    "are exactly len(vocab) columns."
                ): np.hstack([np.zeros((len(tokens), 1)), expected]),
            },
        )
        kind = np.asarray(raw.detach().cpu() if hasattr(raw, "detach") else raw).dtype.kind
        if kind != "f":
            fail(
                say(
                    "{what} returned an array of {dtype} values; one-hot vectors are floats (they "
                    "go into a network): create the array with np.zeros(..., dtype=float).",
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
                    "('zebra'), so the user knows which word to fix.",
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
                "yourself: `if token not in vocab: raise ValueError(f'unknown "
                "token {{token!r}}')`.",
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
                "naming it, rather than silently giving a row of zeros or a wrong row.",
                what=what,
                shape=shape,
            )
        )
