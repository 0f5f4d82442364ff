"""Realistic submissions for assignment 04_self_attention, each with the grade it must get.

WRONG: one mistake each (answers replace the named solution cells); it must lose the points of ``part``
and only those, and the learner must read ``message`` in that part's failure.
RIGHT: correct but written differently; full marks.
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
    Case("softmax_wrong_axis", {"softmax": SOFTMAX + (
        "    e = np.exp(x - np.max(x, axis=0, keepdims=True))\n"
        "    return e / np.sum(e, axis=0, keepdims=True)")},
        "test_softmax", "ran over axis 0 instead of axis -1", ("test_softmax_stable",)),
    Case("softmax_overflow", {"softmax": SOFTMAX + (
        "    e = np.exp(x)\n    return e / np.sum(e, axis=axis, keepdims=True)")},
        "test_softmax_stable", "Subtract the maximum"),
    Case("softmax_unnormalised", {"softmax": SOFTMAX + "    return np.exp(x - np.max(x, axis=axis, keepdims=True))"},
         "test_softmax", "not normalised", ("test_softmax_stable",)),
    Case("softmax_global_sum", {"softmax": SOFTMAX + (
        "    e = np.exp(x - np.max(x))\n    return e / e.sum()")},
        "test_softmax", "sum over the whole array", ("test_softmax_stable",)),
    Case("dot_is_sum", {"dot_product_score": "def dot_product_score(q, k):\n    return float(np.sum(q + k))"},
         "test_dot_product_score", "sum of q and k"),
    Case("additive_order", {"additive_score": (
        "def additive_score(q, k, W, w):\n    return float(w @ np.tanh(W @ np.concatenate([k, q])))")},
        "test_additive_score", "concat(q, k)"),
    Case("additive_no_tanh", {"additive_score": (
        "def additive_score(q, k, W, w):\n    return float(w @ (W @ np.concatenate([q, k])))")},
        "test_additive_score", "tanh is missing"),
    Case("scores_transposed", {"attention_scores": SCORES + "    return (a @ W_k) @ (a @ W_q).T"},
         "test_attention_scores", "transposed"),
    Case("scores_scaled", {"attention_scores": SCORES + (
        "    return (a @ W_q) @ (a @ W_k).T / np.sqrt(W_k.shape[1])")},
        "test_attention_scores", "must not be scaled"),
    Case("scores_same_projection", {"attention_scores": SCORES + "    return (a @ W_q) @ (a @ W_q).T"},
         "test_attention_scores", "W_q for the keys"),
    Case("output_keys_as_values", {"attention_output": OUTPUT + (
        "    alpha = np.array([(a[i] @ W_q) @ (a[j] @ W_k) for j in range(len(a))])\n"
        "    return softmax(alpha) @ (a @ W_k)")},
        "test_attention_output", "weight v = a @ W_v, not the keys"),
    Case("output_no_W_v", {"attention_output": OUTPUT + (
        "    alpha = np.array([(a[i] @ W_q) @ (a[j] @ W_k) for j in range(len(a))])\n"
        "    return softmax(alpha) @ a")},
        "test_attention_output", "not the raw inputs a"),
    Case("output_unnormalised", {"attention_output": OUTPUT + (
        "    alpha = np.array([(a[i] @ W_q) @ (a[j] @ W_k) for j in range(len(a))])\n"
        "    return alpha @ (a @ W_v)")},
        "test_attention_output", "apply softmax to the scores"),
    Case("output_skips_self", {"attention_output": OUTPUT + (
        "    js = [j for j in range(len(a)) if j != i]\n"
        "    alpha = np.array([(a[i] @ W_q) @ (a[j] @ W_k) for j in js])\n"
        "    return softmax(alpha) @ (a[js] @ W_v)")},
        "test_attention_output", "including i's"),
    Case("self_attention_axis0", {"self_attention": SELF_ATT + (
        "    s = (a @ W_q) @ (a @ W_k).T\n"
        "    if normalize not in ('softmax', 'relu'):\n        raise ValueError(normalize)\n"
        "    w = softmax(s, axis=0) if normalize == 'softmax' else np.maximum(s, 0)\n"
        "    return w @ (a @ W_v), w")},
        "test_self_attention", "softmax ran over the queries (axis 0)"),
    Case("self_attention_transposed", {"self_attention": SELF_ATT + (
        "    s = (a @ W_k) @ (a @ W_q).T\n"
        "    if normalize not in ('softmax', 'relu'):\n        raise ValueError(normalize)\n"
        "    w = softmax(s) if normalize == 'softmax' else np.maximum(s, 0)\n"
        "    return w @ (a @ W_v), w")},
        "test_self_attention", "transposed", ("test_self_attention_relu",)),
    Case("self_attention_keys_as_values", {"self_attention": SELF_ATT + (
        "    s = (a @ W_q) @ (a @ W_k).T\n"
        "    if normalize not in ('softmax', 'relu'):\n        raise ValueError(normalize)\n"
        "    w = softmax(s) if normalize == 'softmax' else np.maximum(s, 0)\n"
        "    return w @ (a @ W_k), w")},
        "test_self_attention", "not the keys", ("test_self_attention_relu",)),
    Case("relu_renormalised_no_error", {"self_attention": SELF_ATT + (
        "    s = (a @ W_q) @ (a @ W_k).T\n"
        "    if normalize == 'softmax':\n        w = softmax(s)\n"
        "    else:\n        w = np.maximum(s, 0)\n        w = w / w.sum(-1, keepdims=True)\n"
        "    return w @ (a @ W_v), w")},
        "test_self_attention_relu", "must not be renormalised"),
    Case("module_mask_on_queries", {"SelfAttention": MODULE_HEAD + (
        "        if mask is not None:\n"
        "            scores = scores.masked_fill(~mask[:, :, None], float('-inf'))\n"
        "        weights = torch.softmax(scores, dim=-1).nan_to_num(0.0)\n"
        "        return weights @ v, weights")},
        "test_SelfAttention_mask", "applied to the queries"),
    Case("module_mask_ignored", {"SelfAttention": MODULE_HEAD + (
        "        weights = torch.softmax(scores, dim=-1)\n"
        "        return weights @ v, weights")},
        "test_SelfAttention_mask", "padded positions receive attention weight"),
    Case("module_softmax_over_queries", {"SelfAttention": MODULE_HEAD + (
        "        if mask is not None:\n"
        "            scores = scores.masked_fill(~mask[:, None, :], float('-inf'))\n"
        "        weights = torch.softmax(scores, dim=-2)\n"
        "        return weights @ v, weights")},
        "test_SelfAttention", "dim=-1", ("test_SelfAttention_mask", "test_tagger")),
    Case("module_cpu_tensor", {"SelfAttention": MODULE_HEAD + (
        "        if mask is not None:\n"
        "            big = torch.full(scores.shape, -1e9)\n"
        "            scores = torch.where(mask[:, None, :], scores, big)\n"
        "        weights = torch.softmax(scores, dim=-1)\n"
        "        return weights @ v, weights")},
        "test_SelfAttention_device", "creates a tensor on the CPU"),
    Case("module_with_bias", {"SelfAttention": MODULE_HEAD.replace("bias=False", "bias=True") + (
        "        if mask is not None:\n"
        "            scores = scores.masked_fill(~mask[:, None, :], float('-inf'))\n"
        "        weights = torch.softmax(scores, dim=-1)\n"
        "        return weights @ v, weights")},
        "test_SelfAttention", "must have no bias", ("test_SelfAttention_mask", "test_SelfAttention_device")),
    Case("tagger_untrained", {"train_tagger": (
        "train_data, test_data = train_test_long_range(seed=0)\n"
        "tagger = SelfAttentionTagger(train_data.vocab_size, train_data.n_classes)\n"
        "test_accuracy = tagging_accuracy(tagger, test_data)")},
        "test_tagger", "needs at least 95%"),
    Case("tagger_no_residual", {"SelfAttentionTagger": (
        "class SelfAttentionTagger(nn.Module):\n"
        "    def __init__(self, vocab_size, n_classes, d_model=32):\n"
        "        super().__init__()\n"
        "        self.embed = nn.Embedding(vocab_size, d_model)\n"
        "        self.attention = SelfAttention(d_model, d_model, d_model)\n"
        "        self.head = nn.Linear(d_model, n_classes)\n\n"
        "    def forward(self, tokens, mask):\n"
        "        return self.head(self.attention(self.embed(tokens), mask)[0])")},
        "test_tagger", "residual connection"),
]

RIGHT = [
    Case("loops", {
        "softmax": SOFTMAX + (
            "    x = np.moveaxis(np.array(x, dtype=float), axis, -1)\n"
            "    out = np.empty_like(x)\n"
            "    for idx in np.ndindex(x.shape[:-1]):\n"
            "        row = x[idx] - max(x[idx])\n"
            "        out[idx] = np.exp(row) / sum(np.exp(row))\n"
            "    return np.moveaxis(out, -1, axis)"),
        "attention_scores": SCORES + (
            "    n = len(a)\n    out = np.zeros((n, n))\n"
            "    for i in range(n):\n        for j in range(n):\n"
            "            out[i, j] = dot_product_score(a[i] @ W_q, a[j] @ W_k)\n"
            "    return out"),
        "attention_output": OUTPUT + (
            "    q = a[i] @ W_q\n"
            "    scores = [sum(q[m] * (a[j] @ W_k)[m] for m in range(len(q))) for j in range(len(a))]\n"
            "    weights = softmax(np.array(scores))\n"
            "    b = np.zeros(W_v.shape[1])\n"
            "    for j in range(len(a)):\n        b = b + weights[j] * (a[j] @ W_v)\n"
            "    return b"),
    }),
    Case("einsum_float32", {
        "dot_product_score": "def dot_product_score(q, k):\n    return np.einsum('i,i->', q, k)",
        "attention_scores": SCORES + (
            "    a = a.astype(np.float32)\n"
            "    return np.einsum('id,jd->ij', a @ W_q.astype(np.float32), a @ W_k.astype(np.float32))"),
        "self_attention": SELF_ATT + (
            "    if normalize == 'softmax':\n        f = lambda s: softmax(s, axis=1)\n"
            "    elif normalize == 'relu':\n        f = lambda s: np.clip(s, 0, None)\n"
            "    else:\n        raise ValueError('unknown normalize: ' + str(normalize))\n"
            "    w = f(np.einsum('id,jd->ij', a @ W_q, a @ W_k)).astype(np.float32)\n"
            "    return np.einsum('ij,jd->id', w, (a @ W_v).astype(np.float32)), w"),
    }),
    Case("masked_fill_minus_1e9_prints_and_warns", {
        "softmax": SOFTMAX + (
            "    import warnings, sys\n"
            "    warnings.warn('softmax is deprecated in my notebook', DeprecationWarning)\n"
            "    print('computing softmax', file=sys.stderr)\n"
            "    print('x has shape', np.shape(x))\n"
            "    e = np.exp(x - np.max(x, axis=axis, keepdims=True))\n"
            "    return e / e.sum(axis=axis, keepdims=True)"),
        "SelfAttention": MODULE_HEAD + (
            "        if mask is not None:\n"
            "            scores = scores.masked_fill(mask.unsqueeze(1) == 0, -1e9)\n"
            "        weights = scores.softmax(-1)\n"
            "        import warnings\n        warnings.warn('a UserWarning from forward')\n"
            "        return torch.bmm(weights, v) if v.dim() == 3 else weights @ v, weights"),
    }),
    Case("torch_tensors_inside_numpy", {
        "softmax": SOFTMAX + (
            "    t = torch.as_tensor(np.asarray(x, dtype=np.float64))\n"
            "    return torch.softmax(t, dim=axis).numpy()"),
        "SelfAttention": MODULE_HEAD + (
            "        if mask is not None:\n"
            "            neg = torch.tensor(float('-inf'), device=x.device, dtype=scores.dtype)\n"
            "            scores = torch.where(mask[:, None, :], scores, neg)\n"
            "        weights = torch.softmax(scores, dim=-1)\n"
            "        return weights @ v, weights"),
    }),
    # Writes to stderr after every cell, graded cells included, outside the checks' own redirection:
    # plain nbgrader would fail every test cell; nbgrader_config.py's IgnorePattern keeps the points.
    Case("stderr_after_every_cell", {"dot_product_score": (
        "import sys\n"
        "get_ipython().events.register('post_run_cell', lambda *a: print('cell done', file=sys.stderr))\n\n"
        "def dot_product_score(q, k):\n    return float(np.dot(q, k))")}),
]
