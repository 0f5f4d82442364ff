"""Realistic submissions for assignment 06_transformer_block, each with the grade it must get.

WRONG: one mistake each, planted by editing one line of the instructor's solution cell (so the rest
of the notebook is right); it must lose the points of ``part`` and only those (``also_lost`` where
the same function is graded twice), and the learner must read ``message`` in that part's failure.
RIGHT: correct but written differently (other loop structures, other ways to write the block); full
marks. A mistake in the attention pasted from assignment 05 (part 0, not graded) is among them: the
block is judged around the learner's own attention, so it keeps full marks here.
"""

from autograder.authoring.simulate import solution_sources
from autograder.grading.course import Course

from . import Case
from . import transformer_layer as assignment_05

ASSIGNMENT, NOTEBOOK = "06_transformer_block", "transformer_block"
MANUAL = {"answer_truncated"}  # graded by hand

_SOLUTION = solution_sources(Course.at(), ASSIGNMENT, NOTEBOOK)


def edit(grade_id: str, old: str, new: str) -> dict[str, str]:
    """The solution of one cell with ``old`` replaced by ``new`` (which must be there: the corpus
    stays honest)."""
    source = _SOLUTION[grade_id]
    assert old in source, f"{old!r} is not in the solution of {grade_id}"
    return {grade_id: source.replace(old, new)}


WRONG = [
    Case(
        "chunked_no_rescale",
        edit("chunked_attention", "rescale = torch.exp(m - m_new)", "rescale = torch.ones_like(m)"),
        "test_chunked_attention",
        "not rescaled",
    ),
    Case(
        "chunked_drops_last",
        edit(
            "chunked_attention",
            "range(0, k.shape[-2], chunk_size)",
            "range(0, k.shape[-2] - chunk_size + 1, chunk_size)",
        ),
        "test_chunked_attention",
        "last chunk is missing",
    ),
    Case(
        "chunked_builds_full_matrix",
        {
            "chunked_attention": (
                "def chunked_attention(q, k, v, chunk_size):\n"
                "    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])\n"
                "    out = torch.zeros(q.shape[:-1] + (v.shape[-1],), dtype=q.dtype)\n"
                "    for start in range(0, k.shape[-2], chunk_size):\n"
                "        out = out + torch.softmax(scores, -1)[..., start:start + chunk_size] @ "
                "v[..., start:start + chunk_size, :]\n"
                "    return out"
            )
        },
        "test_chunked_attention_memory",
        "N x N matrix",
    ),
]

RIGHT = [
    Case(
        "chunked_normalised_each_step",
        {
            "chunked_attention": (
                "def chunked_attention(q, k, v, chunk_size):\n"
                "    # keeps the output normalised after every chunk instead of dividing at the "
                "end\n"
                "    scale = 1 / math.sqrt(q.shape[-1])\n"
                "    out = m = l = None\n"
                "    start = 0\n"
                "    while start < k.shape[-2]:\n"
                "        kc, vc = k[..., start:start + chunk_size, :], v[..., start:start + "
                "chunk_size, :]\n"
                "        s = torch.einsum('...id,...jd->...ij', q, kc) * scale\n"
                "        cm = s.max(dim=-1, keepdim=True).values\n"
                "        if m is None:\n"
                "            p = (s - cm).exp()\n            l = p.sum(-1, keepdim=True)\n"
                "            out, m = (p @ vc) / l, cm\n"
                "        else:\n"
                "            new = torch.maximum(m, cm)\n"
                "            p = (s - new).exp()\n"
                "            l_old = l * (m - new).exp()\n"
                "            l = l_old + p.sum(-1, keepdim=True)\n"
                "            out = out * (l_old / l) + (p @ vc) / l\n"
                "            m = new\n"
                "        start += chunk_size\n"
                "    return out"
            )
        },
    ),
]

# The Transformer encoder block (part 2): one mistake each, and correct blocks written in
# other styles.
BLOCK = "TransformerEncoderBlock"
POST = "x = self.norm1(x + attention(x))\n        return self.norm2(x + feed_forward(x))"
PRE = "x = x + attention(self.norm1(x))\n            return x + feed_forward(self.norm2(x))"

WRONG += [
    Case(
        "block_no_attention_residual",
        edit(BLOCK, POST, POST.replace("x + attention(x)", "attention(x)")),
        "test_encoder_block",
        "residual connection around self-attention is missing",
    ),
    Case(
        "block_no_ffn_residual_pre_norm",
        edit(BLOCK, PRE, PRE.replace("x + feed_forward", "feed_forward")),
        "test_encoder_block",
        "residual connection around the feed-forward network is missing",
    ),
    Case(
        "block_ignores_norm_first",
        edit(BLOCK, "if self.norm_first:", "if False:"),
        "test_encoder_block",
        "norm_first=True asks for pre-norm",
    ),
    Case(
        "block_norm_inside_residual",
        edit(
            BLOCK,
            POST,
            "x = x + self.norm1(attention(x))\n        return x + self.norm2(feed_forward(x))",
        ),
        "test_encoder_block",
        "normalises the sublayer's output before the residual sum",
    ),
    Case(
        "block_pre_norm_residual_from_normed",
        edit(
            BLOCK,
            PRE,
            (
                "x = self.norm1(x)  # normalised in place: the residual path now carries norm1(x)\n"
                "            x = x + attention(x)\n            x = self.norm2(x)\n            "
                "return x + feed_forward(x)"
            ),
        ),
        "test_encoder_block",
        "carries the un-normalised x",
    ),
    Case(
        "block_ffn_mixes_positions",
        edit(
            BLOCK,
            "h = self.dropout(torch.relu(self.linear1(h)))\n            "
            "return self.dropout2(self.linear2(h))",
            "B, N, d = h.shape\n"
            "            flat = h.transpose(0, 1).reshape(-1, d)  # (N * B, d), but reshaped back "
            "as if (B * N, d)\n"
            "            out = self.linear2(self.dropout(torch.relu(self.linear1(flat))))\n"
            "            return self.dropout2(out).reshape(B, N, d)",
        ),
        "test_encoder_block",
        "feed-forward network mixes positions",
    ),
    Case(
        "block_dropout_in_eval",
        edit(
            BLOCK,
            "self.dropout(torch.relu(self.linear1(h)))",
            "nn.functional.dropout(torch.relu(self.linear1(h)), 0.25)",
        ),
        "test_encoder_block",
        "dropout is active in eval mode",
    ),
    Case(
        "block_mask_inverted",
        edit(
            BLOCK, "self.self_attn(h, mask)", "self.self_attn(h, None if mask is None else ~mask)"
        ),
        "test_encoder_block",
        "padding mask is used the wrong way round",
    ),
    Case(
        "block_mask_not_passed",
        edit(BLOCK, "self.self_attn(h, mask)", "self.self_attn(h)"),
        "test_encoder_block",
        "padding mask does not reach self-attention",
    ),
    Case(
        "block_without_dropout",
        {BLOCK: _SOLUTION[BLOCK].replace("nn.Dropout(dropout)", "nn.Identity()")},
        "test_encoder_block",
        "dropout is missing",
    ),
    Case(
        "block_no_relu",
        edit(BLOCK, "torch.relu(self.linear1(h))", "self.linear1(h)"),
        "test_encoder_block",
        "no ReLU",
    ),
    Case(
        "block_default_mask_on_the_cpu",
        edit(
            BLOCK,
            "def attention(h):",
            (
                "if mask is None:\n            mask = torch.ones(x.shape[:2], dtype=torch.bool)  # "
                "on the CPU, whatever x\n\n"
                "        def attention(h):"
            ),
        ),
        "test_encoder_block_device",
        "creates a tensor on the CPU",
    ),
    Case(
        "block_named_unlike_torch",
        {BLOCK: _SOLUTION[BLOCK].replace("self.self_attn", "self.attn")},
        "test_encoder_block",
        "has no `self_attn` module",
    ),
]

RIGHT += [
    Case(
        "block_functional_layer_norm_and_nn_sequential",
        {
            BLOCK: (
                "class TransformerEncoderBlock(nn.Module):\n"
                "    # pre- or post-norm chosen once, in __init__; the FFN as one nn.Sequential; "
                "F.layer_norm by hand\n"
                "    def __init__(self, d_model, n_heads, d_ff, dropout=0.1, norm_first=False):\n"
                "        super().__init__()\n"
                "        self.self_attn = MultiHeadSelfAttention(d_model, n_heads)\n"
                "        self.linear1, self.linear2 = nn.Linear(d_model, d_ff), "
                "nn.Linear(d_ff, d_model)\n"
                "        self.norm1, self.norm2 = nn.LayerNorm(d_model), nn.LayerNorm(d_model)\n"
                "        self.drop = nn.Dropout(dropout)\n"
                "        self.forward_fn = self._pre if norm_first else self._post\n\n"
                "    def _ln(self, norm, h):\n"
                "        return nn.functional.layer_norm(h, (h.shape[-1],), norm.weight, "
                "norm.bias, norm.eps)\n\n"
                "    def _ffn(self, h):\n"
                "        return "
                "self.drop(self.linear2(self.drop(nn.functional.relu(self.linear1(h)))))\n\n"
                "    def _post(self, x, mask):\n"
                "        x = self._ln(self.norm1, x + self.drop(self.self_attn(x, mask)[0]))\n"
                "        return self._ln(self.norm2, x + self._ffn(x))\n\n"
                "    def _pre(self, x, mask):\n"
                "        x = x + self.drop(self.self_attn(self._ln(self.norm1, x), mask)[0])\n"
                "        return x + self._ffn(self._ln(self.norm2, x))\n\n"
                "    def forward(self, x, mask=None):\n"
                "        return self.forward_fn(x, mask)"
            )
        },
    ),
    Case(
        "block_manual_norm_and_einsum_ffn",
        {
            BLOCK: (
                "class TransformerEncoderBlock(nn.Module):\n"
                "    def __init__(self, d_model, n_heads, d_ff, dropout=0.1, norm_first=False):\n"
                "        super().__init__()\n"
                "        self.self_attn = MultiHeadSelfAttention(d_model, n_heads)\n"
                "        self.linear1 = nn.Linear(d_model, d_ff)\n"
                "        self.linear2 = nn.Linear(d_ff, d_model)\n"
                "        self.norm1 = nn.LayerNorm(d_model)\n"
                "        self.norm2 = nn.LayerNorm(d_model)\n"
                "        self.p, self.pre = dropout, norm_first\n\n"
                "    def norm(self, ln, h):  # layer norm written out: biased variance, eps inside "
                "the root\n"
                "        mu = h.mean(-1, keepdim=True)\n"
                "        var = ((h - mu) ** 2).mean(-1, keepdim=True)\n"
                "        return (h - mu) / torch.sqrt(var + 1e-5) * ln.weight + ln.bias\n\n"
                "    def drop(self, h):\n"
                "        return nn.functional.dropout(h, self.p, training=self.training)\n\n"
                "    def ffn(self, h):\n"
                "        inner = torch.einsum('bnd,fd->bnf', h, self.linear1.weight) "
                "+ self.linear1.bias\n"
                "        inner = self.drop(inner.clamp(min=0))\n"
                "        return self.drop(torch.einsum('bnf,df->bnd', inner, self.linear2.weight) "
                "+ self.linear2.bias)\n\n"
                "    def forward(self, x, mask=None):\n"
                "        a = lambda h: self.drop(self.self_attn(h, mask=mask)[0])\n"
                "        if self.pre:\n"
                "            x = x + a(self.norm(self.norm1, x))\n"
                "            x = x + self.ffn(self.norm(self.norm2, x))\n"
                "        else:\n"
                "            x = self.norm(self.norm1, x + a(x))\n"
                "            x = self.norm(self.norm2, x + self.ffn(x))\n"
                "        return x"
            )
        },
    ),
    Case(
        "block_subclasses_for_each_sublayer",
        {
            BLOCK: (
                "class Residual(nn.Module):\n"
                "    def __init__(self, norm, pre):\n"
                "        super().__init__()\n"
                "        self.norm, self.pre = norm, pre\n\n"
                "    def forward(self, x, sublayer):\n"
                "        return x + sublayer(self.norm(x)) if self.pre else self.norm(x "
                "+ sublayer(x))\n\n\n"
                "class TransformerEncoderBlock(nn.Module):\n"
                "    def __init__(self, d_model, n_heads, d_ff, dropout=0.1, norm_first=False):\n"
                "        super().__init__()\n"
                "        self.self_attn = MultiHeadSelfAttention(d_model, n_heads)\n"
                "        self.linear1 = nn.Linear(d_model, d_ff)\n"
                "        self.linear2 = nn.Linear(d_ff, d_model)\n"
                "        self.norm1 = nn.LayerNorm(d_model)\n"
                "        self.norm2 = nn.LayerNorm(d_model)\n"
                "        self.dropouts = nn.ModuleList(nn.Dropout(dropout) for _ in range(3))\n"
                "        self.norm_first = norm_first\n\n"
                "    def forward(self, x, mask=None):\n"
                "        d0, d1, d2 = self.dropouts\n"
                "        first, second = Residual(self.norm1, self.norm_first), "
                "Residual(self.norm2, self.norm_first)\n"
                "        x = first(x, lambda h: d1(self.self_attn(h, mask)[0]))\n"
                "        return second(x, lambda h: "
                "d2(self.linear2(d0(torch.relu(self.linear1(h))))))"
            )
        },
    ),
    Case(
        "block_with_torch_multihead_attention",
        {
            BLOCK: (
                "class TransformerEncoderBlock(nn.Module):\n"
                "    # PyTorch's attention, with its own mask convention (True = ignore); the FFN "
                "on flattened positions\n"
                "    def __init__(self, d_model, n_heads, d_ff, dropout=0.1, norm_first=False):\n"
                "        super().__init__()\n"
                "        self.self_attn = nn.MultiheadAttention(d_model, n_heads, "
                "dropout=dropout, batch_first=True)\n"
                "        self.linear1, self.linear2 = nn.Linear(d_model, d_ff), "
                "nn.Linear(d_ff, d_model)\n"
                "        self.norm1, self.norm2 = nn.LayerNorm(d_model), nn.LayerNorm(d_model)\n"
                "        self.dropout = nn.Dropout(dropout)\n"
                "        self.norm_first = norm_first\n\n"
                "    def attend(self, h, mask):\n"
                "        ignore = None if mask is None else ~mask\n"
                "        return self.dropout(self.self_attn(h, h, h, "
                "key_padding_mask=ignore, need_weights=False)[0])\n\n"
                "    def ffn(self, x):\n"
                "        B, N, D = x.shape\n"
                "        flat = x.reshape(B * N, D)\n"
                "        return self.dropout(self.linear2(self.dropout(torch.relu("
                "self.linear1(flat))))).reshape(B, N, D)\n\n"
                "    def forward(self, x, mask=None):\n"
                "        if self.norm_first:\n"
                "            x = x + self.attend(self.norm1(x), mask)\n"
                "            return x + self.ffn(self.norm2(x))\n"
                "        x = self.norm1(x + self.attend(x, mask))\n"
                "        return self.norm2(x + self.ffn(x))"
            )
        },
    ),
]

# Assignment 05's mistakes in the attention pasted into part 0: they cost assignment 05's parts,
# nothing here.
PASTED_FROM_05 = ("sdpa_softmax_over_queries", "mha_heads_strided", "mha_scaled_by_d_model")
RIGHT += [
    Case(f"pasted_{case.name}", case.answers)
    for case in assignment_05.WRONG
    if case.name in PASTED_FROM_05
]

# The issue-26 case: a correct multi-head attention with its own parameter names, q_proj, k_proj,
# v_proj and out_proj, as fairseq's MultiheadAttention and Hugging Face's BART attention name them.
# Assignment 05 asks for torch.nn.MultiheadAttention's names (and its check enforces them: that part
# is lost there), but the block here is judged around the attention it holds, so the same choice is
# not punished twice.
OWN_NAMES_ATTENTION = (
    "class MultiHeadSelfAttention(nn.Module):\n"
    "    def __init__(self, d_model, n_heads):\n"
    "        super().__init__()\n"
    "        if d_model % n_heads:\n"
    "            raise ValueError('d_model must be divisible by n_heads')\n"
    "        self.h, self.dh = n_heads, d_model // n_heads\n"
    "        self.q_proj, self.k_proj, self.v_proj = (nn.Linear(d_model, d_model) for _ "
    "in range(3))\n"
    "        self.out_proj = nn.Linear(d_model, d_model)\n\n"
    "    def forward(self, x, mask=None):\n"
    "        B, N, D = x.shape\n"
    "        split = lambda t: t.view(B, N, self.h, self.dh).transpose(1, 2)\n"
    "        q, k, v = split(self.q_proj(x)), split(self.k_proj(x)), split(self.v_proj(x))\n"
    "        keys = None if mask is None else mask[:, None, None, :]\n"
    "        out, weights = scaled_dot_product_attention(q, k, v, mask=keys)\n"
    "        return self.out_proj(out.transpose(1, 2).reshape(B, N, D)), weights"
)
RIGHT += [
    Case(
        "real_attention_with_its_own_parameter_names",
        {"MultiHeadSelfAttention": OWN_NAMES_ATTENTION},
    )
]

# Real-world mistakes (public threads named on each).
WRONG += [
    # torch.max(m, scores.max(-1, keepdim=True)): the inner max with dim= returns (values, indices),
    # a namedtuple (torch.max's documentation), where .values was meant.
    Case(
        "real_chunked_torch_max_of_a_namedtuple",
        edit(
            "chunked_attention",
            "torch.maximum(m, scores.amax(dim=-1, keepdim=True))",
            "torch.max(m, scores.max(dim=-1, keepdim=True))",
        ),
        "test_chunked_attention",
        "take .values",
        ("test_chunked_attention_memory",),
    ),
    # A default mask built with torch.ones on the default device when mask is None
    # (mlverse/torch#1473: the encoder layer's is_causal mask made by torch_ones failed on the GPU).
    Case(
        "real_block_default_mask_on_cpu",
        edit(
            BLOCK,
            "    def forward(self, x, mask=None):\n",
            "    def forward(self, x, mask=None):\n"
            "        if mask is None:\n            mask = "
            "torch.ones(x.shape[:2], dtype=torch.bool)\n",
        ),
        "test_encoder_block_device",
        "creates a tensor on the CPU",
    ),
]
