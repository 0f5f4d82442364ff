"""Assignment 05's checks, called directly (no notebook): the reference passes, every planted
mistake of the corpus fails with its specific message, every correct alternative passes. Fast; the
notebook-level proof is in test_grading.py."""

import math

import pytest
import torch
from torch import nn

from autograder import reference as ref
from autograder.checks import transformer_layer as checks
from autograder.checks.common import GradingError
from autograder.learner.tagging import train_tagger
from autograder.learner.transformer_layer import train_test_left_neighbour

from ..corpora.transformer_layer import _SOLUTION, REAL_RIGHT, REAL_WRONG, RIGHT, WRONG
from .harness import VIA, learner_object, shared_check_tests

CHECK_OF_PART = {
    "test_sdpa": ("scaled_dot_product_attention", checks.check_scaled_dot_product_attention),
    "test_sdpa_mask": ("scaled_dot_product_attention", checks.check_attention_masks),
    "test_sdpa_empty_rows": ("scaled_dot_product_attention", checks.check_empty_rows),
    "test_MultiHeadSelfAttention": ("MultiHeadSelfAttention", checks.check_multi_head_attention),
    "test_positional_encoding": (
        "sinusoidal_positional_encoding",
        checks.check_positional_encoding,
    ),
    "test_local_attention_mask": ("local_attention_mask", checks.check_local_attention_mask),
    "test_graph_attention_mask": ("graph_attention_mask", checks.check_graph_attention_mask),
}


def learner_namespace(answers: dict[str, str]) -> dict:
    """The notebook's functions: the instructor's solution cells, then the learner's cells executed
    over them."""
    ns = {"math": math, "torch": torch, "nn": nn}
    for grade_id in CHECK_OF_PART.values():
        exec(_SOLUTION[grade_id[0]], ns)
    for source in answers.values():
        exec(source, ns)
    return ns


REFERENCE_OBJECTS = {name: getattr(ref, name) for name, _ in CHECK_OF_PART.values()}


@pytest.mark.parametrize("part", sorted(CHECK_OF_PART))
def test_the_solution_notebook_passes_every_check(part):
    name, check = CHECK_OF_PART[part]
    check(learner_namespace({})[name])


def test_not_implemented_is_reported_in_learner_terms():
    def scaled_dot_product_attention(q, k, v, mask=None, causal=False):
        raise NotImplementedError()

    with pytest.raises(GradingError, match="not implemented yet"):
        checks.check_scaled_dot_product_attention(scaled_dot_product_attention)


def test_wrong_mha_layout_is_explained():
    class Separate(nn.Module):
        def __init__(self, d_model, n_heads):
            super().__init__()
            if d_model % n_heads:
                raise ValueError
            self.W_q = nn.Linear(d_model, d_model)

    with pytest.raises(GradingError, match="in_proj_weight"):
        checks.check_multi_head_attention(Separate)


def test_tagger_check_both_ways():
    torch.set_num_threads(1)
    train, _ = train_test_left_neighbour(seed=0, n_train=2000)
    torch.manual_seed(0)
    blind = ref.SelfAttentionTagger(train.vocab_size, train.n_classes)
    with pytest.raises(GradingError, match="cannot see positions"):
        checks.check_positional_tagger(blind)
    with pytest.raises(GradingError, match="nn.Module"):
        checks.check_positional_tagger("not a model")
    torch.manual_seed(0)
    tagger = ref.PositionalTagger(train.vocab_size, train.n_classes)
    train_tagger(tagger, train, epochs=12, lr=5e-3)
    checks.check_positional_tagger(tagger)


(
    test_reference_passes_every_check,
    test_each_mistake_is_named,
    test_each_mistake_costs_only_its_part,
    test_correct_alternatives_pass,
) = shared_check_tests(
    CHECK_OF_PART, REFERENCE_OBJECTS, WRONG + REAL_WRONG, RIGHT + REAL_RIGHT, learner_namespace
)


def _untrained_tagger(answers: dict[str, str]) -> dict:
    ns = learner_namespace(answers)
    exec(
        _SOLUTION["PositionalTagger"]
        + "\ntorch.manual_seed(0)\ntagger = PositionalTagger(25, 3)\n",
        ns,
    )
    return ns


@pytest.mark.parametrize("via", VIA)
@pytest.mark.parametrize(
    "case",
    [
        c
        for c in WRONG + REAL_WRONG
        if c.name
        in ("sdpa_softmax_over_queries", "real_sdpa_scale_from_axis_1", "real_mha_mask_inverted")
    ],
    ids=lambda c: c.name,
)
def test_a_failing_tagger_built_on_a_failing_part_says_fix_that_part_first(case, via):
    """Item 3 of issue 15: a wrong earlier part is named in the tagger's message, not "add the
    positional encoding"."""
    with pytest.raises(GradingError) as info:
        checks.check_positional_tagger(
            learner_object(_untrained_tagger(case.answers), "tagger", via)
        )
    assert "Fix that part first" in str(info.value) and case.message in str(info.value)
    assert "cannot see positions" not in str(info.value)


@pytest.mark.parametrize("via", VIA)
def test_a_failing_tagger_on_correct_parts_keeps_its_own_advice(via):
    with pytest.raises(GradingError) as info:
        checks.check_positional_tagger(learner_object(_untrained_tagger({}), "tagger", via))
    assert "cannot see positions" in str(info.value) and "Fix that part first" not in str(
        info.value
    )
