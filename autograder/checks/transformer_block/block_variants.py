"""The encoder block's weights, and what a block with each mistake returns."""

from __future__ import annotations

import torch
from torch import nn

from autograder.checks.common import call, fail
from autograder.messages import say


def _block_layout(d_model: int, d_ff: int) -> dict[str, tuple[int, ...]]:
    """The parameters of ``torch.nn.TransformerEncoderLayer`` by name and shape: the block must have
    them all."""
    return {
        "self_attn.in_proj_weight": (3 * d_model, d_model),
        "self_attn.in_proj_bias": (3 * d_model,),
        "self_attn.out_proj.weight": (d_model, d_model),
        "self_attn.out_proj.bias": (d_model,),
        "linear1.weight": (d_ff, d_model),
        "linear1.bias": (d_ff,),
        "linear2.weight": (d_model, d_ff),
        "linear2.bias": (d_model,),
        "norm1.weight": (d_model,),
        "norm1.bias": (d_model,),
        "norm2.weight": (d_model,),
        "norm2.bias": (d_model,),
    }


def _build_block(
    cls, d_model: int, n_heads: int, d_ff: int, dropout: float, norm_first: bool, device
):
    """The learner's block in eval mode and float64 on ``device``, after checking the names of the
    parts the task names (linear1, linear2, norm1, norm2 and a self_attn). Returns the block, what
    it is called, and whether its attention has torch.nn.MultiheadAttention's parameters (else the
    block is judged around that attention as it is: the learner's attention of assignment 05 may
    name its own parameters, and costs nothing here)."""
    __tracebackhide__ = True
    what = (
        f"TransformerEncoderBlock({d_model}, {n_heads}, d_ff={d_ff}, "
        f"dropout={dropout}, norm_first={norm_first})"
    )
    block = call(
        cls, d_model, n_heads, what=what, d_ff=d_ff, dropout=dropout, norm_first=norm_first
    )
    if not isinstance(block, nn.Module):
        fail(say("TransformerEncoderBlock must be a subclass of torch.nn.Module."))
    if not isinstance(getattr(block, "self_attn", None), nn.Module):
        fail(
            say(
                "{what} has no `self_attn` module: self.self_attn = "
                "MultiHeadSelfAttention(d_model, n_heads), "
                "your multi-head attention of part 0 (or nn.MultiheadAttention(d_model, n_heads, "
                "batch_first=True)).",
                what=what,
            )
        )
    found = {name: tuple(p.shape) for name, p in block.named_parameters()}
    for name, shape in _block_layout(d_model, d_ff).items():
        if name.startswith("self_attn."):
            continue
        if name not in found:
            fail(
                say(
                    "{what} has no parameter `{name}`. Name the parts as "
                    "torch.nn.TransformerEncoderLayer does, so that its weights load into yours: "
                    "self.linear1 = nn.Linear(d_model, d_ff), self.linear2 = nn.Linear(d_ff, "
                    "d_model), self.norm1 = nn.LayerNorm(d_model), self.norm2 = "
                    "nn.LayerNorm(d_model).",
                    what=what,
                    name=name,
                )
            )
        if found[name] != shape:
            fail(
                say(
                    "{what}: `{name}` should have shape {shape}, found {found}.",
                    what=what,
                    name=name,
                    shape=shape,
                    found=found[name],
                )
            )
    torch_layout = all(
        found.get(name) == shape for name, shape in _block_layout(d_model, d_ff).items()
    )
    block = block.to(device, torch.float64)
    block.eval()
    return block, what, torch_layout


def _block_weights(d_model: int, d_ff: int, seed: int) -> dict[str, torch.Tensor]:
    """Seeded weights with non-trivial biases and norm gains, so that every parameter's
    place shows."""
    g = torch.Generator().manual_seed(seed)
    weights = {}
    for name, shape in _block_layout(d_model, d_ff).items():
        noise = torch.randn(shape, generator=g, dtype=torch.float64)
        if name.startswith("norm") and name.endswith("weight"):
            weights[name] = 1 + 0.3 * noise
        else:
            weights[name] = noise * (shape[-1] ** -0.5 if len(shape) == 2 else 0.3)
    return weights


def _block_variant(
    w: dict, x, mask, attend, norm_first: bool, mistake: str | None = None
) -> torch.Tensor:
    """What a block with one ``mistake`` returns in eval mode; ``attend(h, m)`` is the
    attention's output."""

    def norm(h, i):
        return nn.functional.layer_norm(
            h, h.shape[-1:], w[f"norm{i}.weight"], w[f"norm{i}.bias"], 1e-5
        )

    def ffn(h):
        inner = nn.functional.linear(h, w["linear1.weight"], w["linear1.bias"])
        return nn.functional.linear(
            inner if mistake == "no_relu" else torch.relu(inner),
            w["linear2.weight"],
            w["linear2.bias"],
        )

    m = {"mask_inverted": None if mask is None else ~mask, "mask_ignored": None}.get(mistake, mask)
    pre = norm_first != (mistake == "norm_order_swapped")

    def sublayer(h, f, i, residual: bool):
        keep = h if residual else 0
        if mistake == "norm_inside":
            return keep + norm(f(h), i)
        if not pre:
            return norm(keep + f(h), i)
        normed = norm(h, i)
        return (normed if mistake == "residual_from_normed" and residual else keep) + f(normed)

    h = sublayer(x, lambda h: attend(h, m), 1, mistake != "no_attn_residual")
    return sublayer(h, ffn, 2, mistake != "no_ffn_residual")


def _block_mistakes(norm_first: bool, masked: bool) -> dict[str, str]:
    """Mistake name -> what the learner reads, for the mistakes that can show in this case."""
    order = (
        say(
            "norm_first=True asks for pre-norm, but the block normalises after each residual sum "
            "(post-norm). Pre-norm normalises each sublayer's input and leaves the sum alone: x = "
            "x + sublayer(norm(x))."
        )
        if norm_first
        else say(
            "norm_first=False asks for post-norm (the original Transformer), but the block "
            "normalises each sublayer's input (pre-norm). Post-norm normalises the residual sum: x "
            "= norm(x + sublayer(x))."
        )
    )
    mistakes = {
        "no_attn_residual": say(
            "the residual connection around self-attention is missing: add the attention's "
            "output to its input (post-norm: norm1(x + attention(x)); "
            "pre-norm: x + attention(norm1(x)))."
        ),
        "no_ffn_residual": say(
            "the residual connection around the feed-forward network is missing: add its output "
            "to its input (post-norm: norm2(x + ffn(x)); pre-norm: x "
            "+ ffn(norm2(x)))."
        ),
        "norm_order_swapped": say("the layer norm is in the wrong place: {order}", order=order),
        "norm_inside": say(
            "the layer norm is in the wrong place: it normalises the sublayer's output before the "
            "residual sum, x + norm(sublayer(x)). Post-norm normalises the sum, "
            "norm(x + sublayer(x)); pre-norm the sublayer's input, x "
            "+ sublayer(norm(x))."
        ),
        "no_relu": say(
            "the feed-forward network has no ReLU between its linear "
            "layers: linear2(relu(linear1(x)))."
        ),
    }
    if norm_first:
        mistakes["residual_from_normed"] = say(
            "the layer norm is in the wrong place: in pre-norm the residual path carries the "
            "un-normalised x past the sublayer, x = x + sublayer(norm(x)), not norm(x) + "
            "sublayer(norm(x))."
        )
    if masked:
        mistakes["mask_inverted"] = say(
            "the padding mask is used the wrong way round: the course's mask is True at REAL "
            "positions and your MultiHeadSelfAttention takes it as it is, self.self_attn(x, mask). "
            "(~mask is PyTorch's src_key_padding_mask, True where a key is to be ignored.)"
        )
        mistakes["mask_ignored"] = say(
            "the padding mask does not reach self-attention, so padded positions change the "
            "outputs at real positions: pass it on, self.self_attn(x, mask)."
        )
    return mistakes
