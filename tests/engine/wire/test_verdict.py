"""Why a test cell failed, as the grader records it for the class report
(engine.wire.grader.verdict): the check's own exception says it, in the grader's process; the
learner's kernel has no say."""

import pytest

from autograder.errors import ERROR, GENERIC, MISTAKE, NOT_ATTEMPTED, TIMEOUT, GradingError
from autograder.wire.grader import KernelGone, run_test_cell, verdict

from ...checks.harness import FakeLink

TEST_CELL = "from autograder.checks.self_attention import check_softmax\ncheck_softmax(softmax)\n"
HEAD = "import numpy as np\ndef softmax(x, axis=-1):\n"


def judged(body: str) -> tuple[list[dict], dict | None]:
    namespace = {}
    exec(HEAD + body, namespace)
    link = FakeLink(namespace)
    outputs = run_test_cell(TEST_CELL, link)
    return outputs, link.verdict


@pytest.mark.parametrize(
    "body, cause, mistake",
    [
        (
            "    e = np.exp(x - x.max(0, keepdims=True))\n    return e / e.sum(0, keepdims=True)\n",
            MISTAKE,
            "ran over axis 0 instead of axis -1",
        ),
        ("    return x * 0 + 0.5\n", GENERIC, None),
        ("    return undefined_name\n", ERROR, None),
        ("    raise NotImplementedError()\n", NOT_ATTEMPTED, None),
    ],
)
def test_a_failed_cell_records_its_cause_and_named_mistake(body, cause, mistake):
    outputs, found = judged(body)
    assert outputs and outputs[0]["output_type"] == "error"
    assert found["cause"] == cause
    if mistake:
        assert mistake in found["mistake"] and found["mistake"] in outputs[0]["evalue"]
    else:
        assert found["mistake"] is None


def test_a_passing_cell_records_nothing():
    outputs, found = judged(
        "    e = np.exp(x - x.max(axis, keepdims=True))\n"
        "    return e / e.sum(axis, keepdims=True)\n"
    )
    assert outputs == [] and found is None


def test_any_named_mistake_is_carried_without_listing_it_anywhere():
    import numpy as np

    from autograder.checks.common import compare, fail

    with pytest.raises(GradingError) as info:
        compare(np.ones(2), np.zeros(2), "f(x)", {"a mistake nobody has named before": np.ones(2)})
    assert verdict(info.value) == {"cause": MISTAKE, "mistake": "a mistake nobody has named before"}
    with pytest.raises(GradingError) as info:
        fail("the mask was applied to the queries", mistake="mask on the queries")
    assert verdict(info.value) == {"cause": MISTAKE, "mistake": "mask on the queries"}
    assert verdict(KernelGone("ran past the limit", cause=TIMEOUT))["cause"] == TIMEOUT
    assert verdict(ValueError("x"))["cause"] == ERROR
