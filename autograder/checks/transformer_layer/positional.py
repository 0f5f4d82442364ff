"""Checks of the positional encoding and of the positional tagger trained on it."""

from __future__ import annotations

import numpy as np
import torch

from autograder import reference as ref
from autograder.checks.common import (
    GradingError,
    as_float_array,
    call,
    compare,
    fail,
    first_failing_part,
    held_out_tagging_accuracy,
    seeded,
    trained_model,
)
from autograder.checks.contracts import Clause, contract, passes, some
from autograder.checks.transformer_layer.attention import _np, check_scaled_dot_product_attention
from autograder.checks.transformer_layer.masks import check_attention_masks
from autograder.checks.transformer_layer.multi_head import check_multi_head_attention
from autograder.learner.transformer_layer import make_left_neighbour_tagging
from autograder.messages import say


def _pe_variants(n: int, d: int) -> dict[str, np.ndarray]:
    p = np.arange(n)[:, None]
    i = np.arange(d // 2)[None, :]
    j = np.arange(d)[None, :]

    def interleave(even, odd):
        pe = np.empty((n, d))
        pe[:, 0::2], pe[:, 1::2] = even, odd
        return pe

    angle = p / 10000 ** (2 * i / d)
    twice = p / 10000 ** (2 * (2 * i) / d)  # i taken from torch.arange(0, d, 2), then doubled again
    return {
        say(
            "with i = range(0, d, 2) the sine's exponent 2 * i / d is doubled (i is already the "
            "even column index) and the cosine's 2 * (i + 1) / d gives it another frequency than "
            "its sine: columns i and i + 1 share one frequency, 1 / 10000 ** (i / d)."
        ): interleave(np.sin(twice), np.cos(p / 10000 ** (2 * (2 * i + 1) / d))),
        say(
            "the exponent is doubled: with i = torch.arange(0, d, 2), i already IS the even column "
            "index 2i, so 10000 ** (2 * i / d) uses 4i/d. Use 10000 ** (i / d) with that i (or "
            "2i/d with the pair index torch.arange(d // 2))."
        ): interleave(np.sin(twice), np.cos(twice)),
        say(
            "sin and cos are swapped: even columns 2i take sin, odd columns 2i+1 take cos."
        ): interleave(np.cos(angle), np.sin(angle)),
        say(
            "the frequency exponent is wrong: use 10000^(2i/d) where i is the pair index (columns "
            "2i and 2i+1 share one frequency), not 10000^(i/d)."
        ): interleave(np.sin(p / 10000 ** (i / d)), np.cos(p / 10000 ** (i / d))),
        say(
            "the frequency exponent is wrong: columns 2i and 2i+1 share ONE frequency, "
            "1/10000^(2i/d); you used each column's own index j in 10000^(j/d)."
        ): np.where(j % 2 == 0, np.sin(p / 10000 ** (j / d)), np.cos(p / 10000 ** (j / d))),
        say(
            "the frequency exponent is wrong: you used 10000^(2j/d) with j the column index; the "
            "exponent is 2i/d with i = j // 2 (the pair index)."
        ): np.where(j % 2 == 0, np.sin(p / 10000 ** (2 * j / d)), np.cos(p / 10000 ** (2 * j / d))),
        say(
            "the position is multiplied by 10000^(2i/d); it must be divided: sin(p / 10000^(2i/d))."
        ): interleave(np.sin(p * 10000 ** (2 * i / d)), np.cos(p * 10000 ** (2 * i / d))),
        say(
            "the sines and cosines are in two halves; they must alternate: column 2i is a sine, "
            "column 2i+1 the cosine of the same angle."
        ): np.concatenate([np.sin(angle), np.cos(angle)], axis=1),
        say(
            "positions start at 1; the first position is p = 0 (its encoding is [0, 1, 0, 1, ...])."
        ): interleave(
            np.sin((p + 1) / 10000 ** (2 * i / d)), np.cos((p + 1) / 10000 ** (2 * i / d))
        ),
    }


@contract(
    Clause("a float tensor", "Return a float tensor (torch), not a NumPy array.", passes("n")),
    Clause("sin and cos", "PE[p, 2i] = sin(...), PE[p, 2i + 1] = cos(...).", passes("d")),
    Clause(
        "one frequency per pair",
        "Columns 2i and 2i + 1 share one frequency, 1 / 10000^(2i/d).",
        passes("d", lambda d: d >= 8),
    ),
    Clause("divided", "p / 10000^(2i/d): the position divided.", passes("n", lambda n: n > 1)),
    Clause("from 0", "Positions p = 0, ..., n - 1.", passes("n")),
    Clause(
        "shape (n, d)",
        "Shape (n, d): one row per position.",
        some(lambda c: c.arguments["n"] != c.arguments["d"]),
    ),
)
def check_positional_encoding(fn) -> None:
    __tracebackhide__ = True
    for n, d in ((12, 8), (7, 16), (50, 6)):
        what = f"sinusoidal_positional_encoding({n}, {d})"
        raw = call(fn, n, d, what=what)
        if not isinstance(raw, torch.Tensor) or not raw.is_floating_point():
            kind = (
                say("a tensor of {dtype}", dtype=raw.dtype)
                if isinstance(raw, torch.Tensor)
                else f"a {type(raw).__module__}.{type(raw).__name__}".removeprefix("builtins.")
            )
            fail(
                say(
                    "{what} returned {kind}; the task asks for a float tensor: build it with torch "
                    "operations, or convert at the end with torch.as_tensor(pe, "
                    "dtype=torch.float32). The model adds it to its embeddings, which are torch "
                    "tensors.",
                    what=what,
                    kind=kind,
                ),
                mistake=say("not a float tensor"),
            )
        got = as_float_array(raw, what)
        expected = _np(ref.sinusoidal_positional_encoding(n, d, dtype=torch.float64))
        compare(
            got,
            expected,
            what,
            {
                **_pe_variants(n, d),
                say(
                    "the result is transposed, (d, n); one row per position: shape (n, d)."
                ): expected.T,
            },
            rtol=1e-5,
            atol=1e-5,
        )


# ------------------------------------------------------------------------------------------- part 6


@contract(
    Clause(
        "forward(tokens, mask)",
        "An nn.Module whose forward(tokens, mask) maps token ids and the mask to logits.",
        passes("tokens"),
    ),
    Clause(
        "95% on fresh sequences",
        "At least 95% test accuracy, judged on fresh sequences.",
        passes("tokens", lambda t: t.shape[0] >= 100),
    ),
)
def check_positional_tagger(model, min_accuracy: float = 0.95, seed: int = 12345) -> None:
    """The trained tagger reaches ``min_accuracy`` on fresh held-out data of the
    left-neighbour task."""
    __tracebackhide__ = True
    params = trained_model(
        model, "tagger", "PositionalTagger", say("`tagger` must have forward(tokens, mask).")
    )
    upstream = lambda: first_failing_part(  # noqa: E731 (run only when the tagger fails)
        model,
        [
            (
                say("part 1 (scaled_dot_product_attention)"),
                "scaled_dot_product_attention",
                check_scaled_dot_product_attention,
            ),
            (
                say("part 1 (scaled_dot_product_attention with masks)"),
                "scaled_dot_product_attention",
                check_attention_masks,
            ),
            (
                say("part 2 (MultiHeadSelfAttention)"),
                "MultiHeadSelfAttention",
                check_multi_head_attention,
            ),
            (
                say("part 3 (sinusoidal_positional_encoding)"),
                "sinusoidal_positional_encoding",
                check_positional_encoding,
            ),
        ],
    )
    try:
        acc = held_out_tagging_accuracy(
            model, make_left_neighbour_tagging(1000, seed=seeded(seed)), params
        )
    except GradingError as exc:
        fail(f"{exc} {upstream() or ''}".strip())
    if not acc >= min_accuracy:
        advice = upstream() or (
            say(
                "Near 33% means it cannot see positions: add sinusoidal_positional_encoding(N, "
                "d_model) to the embeddings before the attention layer (and "
                "keep the residual connections)."
            )
        )
        fail(
            say(
                "your tagger tags {acc:.1%} of held-out cards correctly; it needs at least "
                "{min_accuracy:.0%}. {advice}",
                acc=acc,
                min_accuracy=min_accuracy,
                advice=advice,
            )
        )
    # Returns nothing on purpose: nbgrader would read a returned number as partial credit.
