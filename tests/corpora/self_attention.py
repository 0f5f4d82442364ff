"""Realistic submissions for assignment 04_self_attention, each with the grade it must get.

WRONG: one mistake each (answers replace the named solution cells); it must lose the points of
``part`` and only those, and the learner must read ``message`` in that part's failure. RIGHT:
correct but written differently; full marks.
"""

from . import Case

ASSIGNMENT, NOTEBOOK = "04_self_attention", "self_attention"
MANUAL = {"answer_rows_sum_to_one", "answer_permutation"}  # graded by hand


SOFTMAX = "def softmax(x, axis=-1):\n"
SCORES = "def attention_scores(a, W_q, W_k):\n"
OUTPUT = "def attention_output(i, a, W_q, W_k, W_v):\n"
SELF_ATT = 'def self_attention(a, W_q, W_k, W_v, normalize="softmax"):\n'

MODULE_HEAD = """class SelfAttention(nn.Module):
    def __init__(self, d_in, d_k, d_v):
        super().__init__()
        self.W_q = nn.Linear(d_in, d_k, bias=False)
        self.W_k = nn.Linear(d_in, d_k, bias=False)
        self.W_v = nn.Linear(d_in, d_v, bias=False)

    def forward(self, x, mask=None):
        q, k, v = self.W_q(x), self.W_k(x), self.W_v(x)
        scores = q @ k.transpose(-2, -1)
"""

WRONG = [
    Case(
        "softmax_wrong_axis",
        {
            "softmax": SOFTMAX
            + (
                "    e = np.exp(x - np.max(x, axis=0, keepdims=True))\n"
                "    return e / np.sum(e, axis=0, keepdims=True)"
            )
        },
        "test_softmax",
        "ran over axis 0 instead of axis -1",
        ("test_softmax_stable",),
    ),
    Case(
        "softmax_overflow",
        {
            "softmax": SOFTMAX
            + ("    e = np.exp(x)\n    return e / np.sum(e, axis=axis, keepdims=True)")
        },
        "test_softmax_stable",
        "Subtract the maximum",
    ),
    Case(
        "softmax_unnormalised",
        {"softmax": SOFTMAX + ("    return np.exp(x - np.max(x, axis=axis, keepdims=True))")},
        "test_softmax",
        "not normalised",
        ("test_softmax_stable",),
    ),
    Case(
        "softmax_global_sum",
        {"softmax": SOFTMAX + ("    e = np.exp(x - np.max(x))\n    return e / e.sum()")},
        "test_softmax",
        "sum over the whole array",
        ("test_softmax_stable",),
    ),
    Case(
        "dot_is_sum",
        {"dot_product_score": ("def dot_product_score(q, k):\n    return float(np.sum(q + k))")},
        "test_dot_product_score",
        "sum of q and k",
    ),
    Case(
        "additive_order",
        {
            "additive_score": (
                "def additive_score(q, k, W, w):\n    return float(w @ np.tanh(W @ "
                "np.concatenate([k, q])))"
            )
        },
        "test_additive_score",
        "concat(q, k)",
    ),
    Case(
        "additive_no_tanh",
        {
            "additive_score": (
                "def additive_score(q, k, W, w):\n    return float(w @ (W @ "
                "np.concatenate([q, k])))"
            )
        },
        "test_additive_score",
        "tanh is missing",
    ),
    Case(
        "scores_transposed",
        {"attention_scores": SCORES + "    return (a @ W_k) @ (a @ W_q).T"},
        "test_attention_scores",
        "transposed",
    ),
    Case(
        "scores_scaled",
        {
            "attention_scores": SCORES
            + ("    return (a @ W_q) @ (a @ W_k).T / np.sqrt(W_k.shape[1])")
        },
        "test_attention_scores",
        "must not be scaled",
    ),
    Case(
        "scores_same_projection",
        {"attention_scores": SCORES + ("    return (a @ W_q) @ (a @ W_q).T")},
        "test_attention_scores",
        "W_q for the keys",
    ),
    Case(
        "output_keys_as_values",
        {
            "attention_output": OUTPUT
            + (
                "    alpha = np.array([(a[i] @ W_q) @ (a[j] @ W_k) for j in range(len(a))])\n"
                "    return softmax(alpha) @ (a @ W_k)"
            )
        },
        "test_attention_output",
        "weight v = a @ W_v, not the keys",
    ),
    Case(
        "output_no_W_v",
        {
            "attention_output": OUTPUT
            + (
                "    alpha = np.array([(a[i] @ W_q) @ (a[j] @ W_k) for j in range(len(a))])\n"
                "    return softmax(alpha) @ a"
            )
        },
        "test_attention_output",
        "not the raw inputs a",
    ),
    Case(
        "output_unnormalised",
        {
            "attention_output": OUTPUT
            + (
                "    alpha = np.array([(a[i] @ W_q) @ (a[j] @ W_k) for j in range(len(a))])\n"
                "    return alpha @ (a @ W_v)"
            )
        },
        "test_attention_output",
        "apply softmax to the scores",
    ),
    Case(
        "output_skips_self",
        {
            "attention_output": OUTPUT
            + (
                "    js = [j for j in range(len(a)) if j != i]\n"
                "    alpha = np.array([(a[i] @ W_q) @ (a[j] @ W_k) for j in js])\n"
                "    return softmax(alpha) @ (a[js] @ W_v)"
            )
        },
        "test_attention_output",
        "including i's",
    ),
    Case(
        "self_attention_axis0",
        {
            "self_attention": SELF_ATT
            + (
                "    s = (a @ W_q) @ (a @ W_k).T\n"
                "    if normalize not in ('softmax', 'relu'):\n        "
                "raise ValueError(normalize)\n"
                "    w = softmax(s, axis=0) if normalize == 'softmax' else np.maximum(s, 0)\n"
                "    return w @ (a @ W_v), w"
            )
        },
        "test_self_attention",
        "softmax ran over the queries (axis 0)",
    ),
    Case(
        "self_attention_transposed",
        {
            "self_attention": SELF_ATT
            + (
                "    s = (a @ W_k) @ (a @ W_q).T\n"
                "    if normalize not in ('softmax', 'relu'):\n        "
                "raise ValueError(normalize)\n"
                "    w = softmax(s) if normalize == 'softmax' else np.maximum(s, 0)\n"
                "    return w @ (a @ W_v), w"
            )
        },
        "test_self_attention",
        "transposed",
        ("test_self_attention_relu",),
    ),
    Case(
        "self_attention_keys_as_values",
        {
            "self_attention": SELF_ATT
            + (
                "    s = (a @ W_q) @ (a @ W_k).T\n"
                "    if normalize not in ('softmax', 'relu'):\n        "
                "raise ValueError(normalize)\n"
                "    w = softmax(s) if normalize == 'softmax' else np.maximum(s, 0)\n"
                "    return w @ (a @ W_k), w"
            )
        },
        "test_self_attention",
        "not the keys",
        ("test_self_attention_relu",),
    ),
    Case(
        "relu_renormalised_no_error",
        {
            "self_attention": SELF_ATT
            + (
                "    s = (a @ W_q) @ (a @ W_k).T\n"
                "    if normalize == 'softmax':\n        w = softmax(s)\n"
                "    else:\n        w = np.maximum(s, 0)\n        w = w / "
                "w.sum(-1, keepdims=True)\n"
                "    return w @ (a @ W_v), w"
            )
        },
        "test_self_attention_relu",
        "must not be renormalised",
    ),
    Case(
        "module_mask_on_queries",
        {
            "SelfAttention": MODULE_HEAD
            + (
                "        if mask is not None:\n"
                "            scores = scores.masked_fill(~mask[:, :, None], float('-inf'))\n"
                "        weights = torch.softmax(scores, dim=-1).nan_to_num(0.0)\n"
                "        return weights @ v, weights"
            )
        },
        "test_SelfAttention_mask",
        "applied to the queries",
    ),
    Case(
        "module_mask_ignored",
        {
            "SelfAttention": MODULE_HEAD
            + (
                "        weights = torch.softmax(scores, dim=-1)\n"
                "        return weights @ v, weights"
            )
        },
        "test_SelfAttention_mask",
        "padded positions receive attention weight",
    ),
    Case(
        "module_softmax_over_queries",
        {
            "SelfAttention": MODULE_HEAD
            + (
                "        if mask is not None:\n"
                "            scores = scores.masked_fill(~mask[:, None, :], float('-inf'))\n"
                "        weights = torch.softmax(scores, dim=-2)\n"
                "        return weights @ v, weights"
            )
        },
        "test_SelfAttention",
        "dim=-1",
        ("test_SelfAttention_mask", "test_tagger"),
    ),
    Case(
        "module_cpu_tensor",
        {
            "SelfAttention": MODULE_HEAD
            + (
                "        if mask is not None:\n"
                "            big = torch.full(scores.shape, -1e9)\n"
                "            scores = torch.where(mask[:, None, :], scores, big)\n"
                "        weights = torch.softmax(scores, dim=-1)\n"
                "        return weights @ v, weights"
            )
        },
        "test_SelfAttention_device",
        "creates a tensor on the CPU",
    ),
    Case(
        "module_with_bias",
        {
            "SelfAttention": MODULE_HEAD.replace("bias=False", "bias=True")
            + (
                "        if mask is not None:\n"
                "            scores = scores.masked_fill(~mask[:, None, :], float('-inf'))\n"
                "        weights = torch.softmax(scores, dim=-1)\n"
                "        return weights @ v, weights"
            )
        },
        "test_SelfAttention",
        "must have no bias",
        ("test_SelfAttention_mask", "test_SelfAttention_device"),
    ),
    Case(
        "tagger_untrained",
        {
            "train_tagger": (
                "train_data, test_data = train_test_long_range(seed=0)\n"
                "tagger = SelfAttentionTagger(train_data.vocab_size, train_data.n_classes)\n"
                "test_accuracy = tagging_accuracy(tagger, test_data)"
            )
        },
        "test_tagger",
        "needs at least 95%",
    ),
    Case(
        "tagger_no_residual",
        {
            "SelfAttentionTagger": (
                "class SelfAttentionTagger(nn.Module):\n"
                "    def __init__(self, vocab_size, n_classes, d_model=32):\n"
                "        super().__init__()\n"
                "        self.embed = nn.Embedding(vocab_size, d_model)\n"
                "        self.attention = SelfAttention(d_model, d_model, d_model)\n"
                "        self.head = nn.Linear(d_model, n_classes)\n\n"
                "    def forward(self, tokens, mask):\n"
                "        return self.head(self.attention(self.embed(tokens), mask)[0])"
            )
        },
        "test_tagger",
        "residual connection",
    ),
]

RIGHT = [
    Case(
        "loops",
        {
            "softmax": SOFTMAX
            + (
                "    x = np.moveaxis(np.array(x, dtype=float), axis, -1)\n"
                "    out = np.empty_like(x)\n"
                "    for idx in np.ndindex(x.shape[:-1]):\n"
                "        row = x[idx] - max(x[idx])\n"
                "        out[idx] = np.exp(row) / sum(np.exp(row))\n"
                "    return np.moveaxis(out, -1, axis)"
            ),
            "attention_scores": SCORES
            + (
                "    n = len(a)\n    out = np.zeros((n, n))\n"
                "    for i in range(n):\n        for j in range(n):\n"
                "            out[i, j] = dot_product_score(a[i] @ W_q, a[j] @ W_k)\n"
                "    return out"
            ),
            "attention_output": OUTPUT
            + (
                "    q = a[i] @ W_q\n"
                "    scores = [sum(q[m] * (a[j] @ W_k)[m] for m in range(len(q))) for j "
                "in range(len(a))]\n"
                "    weights = softmax(np.array(scores))\n"
                "    b = np.zeros(W_v.shape[1])\n"
                "    for j in range(len(a)):\n        b = b + weights[j] * (a[j] @ W_v)\n"
                "    return b"
            ),
        },
    ),
    Case(
        "einsum_float32",
        {
            "dot_product_score": (
                "def dot_product_score(q, k):\n    return np.einsum('i,i->', q, k)"
            ),
            "attention_scores": SCORES
            + (
                "    a = a.astype(np.float32)\n"
                "    return np.einsum('id,jd->ij', a @ W_q.astype(np.float32), a "
                "@ W_k.astype(np.float32))"
            ),
            "self_attention": SELF_ATT
            + (
                "    if normalize == 'softmax':\n        f = lambda s: softmax(s, axis=1)\n"
                "    elif normalize == 'relu':\n        f = lambda s: np.clip(s, 0, None)\n"
                "    else:\n        raise ValueError('unknown normalize: ' + str(normalize))\n"
                "    w = f(np.einsum('id,jd->ij', a @ W_q, a @ W_k)).astype(np.float32)\n"
                "    return np.einsum('ij,jd->id', w, (a @ W_v).astype(np.float32)), w"
            ),
        },
    ),
    Case(
        "masked_fill_minus_1e9_prints_and_warns",
        {
            "softmax": SOFTMAX
            + (
                "    import warnings, sys\n"
                "    warnings.warn('softmax is deprecated in my notebook', DeprecationWarning)\n"
                "    print('computing softmax', file=sys.stderr)\n"
                "    print('x has shape', np.shape(x))\n"
                "    e = np.exp(x - np.max(x, axis=axis, keepdims=True))\n"
                "    return e / e.sum(axis=axis, keepdims=True)"
            ),
            "SelfAttention": MODULE_HEAD
            + (
                "        if mask is not None:\n"
                "            scores = scores.masked_fill(mask.unsqueeze(1) == 0, -1e9)\n"
                "        weights = scores.softmax(-1)\n"
                "        import warnings\n        warnings.warn('a UserWarning from forward')\n"
                "        return torch.bmm(weights, v) if v.dim() == 3 else weights @ v, weights"
            ),
        },
    ),
    Case(
        "torch_tensors_inside_numpy",
        {
            "softmax": SOFTMAX
            + (
                "    t = torch.as_tensor(np.asarray(x, dtype=np.float64))\n"
                "    return torch.softmax(t, dim=axis).numpy()"
            ),
            "SelfAttention": MODULE_HEAD
            + (
                "        if mask is not None:\n"
                "            neg = torch.tensor(float('-inf'), "
                "device=x.device, dtype=scores.dtype)\n"
                "            scores = torch.where(mask[:, None, :], scores, neg)\n"
                "        weights = torch.softmax(scores, dim=-1)\n"
                "        return weights @ v, weights"
            ),
        },
    ),
    # Writes to stderr after every cell, graded cells included, outside the checks' own redirection:
    # plain nbgrader would fail every test cell; nbgrader_config.py's IgnorePattern keeps
    # the points.
    Case(
        "stderr_after_every_cell",
        {
            "dot_product_score": (
                "import sys\n"
                "get_ipython().events.register('post_run_cell', lambda *a: print('cell "
                "done', file=sys.stderr))\n\n"
                "def dot_product_score(q, k):\n    return float(np.dot(q, k))"
            )
        },
    ),
]

# --------------------------------------------------------------------------------------------------
# Real-world mistakes and alternatives: the patterns of public implementations of attention (course
# solutions, textbooks, tutorials, libraries) and of bugs reported in public issue trackers, each
# rewritten in this course's API (no third-party code). The comment on each names the public pattern
# it reproduces. The quick check tests run every one of them, locally and through the grading wire
# (tests/checks/harness.py); they are kept out of WRONG/RIGHT so that the nbgrader corpus run
# (tests/integration/test_corpora_graded.py) stays within CI's time.
# --------------------------------------------------------------------------------------------------

MODULE_INIT = MODULE_HEAD.split("    def forward")[0]
MASKED = "        if mask is not None:\n"
RELU_OR_SOFTMAX = (
    "    if normalize not in ('softmax', 'relu'):\n        raise ValueError(normalize)\n"
    "    w = softmax(s) if normalize == 'softmax' else np.maximum(s, 0)\n"
)

REAL_WRONG = [
    # LLMs-from-scratch's chapter 3 divides the scores by keys.shape[-1] ** 0.5; this part asks for
    # plain scores.
    Case(
        "real_output_scaled_sqrt_dk",
        {
            "attention_output": OUTPUT
            + (
                "    q = a[i] @ W_q\n    keys, values = a @ W_k, a @ W_v\n"
                "    scores = q @ keys.T / keys.shape[-1] ** 0.5\n"
                "    return softmax(scores) @ values"
            )
        },
        "test_attention_output",
        "must not be scaled",
    ),
    Case(
        "real_self_attention_scaled_sqrt_dk",
        {
            "self_attention": SELF_ATT
            + (
                "    q, k, v = a @ W_q, a @ W_k, a @ W_v\n"
                "    s = q @ k.T / np.sqrt(k.shape[-1])\n" + RELU_OR_SOFTMAX + "    return w @ v, w"
            )
        },
        "test_self_attention",
        "must not be scaled",
        ("test_self_attention_relu",),
        {"test_self_attention_relu": "must not be scaled"},
    ),
    # A padding mask broadcast over the queries, with a finite fill (the -10000 of a popular
    # from-scratch Transformer, reported in its tracker as "fix(model): attention pad mask"): padded
    # rows come out uniform.
    Case(
        "real_mask_on_queries_finite_fill",
        {
            "SelfAttention": MODULE_HEAD
            + MASKED
            + (
                "            scores = scores.masked_fill(mask.unsqueeze(2) == 0, -1e4)\n"
                "        weights = torch.softmax(scores, dim=-1)\n"
                "        return weights @ v, weights"
            )
        },
        "test_SelfAttention_mask",
        "applied to the queries",
    ),
    # PyTorch's key_padding_mask means True = ignore; a learner who fills where the course's mask is
    # True (a "key_padding_mask bug?" issue of a from-scratch translation model).
    Case(
        "real_mask_inverted",
        {
            "SelfAttention": MODULE_HEAD
            + MASKED
            + (
                "            scores = scores.masked_fill(mask[:, None, :], float('-inf'))\n"
                "        weights = torch.softmax(scores, dim=-1).nan_to_num(0.0)\n"
                "        return weights @ v, weights"
            )
        },
        "test_SelfAttention_mask",
        "wrong way round",
    ),
    # Multiplying the scores by the mask, as some tutorials do for additive masks, leaves exp(0) = 1
    # on padding.
    Case(
        "real_mask_multiplies_scores",
        {
            "SelfAttention": MODULE_HEAD
            + MASKED
            + (
                "            scores = scores * mask[:, None, :]\n"
                "        weights = torch.softmax(scores, dim=-1)\n"
                "        return weights @ v, weights"
            )
        },
        "test_SelfAttention_mask",
        "multiplying the scores by the mask",
    ),
    # AllenNLP-style masked softmax without its renormalisation step: padded weights zeroed after
    # the softmax.
    Case(
        "real_mask_zeroed_after_softmax",
        {
            "SelfAttention": MODULE_HEAD
            + (
                "        weights = torch.softmax(scores, dim=-1)\n"
                "        if mask is not None:\n            weights = weights * mask[:, None, :]\n"
                "        return weights @ v, weights"
            )
        },
        "test_SelfAttention_mask",
        "no longer sums to 1",
    ),
    # F.softmax without dim= (the "Implicit dimension choice for softmax" warning, and "question
    # about softmax" in a well-known Transformer repository): for a 3-D tensor it runs over dim 0,
    # the batch.
    Case(
        "real_softmax_without_dim",
        {
            "SelfAttention": MODULE_HEAD
            + MASKED
            + (
                "            scores = scores.masked_fill(~mask[:, None, :], float('-inf'))\n"
                "        weights = nn.functional.softmax(scores)\n"
                "        return weights @ v, weights"
            )
        },
        "test_SelfAttention",
        "F.softmax(scores) without dim=",
        ("test_SelfAttention_mask",),
        {"test_SelfAttention_mask": "F.softmax(scores) without dim="},
    ),
    # k.T on a batch (the deprecation PyTorch warns of for x.T on more than 2 dimensions).
    Case(
        "real_k_T_on_a_batch",
        {
            "SelfAttention": MODULE_INIT
            + (
                "    def forward(self, x, mask=None):\n"
                "        q, k, v = self.W_q(x), self.W_k(x), self.W_v(x)\n"
                "        scores = q @ k.T\n"
                + MASKED
                + "            scores = scores.masked_fill(~mask[:, None, :], float('-inf'))\n"
                "        weights = torch.softmax(scores, dim=-1)\n"
                "        return weights @ v, weights"
            )
        },
        "test_SelfAttention",
        "transpose the last two only",
        ("test_SelfAttention_mask", "test_SelfAttention_device"),
        {
            "test_SelfAttention_mask": "transpose the last two only",
            "test_SelfAttention_device": "on the CPU as well as on the meta device",
        },
    ),
    # The scaled layer of every Transformer tutorial, where the lecture's layer is unscaled: costs
    # both parts.
    Case(
        "real_module_scaled",
        {
            "SelfAttention": MODULE_INIT
            + (
                "    def forward(self, x, mask=None):\n"
                "        q, k, v = self.W_q(x), self.W_k(x), self.W_v(x)\n"
                "        scores = q @ k.transpose(-2, -1) / k.shape[-1] ** 0.5\n"
                + MASKED
                + "            scores = scores.masked_fill(~mask[:, None, :], float('-inf'))\n"
                "        weights = torch.softmax(scores, dim=-1)\n"
                "        return weights @ v, weights"
            )
        },
        "test_SelfAttention",
        "scaled by 1/sqrt(d_k)",
        ("test_SelfAttention_mask",),
        {"test_SelfAttention_mask": "scaled by 1/sqrt(d_k)"},
    ),
    # CS231n-style "shift by the max" applied to the whole array instead of each row.
    Case(
        "real_softmax_global_max",
        {
            "softmax": SOFTMAX
            + (
                "    x = x - np.max(x)\n    e = np.exp(x)\n    return e / np.sum(e, "
                "axis=axis, keepdims=True)"
            )
        },
        "test_softmax_stable",
        "maximum of the whole array",
    ),
    # np.sum(..., axis=axis) without keepdims, the most common NumPy softmax bug in course forums.
    Case(
        "real_softmax_no_keepdims",
        {
            "softmax": SOFTMAX
            + (
                "    e = np.exp(x - np.max(x, axis=axis, keepdims=True))\n    return e / "
                "np.sum(e, axis=axis)"
            )
        },
        "test_softmax",
        "keepdims=True",
        ("test_softmax_stable",),
    ),
    # A loop over pairs that calls the learner's own (wrong) dot_product_score, as course notebooks
    # build the matrix from the earlier part: only dot_product_score loses its point.
    Case(
        "real_scores_from_own_wrong_score",
        {
            "dot_product_score": (
                "def dot_product_score(q, k):\n    return float(np.sum(q * k[::-1]))"
            ),
            "attention_scores": SCORES
            + (
                "    q, k = a @ W_q, a @ W_k\n"
                "    return np.array([[dot_product_score(qi, kj) for kj in k] for qi in q])"
            ),
        },
        "test_dot_product_score",
        "dot",
    ),
    # q.T @ k instead of q @ k.T (a "transpose" fix in many from-scratch repositories).
    Case(
        "real_scores_qT_k",
        {"attention_scores": SCORES + "    return (a @ W_q).T @ (a @ W_k)"},
        "test_attention_scores",
        "q @ k.T",
    ),
    # Returning the attention weights instead of their weighted sum (the weights are what
    # tutorials plot).
    Case(
        "real_output_returns_weights",
        {
            "attention_output": OUTPUT
            + ("    scores = (a[i] @ W_q) @ (a @ W_k).T\n    return softmax(scores)")
        },
        "test_attention_output",
        "weighted sum of the values",
    ),
    # Vectorised code that returns all of B where the part asks for one b^i.
    Case(
        "real_output_all_rows",
        {
            "attention_output": OUTPUT
            + (
                "    weights = softmax((a @ W_q) @ (a @ W_k).T, axis=-1)\n    return weights @ (a "
                "@ W_v)"
            )
        },
        "test_attention_output",
        "returns b^i only",
    ),
    # (weights, b) in the order some libraries return them (attention maps first).
    Case(
        "real_self_attention_pair_swapped",
        {
            "self_attention": SELF_ATT
            + (
                "    s = (a @ W_q) @ (a @ W_k).T\n"
                + RELU_OR_SOFTMAX
                + "    return w, w @ (a @ W_v)"
            )
        },
        "test_self_attention",
        "wrong order",
        ("test_self_attention_relu",),
    ),
    # weights.T @ v: the column-vector formula of the lecture transposed once too often.
    Case(
        "real_self_attention_weights_T",
        {
            "self_attention": SELF_ATT
            + (
                "    s = (a @ W_q) @ (a @ W_k).T\n"
                + RELU_OR_SOFTMAX
                + "    return w.T @ (a @ W_v), w"
            )
        },
        "test_self_attention",
        "weights.T @ v",
        ("test_self_attention_relu",),
    ),
    # q * k without the sum (elementwise product, a frequent first attempt in course forums).
    Case(
        "real_dot_without_sum",
        {"dot_product_score": ("def dot_product_score(q, k):\n    return q * k")},
        "test_dot_product_score",
        "elementwise product",
    ),
    # tanh around the final projection instead of the hidden layer (Bahdanau attention written as
    # one line).
    Case(
        "real_additive_tanh_outside",
        {
            "additive_score": (
                "def additive_score(q, k, W, w):\n    return float(np.tanh(w @ (W @ "
                "np.concatenate([q, k]))))"
            )
        },
        "test_additive_score",
        "tanh must come between W and w",
    ),
    # The issue-26 example: a default mask built on the CPU when mask=None (torch.ones without
    # device=, as the is_causal mask of mlverse/torch#1473 was); the values part, on the CPU, cannot
    # see it: the device part does.
    Case(
        "real_default_mask_on_cpu",
        {
            "SelfAttention": MODULE_INIT
            + (
                "    def forward(self, x, mask=None):\n"
                "        if mask is None:\n            mask = "
                "torch.ones(x.shape[:2], dtype=torch.bool)\n"
                "        q, k, v = self.W_q(x), self.W_k(x), self.W_v(x)\n"
                "        scores = (q @ k.transpose(-2, -1)).masked_fill(~mask[:, None, "
                ":], float('-inf'))\n"
                "        weights = torch.softmax(scores, dim=-1)\n"
                "        return weights @ v, weights"
            )
        },
        "test_SelfAttention_device",
        "without a mask (mask=None) creates a tensor on the CPU",
    ),
]

REAL_RIGHT = [
    # d2l's softmax: exponentiate, then divide by the partition function (kept along the axis).
    Case(
        "real_d2l_softmax_and_matmul",
        {
            "softmax": SOFTMAX
            + (
                "    X_exp = np.exp(x - x.max(axis=axis, keepdims=True))\n"
                "    partition = X_exp.sum(axis=axis, keepdims=True)\n    return X_exp / partition"
            ),
            "self_attention": SELF_ATT
            + (
                "    Q, K, V = np.matmul(a, W_q), np.matmul(a, W_k), np.matmul(a, W_v)\n"
                "    s = np.matmul(Q, K.swapaxes(-1, -2))\n"
                "    if normalize == 'softmax':\n        w = softmax(s, axis=-1)\n"
                "    elif normalize == 'relu':\n        w = s * (s > 0)\n"
                "    else:\n        raise ValueError(f'unknown normalize {normalize}')\n"
                "    return np.matmul(w, V), w"
            ),
        },
    ),
    # CS231n-style softmax: shift each row in place, then normalise in place.
    Case(
        "real_cs231n_softmax",
        {
            "softmax": SOFTMAX
            + (
                "    shifted = np.array(x, dtype=float)\n"
                "    shifted -= np.max(shifted, axis=axis, keepdims=True)\n"
                "    probs = np.exp(shifted)\n    probs /= np.sum(probs, axis=axis, "
                "keepdims=True)\n    return probs"
            )
        },
    ),
    # SciPy's softmax, as the scientific-Python answers recommend.
    Case(
        "real_scipy_softmax",
        {
            "softmax": SOFTMAX
            + (
                "    from scipy.special import softmax as sp_softmax\n    return "
                "sp_softmax(x, axis=axis)"
            )
        },
    ),
    # nanoGPT-style module: masked_fill(mask == 0, -inf) on the key axis, F.softmax(dim=-1).
    Case(
        "real_nanogpt_style_module",
        {
            "SelfAttention": MODULE_INIT
            + (
                "    def forward(self, x, mask=None):\n"
                "        import torch.nn.functional as F\n"
                "        q, k, v = self.W_q(x), self.W_k(x), self.W_v(x)\n"
                "        att = q @ k.transpose(-2, -1)\n"
                "        if mask is not None:\n"
                "            att = att.masked_fill(mask[:, None, :] == 0, float('-inf'))\n"
                "        att = F.softmax(att, dim=-1)\n"
                "        return att @ v, att"
            )
        },
    ),
    # The Annotated Transformer's pattern: torch.matmul, mask.unsqueeze(-2) == 0 filled with -1e9.
    Case(
        "real_annotated_transformer_style",
        {
            "SelfAttention": MODULE_INIT
            + (
                "    def forward(self, x, mask=None):\n"
                "        query, key, value = self.W_q(x), self.W_k(x), self.W_v(x)\n"
                "        scores = torch.matmul(query, key.transpose(-2, -1))\n"
                "        if mask is not None:\n"
                "            scores = scores.masked_fill(mask.unsqueeze(-2) == 0, -1e9)\n"
                "        p_attn = scores.softmax(dim=-1)\n"
                "        return torch.matmul(p_attn, value), p_attn"
            )
        },
    ),
    # UvA's tutorial: a fill of -9e15 and a mask prepared for broadcasting first.
    Case(
        "real_uva_style",
        {
            "SelfAttention": MODULE_INIT
            + (
                "    def forward(self, x, mask=None):\n"
                "        q, k, v = self.W_q(x), self.W_k(x), self.W_v(x)\n"
                "        attn_logits = torch.matmul(q, k.transpose(-2, -1))\n"
                "        if mask is not None:\n"
                "            attn_logits = attn_logits.masked_fill(mask.unsqueeze(1) == 0, -9e15)\n"
                "        attention = torch.softmax(attn_logits, dim=-1)\n"
                "        return torch.matmul(attention, v), attention"
            )
        },
    ),
    # AllenNLP's masked_softmax: mask the scores, softmax, zero the padding again and
    # renormalise (+1e-13).
    Case(
        "real_allennlp_masked_softmax",
        {
            "SelfAttention": MODULE_INIT
            + (
                "    def forward(self, x, mask=None):\n"
                "        q, k, v = self.W_q(x), self.W_k(x), self.W_v(x)\n"
                "        scores = torch.bmm(q, k.transpose(1, 2))\n"
                "        if mask is None:\n            weights = torch.softmax(scores, dim=-1)\n"
                "        else:\n"
                "            m = mask.unsqueeze(1).to(scores.dtype)\n"
                "            weights = torch.softmax(scores * m, dim=-1) * m\n"
                "            weights = weights / (weights.sum(dim=-1, keepdim=True) + 1e-13)\n"
                "        return torch.bmm(weights, v), weights"
            )
        },
    ),
    # Einsum everywhere, and the most negative float of the dtype as the fill
    # (lucidrains' libraries).
    Case(
        "real_einsum_finfo_min",
        {
            "attention_scores": SCORES + "    return np.einsum('nd,md->nm', a @ W_q, a @ W_k)",
            "SelfAttention": MODULE_INIT
            + (
                "    def forward(self, x, mask=None):\n"
                "        q, k, v = self.W_q(x), self.W_k(x), self.W_v(x)\n"
                "        sim = torch.einsum('bid,bjd->bij', q, k)\n"
                "        if mask is not None:\n"
                "            sim = sim.masked_fill(~mask[:, None, "
                ":], -torch.finfo(sim.dtype).max)\n"
                "        attn = sim.softmax(dim=-1)\n"
                "        return torch.einsum('bij,bjd->bid', attn, v), attn"
            ),
        },
    ),
    # np.average with the attention weights, and Bahdanau's split form W_q q + W_k k (d2l's
    # additive attention).
    Case(
        "real_np_average_and_split_additive",
        {
            "attention_output": OUTPUT
            + (
                "    q = a[i] @ W_q\n    alpha = np.array([dot_product_score(q, k) for k in a @ "
                "W_k])\n"
                "    return np.average(a @ W_v, axis=0, weights=softmax(alpha))"
            ),
            "additive_score": (
                "def additive_score(q, k, W, w):\n"
                "    d = len(q)\n    return float(w @ np.tanh(W[:, :d] @ q + W[:, d:] @ k))"
            ),
            "dot_product_score": (
                "def dot_product_score(q, k):\n    return sum(x * y for x, y in zip(q, k))"
            ),
        },
    ),
]
