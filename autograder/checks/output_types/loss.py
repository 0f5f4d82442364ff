"""Checks of masked_cross_entropy: the loss over the real positions only."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from autograder.checks.common import as_float_array, call, compare, fail, hints, seeded
from autograder.checks.contracts import (
    ON_THE_INPUTS_DEVICE,
    Clause,
    contract,
    passes,
    some,
)
from autograder.checks.devices import expect_on, on_each_device, run_on_meta
from autograder.checks.output_types.padding import _lengths_mask, _np
from autograder.messages import say, template
from autograder.reference import output_types as ref


def _loss_mistakes(
    logits: torch.Tensor, labels: torch.Tensor, mask: torch.Tensor
) -> dict[str, float]:
    ce = nn.functional.cross_entropy
    z = logits.detach()
    per = ce(z.transpose(1, 2), labels, reduction="none")  # (B, N)
    m = mask.double()
    real = (per * m).sum()
    picked = z.gather(-1, labels[..., None])[..., 0]
    return {
        say(
            "the loss is averaged over the padded positions too: they are not real, so they must "
            "not count. Average over the positions where mask is True."
        ): float(per.mean()),
        say(
            "you zeroed the padded losses but divided by all B * N positions, padding included; "
            "divide by the number of real positions, mask.sum()."
        ): float(real / per.numel()),
        say("you returned the sum over the real positions; the loss is their mean."): float(real),
        say(
            "you averaged each sequence, then the sequences, so a position of a short sequence "
            "weighs more; every real position must count once: the sum over real positions divided "
            "by their number."
        ): float(((per * m).sum(1) / m.sum(1)).mean()),
        say("the mask is reversed: you averaged the loss over the padded positions only."): float(
            (per * (1 - m)).sum() / (1 - m).sum()
        ),
        say(
            "the softmax was applied twice: cross_entropy takes raw logits and applies the "
            "softmax itself."
        ): float(ce(torch.softmax(z, -1)[mask], labels[mask])),
        say(
            "the raw logits are not log-probabilities: use F.cross_entropy, or log_softmax before "
            "picking the label's entry."
        ): float(-picked[mask].mean()),
        **{
            say(
                "you left out the positions labelled {c} (ignore_index={c}) instead of the padded "
                "ones: here padded positions hold real class ids, and real positions of that class "
                "must count. Leave out the positions where mask is False "
                "(labels.masked_fill(~mask, -100) with ignore_index=-100, or logits[mask]).",
                c=c,
            ): float(per[labels != c].mean())
            for c in (0,)
        },
    }


LOSS_HINTS = {
    "Expected target size": (
        template(
            "F.cross_entropy wants the classes on dim 1: for logits (B, N, C), pass "
            "logits.transpose(1, 2), or flatten to (B * N, C) and labels to (B * N,) (then leave "
            "the padded positions out)."
        )
    )
}


def _loss_problem(seed: int, device, dtype=torch.float64):
    g = torch.Generator().manual_seed(seeded(seed))
    lengths = (5, 2, 3)
    logits = torch.randn(3, 5, 4, generator=g, dtype=torch.float64).to(device, dtype)
    # padded positions hold real class ids too
    labels = torch.randint(0, 4, (3, 5), generator=g).to(device)
    return logits, labels, _lengths_mask(lengths, 5, device)


@contract(
    Clause(
        "mean over real positions",
        "The mean cross-entropy over the real positions: each counts once, the padding not at all.",
        passes("mask", lambda m: (~m).any()),
    ),
    Clause(
        "labels at the padding",
        "The labels at padded positions may hold any class id (0 included).",
        some(lambda c: (c.arguments["labels"][~c.arguments["mask"]] == 0).any()),
    ),
    Clause("a scalar tensor", "Return a scalar tensor ...", passes("logits")),
    Clause(
        "trainable",
        "... that loss.backward() can train with (connected to the logits).",
        passes("logits", lambda t: t.requires_grad),
    ),
    Clause("logits in", "The inputs are raw logits (B, N, C).", passes("logits")),
)
def check_masked_cross_entropy(fn) -> None:
    __tracebackhide__ = True
    on_each_device(_check_masked_cross_entropy_on, fn)


def _check_masked_cross_entropy_on(fn, device) -> None:
    __tracebackhide__ = True
    for seed, dtype in enumerate((torch.float64, torch.float32)):
        logits, labels, mask = _loss_problem(seed, device, dtype)
        logits.requires_grad_(True)
        what = say("masked_cross_entropy(logits, labels, mask) for rows of lengths 5, 2 and 3")
        with hints(LOSS_HINTS):
            loss, backward = call(fn, logits, labels, mask, what=what, watch="grads")
        if not isinstance(loss, torch.Tensor):
            fail(
                say(
                    "{what} returned {loss_type}; return a torch tensor (a scalar) connected to "
                    "the logits, so that loss.backward() can train the model (no .item(), no "
                    "NumPy).",
                    what=what,
                    loss_type=type(loss).__name__,
                )
            )
        if loss.numel() != 1:
            fail(
                say(
                    "{what} returned shape {shape}; the loss is one number, the mean over the real "
                    "positions.",
                    what=what,
                    shape=tuple(loss.shape),
                )
            )
        expect_on((loss,), device, what)
        mistakes = {m: np.array(v) for m, v in _loss_mistakes(logits, labels, mask).items()}
        expected = ref.masked_cross_entropy(logits.detach(), labels, mask)
        compare(
            as_float_array(loss, what).reshape(()),
            _np(expected).reshape(()),
            what,
            mistakes,
            say("\n(padded positions hold labels too; they must not count)"),
            rtol=1e-4,
            atol=1e-5,
        )
        if not loss.requires_grad:
            fail(
                say(
                    "{what} is not connected to the logits (it has no gradient): keep it a tensor "
                    "computed from them with torch operations, so that loss.backward() reaches the "
                    "model.",
                    what=what,
                )
            )
        if "error" in backward:
            fail(
                say(
                    "loss.backward() on the result of {what} raised {backward}",
                    what=what,
                    backward=backward["error"],
                )
            )
        grad = (backward["grads"] or [None])[0]
        if grad is None or bool(grad[~mask].abs().gt(0).any()):
            fail(
                say(
                    "{what}: the gradient reaches padded positions; padding must not "
                    "influence training.",
                    what=what,
                )
            )


@contract(*ON_THE_INPUTS_DEVICE)
def check_masked_cross_entropy_device(fn) -> None:
    __tracebackhide__ = True
    logits, labels, mask = _loss_problem(34, "cpu", torch.float32)
    what = say(
        "masked_cross_entropy(logits, labels, mask) for tensors on another device than the CPU"
    )
    result = run_on_meta(
        fn,
        tuple(t.to("meta") for t in (logits, labels, mask)),
        what,
        on_cpu=(fn, (logits, labels, mask)),
    )
    expect_on((result,), "meta", what)
