"""Padded batches shared by the chapter's checks, and the checks of pad_batch."""

from __future__ import annotations

import numpy as np
import torch

from autograder.checks.common import call, close, compare, expect_raises, fail, pair, seeded
from autograder.checks.contracts import (
    ON_THE_INPUTS_DEVICE,
    Clause,
    contract,
    omits,
    passes,
)
from autograder.checks.devices import expect_on, on_each_device, run_on_meta
from autograder.messages import say
from autograder.reference import output_types as ref

# Earlier parts a later part may call by name; grading swaps in the reference versions
# (see common.call).
HELPERS = {"pad_batch": ref.pad_batch, "masked_mean": ref.masked_mean}


def _np(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().double().numpy()


def _lengths_mask(lengths, n: int, device) -> torch.Tensor:
    return (torch.arange(n)[None, :] < torch.tensor(lengths)[:, None]).to(device)


def _garbage_batch(seed: int, lengths, d: int, device, dtype=torch.float64, pad: str = "garbage"):
    """(x, mask): real positions hold N(0, 1) values, padded ones garbage (large, non-zero)
    or zeros."""
    g = torch.Generator().manual_seed(seeded(seed))
    n = max(lengths)
    x = torch.randn(len(lengths), n, d, generator=g, dtype=torch.float64)
    mask = _lengths_mask(lengths, n, "cpu")
    junk = (
        5.0 + 10.0 * torch.rand(x.shape, generator=g, dtype=torch.float64)
        if pad == "garbage"
        else 0.0
    )
    x = torch.where(mask[..., None], x, junk)
    return x.to(device, dtype), mask.to(device)


# ------------------------------------------------------------------------------------------ devices

# ---------------------------------------------------------------------------------------- pad_batch


def _sequences(seed: int, lengths, d: int, device, dtype=torch.float64) -> list[torch.Tensor]:
    g = torch.Generator().manual_seed(seeded(seed))
    return [torch.randn(n, d, generator=g, dtype=torch.float64).to(device, dtype) for n in lengths]


def _left_padded(seqs, n: int, pad_value: float) -> np.ndarray:
    d = seqs[0].shape[1]
    return np.stack([np.concatenate([np.full((n - len(s), d), pad_value), _np(s)]) for s in seqs])


def _check_pad_batch_on(fn, device) -> None:
    __tracebackhide__ = True
    # the last: a real vector equal to the padding (zeros), which a mask read off the values
    # would miss
    cases = [
        ((3, 5, 1), 2, {}),
        ((4, 2, 4, 6), 3, {"pad_value": -1.0}),
        ((3, 3), 2, {}),
        ((3, 1, 2), 2, {}),
    ]
    for seed, (lengths, d, kwargs) in enumerate(cases):
        seqs = _sequences(seed, lengths, d, device)
        extra = ", pad_value=-1.0" if kwargs else ""
        what = say(
            "pad_batch(seqs{extra}) for sequences of lengths {join} and d = {d}",
            extra=extra,
            join=", ".join(map(str, lengths)),
            d=d,
        )
        if seed == 3:
            seqs[0] = torch.cat([seqs[0][:1], torch.zeros_like(seqs[0][:1]), seqs[0][2:]])
            what += say(" (seqs[0][1] is a real vector of zeros)")
        batch, mask = pair(
            call(fn, seqs, what=what, **kwargs), what, ("batch", "mask"), tensors=True
        )
        expect_on((batch, mask), device, what)
        ref_batch, ref_mask = ref.pad_batch(seqs, **kwargs)
        n = max(lengths)
        if mask.dtype != torch.bool:
            fail(
                say(
                    "{what}: the mask has dtype {dtype}; it must be a bool tensor (torch.bool), "
                    "True at real positions, so that ~mask, masked_fill and x[mask] work.",
                    what=what,
                    dtype=mask.dtype,
                )
            )
        got_mask = _np(mask)
        left = np.stack([np.arange(n) >= n - k for k in lengths])
        order = np.argsort([-k for k in lengths], kind="stable")
        compare(
            got_mask,
            _np(ref_mask),
            say("the mask returned by {what}", what=what),
            {
                say(
                    "the mask is reversed: it must be True at the real positions and False at "
                    "the padding."
                ): ~_np(ref_mask).astype(bool),
                say(
                    "the padding is on the wrong side: the mask marks the end of each row as real, "
                    "but each sequence must start at position 0, followed by the padding (right "
                    "padding), so row i is True at its first L_i positions."
                ): left,
                say(
                    "the rows must keep the order of seqs: row i is seqs[i] (do not sort by "
                    "length)."
                ): _np(ref_mask)[order],
                say(
                    "the mask was read off the values (batch != pad_value): a real vector that "
                    "equals the padding is then marked as padding. Build the mask from the "
                    "lengths: position j of row i is real if j < len(seqs[i])."
                ): _np(ref_mask & (ref_batch != kwargs.get("pad_value", 0.0)).any(-1)),
            },
        )
        pad_value = kwargs.get("pad_value", 0.0)
        got_batch, padding = _np(batch), ~_np(ref_mask).astype(bool)
        if (
            "pad_value" not in kwargs
            and got_batch.shape == tuple(ref_batch.shape)
            and padding.any()
            and close(got_batch[~padding], _np(ref_batch)[~padding])
            and len(np.unique(got_batch[padding])) == 1
            and np.unique(got_batch[padding])[0] != 0
        ):
            fail(
                say(
                    "{what}: the padding holds {unique:g}, but pad_value defaults to 0.0 when it "
                    "is not given: def pad_batch(seqs, pad_value=0.0).",
                    what=what,
                    unique=np.unique(got_batch[padding])[0],
                ),
                mistake=say("a default pad_value other than 0.0"),
            )
        compare(
            _np(batch),
            _np(ref_batch),
            say("the batch returned by {what}", what=what),
            {
                say(
                    "the padding is on the wrong side: each sequence must start at position 0 of "
                    "its row, followed by the padding (right padding)."
                ): _left_padded(seqs, n, pad_value),
                say("the padded positions must hold pad_value."): _np(
                    ref.pad_batch(seqs, pad_value=0.0)[0]
                ),
                say(
                    "the rows must keep the order of seqs: row i is seqs[i] (do not sort by "
                    "length)."
                ): _np(ref_batch)[order],
                say(
                    "the batch is (L_max, B, d): nn.utils.rnn.pad_sequence stacks the sequences "
                    "along dim 1 unless you pass batch_first=True; the batch is (B, L_max, d)."
                ): _np(ref_batch).transpose(1, 0, 2),
            },
        )


@contract(
    Clause("a pair of tensors", "Return a pair (batch, mask) of tensors.", passes("seqs")),
    Clause(
        "shape",
        "batch has shape (B, L_max, d).",
        passes("seqs", lambda q: len({len(x) for x in q}) > 1),
    ),
    Clause(
        "right padding",
        "Row i holds seqs[i] at its first L_i positions, followed by the padding.",
        passes("seqs", lambda q: len({len(x) for x in q}) > 1),
    ),
    Clause(
        "order",
        "The rows keep the order of seqs (not sorted by length).",
        passes("seqs", lambda q: [len(x) for x in q] != sorted((len(x) for x in q), reverse=True)),
    ),
    Clause("pad_value", "The padding holds pad_value ...", passes("pad_value", lambda v: v != 0)),
    Clause("default pad_value", "... 0.0 when it is not given.", omits("pad_value")),
    Clause("bool mask", "mask is a bool tensor of shape (B, L_max).", passes("seqs")),
    Clause(
        "True at real positions",
        "mask is True at the real positions, False at the padding.",
        passes("seqs"),
    ),
    Clause(
        "mask from the lengths",
        "A real vector may equal the padding; it is still real.",
        passes("seqs", lambda q: any((~x.any(-1)).any() for x in q)),
    ),
)
def check_pad_batch(fn) -> None:
    """Values and mask on the CPU, and on CUDA when present."""
    __tracebackhide__ = True
    on_each_device(_check_pad_batch_on, fn)


@contract(
    Clause(
        "empty list",
        "An empty list must raise a ValueError.",
        passes("seqs", lambda q: len(q) == 0),
    ),
    Clause(
        "different sizes",
        "Sequences with different feature sizes d must raise a ValueError.",
        passes("seqs", lambda q: len({x.shape[-1] for x in q}) > 1),
    ),
)
def check_pad_batch_errors(fn) -> None:
    __tracebackhide__ = True
    expect_raises(fn, ValueError, say("pad_batch([]) (an empty list)"), [])
    expect_raises(
        fn,
        ValueError,
        say("pad_batch(seqs) with sequences of 3 and 4 features"),
        [torch.zeros(2, 3), torch.zeros(5, 4)],
    )


@contract(*ON_THE_INPUTS_DEVICE)
def check_pad_batch_device(fn) -> None:
    __tracebackhide__ = True
    what = say("pad_batch(seqs) for sequences on another device than the CPU")
    seqs = _sequences(30, (3, 5, 1), 3, "cpu", torch.float32)
    for kwargs in ({}, {"pad_value": -1.0}):
        result = run_on_meta(
            fn, ([s.to("meta") for s in seqs],), what, on_cpu=(fn, (seqs,), kwargs), kwargs=kwargs
        )
        if result is not None:
            expect_on(pair(result, what, ("batch", "mask"), tensors=True), "meta", what)
