"""The checks of assignment 02, called directly (no notebook): the reference passes, every planted
mistake fails with its specific message, the correct alternatives pass. Fast; the notebook-level
proof is in test_grading.py."""

from types import SimpleNamespace

import numpy as np
import pytest
import torch
from torch import nn

from autograder.checks import output_types as checks
from autograder.checks.common import GradingError
from autograder.reference import output_types as ref

from ..corpora.output_types import REAL_RIGHT, REAL_WRONG, RIGHT, WRONG
from .harness import shared_check_tests

CHECK_OF_PART = {
    "test_output_type_chapter": ("OUTPUT_TYPE", checks.check_output_type_chapter),
    "test_output_type_new": ("OUTPUT_TYPE", checks.check_output_type_new),
    "test_pad_batch": ("pad_batch", checks.check_pad_batch),
    "test_pad_batch_errors": ("pad_batch", checks.check_pad_batch_errors),
    "test_pad_batch_device": ("pad_batch", checks.check_pad_batch_device),
    "test_masked_mean": ("masked_mean", checks.check_masked_mean),
    "test_masked_mean_empty_row": ("masked_mean", checks.check_masked_mean_empty_row),
    "test_masked_mean_device": ("masked_mean", checks.check_masked_mean_device),
    "test_PerVectorClassifier": ("PerVectorClassifier", checks.check_per_vector_classifier),
    "test_SequenceClassifier": ("SequenceClassifier", checks.check_sequence_classifier),
    "test_SequenceClassifier_device": (
        "SequenceClassifier",
        checks.check_sequence_classifier_device,
    ),
    "test_masked_cross_entropy": ("masked_cross_entropy", checks.check_masked_cross_entropy),
    "test_masked_cross_entropy_device": (
        "masked_cross_entropy",
        checks.check_masked_cross_entropy_device,
    ),
}

REFERENCE_OBJECTS = {
    "OUTPUT_TYPE": ref.OUTPUT_TYPE,
    "pad_batch": ref.pad_batch,
    "masked_mean": ref.masked_mean,
    "PerVectorClassifier": ref.PerVectorClassifier,
    "SequenceClassifier": ref.SequenceClassifier,
    "masked_cross_entropy": ref.masked_cross_entropy,
}


def learner_namespace(answers: dict[str, str]) -> dict:
    """What a notebook would hold: the reference solutions, then the learner's cells executed
    over them."""
    # not in a kernel here
    no_shell = SimpleNamespace(events=SimpleNamespace(register=lambda *args: None))
    ns = {"np": np, "torch": torch, "nn": nn, "get_ipython": lambda: no_shell, **REFERENCE_OBJECTS}
    for grade_id, source in answers.items():
        # trains for seconds; graded end to end in test_grading.py
        if grade_id != "train_speaker_model":
            exec(source, ns)
    return ns


def test_every_diagnosed_mistake_has_a_case():
    messages = " ".join(c.message for c in WRONG)
    for fragment in (
        "padding is counted in the mean",
        "the mask is reversed",
        "the padding is on the wrong side",
        "averaged over the padded positions too",
        "gives NaN",
        "creates a tensor on the CPU",
        "keep everything on the device",
    ):
        assert fragment in messages, fragment


def test_unimplemented_function_says_so():
    def masked_mean(x, mask):
        raise NotImplementedError()

    for check in (checks.check_masked_mean, checks.check_masked_mean_device):
        with pytest.raises(GradingError, match="not implemented yet"):
            check(masked_mean)
    with pytest.raises(GradingError, match="not implemented yet"):
        checks.check_output_type_chapter({})


def test_a_wrong_masked_mean_costs_only_the_masked_mean():
    """SequenceClassifier calls masked_mean by name; grading it swaps in the reference one."""
    ns = learner_namespace({"masked_mean": "def masked_mean(x, mask):\n    return x.mean(1)"})
    learners = ns["masked_mean"]
    with pytest.raises(GradingError):
        checks.check_masked_mean(ns["masked_mean"])
    exec(
        "class SequenceClassifier(nn.Module):\n"
        "    def __init__(self, d_in, n_classes):\n"
        "        super().__init__()\n"
        "        self.linear = nn.Linear(d_in, n_classes)\n\n"
        "    def forward(self, x, mask):\n"
        "        return self.linear(masked_mean(x, mask))",
        ns,
    )
    checks.check_sequence_classifier(ns["SequenceClassifier"])
    checks.check_sequence_classifier_device(ns["SequenceClassifier"])
    assert ns["masked_mean"] is learners, "the learner's function is restored"


def test_meta_limits_are_not_blamed_on_the_learner():
    """Data-dependent code (boolean indexing, .item()) cannot run on meta; that alone
    costs nothing."""

    def masked_mean(x, mask):
        return torch.stack(
            [x[b][mask[b]].sum(0) / max(int(mask[b].sum()), 1) for b in range(len(x))]
        )

    checks.check_masked_mean(masked_mean)
    checks.check_masked_mean_device(masked_mean)


def test_a_hard_coded_cpu_copy_is_caught_on_meta():
    def masked_mean(x, mask):
        return ref.masked_mean(x, mask).cpu()

    checks.check_masked_mean(masked_mean)  # right on the CPU
    with pytest.raises(GradingError, match=r"moves a tensor to the CPU \(\.cpu\(\)\)"):
        checks.check_masked_mean_device(masked_mean)


def test_speaker_check_both_sides():
    from autograder.learner.output_types import train_test_utterances

    train, _ = train_test_utterances(0)
    torch.manual_seed(0)
    model = ref.SequenceClassifier(train.d, train.n_speakers)
    with pytest.raises(GradingError, match="needs at least 90%"):
        checks.check_speaker_model(model)
    frames, mask, speakers, _ = train.to_torch()
    ref.train_sequence_classifier(model, frames, mask, speakers)
    assert checks.check_speaker_model(model) is None
    with pytest.raises(GradingError, match="SequenceClassifier"):
        checks.check_speaker_model(nn.Linear(12, 5))


(
    test_reference_passes_every_check,
    test_each_mistake_is_named,
    test_each_mistake_costs_only_its_part,
    test_correct_alternatives_pass,
) = shared_check_tests(
    CHECK_OF_PART, REFERENCE_OBJECTS, WRONG + REAL_WRONG, RIGHT + REAL_RIGHT, learner_namespace
)
