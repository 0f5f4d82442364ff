"""Submissions that look alike (autograder.report.similarity): renaming and comments hide nothing,
the starter code and what the whole class writes alike count for nothing, and independent work is
not flagged."""

from autograder.report.similarity import compare_class, tokens

STARTER = {
    "softmax": (
        "def softmax(x, axis=-1):\n    # YOUR CODE HERE\n    raise NotImplementedError()",
        False,
    ),
    "scores": (
        "def attention_scores(a, W_q, W_k):\n    # YOUR CODE HERE\n    raise NotImplementedError()",
        False,
    ),
}
# what nearly all write
USUAL_SCORES = "def attention_scores(a, W_q, W_k):\n    return (a @ W_q) @ (a @ W_k).T"

ORIGINAL = (
    "def softmax(x, axis=-1):\n"
    "    shifted = np.moveaxis(x, axis, -1) - np.max(x, axis=axis, "
    "keepdims=True).swapaxes(axis, -1)\n"
    "    total = np.exp(shifted).sum(-1, keepdims=True)\n"
    "    return np.moveaxis(np.exp(shifted) / total, -1, axis)"
)
RENAMED = (
    "def softmax(values, axis=-1):\n"
    "    # move the axis last, then normalise\n"
    "    moved = np.moveaxis(values, axis, -1) - np.max(values, axis=axis, "
    "keepdims=True).swapaxes(axis, -1)\n"
    "    denom = np.exp(moved).sum(-1, keepdims=True)\n\n"
    "    return np.moveaxis(np.exp(moved) / denom,   -1, axis)"
)
HEAD = "def softmax(x, axis=-1):\n"
INDEPENDENT = [
    HEAD
    + (
        "    e = np.exp(x - x.max(axis=axis, keepdims=True))\n    return e / "
        "e.sum(axis=axis, keepdims=True)"
    ),
    HEAD
    + (
        "    t = torch.as_tensor(np.asarray(x, dtype=np.float64))\n    return "
        "torch.softmax(t, dim=axis).numpy()"
    ),
    HEAD
    + (
        "    z = x - np.amax(x, axis, keepdims=True)\n    return np.exp(z) / np.sum(np.exp(z), "
        "axis, keepdims=True)"
    ),
    HEAD
    + (
        "    from scipy.special import logsumexp\n    return np.exp(x - logsumexp(x, "
        "axis=axis, keepdims=True))"
    ),
]


def notebook(softmax: str, scores: str = USUAL_SCORES) -> dict:
    return {"softmax": (softmax, False), "scores": (scores, False)}


def test_names_comments_and_spacing_do_not_change_the_tokens():
    assert [t for t, _ in tokens(ORIGINAL)] == [t for t, _ in tokens(RENAMED)]
    assert [t for t, _ in tokens(ORIGINAL)] != [t for t, _ in tokens(INDEPENDENT[0])]
    assert "np" in [t for t, _ in tokens(ORIGINAL)]  # names the cell does not bind are kept


def test_a_renamed_copy_is_flagged_and_independent_work_is_not():
    class_ = {f"indep{i}": notebook(src) for i, src in enumerate(INDEPENDENT)}
    class_ |= {"original": notebook(ORIGINAL), "copier": notebook(RENAMED), "blank": STARTER}
    found = compare_class(class_, STARTER)
    assert [(p.a, p.b) for p in found.flagged] == [("copier", "original")]
    pair = found.flagged[0]
    # the usual scores cell is no evidence
    assert pair.similarity > 0.9 and set(pair.cells) == {"softmax"}
    # the shared lines, on each side
    assert 3 in pair.cells["softmax"][2] and 4 in pair.cells["softmax"][3]
    assert found.typical < 0.2


def test_the_starter_code_and_untouched_cells_are_no_evidence():
    found = compare_class({"a": STARTER, "b": STARTER, "c": notebook(INDEPENDENT[0])}, STARTER)
    assert not found.flagged and all(p.shared_runs == 0 for p in found.pairs)
