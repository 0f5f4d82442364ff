"""Checks of OUTPUT_TYPE: which output type each task calls for."""

from __future__ import annotations

from autograder.checks.common import fail, not_implemented
from autograder.checks.contracts import Clause, contract, value_judged
from autograder.messages import say, template
from autograder.reference import output_types as ref

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
            " {value!r} (the RNN diagrams' name) covers two kinds here: {PER_VECTOR!r} when every "
            "input vector gets its own output, {SEQ2SEQ!r} when the output has a length of "
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
