"""Checks for assignment 02_output_types. Hidden test cells call these with the learner's objects.

Every check compares with :mod:`autograder.reference.outputs` on seeded inputs whose padding holds
garbage (a correct function never looks at it), and names the padding mistakes learners make:
padding counted in a mean or a loss, the mask reversed, padding on the wrong side, NaN on an
all-padding row, tensors created on the wrong device.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from autograder.checks.common import (
    GradingError,
    as_float_array,
    call,
    close,
    compare,
    expect_raises,
    fail,
    fmt,
    hints,
    not_implemented,
    pair,
    quiet,
    seeded,
    trained_model,
)
from autograder.checks.contracts import (
    Clause,
    built,
    contract,
    omits,
    on_meta,
    passes,
    some,
    value_judged,
)
from autograder.checks.devices import expect_on, on_each_device, run_on_meta
from autograder.learner.output_types import make_utterances
from autograder.messages import say, template
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

# -------------------------------------------------------------------------------------- OUTPUT_TYPE

_HINTS = {
    ref.PER_VECTOR: template(
        "every input vector (a word, a frame, an atom, a node) gets its own output: N in, N out"
    ),
    ref.PER_SEQUENCE: template("the whole input gets a single output: N in, 1 out"),
    ref.SEQ2SEQ: template("the model itself decides how long the output is: N in, N' out"),
}
_ALIASES = {
    "sequence-to-sequence": ref.SEQ2SEQ,
    "seq-to-seq": ref.SEQ2SEQ,
    "seq-2-seq": ref.SEQ2SEQ,
}


# (the right kind, the kind given) -> what the learner confused, in the terms of the chapter
_CONFUSIONS = {
    (ref.PER_SEQUENCE, ref.PER_VECTOR): template(
        "Labelling every vector would give N answers, but the task asks "
        "one question about the whole input: one output "
        "for the whole input (pool the vectors first)."
    ),
    (ref.PER_SEQUENCE, ref.SEQ2SEQ): template(
        "The answer is one label from a fixed set, not a sequence the model "
        "writes: one output for the whole input."
    ),
    (ref.PER_VECTOR, ref.PER_SEQUENCE): template(
        "The task wants an answer for every input vector, not one for the whole input: N in, N out."
    ),
    (ref.PER_VECTOR, ref.SEQ2SEQ): template(
        "The output has exactly one entry per input vector, aligned with it, "
        "so its length is the input's: N in, N out."
    ),
    (ref.SEQ2SEQ, ref.PER_VECTOR): template(
        "The output is not aligned with the input vectors: its length is its "
        "own (a recording of 300 frames says a few words; an "
        "answer or a summary is not one word per input word), "
        "so the model decides it: N in, N' out."
    ),
    (ref.SEQ2SEQ, ref.PER_SEQUENCE): template(
        "The output is a whole sequence the model writes, not one label from "
        "a fixed set: N in, N' out."
    ),
}
# names from other courses, which the chapter's three kinds replace
_OTHER_NAMES = {
    "many-to-one": ref.PER_SEQUENCE,
    "classification": ref.PER_SEQUENCE,
    "sequence-classification": ref.PER_SEQUENCE,
    "many-to-many": None,
    "sequence-labeling": ref.PER_VECTOR,
    "sequence-labelling": ref.PER_VECTOR,
    "token-classification": ref.PER_VECTOR,
    "tagging": ref.PER_VECTOR,
    "encoder-decoder": ref.SEQ2SEQ,
}


def _other_name(value) -> str:
    kind = (
        value.strip().lower().replace("_", "-").replace(" ", "-")
        if isinstance(value, str)
        else None
    )
    if kind not in _OTHER_NAMES:
        return ""
    if _OTHER_NAMES[kind] is None:
        return say(
            " {value!r} (the RNN diagrams' name) covers two kinds here: {PER_VECTOR!r} when "
            "every input "
            "vector gets its own output, {SEQ2SEQ!r} when the output has a length of "
            "its own.",
            value=value,
            PER_VECTOR=ref.PER_VECTOR,
            SEQ2SEQ=ref.SEQ2SEQ,
        )
    return say(
        " {value!r} is another course's name; this chapter calls it {OTHER_NAMES!r}.",
        value=value,
        OTHER_NAMES=_OTHER_NAMES[kind],
    )


def _normalise_kind(value) -> str | None:
    if not isinstance(value, str):
        return None
    kind = value.strip().lower().replace("_", "-").replace(" ", "-")
    kind = _ALIASES.get(kind, kind)
    return kind if kind in ref.OUTPUT_KINDS else None


def _check_output_types(mapping, in_chapter: bool) -> None:
    __tracebackhide__ = True
    if not isinstance(mapping, dict):
        fail(
            say(
                "OUTPUT_TYPE must be a dict that maps each task to its output type; "
                "found {mapping_type}.",
                mapping_type=type(mapping).__name__,
            )
        )
    if not mapping:
        not_implemented("OUTPUT_TYPE")
    tasks = {
        t: (desc, kind) for t, (desc, kind, chapter) in ref.TASKS.items() if chapter == in_chapter
    }
    missing = [t for t in tasks if t not in mapping]
    if missing:
        fail(
            say(
                "OUTPUT_TYPE has no entry for {join}. Use the names of TASKS as the keys.",
                join=", ".join(repr(t) for t in missing),
            )
        )
    problems, confused = [], []
    for task, (desc, kind) in tasks.items():
        given = _normalise_kind(mapping[task])
        if given is None:
            problems.append(
                say(
                    "OUTPUT_TYPE[{task!r}] is {mapping!r}, which is not one of {join}.{other_name}",
                    task=task,
                    mapping=mapping[task],
                    join=", ".join(repr(k) for k in ref.OUTPUT_KINDS),
                    other_name=_other_name(mapping[task]),
                )
            )
        elif given != kind:
            problems.append(
                say(
                    'OUTPUT_TYPE[{task!r}] is {given!r}, but it is not: "{desc}" {CONFUSIONS}',
                    task=task,
                    given=given,
                    desc=say(desc),
                    CONFUSIONS=say(_CONFUSIONS[(kind, given)]),
                )
            )
            confused.append(say("a {kind} task taken for {given}", kind=kind, given=given))
    if problems:
        fail("\n".join(problems), mistake="; ".join(confused) or None)


_OUTPUT_TYPE_CONTRACT = (
    Clause("a dict", "OUTPUT_TYPE is a dict: the key is the task's name in TASKS.", value_judged),
    Clause("every task", "One entry per task.", value_judged),
    Clause(
        "the three kinds",
        'The value is one of the three strings "per-vector", "per-sequence", "seq2seq".',
        value_judged,
    ),
    Clause("per-vector", "One label per input vector, N in and N out.", value_judged),
    Clause("per-sequence", "One label for the whole input, N in and 1 out.", value_judged),
    Clause("seq2seq", "An output sequence whose length N' the model decides itself.", value_judged),
)


@contract(*_OUTPUT_TYPE_CONTRACT)
def check_output_type_chapter(mapping) -> None:
    """The tasks the chapter discusses."""
    __tracebackhide__ = True
    _check_output_types(mapping, in_chapter=True)


@contract(*_OUTPUT_TYPE_CONTRACT)
def check_output_type_new(mapping) -> None:
    """The tasks the chapter does not name."""
    __tracebackhide__ = True
    _check_output_types(mapping, in_chapter=False)


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
                    "{what}: the mask has dtype {dtype}; it must be a bool tensor (torch.bool), True "
                    "at real "
                    "positions, so that ~mask, masked_fill and "
                    "x[mask] work.",
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
                    "the padding is on the wrong side: the mask marks the end of each row as real, but "
                    "each sequence "
                    "must start at position 0, followed by the padding (right padding), so row i is "
                    "True at its first L_i positions."
                ): left,
                say(
                    "the rows must keep the order of seqs: row i is seqs[i] (do not sort by length)."
                ): _np(ref_mask)[order],
                say(
                    "the mask was read off the values (batch != pad_value): a real vector that equals "
                    "the padding is "
                    "then marked as padding. Build the mask from the lengths: position j of row i is "
                    "real if j < len(seqs[i])."
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
                    "{what}: the padding holds {unique:g}, but pad_value defaults to 0.0 when it is "
                    "not given: "
                    "def pad_batch(seqs, pad_value=0.0).",
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
                    "the padding is on the wrong side: each sequence must start at position 0 of its "
                    "row, followed by "
                    "the padding (right padding)."
                ): _left_padded(seqs, n, pad_value),
                say("the padded positions must hold pad_value."): _np(
                    ref.pad_batch(seqs, pad_value=0.0)[0]
                ),
                say(
                    "the rows must keep the order of seqs: row i is seqs[i] (do not sort by length)."
                ): _np(ref_batch)[order],
                say(
                    "the batch is (L_max, B, d): nn.utils.rnn.pad_sequence stacks the sequences along "
                    "dim 1 unless you "
                    "pass batch_first=True; the batch is (B, "
                    "L_max, d)."
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


@contract(
    Clause(
        "new tensors on the device",
        "Create every new tensor on the device of the inputs.",
        on_meta(),
    ),
    Clause("no CPU moves", "Never call .cpu() (nor .numpy()) inside the function.", on_meta()),
)
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


# -------------------------------------------------------------------------------------- masked_mean


def _mean_mistakes(x: torch.Tensor, mask: torch.Tensor) -> dict[str, np.ndarray]:
    m = mask[..., None].double()
    xs, n = _np(x), x.shape[1]
    real_sum = (_np(x) * _np(m)).sum(1)
    count = _np(m).sum(1)
    with np.errstate(all="ignore"):
        return {
            say(
                "padding is counted in the mean: you averaged all N positions. Sum the real "
                "positions only (where "
                "mask is True) and divide by their number."
            ): xs.mean(1),
            say(
                "padding is counted in the mean: you zeroed the padding but divided by all N "
                "positions. Divide by "
                "the number of real positions of each row, mask.sum(1)."
            ): real_sum / n,
            say(
                "the mask is reversed: you averaged the padded positions. mask is True at the "
                "real positions."
            ): (xs * (1 - _np(m))).sum(1) / np.maximum((1 - _np(m)).sum(1), 1),
            say(
                "you returned the sum of the real positions; divide it by their number to get "
                "the mean."
            ): real_sum,
            say(
                "you divided by the number of real positions in the whole batch; divide each row "
                "by its own count."
            ): real_sum / count.sum(),
            say(
                "padding is counted in the mean: you summed every position, padding included, then "
                "divided by the "
                "number of real positions. Zero the padding (or select the real vectors) before "
                "the sum."
            ): xs.sum(1) / np.maximum(count, 1),
            say(
                "you averaged the real vectors of the whole batch together: x[mask] flattens the "
                "batch into one "
                "list of vectors. Average each row on its own, (B, "
                "d) out."
            ): xs[_np(mask).astype(bool)].mean(0),
        }


COUNT_AXIS_HINTS = {
    "must match the size of tensor b": (
        template(
            "mask.sum(1) has shape (B,), one count per row: keep its axis, mask.sum(1, "
            "keepdim=True) (or "
            ".unsqueeze(-1)), so that each row's sum (B, d) is divided by its own count."
        )
    )
}


@contract(
    Clause(
        "padding ignored",
        "The padded positions may hold anything (not only zeros): they must not change the result.",
        passes("x", lambda x: (x.abs() > 4).any()),
    ),
    Clause(
        "mean of each row",
        "Row b is the mean of the vectors x[b, j] where mask[b, j] is True: shape (B, d).",
        passes("mask", lambda m: len(set(m.sum(1).tolist())) > 1),
    ),
    Clause(
        "True at real positions",
        "mask is True at the real positions.",
        passes("mask", lambda m: (~m).any()),
    ),
)
def check_masked_mean(fn) -> None:
    __tracebackhide__ = True
    on_each_device(_check_masked_mean_on, fn)


def _check_masked_mean_on(fn, device) -> None:
    __tracebackhide__ = True
    for seed, (lengths, pad, dtype) in enumerate(
        [
            ((5, 2, 3), "garbage", torch.float64),
            ((4, 1), "zeros", torch.float64),
            ((6, 6, 3), "garbage", torch.float32),
        ]
    ):
        x, mask = _garbage_batch(seed, lengths, 4, device, dtype, pad)
        what = say(
            "masked_mean(x, mask) for rows of lengths {join}",
            join=", ".join(map(str, lengths)),
        )
        with hints(COUNT_AXIS_HINTS):
            got = call(fn, x, mask, what=what)
        if isinstance(got, torch.Tensor):
            expect_on((got,), device, what)
        got = as_float_array(got, what)
        compare(
            got,
            _np(ref.masked_mean(x, mask)),
            what,
            _mean_mistakes(x, mask),
            say(
                "\nwith x of shape {shape} (the padded positions hold values that must be ignored)",
                shape=tuple(x.shape),
            ),
            rtol=1e-4,
            atol=1e-5,
        )


@contract(
    Clause(
        "never NaN",
        "A row with no real position at all gives zeros, never NaN ...",
        passes("mask", lambda m: (~m.any(1)).any()),
    ),
    Clause("zeros", "... it gives zeros.", passes("mask", lambda m: (~m.any(1)).any())),
)
def check_masked_mean_empty_row(fn) -> None:
    """A row with no real position gives zeros (never NaN); only that row is judged here."""
    __tracebackhide__ = True
    on_each_device(_check_masked_mean_empty_row_on, fn)


def _check_masked_mean_empty_row_on(fn, device) -> None:
    __tracebackhide__ = True
    # row 1 is all padding (garbage, as any padding)
    x, mask = _garbage_batch(7, (3, 0, 4), 3, device)
    what = say("masked_mean(x, mask) where row 1 has no real position (its mask is all False)")
    got = as_float_array(call(fn, x, mask, what=what), what)
    if got.shape != (3, 3):
        fail(
            say(
                "{what} returned shape {shape}, expected (3, 3).",
                what=what,
                shape=got.shape,
            )
        )
    if np.isnan(got[1]).any():
        fail(
            say(
                "{what} gives NaN for the row with no real position: 0 / 0. Divide by the "
                "count clamped "
                "to at least 1 (count.clamp(min=1)), so that an empty row's sum, 0, "
                "stays 0.",
                what=what,
            )
        )
    if not close(got[1], np.zeros(3)):
        fail(
            say(
                "{what} returned {got} for the row with no real position; expected zeros.",
                what=what,
                got=fmt(got[1]),
            )
        )


@contract(
    Clause(
        "new tensors on the device",
        "Create every new tensor on the device of the inputs.",
        on_meta(),
    ),
    Clause("no CPU moves", "Never call .cpu() (nor .numpy()) inside the function.", on_meta()),
)
def check_masked_mean_device(fn) -> None:
    __tracebackhide__ = True
    x, mask = _garbage_batch(31, (5, 2), 3, "cpu", torch.float32)
    what = say("masked_mean(x, mask) for x on another device than the CPU")
    result = run_on_meta(fn, (x.to("meta"), mask.to("meta")), what, on_cpu=(fn, (x, mask)))
    expect_on((result,), "meta", what)


# -------------------------------------------------------------------------------------- classifiers


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
                "{what} returned probabilities (each row sums to 1); return the logits, the raw scores "
                "before any "
                "softmax: the cross-entropy applies the softmax itself.",
                what=what,
            ),
            mistake=say("returned probabilities"),
        )
    if np.all(out <= 0) and np.allclose(np.exp(out).sum(-1), 1.0):
        fail(
            say(
                "{what} returned log-probabilities (log_softmax: each row's exp sums to 1), as a "
                "model trained "
                "with nn.NLLLoss does; return the logits, the raw scores: F.cross_entropy applies "
                "log_softmax itself.",
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
        "Every vector gets its label from that vector alone, with the same layer at every "
        "position.",
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
                    "PerVectorClassifier({d_in}, {n_classes}) holds {join}: build the layer "
                    "from the "
                    "arguments, nn.Linear(d_in, n_classes), not from fixed sizes.",
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
                    "{what} returned shape (2, {n_classes}): one label per sequence. "
                    "A per-vector "
                    "classifier gives every vector its own logits, shape (B, N, "
                    "n_classes) = (2, 5, {n_classes}).",
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
                    "{what}: the logits of one vector depend on the other vectors of its "
                    "sequence. A "
                    "per-vector classifier labels each vector from that vector alone, "
                    "with the same layer at every position (nn.Linear works on the last "
                    "axis of a (B, N, d_in) tensor as it is).",
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
                "{name}({d_in}, {n_classes}) is masked mean pooling followed by one nn.Linear({d_in}, "
                "{n_classes}); found {found}.",
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
            "the masked mean "
            "(your masked_mean(x, mask))."
        ): head(xs.mean(1)),
        say(
            "padding changed the result: you divided by all N positions, padding included; divide "
            "by the number of "
            "real positions."
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
            "by the number "
            "of real positions. Zero the padding (or select the real vectors) before the sum."
        ): head(xs.sum(1) / m.sum(1, keepdim=True).to(xs.dtype)),
        say(
            "you classified the first vector only; pool (masked mean) over every real vector."
        ): head(xs[:, 0]),
        say(
            "you classified the last position only, which is padding in a short sequence; pool "
            "(masked mean) over "
            "every real vector."
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
                "{what} returned shape (3, 6, 3): one label per vector. Pool the vectors of "
                "each sequence "
                "into one (masked mean) before the linear layer: the output is (B, "
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


@contract(
    Clause(
        "new tensors on the device",
        "Create every new tensor on the device of the inputs.",
        on_meta(),
    ),
    Clause("no CPU moves", "Never call .cpu() (nor .numpy()) inside the function.", on_meta()),
)
def check_sequence_classifier_device(cls) -> None:
    __tracebackhide__ = True
    model, twin = _build(cls, "SequenceClassifier", 4, 3), _build(cls, "SequenceClassifier", 4, 3)
    x, mask = _garbage_batch(33, (5, 3), 4, "cpu", torch.float32)
    what = say("SequenceClassifier(4, 3)(x, mask) for x on another device than the CPU")
    result = run_on_meta(
        model.to("meta"), (x.to("meta"), mask.to("meta")), what, HELPERS, on_cpu=(twin, (x, mask))
    )
    expect_on((result,), "meta", what)


# --------------------------------------------------------------------------------------------- loss


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
            "not count. "
            "Average over the positions where mask is True."
        ): float(per.mean()),
        say(
            "you zeroed the padded losses but divided by all B * N positions, padding included; "
            "divide by the "
            "number of real positions, mask.sum()."
        ): float(real / per.numel()),
        say("you returned the sum over the real positions; the loss is their mean."): float(real),
        say(
            "you averaged each sequence, then the sequences, so a position of a short sequence "
            "weighs more; every "
            "real position must count once: the sum over real positions divided by their number."
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
            "picking the "
            "label's entry."
        ): float(-picked[mask].mean()),
        **{
            say(
                "you left out the positions labelled {c} (ignore_index={c}) instead of the padded "
                "ones: here padded "
                "positions hold real class ids, and real positions of that class must count. Leave "
                "out the positions where mask is False (labels.masked_fill(~mask, -100) with "
                "ignore_index=-100, or logits[mask]).",
                c=c,
            ): float(per[labels != c].mean())
            for c in (0,)
        },
    }


LOSS_HINTS = {
    "Expected target size": (
        template(
            "F.cross_entropy wants the classes on dim 1: for logits (B, N, C), pass "
            "logits.transpose(1, 2), or "
            "flatten to (B * N, C) and labels to (B * N,) (then leave the padded "
            "positions out)."
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
                    "{what} returned {loss_type}; return a torch tensor (a scalar) connected "
                    "to the "
                    "logits, so that loss.backward() can train the model (no .item(), "
                    "no NumPy).",
                    what=what,
                    loss_type=type(loss).__name__,
                )
            )
        if loss.numel() != 1:
            fail(
                say(
                    "{what} returned shape {shape}; the loss is one number, the mean over "
                    "the real "
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
                    "{what} is not connected to the logits (it has no gradient): keep it "
                    "a tensor "
                    "computed from them with torch operations, so that loss.backward() "
                    "reaches the model.",
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


@contract(
    Clause(
        "new tensors on the device",
        "Create every new tensor on the device of the inputs.",
        on_meta(),
    ),
    Clause("no CPU moves", "Never call .cpu() (nor .numpy()) inside the function.", on_meta()),
)
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


# ----------------------------------------------------------------------------------------- training


@contract(
    Clause(
        "an nn.Module",
        "speaker_model is your trained SequenceClassifier, an nn.Module with parameters.",
        value_judged,
    ),
    Clause("forward(frames, mask)", "It is called as speaker_model(frames, mask).", passes("mask")),
    Clause(
        "90% on fresh utterances",
        "It names the speaker of at least 90% of fresh utterances.",
        passes("x", lambda x: x.shape[0] >= 1000),
    ),
)
def check_speaker_model(model, min_accuracy: float = 0.9, seed: int = 4242) -> None:
    """The trained sequence classifier names the speaker of fresh held-out utterances."""
    __tracebackhide__ = True
    params = trained_model(
        model,
        "speaker_model",
        "SequenceClassifier",
        say(
            "`speaker_model` must be your SequenceClassifier, called "
            "as speaker_model(frames, "
            "mask)."
        ),
    )
    data = make_utterances(1000, seed=seeded(seed))
    frames, mask, speakers, _ = data.to_torch(params[0].device)
    try:
        with quiet(), torch.no_grad():
            model.eval()
            acc = ref.sequence_accuracy(model, frames.to(params[0].dtype), mask, speakers)
    except Exception as exc:
        fail(
            say(
                "evaluating `speaker_model(frames, mask)` raised {exc_type}: {exc}",
                exc_type=type(exc).__name__,
                exc=exc,
            )
        )
    if not acc >= min_accuracy:
        fail(
            say(
                "your speaker classifier names the speaker of {acc:.1%} of held-out utterances; it "
                "needs at least "
                "{min_accuracy:.0%}. Check that padding is left out of the mean, then train "
                "longer or with a larger learning rate.",
                acc=acc,
                min_accuracy=min_accuracy,
            )
        )


__all__ = [name for name in dir() if name.startswith("check_")] + ["GradingError", "HELPERS"]
