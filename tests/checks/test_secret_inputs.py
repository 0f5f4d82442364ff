"""The checks draw their inputs from the course's secret: answers hard-coded for the inputs of a
public copy of the checks earn nothing, the same secret gives the same inputs (a regrade gives the
same grades), and the inputs keep their kind (no saturated softmax: the secret changes the draw, not
the distribution)."""

import numpy as np
import pytest

from autograder.checks import common
from autograder.checks import self_attention as checks
from autograder.checks.common import GradingError

from ..corpora.redteam import ATTACKS, PUBLIC_LOOKUP


@pytest.fixture
def secret(monkeypatch):
    def use(value: str) -> None:
        monkeypatch.setattr(common, "_secret", value)
        monkeypatch.delenv("AUTOGRADER_SECRET", raising=False)

    yield use


def _public_lookup():
    attack = next(a for a in ATTACKS if a.name == "public_inputs")
    ns = {"np": np}
    exec(attack.code + PUBLIC_LOOKUP, ns)
    return ns["dot_product_score"]


def test_hard_coded_public_answers_pass_only_without_a_secret(secret):
    secret("")
    # the attack is real: the public seeds' inputs are known
    checks.check_dot_product_score(_public_lookup())
    secret("a course's secret")
    with pytest.raises(GradingError, match="dot_product_score"):
        checks.check_dot_product_score(_public_lookup())


def test_the_same_secret_gives_the_same_inputs_and_another_secret_others(secret):
    secret("one")
    first = [common.rng(s).normal(size=4) for s in range(3)]
    assert all(np.array_equal(a, common.rng(s).normal(size=4)) for s, a in enumerate(first))
    assert common.seeded(0) != common.seeded(1)
    secret("two")
    assert not np.array_equal(first[0], common.rng(0).normal(size=4))


def test_inputs_keep_their_kind_under_any_secret(secret):
    for value in ("one", "two", "three"):
        secret(value)
        for seed in range(3):
            a, W_q, W_k, _ = checks.random_problem(seed)
            scores = (a @ W_q) @ (a @ W_k).T
            weights = np.exp(scores - scores.max(axis=1, keepdims=True))
            weights /= weights.sum(axis=1, keepdims=True)
            assert weights.max() < 0.999, "a saturated softmax would hide mistakes"
