"""Every graded part has a written contract (``@contract`` on its check), its hidden inputs exercise
every clause, and every clause has a mutant of the solution that breaks it alone and loses the part
with a named message.

The parts are read from the solution notebooks' hidden test cells; the checks run on the solution
notebook's own objects (:mod:`.solved`), so a trained model's part is judged on the model the
solution trains. The terminal summary counts, per assignment, the mutants killed and those whose
message named the mistake.
"""

from __future__ import annotations

import importlib

import pytest
import torch

from autograder.checks import contracts
from autograder.checks.common import GradingError
from autograder.wire.kernel import quiet

from ..corpora import CHAPTERS
from .solved import Part, all_parts, assignment_of, cell_source, notebook, parts, solved

PARTS = all_parts()
MUTANTS = [
    (chapter, m)
    for chapter in CHAPTERS
    for m in importlib.import_module(f"tests.mutants.{chapter}").MUTANTS
]
# assignment -> {"killed": [...], "named": [...], "survived": [...]}
RESULTS: dict[str, dict[str, list]] = {}


def _objects(part: Part) -> list:
    return [solved(part.chapter).get(name) for name in part.names]


@pytest.mark.parametrize("part", PARTS, ids=[p.id for p in PARTS])
def test_every_part_has_a_written_contract(part):
    clauses = getattr(part.check, "contract", None)
    assert clauses, (
        f"{part.check_name} has no @contract: write down what the task of {part.grade_id} allows "
        "and defines"
    )
    assert all(c.text.strip() for c in clauses)


def _recorded_calls(part: Part) -> list[contracts.Call]:
    objects = _objects(part)
    hooks = []
    with contracts.recording() as calls:
        # a trained model's forward is called by the evaluation loop, not through call()
        for obj in objects:
            if isinstance(obj, torch.nn.Module):

                def hook(module, args, kwargs):
                    contracts.record(contracts.Call(module, tuple(args), dict(kwargs)))

                hooks.append(obj.register_forward_pre_hook(hook, with_kwargs=True))
        try:
            assert part.check(*objects) is None
        finally:
            for h in hooks:
                h.remove()
    return calls


@pytest.mark.parametrize("part", PARTS, ids=[p.id for p in PARTS])
def test_the_hidden_inputs_exercise_every_clause(part):
    calls = _recorded_calls(part)
    missing = [c.name for c in getattr(part.check, "contract", ()) if not c.exercised(calls)]
    assert not missing, f"{part.check_name}'s inputs never exercise: {missing}"


def test_every_clause_has_a_mutant_and_every_mutant_a_clause():
    clauses = {
        (p.chapter, p.grade_id, c.name) for p in PARTS for c in getattr(p.check, "contract", ())
    }
    mutated = {(chapter, m.part, m.clause) for chapter, m in MUTANTS}
    assert not mutated - clauses, f"mutants of no clause: {sorted(mutated - clauses)}"
    assert not clauses - mutated, f"clauses with no mutant: {sorted(clauses - mutated)}"


def _cell_of(chapter: str, name: str) -> str:
    """The solution cell that defines ``name`` (its grade_id)."""
    ids = [
        c.metadata["nbgrader"]["grade_id"]
        for c in notebook(chapter).cells
        if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"
    ]
    if name in ids:
        return name
    from .solved import _binds

    owners = [i for i in ids if _binds(cell_source(chapter, i), name)]
    assert owners, f"no solution cell of {chapter} defines {name}"
    return owners[-1]


def _mutated_source(chapter: str, mutant, cell: str) -> str:
    if mutant.source is not None:
        return mutant.source
    source = cell_source(chapter, cell)
    for old, new in mutant.edits:
        assert source.count(old) == 1, (
            f"{mutant.id}: {old!r} is not in the solution of {cell} exactly once"
        )
        source = source.replace(old, new)
    return source


def _part(chapter: str, grade_id: str) -> Part:
    (part,) = [p for p in parts(chapter) if p.grade_id == grade_id]
    return part


@pytest.mark.parametrize("chapter,mutant", MUTANTS, ids=[f"{c}:{m.id}" for c, m in MUTANTS])
def test_each_mutant_loses_its_part_with_a_named_message(chapter, mutant):
    part = _part(chapter, mutant.part)
    cell = mutant.cell or _cell_of(chapter, part.names[0])
    namespace = solved(chapter).with_cell(cell, _mutated_source(chapter, mutant, cell), part.names)
    result = RESULTS.setdefault(assignment_of(chapter), {"killed": [], "named": [], "survived": []})
    try:
        with quiet():
            part.check(*[namespace[n] for n in part.names])
    except GradingError as exc:
        result["killed"].append(mutant.id)
        message = str(exc)
        if mutant.says in message:
            result["named"].append(mutant.id)
        assert mutant.says in message, (
            f"{mutant.id} lost the part, but its message does not name the mistake:\n{message}"
        )
    else:
        result["survived"].append(mutant.id)
        pytest.fail(
            f"{mutant.id} keeps the points of {mutant.part}: the hidden inputs never exercise "
            f"'{mutant.clause}'"
        )
    for other in parts(chapter):  # it costs no other part that grades the same learner name
        if (
            other.grade_id != part.grade_id
            and other.grade_id not in mutant.also_lost
            and set(other.names) & set(part.names)
            and set(other.names) <= set(namespace)
        ):
            with quiet():
                other.check(*[namespace[n] for n in other.names])
