"""The checks, called directly (no notebook): the reference passes, every planted mistake fails with
its specific message. Fast; the notebook-level proof is in test_grading.py."""

from types import SimpleNamespace

import numpy as np
import pytest
import torch
from torch import nn

from autograder import reference as ref
from autograder.checks import self_attention as checks
from autograder.checks.common import GradingError

from ..corpora.self_attention import REAL_RIGHT, REAL_WRONG, RIGHT, WRONG
from .harness import VIA, learner_object, shared_check_tests

CHECK_OF_PART = {
    "test_dot_product_score": ("dot_product_score", checks.check_dot_product_score),
    "test_additive_score": ("additive_score", checks.check_additive_score),
    "test_softmax": ("softmax", checks.check_softmax),
    "test_softmax_stable": ("softmax", checks.check_softmax_stable),
    "test_attention_scores": ("attention_scores", checks.check_attention_scores),
    "test_attention_output": ("attention_output", checks.check_attention_output),
    "test_self_attention": ("self_attention", checks.check_self_attention),
    "test_self_attention_relu": ("self_attention", checks.check_self_attention_relu),
    "test_SelfAttention": ("SelfAttention", checks.check_self_attention_module),
    "test_SelfAttention_mask": ("SelfAttention", checks.check_self_attention_mask),
    "test_SelfAttention_device": ("SelfAttention", checks.check_self_attention_device),
}


def learner_namespace(answers: dict[str, str]) -> dict:
    """What a notebook would hold: the reference solutions, then the learner's cells executed
    over them."""
    # not in a kernel here
    no_shell = SimpleNamespace(events=SimpleNamespace(register=lambda *args: None))
    ns = {
        "np": np,
        "torch": torch,
        "nn": nn,
        "dot_product_score": ref.dot_product_score,
        "softmax": ref.softmax,
        "attention_scores": ref.attention_scores,
        "get_ipython": lambda: no_shell,
    }
    for source in answers.values():
        exec(source, ns)
    return ns


REFERENCE_OBJECTS = {
    "dot_product_score": ref.dot_product_score,
    "additive_score": ref.additive_score,
    "softmax": ref.softmax,
    "attention_scores": ref.attention_scores,
    "attention_output": ref.attention_output,
    "self_attention": ref.self_attention,
    "SelfAttention": ref.SelfAttention,
}


def test_unimplemented_function_says_so():
    def softmax(x, axis=-1):
        raise NotImplementedError()

    with pytest.raises(GradingError, match="not implemented yet"):
        checks.check_softmax(softmax)


def test_crashing_function_reports_the_exception():
    def attention_scores(a, W_q, W_k):
        return a @ W_k  # wrong shapes for the product below

    with pytest.raises(GradingError, match=r"returned shape \(5, 3\), expected \(5, 5\)"):
        checks.check_attention_scores(attention_scores)

    def broken(a, W_q, W_k):
        return (a @ W_q) @ (a @ W_k)

    with pytest.raises(GradingError, match="raised ValueError"):
        checks.check_attention_scores(broken)


def test_a_wrong_softmax_costs_only_the_softmax():
    """attention_output calls the learner's softmax by name; grading it swaps in the
    reference one."""
    ns = learner_namespace(
        {
            "softmax": "def softmax(x, axis=-1):\n    return x",
            "attention_output": (
                "def attention_output(i, a, W_q, W_k, W_v):\n"
                "    return softmax(np.array([dot_product_score(a[i] @ W_q, a[j] @ W_k) for j in "
                "range(len(a))])) @ (a @ W_v)"
            ),
        }
    )
    with pytest.raises(GradingError):
        checks.check_softmax(ns["softmax"])
    checks.check_attention_output(ns["attention_output"])
    assert ns["softmax"](np.array([1.0, 2.0])).tolist() == [1.0, 2.0], (
        "the learner's function is restored"
    )


def test_tagger_check_both_sides():
    from autograder.learner.self_attention import train_test_long_range
    from autograder.learner.tagging import train_tagger

    train, _ = train_test_long_range(0)
    torch.manual_seed(0)
    model = ref.SelfAttentionTagger(train.vocab_size, train.n_classes)
    with pytest.raises(GradingError, match="needs at least 95%"):
        checks.check_tagger(model)
    train_tagger(model, train)
    # None: nbgrader would read a number as partial credit
    assert checks.check_tagger(model) is None


(
    test_reference_passes_every_check,
    test_each_mistake_is_named,
    test_each_mistake_costs_only_its_part,
    test_correct_alternatives_pass,
) = shared_check_tests(
    CHECK_OF_PART, REFERENCE_OBJECTS, WRONG + REAL_WRONG, RIGHT + REAL_RIGHT, learner_namespace
)


TAGGER = """class SelfAttentionTagger(nn.Module):
    def __init__(self, vocab_size, n_classes, d_model=32):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, d_model)
        self.attention = SelfAttention(d_model, d_model, d_model)
        self.head = nn.Linear(d_model, n_classes)

    def forward(self, tokens, mask):
        h = self.embed(tokens)
        return self.head(h + self.attention(h, mask)[0])

torch.manual_seed(0)
tagger = SelfAttentionTagger(49, 3)
"""


@pytest.mark.parametrize("via", VIA)
@pytest.mark.parametrize(
    "case",
    [
        c
        for c in WRONG + REAL_WRONG
        if c.name in ("module_softmax_over_queries", "real_mask_on_queries_finite_fill")
    ],
    ids=lambda c: c.name,
)
def test_a_failing_tagger_built_on_a_failing_layer_says_fix_that_part_first(case, via):
    """Item 3 of issue 15: the tagger's message names the earlier part that fails instead of
    guessing a cause."""
    ns = learner_namespace({**case.answers, "tagger": TAGGER})
    with pytest.raises(GradingError) as info:
        checks.check_tagger(learner_object(ns, "tagger", via))
    assert "Fix that part first" in str(info.value) and case.message in str(info.value)
    assert "residual connection" not in str(info.value)


@pytest.mark.parametrize("via", VIA)
def test_a_failing_tagger_on_correct_layers_keeps_its_own_advice(via):
    ns = learner_namespace({"SelfAttention": ref_module_source(), "tagger": TAGGER})
    with pytest.raises(GradingError) as info:
        checks.check_tagger(learner_object(ns, "tagger", via))
    assert "residual connection" in str(info.value) and "Fix that part first" not in str(info.value)


def ref_module_source() -> str:
    return next(c for c in RIGHT if c.name == "torch_tensors_inside_numpy").answers["SelfAttention"]
