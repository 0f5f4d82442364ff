"""Assignment 06's checks, called directly (no notebook): the reference passes, every planted
mistake of the corpus fails with its specific message, every correct alternative passes. Fast; the
notebook-level proof is in tests/integration/test_corpora_graded.py."""

import math

import pytest
import torch
from torch import nn

from autograder import reference as ref
from autograder.checks import transformer_block as checks
from autograder.checks.common import GradingError

from ..corpora import transformer_layer as assignment_05
from ..corpora.transformer_block import _SOLUTION, RIGHT, WRONG
from .harness import VIA, learner_object, shared_check_tests

CHECK_OF_PART = {
    "test_chunked_attention": ("chunked_attention", checks.check_chunked_attention),
    "test_chunked_attention_memory": ("chunked_attention", checks.check_chunked_attention_memory),
    "test_encoder_block": ("TransformerEncoderBlock", checks.check_encoder_block),
    "test_encoder_block_device": ("TransformerEncoderBlock", checks.check_encoder_block_device),
}
# Part 0: the learner's attention from assignment 05, pasted in; the block is built on it.
PASTED = ("scaled_dot_product_attention", "MultiHeadSelfAttention")


def learner_namespace(answers: dict[str, str]) -> dict:
    """The notebook's functions: the instructor's solution cells, then the learner's cells executed
    over them."""
    ns = {"math": math, "torch": torch, "nn": nn}
    for grade_id in (*PASTED, *(name for name, _ in CHECK_OF_PART.values())):
        exec(_SOLUTION[grade_id], ns)
    for source in answers.values():
        exec(source, ns)
    return ns


REFERENCE_OBJECTS = {name: getattr(ref, name) for name, _ in CHECK_OF_PART.values()}


@pytest.mark.parametrize("part", sorted(CHECK_OF_PART))
def test_the_solution_notebook_passes_every_check(part):
    name, check = CHECK_OF_PART[part]
    check(learner_namespace({})[name])


def test_the_pasted_attention_is_assignment_05s_solution():
    """Part 0 holds the same code as assignment 05's solution cells (under a comment line), so
    assignment 05's corpus edits apply to it."""
    for grade_id in PASTED:
        assert _SOLUTION[grade_id].split("\n", 1)[1] == assignment_05._SOLUTION[grade_id]


(
    test_reference_passes_every_check,
    test_each_mistake_is_named,
    test_each_mistake_costs_only_its_part,
    test_correct_alternatives_pass,
) = shared_check_tests(CHECK_OF_PART, REFERENCE_OBJECTS, WRONG, RIGHT, learner_namespace)


# The encoder block (part 2) is built on the learner's MultiHeadSelfAttention (assignment 05's part
# 2, pasted into part 0), which calls their scaled_dot_product_attention (assignment 05's part 1): a
# mistake there costs those parts of assignment 05, never the block's.
EARLIER = [
    c
    for c in assignment_05.WRONG
    if c.part
    in ("test_sdpa", "test_sdpa_mask", "test_sdpa_empty_rows", "test_MultiHeadSelfAttention")
]


@pytest.mark.parametrize("via", VIA)
@pytest.mark.parametrize("case", EARLIER, ids=[c.name for c in EARLIER])
def test_a_mistake_in_an_earlier_part_does_not_cost_the_block(case, via):
    ns = learner_namespace(case.answers)
    checks.check_encoder_block(learner_object(ns, "TransformerEncoderBlock", via))


@pytest.mark.parametrize("via", VIA)
def test_a_block_mistake_is_still_named_around_a_wrong_attention(via):
    wrong_attention = next(c for c in assignment_05.WRONG if c.name == "mha_heads_strided")
    no_residual = next(c for c in WRONG if c.name == "block_no_attention_residual")
    ns = learner_namespace(wrong_attention.answers | no_residual.answers)
    with pytest.raises(GradingError, match="residual connection around self-attention is missing"):
        checks.check_encoder_block(learner_object(ns, "TransformerEncoderBlock", via))


def test_chunked_memory_falls_back_to_shapes_where_memory_cannot_be_read(monkeypatch):
    from autograder.checks import common

    monkeypatch.setattr(common, "peak_growth", lambda pid, run: (run(), None))
    checks.check_chunked_attention_memory(ref.chunked_attention)
    full = next(c for c in WRONG if c.part == "test_chunked_attention_memory")
    with pytest.raises(GradingError, match="N x N matrix"):
        checks.check_chunked_attention_memory(learner_namespace(full.answers)["chunked_attention"])
