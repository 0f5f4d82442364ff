"""Mutants of the transformer_block solutions (see tests/mutants/__init__.py): one per
contract clause."""

from . import Mutant

SCORES = "        scores = q @ k[..., start : start + chunk_size, :].transpose(-2, -1)\n"
RESCALE = "        rescale = torch.exp(m - m_new)\n"
ATTENTION = "            return self.dropout1(self.self_attn(h, mask)[0])\n"
FFN = (
    "            h = self.dropout(torch.relu(self.linear1(h)))\n"
    "            return self.dropout2(self.linear2(h))\n"
)
POST = "        x = self.norm1(x + attention(x))\n        return self.norm2(x + feed_forward(x))"
PRE = "            x = x + attention(self.norm1(x))\n"
FORWARD = "    def forward(self, x, mask=None):\n"

MUTANTS = [
    # chunked_attention
    Mutant(
        "test_chunked_attention",
        "exact",
        "divide the running output by the running sum l",
        (("    return acc / l", "    return acc"),),
    ),
    Mutant(
        "test_chunked_attention",
        "rescaled",
        "earlier partial sums are not rescaled",
        ((RESCALE, "        rescale = torch.ones_like(m)\n"),),
    ),
    Mutant(
        "test_chunked_attention",
        "scaled",
        "the scores are not scaled",
        (("    q = q / math.sqrt(q.shape[-1])\n", ""),),
    ),
    Mutant(
        "test_chunked_attention",
        "a shorter last chunk",
        "the last chunk is missing",
        (
            (
                "range(0, k.shape[-2], chunk_size)",
                "range(0, k.shape[-2] - chunk_size + 1, chunk_size)",
            ),
        ),
    ),
    Mutant(
        "test_chunked_attention",
        "large scores",
        "exp of a large score overflows",
        (
            (
                "        m_new = torch.maximum(m, scores.amax(dim=-1, keepdim=True))\n",
                "        m_new = torch.zeros_like(m)\n",
            ),
        ),
    ),
    Mutant(
        "test_chunked_attention",
        "out only",
        "must return the output tensor only",
        (("    return acc / l", "    return acc / l, l"),),
        also_lost=("test_chunked_attention_memory",),
    ),
    Mutant(
        "test_chunked_attention_memory",
        "no N x N matrix",
        "the N x N matrix the chunked version exists to avoid",
        (
            (
                "    q = q / math.sqrt(q.shape[-1])\n",
                "    q = q / math.sqrt(q.shape[-1])\n    everything = q @ k.transpose(-2, -1)\n",
            ),
        ),
    ),
    # TransformerEncoderBlock
    Mutant(
        "test_encoder_block",
        "post-norm",
        "norm_first=False asks for post-norm",
        (
            (
                POST,
                "        x = x + attention(self.norm1(x))\n        return x "
                "+ feed_forward(self.norm2(x))",
            ),
        ),
    ),
    Mutant(
        "test_encoder_block",
        "pre-norm",
        "in pre-norm the residual path carries the un-normalised x",
        (
            (PRE, "            x = self.norm1(x) + attention(self.norm1(x))\n"),
            (
                "            return x + feed_forward(self.norm2(x))",
                "            return self.norm2(x) + feed_forward(self.norm2(x))",
            ),
        ),
    ),
    Mutant(
        "test_encoder_block",
        "residuals",
        "the residual connection around self-attention is missing",
        (
            (
                POST,
                "        x = self.norm1(attention(x))\n        return self.norm2(x "
                "+ feed_forward(x))",
            ),
        ),
    ),
    Mutant(
        "test_encoder_block",
        "position-wise ffn",
        "the feed-forward network has no ReLU",
        ((FFN, "            return self.dropout2(self.linear2(self.dropout(self.linear1(h))))\n"),),
    ),
    Mutant(
        "test_encoder_block",
        "position-wise ffn",
        "the feed-forward network mixes positions",
        ((FFN, "            h = h + h.mean(1, keepdim=True)\n" + FFN),),
    ),
    Mutant(
        "test_encoder_block",
        "padding mask",
        "the padding mask does not reach self-attention",
        ((ATTENTION, "            return self.dropout1(self.self_attn(h)[0])\n"),),
    ),
    Mutant(
        "test_encoder_block",
        "no mask",
        "its default",
        ((ATTENTION, "            return self.dropout1(self.self_attn(h, ~~mask)[0])\n"),),
        also_lost=("test_encoder_block_device",),
    ),
    Mutant(
        "test_encoder_block",
        "dropout off in eval",
        "dropout is active in eval mode",
        (
            (
                ATTENTION,
                "            return nn.functional.dropout(self.self_attn(h, mask)[0], "
                "0.3, training=True)\n",
            ),
        ),
    ),
    Mutant(
        "test_encoder_block",
        "dropout in training",
        "dropout is missing",
        (
            (
                "        self.dropout = nn.Dropout(dropout)\n        self.dropout1 "
                "= nn.Dropout(dropout)\n"
                "        self.dropout2 = nn.Dropout(dropout)\n",
                "        self.dropout = self.dropout1 = self.dropout2 = nn.Dropout(0.0)\n",
            ),
        ),
    ),
    Mutant(
        "test_encoder_block_device",
        "new tensors on the device",
        "creates a tensor on the CPU",
        (
            (
                FORWARD,
                FORWARD + "        if mask is not None:\n"
                "            mask = mask & torch.ones(mask.shape, dtype=torch.bool)\n",
            ),
        ),
    ),
    # the first example, on the block: a default mask built on the CPU when mask=None
    Mutant(
        "test_encoder_block_device",
        "no mask",
        "creates a tensor on the CPU",
        (
            (
                FORWARD,
                FORWARD + "        if mask is None:\n"
                "            mask = torch.ones(x.shape[:2], dtype=torch.bool)\n",
            ),
        ),
    ),
    Mutant(
        "test_encoder_block_device",
        "no CPU moves",
        "moves a tensor to the CPU",
        ((FORWARD, FORWARD + "        x = x.cpu().to(x.device)\n"),),
    ),
]
