"""Mutants of the self_attention solutions (see tests/mutants/__init__.py): one per
contract clause."""

from . import Mutant

ADDITIVE = "    return float(w @ np.tanh(W @ np.concatenate([q, k])))"
EXP = "    e = np.exp(x - np.max(x, axis=axis, keepdims=True))\n"
SUM = "    return e / np.sum(e, axis=axis, keepdims=True)"
SCORES = "    return (a @ W_q) @ (a @ W_k).T"
Q_I = "    q_i = a[i] @ W_q\n"
ALPHA = (
    "    alpha = np.array([dot_product_score(q_i, a[j] @ W_k)\n"
    "                      for j in range(len(a))])\n"
)
B_I = "    return softmax(alpha) @ (a @ W_v)"
RETURN = "    return weights @ (a @ W_v), weights"
W_Q = "        self.W_q = nn.Linear(d_in, d_k, bias=False)\n"
QK = "        scores = q @ k.transpose(-2, -1)\n"
MASKED = '            scores = scores.masked_fill(~mask[:, None, :], float("-inf"))\n'
SOFTMAX = "        weights = torch.softmax(scores, dim=-1)\n"
NO_MASK = """
class _WithoutMask(nn.Module):
    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, tokens):
        return self.inner(tokens, tokens != 0)


tagger = _WithoutMask(tagger)
"""

MUTANTS = [
    Mutant(
        "test_dot_product_score",
        "sum of products",
        "the elementwise product",
        (("    return float(np.dot(q, k))", "    return q * k"),),
    ),
    Mutant(
        "test_dot_product_score",
        "a float",
        "return a Python float",
        (("    return float(np.dot(q, k))", "    return np.array([np.dot(q, k)])"),),
    ),
    Mutant(
        "test_additive_score",
        "concat(q, k)",
        "you concatenated k before q",
        ((ADDITIVE, "    return float(w @ np.tanh(W @ np.concatenate([k, q])))"),),
    ),
    Mutant(
        "test_additive_score",
        "tanh between W and w",
        "the tanh must come after W",
        ((ADDITIVE, "    return float(w @ (W @ np.tanh(np.concatenate([q, k]))))"),),
    ),
    Mutant(
        "test_additive_score",
        "W of shape (h, 2d)",
        "The inner sizes of a matrix product must agree",
        ((ADDITIVE, "    return float(w @ np.tanh(W.T @ np.concatenate([q, k])))"),),
    ),
    Mutant(
        "test_softmax",
        "any axis",
        "the softmax ran over axis",
        (
            (EXP, "    e = np.exp(x - np.max(x, axis=-1, keepdims=True))\n"),
            (SUM, "    return e / np.sum(e, axis=-1, keepdims=True)"),
        ),
        also_lost=("test_softmax_stable",),
    ),
    Mutant(
        "test_softmax",
        "normalised",
        "the result is not normalised",
        ((SUM, "    return e"),),
        also_lost=("test_softmax_stable",),
    ),
    Mutant(
        "test_softmax",
        "keepdims",
        "the sum lost its axis",
        ((SUM, "    return e / np.sum(e, axis=axis)"),),
        also_lost=("test_softmax_stable",),
    ),
    Mutant(
        "test_softmax",
        "default axis",
        "the default must be axis=-1",
        (("def softmax(x, axis=-1):", "def softmax(x, axis=0):"),),
    ),
    Mutant("test_softmax_stable", "stable", "exp(1000) overflows", ((EXP, "    e = np.exp(x)\n"),)),
    Mutant(
        "test_softmax_stable",
        "each slice's maximum",
        "the maximum of the whole array",
        ((EXP, "    e = np.exp(x - np.max(x))\n"),),
    ),
    Mutant(
        "test_attention_scores",
        "row i is query i",
        "the matrix is transposed",
        ((SCORES, "    return (a @ W_k) @ (a @ W_q).T"),),
    ),
    Mutant(
        "test_attention_scores",
        "projections",
        "you used W_q for the keys too",
        ((SCORES, "    return (a @ W_q) @ (a @ W_q).T"),),
    ),
    Mutant(
        "test_attention_scores",
        "no scaling",
        "the scores must not be scaled",
        ((SCORES, "    return (a @ W_q) @ (a @ W_k).T / np.sqrt(W_k.shape[1])"),),
    ),
    Mutant(
        "test_attention_scores",
        "no softmax",
        "these are already softmax weights",
        ((SCORES, "    return softmax((a @ W_q) @ (a @ W_k).T, axis=-1)"),),
    ),
    Mutant(
        "test_attention_output",
        "softmax over the keys",
        "apply softmax to the scores",
        ((B_I, "    return alpha @ (a @ W_v)"),),
    ),
    Mutant(
        "test_attention_output",
        "the values",
        "not the keys",
        ((B_I, "    return softmax(alpha) @ (a @ W_k)"),),
    ),
    Mutant(
        "test_attention_output",
        "itself included",
        "you left out the vector's score with itself",
        (
            (
                ALPHA + B_I,
                "    others = [j for j in range(len(a)) if j != i]\n"
                "    alpha = np.array([dot_product_score(q_i, a[j] @ W_k) for j in others])\n"
                "    return softmax(alpha) @ (a[others] @ W_v)",
            ),
        ),
    ),
    Mutant(
        "test_attention_output",
        "one vector",
        "returned b for every query",
        ((B_I, "    return softmax((a @ W_q) @ (a @ W_k).T, axis=-1) @ (a @ W_v)"),),
    ),
    Mutant(
        "test_attention_output",
        "any position",
        "uses the query of a[i]",
        ((Q_I, "    q_i = a[0] @ W_q\n"),),
    ),
    Mutant(
        "test_self_attention",
        "(b, weights)",
        "the pair is in the wrong order",
        ((RETURN, "    return weights, weights @ (a @ W_v)"),),
        also_lost=("test_self_attention_relu",),
    ),
    Mutant(
        "test_self_attention",
        "softmax rows",
        "the softmax ran over the queries",
        (
            (
                "        weights = softmax(scores, axis=-1)\n",
                "        weights = softmax(scores, axis=0)\n",
            ),
        ),
    ),
    Mutant(
        "test_self_attention",
        "default softmax",
        'normalize defaults to "softmax"',
        (('normalize="softmax"', 'normalize="relu"'),),
    ),
    Mutant(
        "test_self_attention",
        "b from the weights",
        "not the keys",
        ((RETURN, "    return weights @ (a @ W_k), weights"),),
        also_lost=("test_self_attention_relu",),
    ),
    Mutant(
        "test_self_attention_relu",
        "ReLU weights",
        "must not be renormalised",
        (
            (
                "        weights = np.maximum(scores, 0.0)\n",
                "        weights = np.maximum(scores, 0.0)\n        weights = weights / "
                "weights.sum(-1, keepdims=True)\n",
            ),
        ),
    ),
    Mutant(
        "test_self_attention_relu",
        "another normalize",
        "should raise ValueError, but returned normally",
        (
            (
                "        raise ValueError(\n"
                """            f"normalize must be 'softmax' or 'relu', got {normalize!r}")""",
                "        weights = softmax(scores, axis=-1)",
            ),
        ),
    ),
    Mutant(
        "test_SelfAttention",
        "three projections",
        "must have no bias",
        ((W_Q, "        self.W_q = nn.Linear(d_in, d_k)\n"),),
        also_lost=("test_SelfAttention_mask", "test_SelfAttention_device"),
    ),
    Mutant(
        "test_SelfAttention",
        "unscaled",
        "the scores were scaled by 1/sqrt(d_k)",
        ((QK, "        scores = q @ k.transpose(-2, -1) / k.shape[-1] ** 0.5\n"),),
        also_lost=("test_SelfAttention_mask",),
    ),
    Mutant(
        "test_SelfAttention",
        "softmax over the keys",
        "the softmax ran over the queries",
        ((SOFTMAX, "        weights = torch.softmax(scores, dim=-2)\n"),),
        also_lost=("test_SelfAttention_mask",),
    ),
    Mutant(
        "test_SelfAttention",
        "batches",
        "transpose the last two only",
        ((QK, "        scores = q @ k.T\n"),),
        also_lost=("test_SelfAttention_mask", "test_SelfAttention_device"),
    ),
    Mutant(
        "test_SelfAttention",
        "no mask",
        "its default",
        (("        if mask is not None:\n", "        if True:\n"),),
        also_lost=("test_SelfAttention_device",),
    ),
    Mutant(
        "test_SelfAttention",
        "values",
        "multiply the weights with v",
        (("        return weights @ v, weights", "        return weights @ k, weights"),),
        also_lost=("test_SelfAttention_mask",),
    ),
    Mutant(
        "test_SelfAttention_mask",
        "keys",
        "applied to the queries (rows) instead of the keys",
        ((MASKED, '            scores = scores.masked_fill(~mask[:, :, None], float("-inf"))\n'),),
    ),
    Mutant(
        "test_SelfAttention_mask",
        "exactly zero",
        "padded positions receive attention weight",
        ((MASKED, "            scores = scores.masked_fill(~mask[:, None, :], -100.0)\n"),),
    ),
    Mutant(
        "test_SelfAttention_mask",
        "True is real",
        "the mask is used the wrong way round",
        ((MASKED, '            scores = scores.masked_fill(mask[:, None, :], float("-inf"))\n'),),
    ),
    Mutant(
        "test_SelfAttention_mask",
        "rows sum to 1",
        "zeroed after the softmax",
        (
            (MASKED, "            pass\n"),
            (
                SOFTMAX,
                SOFTMAX + "        if mask is not None:\n"
                "            weights = weights * mask[:, None, :]\n",
            ),
        ),
    ),
    Mutant(
        "test_SelfAttention_device",
        "new tensors on the device",
        "creates a tensor on the CPU",
        (
            (
                MASKED,
                "            scores = torch.where(mask[:, None, :], "
                "scores, torch.full(scores.shape, "
                'float("-inf"), dtype=scores.dtype))\n',
            ),
        ),
    ),
    # the example: a default mask built on the CPU when mask=None (the values part passes a
    # CPU x)
    Mutant(
        "test_SelfAttention_device",
        "no mask",
        "without a mask (mask=None) creates a tensor on the CPU",
        (
            (
                "        if mask is not None:\n",
                "        if mask is None:\n"
                "            mask = torch.ones(x.shape[:2], dtype=torch.bool)\n"
                "        if mask is not None:\n",
            ),
        ),
    ),
    Mutant(
        "test_SelfAttention_device",
        "no CPU moves",
        "moves a tensor to the CPU",
        (
            (
                MASKED,
                "            scores = scores.masked_fill(~mask[:, None, "
                ':].cpu().to(x.device), float("-inf"))\n',
            ),
        ),
    ),
    Mutant(
        "test_tagger",
        "built as asked",
        "with forward(tokens, mask)",
        cell="train_tagger",
        source=NO_MASK,
    ),
    Mutant(
        "test_tagger",
        "95% on fresh sequences",
        "it needs at least 95%",
        cell="train_tagger",
        source="torch.manual_seed(0)\n"
        "tagger = SelfAttentionTagger(train_data.vocab_size, train_data.n_classes).to(device)\n",
    ),
]
