"""Checks of PerVectorClassifier and SequenceClassifier."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from autograder.checks.common import call, close, compare, fail, seeded
from autograder.checks.contracts import (
    ON_THE_INPUTS_DEVICE,
    Clause,
    built,
    contract,
    on_meta,
    passes,
)
from autograder.checks.devices import expect_on, on_each_device, run_on_meta
from autograder.checks.output_types.padding import HELPERS, _garbage_batch, _np
from autograder.messages import say
from autograder.reference import output_types as ref


def _build(cls, name: str, d_in: int, n_classes: int) -> nn.Module:
    __tracebackhide__ = True
    module = call(cls, d_in, n_classes, what=f"{name}({d_in}, {n_classes})")
    if not isinstance(module, nn.Module):
        fail(say("{name} must be a subclass of torch.nn.Module.", name=name))
    if not list(module.parameters()):
        fail(
            say(
                "{name}({d_in}, {n_classes}) has no parameters to train: use an nn.Linear.",
                name=name,
                d_in=d_in,
                n_classes=n_classes,
            )
        )
    return module.eval()


def _forward(module, args: tuple, what: str, device) -> torch.Tensor:
    __tracebackhide__ = True
    out = call(module, *args, what=what, helpers=HELPERS)
    if not isinstance(out, torch.Tensor):
        fail(
            say(
                "{what} must return a tensor of logits, but returned {out_type}.",
                what=what,
                out_type=type(out).__name__,
            )
        )
    expect_on((out,), device, what)
    return out.detach()


def _looks_like_probabilities(out: np.ndarray) -> bool:
    return bool(np.all(out >= 0) and np.all(out <= 1) and np.allclose(out.sum(-1), 1.0))


def _probabilities_hint(out: np.ndarray, what: str) -> None:
    __tracebackhide__ = True
    if _looks_like_probabilities(out):
        fail(
            say(
                "{what} returned probabilities (each row sums to 1); return the logits, the raw "
                "scores before any softmax: the cross-entropy applies the softmax itself.",
                what=what,
            ),
            mistake=say("returned probabilities"),
        )
    if np.all(out <= 0) and np.allclose(np.exp(out).sum(-1), 1.0):
        fail(
            say(
                "{what} returned log-probabilities (log_softmax: each row's exp sums to 1), as a "
                "model trained with nn.NLLLoss does; return the logits, the raw scores: "
                "F.cross_entropy applies log_softmax itself.",
                what=what,
            ),
            mistake=say("returned log-probabilities"),
        )


@contract(
    Clause(
        "an nn.Module",
        "PerVectorClassifier(d_in, n_classes) is an nn.Module with parameters.",
        built(lambda c: True),
    ),
    Clause("shape", "forward maps x (B, N, d_in) to logits (B, N, n_classes).", passes("x")),
    Clause(
        "each vector alone",
        "Every vector gets its label from that vector alone, with the same layer at "
        "every position.",
        passes("x", lambda x: x.shape[1] > 1),
    ),
    Clause("logits", "Return logits (raw scores), not probabilities.", passes("x")),
    Clause("other sizes", "Any d_in and n_classes.", built(lambda c: c.args[:2] != (4, 3))),
    Clause(
        "on any device",
        "The module runs unchanged on a GPU: new tensors on the input's device.",
        on_meta(),
    ),
)
def check_per_vector_classifier(cls) -> None:
    """Shape (B, N, n_classes), one vector at a time, on every device and on meta."""
    __tracebackhide__ = True
    on_each_device(_check_per_vector_classifier_on, cls)
    model, twin = _build(cls, "PerVectorClassifier", 4, 3), _build(cls, "PerVectorClassifier", 4, 3)
    x = torch.randn(2, 5, 4, generator=torch.Generator().manual_seed(seeded(32)))
    what = say("PerVectorClassifier(4, 3)(x) for x on another device than the CPU")
    result = run_on_meta(model.to("meta"), (x.to("meta"),), what, HELPERS, on_cpu=(twin, (x,)))
    expect_on((result,), "meta", what)


def _check_per_vector_classifier_on(cls, device) -> None:
    __tracebackhide__ = True
    for seed, (d_in, n_classes) in enumerate([(4, 3), (6, 5)]):
        torch.manual_seed(seeded(seed))
        model = _build(cls, "PerVectorClassifier", d_in, n_classes).to(device, torch.float64)
        sizes = [
            (m.in_features, m.out_features) for m in model.modules() if isinstance(m, nn.Linear)
        ]
        if sizes and all(i != d_in for i, _ in sizes):
            fail(
                say(
                    "PerVectorClassifier({d_in}, {n_classes}) holds {join}: build the layer from "
                    "the arguments, nn.Linear(d_in, n_classes), not from fixed sizes.",
                    d_in=d_in,
                    n_classes=n_classes,
                    join=", ".join(f"Linear({i}, {o})" for i, o in sizes),
                ),
                mistake=say("fixed layer sizes"),
            )
        g = torch.Generator().manual_seed(seeded(seed))
        x = torch.randn(2, 5, d_in, generator=g, dtype=torch.float64).to(device)
        what = say(
            "PerVectorClassifier({d_in}, {n_classes})(x) for x of shape (2, 5, {d_in})",
            d_in=d_in,
            n_classes=n_classes,
        )
        out = _forward(model, (x,), what, device)
        if tuple(out.shape) == (2, n_classes):
            fail(
                say(
                    "{what} returned shape (2, {n_classes}): one label per sequence. A per-vector "
                    "classifier gives every vector its own logits, shape (B, N, n_classes) = (2, "
                    "5, {n_classes}).",
                    what=what,
                    n_classes=n_classes,
                )
            )
        if tuple(out.shape) != (2, 5, n_classes):
            fail(
                say(
                    "{what} returned shape {shape}, expected (2, 5, {n_classes}).",
                    what=what,
                    shape=tuple(out.shape),
                    n_classes=n_classes,
                )
            )
        _probabilities_hint(_np(out), what)
        if close(_np(out[:, 1:]), _np(out[:, :1]).repeat(4, axis=1)):
            fail(
                say(
                    "{what} gives the same logits to every vector: use the vector itself.",
                    what=what,
                )
            )
        changed = x.clone()
        changed[:, 0] = torch.randn(2, d_in, generator=g, dtype=torch.float64).to(device)
        other = _forward(model, (changed,), what, device)
        alone = _forward(
            model,
            (x[:, 3:4],),
            f"PerVectorClassifier({d_in}, {n_classes})(x[:, 3:4])",
            device,
        )
        if not close(_np(other[:, 1:]), _np(out[:, 1:])) or not close(
            _np(alone[:, 0]), _np(out[:, 3])
        ):
            fail(
                say(
                    "{what}: the logits of one vector depend on the other vectors of its sequence. "
                    "A per-vector classifier labels each vector from that vector alone, with the "
                    "same layer at every position (nn.Linear works on the last axis of a (B, N, "
                    "d_in) tensor as it is).",
                    what=what,
                )
            )


def _single_linear(model: nn.Module, d_in: int, n_classes: int, name: str) -> nn.Linear:
    __tracebackhide__ = True
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    if len(linears) != 1 or (linears[0].in_features, linears[0].out_features) != (d_in, n_classes):
        found = ", ".join(f"Linear({m.in_features}, {m.out_features})" for m in linears) or say(
            "no nn.Linear"
        )
        fail(
            say(
                "{name}({d_in}, {n_classes}) is masked mean pooling followed by one "
                "nn.Linear({d_in}, {n_classes}); found {found}.",
                name=name,
                d_in=d_in,
                n_classes=n_classes,
                found=found,
            )
        )
    return linears[0]


def _sequence_mistakes(
    linear: nn.Linear, x: torch.Tensor, mask: torch.Tensor
) -> dict[str, np.ndarray]:
    xs, m = x.detach(), mask

    def head(pooled: torch.Tensor) -> np.ndarray:
        with torch.no_grad():
            return _np(linear(pooled))

    keep = m[..., None]
    real_max = torch.where(keep, xs, torch.full_like(xs, -torch.inf)).amax(1)
    last = xs[torch.arange(len(xs), device=xs.device), m.sum(1) - 1]
    return {
        say(
            "padding changed the result: the padded positions were counted in the mean. Pool with "
            "the masked mean (your masked_mean(x, mask))."
        ): head(xs.mean(1)),
        say(
            "padding changed the result: you divided by all N positions, padding included; divide "
            "by the number of real positions."
        ): head(torch.where(keep, xs, 0.0).sum(1) / xs.shape[1]),
        say(
            "the mask is reversed: you pooled the padded positions. mask is True at the "
            "real positions."
        ): head(ref.masked_mean(xs, ~m)),
        say("you pooled with a sum; the classifier averages the real vectors (masked mean)."): head(
            torch.where(keep, xs, 0.0).sum(1)
        ),
        say("you pooled with a max; the classifier averages the real vectors (masked mean)."): head(
            real_max
        ),
        say(
            "padding changed the result: you summed every position, padding included, then divided "
            "by the number of real positions. Zero the padding (or select the real vectors) before "
            "the sum."
        ): head(xs.sum(1) / m.sum(1, keepdim=True).to(xs.dtype)),
        say(
            "you classified the first vector only; pool (masked mean) over every real vector."
        ): head(xs[:, 0]),
        say(
            "you classified the last position only, which is padding in a short sequence; pool "
            "(masked mean) over every real vector."
        ): head(xs[:, -1]),
        say(
            "you classified the last real vector only; pool (masked mean) over every real vector."
        ): head(last),
    }


@contract(
    Clause(
        "one nn.Linear",
        "Masked mean pooling, then one nn.Linear(d_in, n_classes).",
        built(lambda c: True),
    ),
    Clause("shape", "Logits of shape (B, n_classes).", passes("x")),
    Clause(
        "masked mean",
        "Each sequence is pooled with the masked mean.",
        passes("mask", lambda m: (~m).any()),
    ),
    Clause("logits", "Return logits, not probabilities.", passes("x")),
)
def check_sequence_classifier(cls) -> None:
    """Masked mean then the learner's own linear layer; padding must not change the logits."""
    __tracebackhide__ = True
    on_each_device(_check_sequence_classifier_on, cls)


def _check_sequence_classifier_on(cls, device) -> None:
    __tracebackhide__ = True
    torch.manual_seed(seeded(0))
    model = _build(cls, "SequenceClassifier", 4, 3).to(device, torch.float64)
    linear = _single_linear(model, 4, 3, "SequenceClassifier")
    lengths = (6, 2, 4)
    x, mask = _garbage_batch(11, lengths, 4, device)
    what = say("SequenceClassifier(4, 3)(x, mask) for rows of lengths 6, 2 and 4")
    out = _forward(model, (x, mask), what, device)
    if tuple(out.shape) == (3, 6, 3):
        fail(
            say(
                "{what} returned shape (3, 6, 3): one label per vector. Pool the vectors of each "
                "sequence into one (masked mean) before the linear layer: the output is (B, "
                "n_classes) = (3, 3).",
                what=what,
            )
        )
    got = _np(out)
    _probabilities_hint(got, what)
    with torch.no_grad():
        expected = _np(linear(ref.masked_mean(x, mask)))
    compare(
        got,
        expected,
        what,
        _sequence_mistakes(linear, x, mask),
        say("\n(the padded positions hold values that must not change the result)"),
    )
    # each sequence alone, with no padding at all, gives the same logits
    for b, n in enumerate(lengths):
        alone = _forward(model, (x[b : b + 1, :n], mask[b : b + 1, :n]), what, device)
        compare(
            _np(alone)[0],
            got[b],
            say("SequenceClassifier(4, 3) on sequence {b} alone, without padding,", b=b),
        )


@contract(*ON_THE_INPUTS_DEVICE)
def check_sequence_classifier_device(cls) -> None:
    __tracebackhide__ = True
    model, twin = _build(cls, "SequenceClassifier", 4, 3), _build(cls, "SequenceClassifier", 4, 3)
    x, mask = _garbage_batch(33, (5, 3), 4, "cpu", torch.float32)
    what = say("SequenceClassifier(4, 3)(x, mask) for x on another device than the CPU")
    result = run_on_meta(
        model.to("meta"), (x.to("meta"), mask.to("meta")), what, HELPERS, on_cpu=(twin, (x, mask))
    )
    expect_on((result,), "meta", what)
