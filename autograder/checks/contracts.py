"""What each graded part's task allows and defines, written next to its check, and how its inputs
exercise it.

A part's **contract** is its task text read clause by clause, as a careful learner reads it: every
argument and its default branch, the shapes, sizes and dtypes allowed, the value ranges, the
degenerate inputs the text mentions or implies, the return type and device, any rerun it must
reproduce. ``@contract(Clause(...), ...)`` writes it on the check itself. Each clause says how the
check's inputs exercise it: ``exercised`` looks at the calls the check made (:class:`Call`, recorded
by :func:`recording` while the check runs on the reference), so ``tests/checks/test_contracts.py``
fails when a clause names something the hidden inputs never do. And for every clause
``tests/mutants/`` holds a mutant of the solution that breaks that clause alone: it must lose the
part, with a message that names the mistake.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch


@dataclass
class Call:
    """One call of the learner's code a check made: a function, a class (building it) or a
    module (forward)."""

    fn: Any
    args: tuple
    kwargs: dict
    watch: str | None = None
    value: Any = None
    error: BaseException | None = None

    @property
    def builds(self) -> bool:
        """A class called to build an object (``SelfAttention(4, 3, 2)``), not a function or
        a forward."""
        return isinstance(self.fn, type)

    @property
    def arguments(self) -> dict[str, Any]:
        """The arguments passed, by parameter name (only those passed: a default left alone
        is absent)."""
        target = self.fn.forward if isinstance(self.fn, torch.nn.Module) else self.fn
        try:
            return dict(inspect.signature(target).bind_partial(*self.args, **self.kwargs).arguments)
        except (TypeError, ValueError):
            return dict(self.kwargs)

    def tensors(self) -> list:
        """Every array or tensor among the arguments (inside lists and tuples too)."""
        found = []

        def walk(x):
            if isinstance(x, (np.ndarray, torch.Tensor)):
                found.append(x)
            elif isinstance(x, (list, tuple)):
                for item in x:
                    walk(item)

        walk(list(self.args) + list(self.kwargs.values()))
        return found


Exercised = Callable[[list[Call]], bool]


@dataclass(frozen=True)
class Clause:
    """One thing the task's text allows or defines (``text``, in the learner's terms), and how the
    check's inputs exercise it (``exercised``, over every call the check made; by default: the check
    calls the code)."""

    name: str
    text: str
    exercised: Exercised = field(
        default=lambda calls: any(not c.builds for c in calls), compare=False
    )


def contract(*clauses: Clause):
    """Write a part's contract on its check: ``@contract(Clause(...), ...)`` above
    ``def check_...``."""
    names = [c.name for c in clauses]
    if len(set(names)) != len(names):
        raise ValueError(f"two clauses share a name: {names}")

    def attach(check):
        check.contract = tuple(clauses)
        return check

    return attach


# --------------------------------------------------------------------- how inputs exercise a clause


def some(test: Callable[[Call], bool]) -> Exercised:
    """Some call (not a build) passes ``test``."""

    def exercised(calls):
        for c in calls:
            if c.builds:
                continue
            with contextlib.suppress(Exception):
                if test(c):
                    return True
        return False

    return exercised


def built(test: Callable[[Call], bool]) -> Exercised:
    """Some build of the learner's class passes ``test`` (on its arguments)."""

    def exercised(calls):
        return any(c.builds and _safely(test, c) for c in calls)

    return exercised


def _safely(test, c) -> bool:
    try:
        return bool(test(c))
    except Exception:  # noqa: BLE001 (a test that does not apply to this call)
        return False


def passes(name: str, test: Callable[[Any], bool] = lambda v: True) -> Exercised:
    """Some call passes argument ``name`` explicitly, with a value that passes ``test``."""
    return some(lambda c: name in c.arguments and test(c.arguments[name]))


def omits(name: str) -> Exercised:
    """Some call leaves argument ``name`` to its default (its default branch is taken)."""
    return some(lambda c: name not in c.arguments)


def raises(exc_type: type[BaseException] = Exception) -> Exercised:
    """Some call on the reference raises ``exc_type`` (an error path the task defines)."""
    return some(lambda c: isinstance(c.error, exc_type))


def on_meta() -> Exercised:
    """Some call runs on tensors of another device than the CPU (PyTorch's meta device)."""
    return some(
        lambda c: any(isinstance(t, torch.Tensor) and t.device.type == "meta" for t in c.tensors())
    )


# A function's device clauses, as chapter 02's device checks state them:
# ``@contract(*ON_THE_INPUTS_DEVICE)``
ON_THE_INPUTS_DEVICE = (
    Clause(
        "new tensors on the device",
        "Create every new tensor on the device of the inputs.",
        on_meta(),
    ),
    Clause("no CPU moves", "Never call .cpu() (nor .numpy()) inside the function.", on_meta()),
)


def dtype_is(*dtypes) -> Exercised:
    """Some call holds an array or tensor of one of ``dtypes``."""
    wanted = {str(d).removeprefix("torch.") for d in dtypes} | {
        np.dtype(d).name for d in dtypes if not isinstance(d, torch.dtype)
    }
    return some(lambda c: any(str(t.dtype).removeprefix("torch.") in wanted for t in c.tensors()))


def value_judged(calls: list[Call]) -> bool:
    """A clause about a value the learner wrote (a dict, a trained model's numbers): the check reads
    it itself."""
    return True


def both(*tests: Exercised) -> Exercised:
    return lambda calls: all(t(calls) for t in tests)


def repeated(times: int = 2) -> Exercised:
    """The same code is called ``times`` times or more with equal arguments (a rerun
    must reproduce)."""

    def exercised(calls):
        keys = [repr((c.args, sorted(c.kwargs.items()))) for c in calls if not c.builds]
        return any(keys.count(k) >= times for k in keys)

    return exercised


# ------------------------------------------------------------------------------------- recording


_recorders: list[list[Call]] = []


def record(call: Call) -> None:
    """Called for every call of learner code (``common.run``); kept only while :func:`recording`."""
    for calls in _recorders:
        calls.append(call)


def recording_active() -> bool:
    return bool(_recorders)


@contextlib.contextmanager
def recording():
    """Record every call of learner code that checks make in this block (for the contract tests)."""
    calls: list[Call] = []
    _recorders.append(calls)
    try:
        yield calls
    finally:
        _recorders.remove(calls)
