"""Mutants of the transformer_layer solutions (see tests/mutants/__init__.py): one per
contract clause."""

from . import Mutant

SCORES = "    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])\n"
FILL = '        scores = scores.masked_fill(~allowed, float("-inf"))\n'
ZERO = "        weights = weights.masked_fill(~allowed, 0.0)\n"
SOFTMAX = "    weights = torch.softmax(scores, dim=-1)\n"
RETURN = "    return weights @ v, weights"
SPLIT = (
    "        q, k, v = (t.view(B, N, self.n_heads, self.head_dim).transpose(1, 2)\n"
    "                   for t in qkv.chunk(3, dim=-1))\n"
)
KEYS = "        key_mask = None if mask is None else mask[:, None, None, :]\n"
HEADS = (
    "        out = self.out_proj(heads.transpose(1, 2).reshape(B, N, d_model))\n"
    "        return out, weights"
)
ANGLE = "    angle = pos / 10000 ** (torch.arange(0, d, 2, dtype=torch.float64) / d)\n"
SIN_COS = "    pe[:, 0::2] = torch.sin(angle)\n    pe[:, 1::2] = torch.cos(angle[:, : d // 2])\n"
LOCAL = "    return (pos[:, None] - pos[None, :]).abs() <= window"
GRAPH = "    return edges | torch.eye(n, dtype=torch.bool, device=adjacency.device)"
SDPA_PARTS = ("test_sdpa_mask", "test_sdpa_empty_rows")
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
    # scaled_dot_product_attention
    Mutant(
        "test_sdpa",
        "scaled by sqrt(d_k)",
        "divided by sqrt(d_v)",
        ((SCORES, "    scores = q @ k.transpose(-2, -1) / math.sqrt(v.shape[-1])\n"),),
        also_lost=SDPA_PARTS,
    ),
    Mutant(
        "test_sdpa",
        "softmax over the keys",
        "the softmax ran over the queries",
        ((SOFTMAX, "    weights = torch.softmax(scores, dim=-2)\n"),),
        also_lost=SDPA_PARTS,
    ),
    Mutant(
        "test_sdpa",
        "(out, weights)",
        "the pair is in the wrong order",
        ((RETURN, "    return weights, weights @ v"),),
        also_lost=SDPA_PARTS,
    ),
    Mutant(
        "test_sdpa",
        "leading axes",
        "transpose the last two only",
        ((SCORES, "    scores = q @ k.T / math.sqrt(q.shape[-1])\n"),),
        also_lost=SDPA_PARTS,
    ),
    Mutant(
        "test_sdpa",
        "no mask",
        "causal defaults to False",
        (("causal=False):", "causal=True):"),),
        also_lost=SDPA_PARTS,
    ),
    Mutant(
        "test_sdpa_mask",
        "True may attend",
        "the mask is used the wrong way round",
        (
            (FILL, '        scores = scores.masked_fill(allowed, float("-inf"))\n'),
            (ZERO, "        weights = weights.masked_fill(allowed, 0.0)\n"),
        ),
        also_lost=("test_sdpa_empty_rows",),
    ),
    Mutant(
        "test_sdpa_mask",
        "exactly zero",
        "keys where the mask is False receive weight",
        (
            (FILL, "        scores = scores.masked_fill(~allowed, -30.0)\n"),
            (ZERO, "        pass\n"),
        ),
        also_lost=("test_sdpa_empty_rows",),
    ),
    Mutant(
        "test_sdpa_mask",
        "broadcasting mask",
        "view and reshape keep the number of elements",
        (
            (
                "    allowed = mask\n",
                "    allowed = mask if mask is None else mask.reshape(scores.shape)\n",
            ),
        ),
        also_lost=("test_sdpa_empty_rows",),
    ),
    Mutant(
        "test_sdpa_mask",
        "causal",
        "it also hides the query's own position",
        ((".tril()", ".tril(-1)"),),
    ),
    Mutant(
        "test_sdpa_mask",
        "both",
        "combine them with &, not |",
        (("else allowed & tri", "else allowed | tri"),),
    ),
    Mutant(
        "test_sdpa_mask",
        "on the inputs' device",
        "creates a tensor on the CPU",
        (("dtype=torch.bool, device=q.device).tril()", "dtype=torch.bool).tril()"),),
    ),
    Mutant(
        "test_sdpa_empty_rows",
        "never NaN",
        "that query's weights and output are NaN",
        ((ZERO, "        pass\n"),),
    ),
    Mutant(
        "test_sdpa_empty_rows",
        "zero weights and output",
        "spreads the weight evenly",
        ((FILL, "        scores = scores.masked_fill(~allowed, -1e9)\n"), (ZERO, "        pass\n")),
    ),
    # MultiHeadSelfAttention
    Mutant(
        "test_MultiHeadSelfAttention",
        "divisible",
        "should raise ValueError, but returned normally",
        (
            (
                '            raise ValueError(f"d_model ({d_model}) must be divisible "\n'
                '                             f"by n_heads ({n_heads})")\n',
                "            pass\n",
            ),
        ),
    ),
    Mutant(
        "test_MultiHeadSelfAttention",
        "PyTorch's layout",
        "needs a parameter `in_proj_weight`",
        (
            ("self.in_proj_weight = nn.Parameter", "self.qkv_weight = nn.Parameter"),
            (
                "nn.init.xavier_uniform_(self.in_proj_weight)",
                "nn.init.xavier_uniform_(self.qkv_weight)",
            ),
            ("qkv = x @ self.in_proj_weight.T", "qkv = x @ self.qkv_weight.T"),
        ),
    ),
    Mutant(
        "test_MultiHeadSelfAttention",
        "contiguous heads",
        "must own the contiguous features",
        (
            (
                SPLIT,
                "        q, k, v = (t.view(B, N, self.head_dim, self.n_heads).permute(0, 3, 1, 2)\n"
                "                   for t in qkv.chunk(3, dim=-1))\n",
            ),
        ),
    ),
    Mutant(
        "test_MultiHeadSelfAttention",
        "scaled per head",
        "scaled by sqrt(d_model)",
        ((KEYS, KEYS + "        q = q * math.sqrt(self.head_dim / d_model)\n"),),
    ),
    Mutant(
        "test_MultiHeadSelfAttention",
        "out_proj",
        "the output projection is missing",
        ((HEADS, "        return heads.transpose(1, 2).reshape(B, N, d_model), weights"),),
    ),
    Mutant(
        "test_MultiHeadSelfAttention",
        "padding mask",
        "applied to the queries",
        ((KEYS, "        key_mask = None if mask is None else mask[:, None, :, None]\n"),),
    ),
    Mutant(
        "test_MultiHeadSelfAttention",
        "no mask",
        "its default",
        ((KEYS, "        key_mask = mask[:, None, None, :]\n"),),
    ),
    Mutant(
        "test_MultiHeadSelfAttention",
        "per-head weights",
        "averaged over the heads",
        (
            (
                HEADS,
                "        return self.out_proj(heads.transpose(1, 2).reshape(B, N, "
                "d_model)), weights.mean(1)",
            ),
        ),
    ),
    # sinusoidal_positional_encoding: the second example is "a float tensor"
    Mutant(
        "test_positional_encoding",
        "a float tensor",
        "the task asks for a float tensor",
        (("    return pe.float()", "    return pe.numpy()"),),
    ),
    Mutant(
        "test_positional_encoding",
        "sin and cos",
        "sin and cos are swapped",
        (
            (
                SIN_COS,
                "    pe[:, 0::2] = torch.cos(angle)\n    pe[:, 1::2] = torch.sin(angle[:, : d // "
                "2])\n",
            ),
        ),
    ),
    Mutant(
        "test_positional_encoding",
        "one frequency per pair",
        "the exponent is doubled",
        (
            (
                ANGLE,
                "    angle = pos / 10000 ** (2 * torch.arange(0, d, 2, dtype=torch.float64) / d)\n",
            ),
        ),
    ),
    Mutant(
        "test_positional_encoding",
        "divided",
        "it must be divided",
        ((ANGLE, "    angle = pos * 10000 ** (torch.arange(0, d, 2, dtype=torch.float64) / d)\n"),),
    ),
    Mutant(
        "test_positional_encoding",
        "from 0",
        "positions start at 1",
        (("torch.arange(n, dtype=torch.float64)", "torch.arange(1, n + 1, dtype=torch.float64)"),),
    ),
    Mutant(
        "test_positional_encoding",
        "shape (n, d)",
        "the result is transposed",
        (("    return pe.float()", "    return pe.float().T"),),
    ),
    # local and graph masks
    Mutant(
        "test_local_attention_mask",
        "bool",
        "dtype torch.bool",
        ((LOCAL, f"    return ({LOCAL[11:]}).int()"),),
    ),
    Mutant(
        "test_local_attention_mask",
        "inclusive",
        "exactly `window` steps away are left out",
        ((LOCAL, "    return (pos[:, None] - pos[None, :]).abs() < window"),),
    ),
    Mutant(
        "test_local_attention_mask",
        "both sides",
        "reaches only to the left",
        ((LOCAL, "    d = pos[:, None] - pos[None, :]\n    return (d >= 0) & (d <= window)"),),
    ),
    Mutant(
        "test_local_attention_mask",
        "each side",
        "not its total width",
        ((LOCAL, "    return (pos[:, None] - pos[None, :]).abs() <= window // 2"),),
    ),
    Mutant(
        "test_graph_attention_mask",
        "bool",
        "dtype torch.bool",
        ((GRAPH, f"    return ({GRAPH[11:]}).int()"),),
    ),
    Mutant(
        "test_graph_attention_mask",
        "itself",
        "must also attend to itself",
        ((GRAPH, "    return adjacency != 0"),),
    ),
    Mutant(
        "test_graph_attention_mask",
        "any weight",
        "whatever its weight",
        (
            (
                GRAPH,
                "    return (adjacency == 1) | torch.eye(n, "
                "dtype=torch.bool, device=adjacency.device)",
            ),
        ),
    ),
    Mutant(
        "test_graph_attention_mask",
        "on the device",
        "creates a tensor on the CPU",
        ((GRAPH, "    return (adjacency != 0) | torch.eye(n, dtype=torch.bool)"),),
    ),
    # the trained positional tagger
    Mutant(
        "test_tagger",
        "forward(tokens, mask)",
        "must have forward(tokens, mask)",
        cell="train_tagger",
        source=NO_MASK,
    ),
    Mutant(
        "test_tagger",
        "95% on fresh sequences",
        "it needs at least 95%",
        cell="train_tagger",
        source="torch.manual_seed(0)\n"
        "tagger = PositionalTagger(train_data.vocab_size, train_data.n_classes).to(device)\n",
    ),
]
