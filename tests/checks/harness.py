"""What every assignment's check tests share: the learner's objects (here, or through the grading
wire), and the four tests each test_checks*.py file runs on its corpus of planted mistakes and
correct alternatives.

"Through the wire" runs the learner's code in a probe.Server in this process and hands the checks
the same proxies as when a notebook is graded (autograder.wire.grader), speaking the same JSON,
without a Jupyter kernel: it proves, fast, that a check reaches the same verdict on the learner's
real objects and on their proxies.
"""

from __future__ import annotations

import json

import pytest

from autograder.checks.common import GradingError
from autograder.wire import kernel as probe
from autograder.wire.grader import Link

VIA = ["local", "wire"]


class FakeLink(Link):
    """A Link whose 'kernel' is a probe.Server in this process (no Jupyter): same requests,
    same answers."""

    def __init__(self, namespace: dict):
        super().__init__(kc=None, km=None, loop=None, deadline=float("inf"), limit_s=10)
        self.server = probe.Server(namespace, ask=self._ask)

    # the kernel's input(): answered as the grader answers input_request
    def _ask(self, prompt: str) -> str:
        replies = []
        self.kc = type("InputOnly", (), {"input": lambda _, text: replies.append(text)})()
        self._answer_input({"content": {"prompt": prompt}})
        return replies[0]

    def request(self, op, **fields):
        reply = self.server.serve(json.dumps({"op": op, **fields}))
        return self._answer({"user_expressions": {"r": {"data": {"text/plain": repr(reply)}}}})

    def get(self, name: str):
        return self.request("get", name=name)[0]


def learner_object(namespace: dict, name: str, via: str):
    return namespace[name] if via == "local" else FakeLink(namespace).get(name)


def shared_check_tests(
    check_of_part: dict, reference_objects: dict, wrong: list, right: list, learner_namespace
):
    """The reference passes every check; each planted mistake is named (in its part and in every
    part of ``named_in``), and costs only its part; the correct alternatives pass.
    ``check_of_part``: part -> (the learner's name it grades, check)."""
    mistakes = [c for c in wrong if c.part in check_of_part]

    @pytest.mark.parametrize("via", VIA)
    @pytest.mark.parametrize("part", sorted(check_of_part))
    def test_reference_passes_every_check(part, via):
        name, check = check_of_part[part]
        ns = dict(reference_objects)
        # None: nbgrader would read a number as credit
        assert check(learner_object(ns, name, via)) is None

    @pytest.mark.parametrize("via", VIA)
    @pytest.mark.parametrize("case", mistakes, ids=[c.name for c in mistakes])
    def test_each_mistake_is_named(case, via):
        name, check = check_of_part[case.part]
        ns = learner_namespace(case.answers)
        with pytest.raises(GradingError) as info:
            check(learner_object(ns, name, via))
        assert case.message in str(info.value)
        for part, words in case.named_in.items():  # every later part the mistake costs names it too
            assert part in case.also_lost, (
                f"{part} names the mistake, so it is a part the mistake costs"
            )
            name, check = check_of_part[part]
            with pytest.raises(GradingError) as info:
                check(learner_object(ns, name, via))
            assert words in str(info.value), part

    @pytest.mark.parametrize("case", mistakes, ids=[c.name for c in mistakes])
    def test_each_mistake_costs_only_its_part(case):
        ns = learner_namespace(case.answers)
        for part, (name, check) in check_of_part.items():
            if part != case.part and part not in case.also_lost and name in case.answers:
                check(ns[name])

    @pytest.mark.parametrize("via", VIA)
    @pytest.mark.parametrize("case", right, ids=[c.name for c in right])
    def test_correct_alternatives_pass(case, via):
        ns = learner_namespace(case.answers)
        for name, check in check_of_part.values():
            if name in case.answers:
                check(learner_object(ns, name, via))

    return (
        test_reference_passes_every_check,
        test_each_mistake_is_named,
        test_each_mistake_costs_only_its_part,
        test_correct_alternatives_pass,
    )
