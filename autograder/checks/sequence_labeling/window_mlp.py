"""Checks of WindowMLP: values on every device, vectorised, and device-agnostic."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from autograder.checks.common import as_float_array, call, fail, hints, rng, seeded
from autograder.checks.contracts import Clause, built, contract, on_meta, passes, some
from autograder.checks.devices import expect_on, on_each_device, run_on_meta
from autograder.checks.sequence_labeling.windows import (
    HELPERS,
    SLICE_HINTS,
    _compare,
    window_mistakes,
)
from autograder.messages import say
from autograder.reference import sequence_labeling as ref


def _make_window_mlp(cls, d_in: int, k: int, hidden: int, n_classes: int) -> nn.Module:
    __tracebackhide__ = True
    module = call(
        cls, d_in, k, hidden, n_classes, what=(f"WindowMLP({d_in}, {k}, {hidden}, {n_classes})")
    )
    if not isinstance(module, nn.Module):
        fail(say("WindowMLP must be a subclass of torch.nn.Module."))
    return module


def _build_window_mlp(cls, d_in: int, k: int, hidden: int, n_classes: int):
    """Build the learner's module and find its two layers; returns (module, first, second)."""
    __tracebackhide__ = True
    what = f"WindowMLP({d_in}, {k}, {hidden}, {n_classes})"
    module = _make_window_mlp(cls, d_in, k, hidden, n_classes)
    linears = [m for m in module.modules() if isinstance(m, nn.Linear)]
    width = (2 * k + 1) * d_in
    first = [m for m in linears if m.in_features == width and m.out_features == hidden]
    second = [m for m in linears if m.in_features == hidden and m.out_features == n_classes]
    if len(linears) != 2 or len(first) != 1 or len(second) != 1:
        found = ", ".join(f"Linear({m.in_features}, {m.out_features})" for m in linears) or say(
            "no nn.Linear"
        )
        hint = ""
        if any(m.in_features in (2 * k * d_in, (2 * k + 2) * d_in) for m in linears):
            hint = say(
                " Off by one: the window holds 2k + 1 vectors (k on each side plus the centre)."
            )
        elif any(m.in_features == d_in for m in linears):
            hint = say(
                " The first layer must take the whole window, (2k + 1) * d_in features, not one "
                "vector."
            )
        fail(
            say(
                "{what} should hold exactly two layers, nn.Linear({width}, {hidden}) and "
                "nn.Linear({hidden}, {n_classes}) with a ReLU between them; found {found}.{hint}",
                what=what,
                width=width,
                hidden=hidden,
                n_classes=n_classes,
                found=found,
                hint=hint,
            )
        )
    first, second = first[0], second[0]
    if first.bias is None or second.bias is None:
        fail(
            say(
                "{what}: the biases are left out; keep nn.Linear's default bias=True in "
                "both layers.",
                what=what,
            )
        )
    return module, first, second


def _numpy_mlp(
    first: nn.Linear, second: nn.Linear, windows: np.ndarray, relu: bool = True
) -> np.ndarray:
    w1, b1, w2, b2 = (
        t.detach().cpu().double().numpy()
        for t in (first.weight, first.bias, second.weight, second.bias)
    )
    h = windows @ w1.T + b1
    return (np.maximum(h, 0.0) if relu else h) @ w2.T + b2


def _module_mistakes(first, second, x: np.ndarray, k: int) -> list[tuple[str, np.ndarray]]:
    """What a WindowMLP with each mistake returns for the batch x (B, N, d)."""
    b, n, d = x.shape
    mistakes = [
        (m, _numpy_mlp(first, second, w))
        for m, w in window_mistakes(x, k)
        if w.shape[-1] == first.in_features
    ]  # the others cannot be fed to this layer
    batch_axis = ref.context_windows(x.transpose(1, 0, 2), k).transpose(1, 0, 2)
    flat = ref.context_windows(x.reshape(b * n, d), k).reshape(b, n, -1)
    mistakes += [
        (
            say(
                "the windows run along the batch axis (dim 0): x is (B, N, d_in), so the "
                "neighbours of position i are x[:, i - k], ..., x[:, i + k], on dim 1."
            ),
            _numpy_mlp(first, second, batch_axis),
        ),
        (
            say(
                "the windows leak from one sequence of the batch into the next: pad each sequence "
                "on its own (the sequence axis is dim 1), e.g. nn.functional.pad(x, (0, 0, k, k))."
            ),
            _numpy_mlp(first, second, flat),
        ),
        (
            say("the ReLU between the two layers is missing."),
            _numpy_mlp(first, second, ref.context_windows(x, k), relu=False),
        ),
    ]
    logits = _numpy_mlp(first, second, ref.context_windows(x, k))
    shifted = logits - logits.max(-1, keepdims=True)
    mistakes += [
        (
            say(
                "you returned probabilities (a softmax at the end); return the logits: the "
                "cross-entropy of training applies the softmax itself."
            ),
            np.exp(shifted) / np.exp(shifted).sum(-1, keepdims=True),
        ),
        (
            say(
                "you returned log-probabilities (log_softmax, for nn.NLLLoss); return the logits: "
                "F.cross_entropy applies log_softmax itself."
            ),
            shifted - np.log(np.exp(shifted).sum(-1, keepdims=True)),
        ),
    ]
    return mistakes


def _batch(seed: int, b: int = 3, n: int = 6, d: int = 4) -> np.ndarray:
    return rng(seed).normal(size=(b, n, d))


@contract(
    Clause(
        "two layers",
        "Exactly two layers, Linear((2k + 1) * d_in, hidden) and Linear(hidden, n_classes), biases "
        "kept.",
        built(lambda c: True),
    ),
    Clause("ReLU", "A ReLU between them.", passes("x")),
    Clause(
        "windows on dim 1",
        "The windows run along the sequence axis, dim 1, of x (B, N, d_in).",
        passes("x", lambda x: x.shape[0] > 1 and x.shape[0] != x.shape[1]),
    ),
    Clause(
        "each sequence on its own",
        "Zero vectors beyond both ends of each sequence, never vectors of a neighbouring sequence.",
        passes("x", lambda x: x.shape[0] > 1),
    ),
    Clause("zero vectors", "Zero vectors beyond the ends.", passes("x")),
    Clause("k = 0", "Any k, 0 included.", built(lambda c: c.args[1] == 0)),
    Clause("logits", "Return logits (B, N, n_classes).", passes("x")),
    Clause(
        "torch only",
        "Torch operations only, so that gradients flow back to the input.",
        passes("x", lambda x: x.requires_grad),
    ),
)
def check_window_mlp(cls) -> None:
    """Logits of a batch agree with the reference, on the CPU and on CUDA when present; gradients
    reach x."""
    __tracebackhide__ = True
    on_each_device(_check_window_mlp_on, cls)


def _check_window_mlp_on(cls, device: torch.device) -> None:
    __tracebackhide__ = True
    for seed, (d_in, k, hidden, n_classes) in enumerate([(4, 2, 8, 3), (3, 1, 5, 2), (4, 0, 6, 3)]):
        torch.manual_seed(seeded(seed))
        module, first, second = _build_window_mlp(cls, d_in, k, hidden, n_classes)
        module = module.to(device, torch.float64)
        x_np = _batch(seed, d=d_in)
        x = torch.tensor(x_np, device=device, requires_grad=True)
        what = say(
            "WindowMLP({d_in}, {k}, {hidden}, {n_classes})(x) for x of shape {shape}",
            d_in=d_in,
            k=k,
            hidden=hidden,
            n_classes=n_classes,
            shape=tuple(x.shape),
        )
        with hints(SLICE_HINTS):
            out, backward = call(module.forward, x, what=what, helpers=HELPERS, watch="grads")
        if not isinstance(out, torch.Tensor):
            fail(
                say(
                    "{what} must return a torch tensor of logits, found {out_type}.",
                    what=what,
                    out_type=type(out).__name__,
                )
            )
        if out.device != x.device:
            fail(
                say(
                    "{what} returned a tensor on {device} for an input on {device2}: keep "
                    "everything on the device of the input.",
                    what=what,
                    device=out.device,
                    device2=x.device,
                )
            )
        got = as_float_array(out, what)
        if k == 0 and got.ndim == 3 and got.shape[1] == 0:
            fail(
                say(
                    "{what} returned shape {shape}, no positions: with k = 0, x[:, k:-k] is x[:, "
                    "0:-0], which is empty (-0 is 0). With k = 0 the window is each vector itself.",
                    what=what,
                    shape=got.shape,
                ),
                mistake=say("x[k:-k] empty for k = 0"),
            )
        expected = _numpy_mlp(first, second, ref.context_windows(x_np, k))
        _compare(got, expected, what, _module_mistakes(first, second, x_np, k))
        if "error" in backward:
            fail(
                say(
                    "{what}: backpropagating through your output raised {backward}",
                    what=what,
                    backward=backward["error"],
                )
            )
        grad = (backward["grads"] or [None])[0]
        if grad is None or not bool(grad.abs().sum() > 0):
            fail(
                say(
                    "{what}: no gradient flows back to the input x, so an embedding before this "
                    "layer could not learn. Build the windows with torch operations (no NumPy, "
                    "no .detach()).",
                    what=what,
                )
            )


@contract(
    Clause(
        "no loop over positions",
        "No Python loop over positions: every window built at once (a loop over the "
        "2k + 1 offsets is fine).",
        some(lambda c: c.watch == "torch_calls"),
    ),
)
def check_window_mlp_vectorised(cls) -> None:
    """No Python loop over positions: the number of torch operations must not grow with the
    sequence length."""
    __tracebackhide__ = True
    torch.manual_seed(seeded(0))
    module = _make_window_mlp(cls, 4, 2, 8, 3)
    counts = {}
    for n in (6, 12):
        x = torch.randn(3, n, 4, generator=torch.Generator().manual_seed(seeded(n)))
        _, counts[n] = call(
            module.forward,
            x,
            what=say("WindowMLP(4, 2, 8, 3)(x) for x of shape {shape}", shape=tuple(x.shape)),
            helpers=HELPERS,
            watch="torch_calls",
        )
    if counts[12] > counts[6]:
        fail(
            say(
                "WindowMLP.forward loops over positions in Python: it runs {counts} torch "
                "operations for a sequence of 6 vectors and {counts2} for 12. Build every window "
                "at once (pad the sequence axis, then concatenate shifted slices, one per offset "
                "-k..k), so the work is batched.",
                counts=counts[6],
                counts2=counts[12],
            )
        )


@contract(
    Clause("new tensors on the device", "Never create a tensor without device=.", on_meta()),
    Clause("no CPU moves", "Never call .cuda() or .cpu() inside the module.", on_meta()),
)
def check_window_mlp_device(cls) -> None:
    """Run on PyTorch's meta device: a tensor created without ``device=``, or moved to the
    CPU, fails."""
    __tracebackhide__ = True
    module, twin = _make_window_mlp(cls, 4, 2, 8, 3), _make_window_mlp(cls, 4, 2, 8, 3)
    x = torch.randn(2, 5, 4, generator=torch.Generator().manual_seed(seeded(35)))
    result = run_on_meta(
        module.to("meta"),
        (x.to("meta"),),
        "WindowMLP.forward",
        HELPERS,
        say(
            "Pad with nn.functional.pad, or create the zeros on the input's device "
            "(torch.zeros(..., device=x.device) or x.new_zeros(...))."
        ),
        on_cpu=(twin, (x,)),
    )
    if result is not None:
        expect_on((result,), "meta", "WindowMLP.forward")
