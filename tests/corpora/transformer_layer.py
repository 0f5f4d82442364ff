"""Realistic submissions for assignment 05_transformer_layer, each with the grade it must get.

WRONG: one mistake each, planted by editing one line of the instructor's solution cell (so the rest
of the notebook is right); it must lose the points of ``part`` and only those (``also_lost`` where
the same function is graded twice), and the learner must read ``message`` in that part's failure.
RIGHT: correct but written differently (float64, einsum, -1e9 fills, other loop structures);
full marks.
"""

from autograder.authoring.simulate import solution_sources
from autograder.grading.course import Course

from . import Case

ASSIGNMENT, NOTEBOOK = "05_transformer_layer", "transformer_layer"
MANUAL = {"answer_sqrt_dk"}  # graded by hand

_SOLUTION = solution_sources(Course.at(), ASSIGNMENT, NOTEBOOK)


def edit(grade_id: str, old: str, new: str) -> dict[str, str]:
    """The solution of one cell with ``old`` replaced by ``new`` (which must be there: the corpus
    stays honest)."""
    source = _SOLUTION[grade_id]
    assert old in source, f"{old!r} is not in the solution of {grade_id}"
    return {grade_id: source.replace(old, new)}


SDPA = "scaled_dot_product_attention"
MHA = "MultiHeadSelfAttention"
SCALE = "scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])"
# A value mistake in scaled_dot_product_attention also shows in its masked results, graded
# separately (multi-head attention is graded with the reference scaled_dot_product_attention
# swapped in).
SDPA_PARTS = ("test_sdpa_mask", "test_sdpa_empty_rows")

WRONG = [
    Case(
        "sdpa_divides_by_d",
        edit(SDPA, SCALE, "scores = q @ k.transpose(-2, -1) / q.shape[-1]"),
        "test_sdpa",
        "divided by d_k = 4; divide by its square root",
        SDPA_PARTS,
    ),
    Case(
        "sdpa_unscaled",
        edit(SDPA, SCALE, "scores = q @ k.transpose(-2, -1)"),
        "test_sdpa",
        "are not scaled",
        SDPA_PARTS,
    ),
    Case(
        "sdpa_softmax_over_queries",
        edit(SDPA, "torch.softmax(scores, dim=-1)", "torch.softmax(scores, dim=-2)"),
        "test_sdpa",
        "dim=-2",
        SDPA_PARTS,
    ),
    Case(
        "causal_hides_diagonal",
        edit(SDPA, ".tril()", ".tril(-1)"),
        "test_sdpa_mask",
        "off by one: it also hides",
    ),
    Case(
        "causal_sees_next",
        edit(SDPA, ".tril()", ".tril(1)"),
        "test_sdpa_mask",
        "one step into the future",
    ),
    Case(
        "causal_reversed",
        edit(SDPA, ".tril()", ".triu()"),
        "test_sdpa_mask",
        "causal mask is reversed",
    ),
    Case(
        "mask_inverted",
        {
            SDPA: edit(
                SDPA,
                'scores = scores.masked_fill(~allowed, float("-inf"))',
                'scores = scores.masked_fill(allowed, float("-inf"))',
            )[SDPA].replace(
                "weights.masked_fill(~allowed, 0.0)", "weights.masked_fill(allowed, 0.0)"
            )
        },
        "test_sdpa_mask",
        "wrong way round",
        ("test_sdpa_empty_rows", "test_tagger"),
    ),
    Case(
        "nan_rows",
        edit(SDPA, "weights = weights.masked_fill(~allowed, 0.0)", "pass"),
        "test_sdpa_empty_rows",
        "NaN",
    ),
    Case(
        "mha_scaled_by_d_model",
        edit(
            MHA,
            "heads, weights = scaled_dot_product_attention(q, k, v, mask=key_mask)",
            "scores = q @ k.transpose(-2, -1) / math.sqrt(d_model)\n"
            "        if key_mask is not None:\n"
            "            scores = scores.masked_fill(~key_mask, float('-inf'))\n"
            "        weights = scores.softmax(-1)\n"
            "        heads = weights @ v",
        ),
        "test_MultiHeadSelfAttention",
        "sqrt(d_model)",
        ("test_tagger",),
    ),
    Case(
        "mha_heads_without_transpose",
        edit(
            MHA,
            "t.view(B, N, self.n_heads, self.head_dim).transpose(1, 2)",
            "t.reshape(B, self.n_heads, N, self.head_dim)",
        ),
        "test_MultiHeadSelfAttention",
        "wrong axis",
        ("test_tagger",),
    ),
    Case(
        "mha_heads_strided",
        edit(
            MHA,
            "t.view(B, N, self.n_heads, self.head_dim).transpose(1, 2)",
            "t.view(B, N, self.head_dim, self.n_heads).permute(0, 3, 1, 2)",
        ),
        "test_MultiHeadSelfAttention",
        "contiguous features",
        ("test_tagger",),
    ),
    Case(
        "mha_no_value_error",
        edit(MHA, "raise ValueError", "print"),
        "test_MultiHeadSelfAttention",
        "should raise ValueError",
    ),
    Case(
        "pe_sin_cos_swapped",
        edit(
            "sinusoidal_positional_encoding",
            "pe[:, 0::2] = torch.sin(angle)\n    pe[:, 1::2] = torch.cos(",
            "pe[:, 0::2] = torch.cos(angle)\n    pe[:, 1::2] = torch.sin(",
        ),
        "test_positional_encoding",
        "sin and cos are swapped",
        ("test_tagger",),
    ),
    Case(
        "pe_exponent_i_over_d",
        edit(
            "sinusoidal_positional_encoding",
            "torch.arange(0, d, 2, dtype=torch.float64) / d",
            "torch.arange(0, d // 2, dtype=torch.float64) / d",
        ),
        "test_positional_encoding",
        "frequency exponent is wrong",
        ("test_tagger",),
    ),
    Case(
        "local_strict",
        edit("local_attention_mask", "<= window", "< window"),
        "test_local_attention_mask",
        "exactly `window` steps away",
    ),
    Case(
        "local_float",
        edit(
            "local_attention_mask",
            "return (pos[:, None] - pos[None, :]).abs() <= window",
            "return ((pos[:, None] - pos[None, :]).abs() <= window).float()",
        ),
        "test_local_attention_mask",
        "dtype torch.bool",
    ),
    Case(
        "graph_no_self",
        edit(
            "graph_attention_mask", " | torch.eye(n, dtype=torch.bool, device=adjacency.device)", ""
        ),
        "test_graph_attention_mask",
        "also attend to itself",
    ),
    Case(
        "tagger_without_positions",
        edit(
            "PositionalTagger",
            "        pe = sinusoidal_positional_encoding(tokens.shape[1], h.shape[-1])\n"
            "        h = h + pe.to(h.device, h.dtype)\n",
            "",
        ),
        "test_tagger",
        "cannot see positions",
    ),
]

RIGHT = [
    Case(
        "float64_einsum_minus_1e9",
        {
            SDPA: (
                "def scaled_dot_product_attention(q, k, v, mask=None, causal=False):\n"
                "    q64, k64, v64 = q.double(), k.double(), v.double()\n"
                "    scores = torch.einsum('...id,...jd->...ij', q64, k64) * q.shape[-1] ** -0.5\n"
                "    keep = torch.ones_like(scores, dtype=torch.bool)\n"
                "    if mask is not None:\n        keep = keep & mask\n"
                "    if causal:\n"
                "        i = torch.arange(scores.shape[-2], device=q.device)[:, None]\n"
                "        j = torch.arange(scores.shape[-1], device=q.device)[None, :]\n"
                "        keep = keep & (j <= i)\n"
                "    weights = torch.softmax(scores.masked_fill(~keep, -1e9), dim=-1) * keep\n"
                "    out = torch.einsum('...ij,...jd->...id', weights, v64)\n"
                "    return out.to(q.dtype), weights.to(q.dtype)"
            ),
            MHA: (
                "class MultiHeadSelfAttention(nn.Module):\n"
                "    def __init__(self, d_model, n_heads):\n"
                "        super().__init__()\n"
                "        if d_model % n_heads != 0:\n            raise ValueError('heads must "
                "divide d_model')\n"
                "        self.h = n_heads\n"
                "        self.in_proj_weight = nn.Parameter(nn.init.xavier_uniform_(torch.empty(3 "
                "* d_model, d_model)))\n"
                "        self.in_proj_bias = nn.Parameter(torch.zeros(3 * d_model))\n"
                "        self.out_proj = nn.Linear(d_model, d_model)\n\n"
                "    def forward(self, x, mask=None):\n"
                "        q, k, v = nn.functional.linear(x, self.in_proj_weight, "
                "self.in_proj_bias).chunk(3, -1)\n"
                "        split = lambda t: torch.stack(t.chunk(self.h, dim=-1), dim=1)\n"
                "        m = None if mask is None else mask.unsqueeze(1).unsqueeze(2)\n"
                "        o, w = scaled_dot_product_attention(split(q), split(k), split(v), m)\n"
                "        return self.out_proj(torch.cat(o.unbind(1), dim=-1)), w"
            ),
        },
    ),
    Case(
        "loops_and_where",
        {
            "sinusoidal_positional_encoding": (
                "def sinusoidal_positional_encoding(n, d):\n"
                "    pe = torch.zeros(n, d)\n"
                "    for p in range(n):\n"
                "        for i in range(d // 2):\n"
                "            angle = p / math.pow(10000, 2 * i / d)\n"
                "            pe[p, 2 * i] = math.sin(angle)\n"
                "            pe[p, 2 * i + 1] = math.cos(angle)\n"
                "    return pe"
            ),
            "local_attention_mask": (
                "def local_attention_mask(n, window):\n"
                "    i = torch.arange(n).unsqueeze(1)\n    j = torch.arange(n).unsqueeze(0)\n"
                "    return (j >= i - window) & (j <= i + window)"
            ),
            "graph_attention_mask": (
                "def graph_attention_mask(adjacency):\n"
                "    m = adjacency.bool().clone()\n    m.fill_diagonal_(True)\n    return m"
            ),
            SDPA: (
                "def scaled_dot_product_attention(q, k, v, mask=None, causal=False):\n"
                "    scores = (q / math.sqrt(k.size(-1))) @ k.mT\n"
                "    if causal:\n"
                "        future = torch.ones_like(scores, dtype=torch.bool).triu(1)\n"
                "        mask = ~future if mask is None else mask & ~future\n"
                "    if mask is None:\n        w = scores.softmax(-1)\n"
                "    else:\n"
                "        w = torch.where(mask, scores, torch.full_like(scores, "
                "float('-inf'))).softmax(-1)\n"
                "        w = torch.where(mask, w, torch.zeros_like(w))\n"
                "    return w @ v, w"
            ),
        },
    ),
]


# --------------------------------------------------------------------------------------------------
# Real-world mistakes and alternatives: the patterns of public implementations of attention
# (textbooks, tutorials, libraries, course solutions) and of bugs reported in public issue trackers,
# each rewritten in this course's API by editing the instructor's solution (no third-party code).
# The comment on each names the public pattern. The quick check tests run all of them, locally and
# through the grading wire; they stay out of WRONG/RIGHT so that the nbgrader corpus run
# (tests/integration/test_corpora_graded.py) stays within CI's time.
# --------------------------------------------------------------------------------------------------

SOFTMAX_LINE = "weights = torch.softmax(scores, dim=-1)"
MASK_FILL = 'scores = scores.masked_fill(~allowed, float("-inf"))'
MERGE = "heads.transpose(1, 2).reshape(B, N, d_model)"
SPLIT = "t.view(B, N, self.n_heads, self.head_dim).transpose(1, 2)"
KEY_MASK = "mask[:, None, None, :]"

REAL_WRONG = [
    # d_k read from the wrong axis (q.size(1)), a "scale by the wrong dim" report; right on the
    # first input.
    Case(
        "real_sdpa_scale_from_axis_1",
        edit(SDPA, "math.sqrt(q.shape[-1])", "math.sqrt(q.shape[1])"),
        "test_sdpa",
        "you used axis 1 of q",
        SDPA_PARTS,
    ),
    # Scaling by the value size (a "forgot to scale by d_k" fix that picked d_v).
    Case(
        "real_sdpa_scaled_by_d_v",
        edit(SDPA, "math.sqrt(q.shape[-1])", "math.sqrt(v.shape[-1])"),
        "test_sdpa",
        "sqrt(d_v)",
        SDPA_PARTS,
    ),
    # The scale applied to the weights after the softmax.
    Case(
        "real_sdpa_scale_after_softmax",
        edit(SDPA, SCALE, "scores = q @ k.transpose(-2, -1)")
        .get(SDPA)
        .replace(SOFTMAX_LINE, SOFTMAX_LINE + " / math.sqrt(q.shape[-1])")
        and {
            SDPA: edit(SDPA, SCALE, "scores = q @ k.transpose(-2, -1)")[SDPA].replace(
                SOFTMAX_LINE, SOFTMAX_LINE + " / math.sqrt(q.shape[-1])"
            )
        },
        "test_sdpa",
        "after the softmax",
        SDPA_PARTS,
    ),
    # F.softmax without dim= (the "Implicit dimension choice for softmax" warning of many
    # attention repositories).
    Case(
        "real_sdpa_softmax_without_dim",
        edit(SDPA, SOFTMAX_LINE, "weights = nn.functional.softmax(scores)"),
        "test_sdpa",
        "F.softmax without dim=",
        SDPA_PARTS,
    ),
    # k.T on a batch (PyTorch's deprecation of x.T beyond 2-D).
    Case(
        "real_sdpa_k_T",
        edit(SDPA, "q @ k.transpose(-2, -1)", "q @ k.T"),
        "test_sdpa",
        "transpose the last two only",
        SDPA_PARTS,
        {"test_sdpa_mask": "transpose the last two only"},
    ),
    # (weights, out): the attention map first, as some libraries return it.
    Case(
        "real_sdpa_pair_swapped",
        edit(SDPA, "return weights @ v, weights", "return weights, weights @ v"),
        "test_sdpa",
        "wrong order",
        SDPA_PARTS,
    ),
    # A boolean mask added to the scores, as additive float masks are (a "float masks are added"
    # fix upstream).
    Case(
        "real_mask_added_to_scores",
        edit(SDPA, MASK_FILL, "scores = scores + allowed"),
        "test_sdpa_mask",
        "added the boolean mask",
        ("test_sdpa_empty_rows",),
    ),
    # Zeroing the forbidden weights after a plain softmax (masking "the weights" instead of
    # the scores).
    Case(
        "real_mask_zeroed_after_softmax",
        edit(SDPA, MASK_FILL, "pass"),
        "test_sdpa_mask",
        "no longer sums to 1",
        ("test_sdpa_empty_rows",),
    ),
    # The causal mask and the padding mask combined with | instead of &.
    Case(
        "real_mask_or_causal",
        edit(SDPA, "allowed & tri", "allowed | tri"),
        "test_sdpa_mask",
        "combine them with &",
    ),
    # torch.triu(ones, diagonal=1) marks the FUTURE; used as the allowed mask (LLMs-from-scratch
    # uses it to hide).
    Case(
        "real_causal_triu_as_allowed",
        edit(SDPA, ".tril()", ".triu(1)"),
        "test_sdpa_mask",
        "reversed and off by one",
    ),
    # A finite fill (-1e4, Hugging Face's old additive-mask value) and no zeroing: empty rows come
    # out uniform.
    Case(
        "real_fill_minus_1e4",
        {
            SDPA: edit(SDPA, 'float("-inf")', "-1e4")[SDPA].replace(
                "weights = weights.masked_fill(~allowed, 0.0)", "pass"
            )
        },
        "test_sdpa_empty_rows",
        "very negative fill value",
    ),
    # Heads merged with view after transpose: PyTorch's "view size is not compatible" (the
    # missing .contiguous()).
    Case(
        "real_mha_view_after_transpose",
        edit(MHA, MERGE, "heads.transpose(1, 2).view(B, N, d_model)"),
        "test_MultiHeadSelfAttention",
        "contiguous",
        ("test_tagger",),
    ),
    # Heads merged without transposing back (the "transpose before reshape" fix in
    # from-scratch Transformers).
    Case(
        "real_mha_merge_without_transpose",
        edit(MHA, MERGE, "heads.reshape(B, N, d_model)"),
        "test_MultiHeadSelfAttention",
        "merged back without transposing",
        ("test_tagger",),
    ),
    # The padding mask over the queries, unsqueeze(1).unsqueeze(3) (a "fix(model): attention pad
    # mask" PR).
    Case(
        "real_mha_mask_on_queries",
        edit(MHA, KEY_MASK, "mask[:, None, :, None]"),
        "test_MultiHeadSelfAttention",
        "applied to the queries",
        ("test_tagger",),
    ),
    # PyTorch's key_padding_mask convention (True = ignore) passed where the course's mask means
    # True = real.
    Case(
        "real_mha_mask_inverted",
        edit(MHA, KEY_MASK, "~mask[:, None, None, :]"),
        "test_MultiHeadSelfAttention",
        "wrong way round",
        ("test_tagger",),
    ),
    # The mask never reaches the attention (a "padding mask not used" bug report).
    Case(
        "real_mha_mask_ignored",
        edit(
            MHA,
            "scaled_dot_product_attention(q, k, v, mask=key_mask)",
            "scaled_dot_product_attention(q, k, v)",
        ),
        "test_MultiHeadSelfAttention",
        "padding mask is ignored",
        ("test_tagger",),
    ),
    # No output projection (the heads' concatenation returned as it is).
    Case(
        "real_mha_no_out_proj",
        edit(MHA, f"self.out_proj({MERGE})", MERGE),
        "test_MultiHeadSelfAttention",
        "output projection is missing",
        ("test_tagger",),
    ),
    # The issue-26 example: the encoding built with NumPy and returned as an array (as
    # position_encoding_init of jadore801120/attention-is-all-you-need-pytorch#32 builds it), where
    # the part asks for a float tensor.
    Case(
        "real_pe_numpy_array",
        {
            "sinusoidal_positional_encoding": (
                "def sinusoidal_positional_encoding(n, d):\n"
                "    import numpy as np\n"
                "    angle = np.arange(n)[:, None] / np.power(10000, np.arange(0, d, 2) / d)\n"
                "    pe = np.zeros((n, d))\n    pe[:, 0::2], pe[:, 1::2] = np.sin(angle), "
                "np.cos(angle)\n    return pe"
            )
        },
        "test_positional_encoding",
        "the task asks for a float tensor",
        ("test_tagger",),
    ),
    # for i in range(0, d, 2): sin(pos / 10000 ** (2 * i / d)) and cos(pos / 10000 ** (2 * (i + 1) /
    # d)), with i already the even column (SamLynnEvans/Transformer#25; the +1 also
    # in YutaroOgawa/pytorch_advanced#79).
    Case(
        "real_pe_even_index_doubled",
        {
            "sinusoidal_positional_encoding": (
                "def sinusoidal_positional_encoding(n, d):\n"
                "    pe = torch.zeros(n, d)\n"
                "    for pos in range(n):\n"
                "        for i in range(0, d, 2):\n"
                "            pe[pos, i] = math.sin(pos / (10000 ** ((2 * i) / d)))\n"
                "            pe[pos, i + 1] = math.cos(pos / (10000 ** ((2 * (i + 1)) / d)))\n"
                "    return pe"
            )
        },
        "test_positional_encoding",
        "the sine's exponent 2 * i / d is doubled",
        ("test_tagger",),
    ),
    # A causal mask made with torch.ones(L, S).tril() on the default device
    # (InfiniTensor/llaisys#11: "expected self and mask to be on the same device" on CUDA).
    Case(
        "real_causal_mask_on_default_device",
        edit(SDPA, "dtype=torch.bool, device=q.device).tril()", "dtype=torch.bool).tril()"),
        "test_sdpa_mask",
        "creates a tensor on the CPU",
    ),
    # torch.eye without device= next to the adjacency (the graph mask of several
    # graph-attention examples).
    Case(
        "real_graph_eye_on_default_device",
        {
            "graph_attention_mask": (
                "def graph_attention_mask(adjacency):\n"
                "    n = adjacency.shape[-1]\n"
                "    return adjacency.ne(0).logical_or(torch.eye(n, dtype=torch.bool))"
            )
        },
        "test_graph_attention_mask",
        "creates a tensor on the CPU",
    ),
    # torch.nn.MultiheadAttention averages its weights over the heads by default
    # (average_attn_weights=True, in its documentation); the part asks for each head's own weights.
    Case(
        "real_mha_weights_averaged",
        edit(MHA, "return out, weights", "return out, weights.mean(dim=1)"),
        "test_MultiHeadSelfAttention",
        "averaged over the heads",
    ),
]

REAL_RIGHT = [
    # nanoGPT's pattern: (q @ k.transpose) * (1 / sqrt(k.size(-1))), a tril
    # buffer, F.softmax(dim=-1).
    Case(
        "real_nanogpt_style",
        {
            SDPA: (
                "def scaled_dot_product_attention(q, k, v, mask=None, causal=False):\n"
                "    import torch.nn.functional as F\n"
                "    att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))\n"
                "    keep = None if mask is None else mask\n"
                "    if causal:\n"
                "        T, S = att.shape[-2:]\n"
                "        bias = torch.tril(torch.ones(T, S, device=q.device)).bool()\n"
                "        keep = bias if keep is None else keep & bias\n"
                "    if keep is not None:\n"
                "        att = att.masked_fill(keep == 0, float('-inf'))\n"
                "    att = torch.nan_to_num(F.softmax(att, dim=-1))\n"
                "    return att @ v, att"
            )
        },
    ),
    # d2l's masked_softmax: a large negative fill (-1e6), then the forbidden weights zeroed.
    Case(
        "real_d2l_masked_softmax",
        {
            SDPA: (
                "def scaled_dot_product_attention(q, k, v, mask=None, causal=False):\n"
                "    d = q.shape[-1]\n"
                "    scores = torch.bmm(q.reshape(-1, *q.shape[-2:]), k.reshape(-1, "
                "*k.shape[-2:]).transpose(1, 2))\n"
                "    scores = scores.reshape(*q.shape[:-1], k.shape[-2]) / math.sqrt(d)\n"
                "    valid = torch.ones_like(scores, dtype=torch.bool)\n"
                "    if mask is not None:\n        valid = valid & mask\n"
                "    if causal:\n        valid = valid & torch.ones_like(valid).tril()\n"
                "    weights = torch.softmax(scores.masked_fill(~valid, -1e6), dim=-1) * valid\n"
                "    return weights @ v, weights"
            )
        },
    ),
    # The Annotated Transformer's attention(): torch.matmul, masked_fill(mask == 0, -1e9).
    Case(
        "real_annotated_transformer_style",
        {
            SDPA: (
                "def scaled_dot_product_attention(q, k, v, mask=None, causal=False):\n"
                "    d_k = q.size(-1)\n"
                "    scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(d_k)\n"
                "    if causal:\n"
                "        sub = torch.triu(torch.ones(scores.shape[-2:], device=q.device), "
                "diagonal=1) == 0\n"
                "        mask = sub if mask is None else mask & sub\n"
                "    if mask is not None:\n"
                "        scores = scores.masked_fill(mask == 0, -1e9)\n"
                "    p_attn = scores.softmax(dim=-1)\n"
                "    if mask is not None:\n"
                "        p_attn = p_attn.masked_fill(mask == 0, 0)\n"
                "    return torch.matmul(p_attn, v), p_attn"
            )
        },
    ),
    # LLMs-from-scratch's scores: divided by keys.shape[-1] ** 0.5, the future hidden
    # with triu(diagonal=1).
    Case(
        "real_llms_from_scratch_style",
        {
            SDPA: (
                "def scaled_dot_product_attention(q, k, v, mask=None, causal=False):\n"
                "    attn_scores = q @ k.transpose(-2, -1)\n"
                "    hide = torch.zeros_like(attn_scores, dtype=torch.bool)\n"
                "    if causal:\n"
                "        hide = hide | torch.triu(torch.ones_like(hide), diagonal=1)\n"
                "    if mask is not None:\n        hide = hide | ~mask\n"
                "    attn_scores = attn_scores.masked_fill(hide, -torch.inf)\n"
                "    attn_weights = torch.softmax(attn_scores / k.shape[-1] ** 0.5, dim=-1)\n"
                "    attn_weights = torch.where(hide, torch.zeros_like(attn_weights), "
                "attn_weights)\n"
                "    return attn_weights @ v, attn_weights"
            )
        },
    ),
    # Heads split with permute and merged with .contiguous().view (the common from-scratch MHA).
    Case(
        "real_permute_contiguous_view",
        {
            MHA: _SOLUTION[MHA]
            .replace(SPLIT, "t.view(B, N, self.n_heads, self.head_dim).permute(0, 2, 1, 3)")
            .replace(MERGE, "heads.permute(0, 2, 1, 3).contiguous().view(B, N, d_model)")
        },
    ),
    # d2l's loop over heads: each head's slice of features attended on its own, then concatenated.
    Case(
        "real_loop_over_heads",
        {
            MHA: _SOLUTION[MHA].split("    def forward")[0]
            + (
                "    def forward(self, x, mask=None):\n"
                "        d = self.head_dim\n"
                "        q, k, v = nn.functional.linear(x, self.in_proj_weight, "
                "self.in_proj_bias).chunk(3, dim=-1)\n"
                "        m = None if mask is None else mask[:, None, :]\n"
                "        outs, ws = [], []\n"
                "        for h in range(self.n_heads):\n"
                "            o, w = scaled_dot_product_attention(q[..., h * d:(h + 1) * d], k[..., "
                "h * d:(h + 1) * d],\n"
                "                                                v[..., h * d:(h + 1) * "
                "d], mask=m)\n"
                "            outs.append(o)\n            ws.append(w)\n"
                "        return self.out_proj(torch.cat(outs, dim=-1)), torch.stack(ws, dim=1)"
            )
        },
    ),
    # The Annotated Transformer's positional encoding: div_term = exp(arange(0, d, 2) * -(log(10000)
    # / d)).
    Case(
        "real_exp_log_positional_encoding",
        {
            "sinusoidal_positional_encoding": (
                "def sinusoidal_positional_encoding(n, d):\n"
                "    pe = torch.zeros(n, d, dtype=torch.float64)\n"
                "    position = torch.arange(0, n, dtype=torch.float64).unsqueeze(1)\n"
                "    div_term = torch.exp(torch.arange(0, d, 2, dtype=torch.float64) * "
                "-(math.log(10000.0) / d))\n"
                "    pe[:, 0::2] = torch.sin(position * div_term)\n"
                "    pe[:, 1::2] = torch.cos(position * div_term)\n"
                "    return pe"
            )
        },
    ),
    # Band and graph masks from triu/tril and logical_or (several graph-attention libraries).
    Case(
        "real_band_and_logical_or_masks",
        {
            "local_attention_mask": (
                "def local_attention_mask(n, window):\n"
                "    return torch.ones(n, n).triu(-window).tril(window).bool()"
            ),
            "graph_attention_mask": (
                "def graph_attention_mask(adjacency):\n"
                "    n = adjacency.shape[-1]\n"
                "    return adjacency.ne(0).logical_or(torch.eye(n, "
                "dtype=torch.bool, device=adjacency.device))"
            ),
        },
    ),
]
