"""Known slips (autograder.checks.slips): a crash of the learner's code gets the hint of what it
means, from the exception and the learner's own line (read from the traceback, as in a
notebook's cell)."""

import pytest
import torch

from autograder.checks.common import GradingError, call, expect_raises
from autograder.checks.slips import SLIPS, slip_hint


def softmax_with_torch_max(x):
    return torch.exp(x - torch.max(x, dim=-1, keepdim=True))  # .values forgotten


def uses_an_optional_mask(x, mask=None):
    return x.masked_fill(~mask, 0.0)


def test_the_issue_example_torch_max_of_a_tensor_where_values_was_meant():
    with pytest.raises(GradingError) as info:
        call(softmax_with_torch_max, torch.randn(2, 3), what="softmax(x)")
    text = str(info.value)
    assert text.startswith(
        "softmax(x) raised TypeError at `return torch.exp(x - torch.max(x, dim=-1, keepdim=True))"
    )
    assert "take .values" in text and info.value.mistake


def test_a_hint_that_needs_the_line_is_given_only_when_the_line_shows_the_slip():
    with pytest.raises(GradingError, match="mask=None"):
        call(uses_an_optional_mask, torch.randn(2, 3), what="f(x)")
    assert "mask=None" not in slip_hint(
        "TypeError", "bad operand type for unary ~: 'NoneType'", "y = ~flags"
    )


def test_every_slip_matches_its_own_kind_of_message_only():
    assert slip_hint(
        "RuntimeError", "mat1 and mat2 shapes cannot be multiplied (5x3 and 4x2)"
    ).startswith("The inner sizes")
    # another exception
    assert slip_hint("ValueError", "mat1 and mat2 shapes cannot be multiplied") == ""
    assert slip_hint("RuntimeError", "something no slip explains") == ""
    assert all(s.hint.endswith(".") or s.hint.endswith(")") for s in SLIPS)


def test_an_unimplemented_function_reads_the_same_whatever_the_check_expected():
    def one_hot(tokens, vocab):
        raise NotImplementedError()

    for run in (
        lambda: call(one_hot, [], [], what="one_hot([], [])"),
        lambda: expect_raises(one_hot, ValueError, "one_hot(['zebra'], vocab)", ["zebra"], ["cat"]),
    ):
        with pytest.raises(GradingError) as info:
            run()
        assert str(info.value) == (
            "one_hot is not implemented yet: replace `raise NotImplementedError()` with your code."
        )


def test_pytorchs_own_not_implemented_errors_are_crashes_not_blank_parts():
    def uses_nonzero(x):
        return x[x > 0]

    with pytest.raises(GradingError) as info:
        call(uses_nonzero, torch.randn(4, device="meta"), what="f(x)")
    assert "not implemented yet" not in str(info.value)
