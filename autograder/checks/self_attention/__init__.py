"""Checks for assignment 04_self_attention. Hidden test cells call these with the learner's objects.

Every check compares with :mod:`autograder.reference` on seeded inputs that do not saturate the
softmax, and when the result is wrong it tries the mistakes learners make and names the one
that matches.
"""

from __future__ import annotations

from autograder.checks.common import GradingError, compare
from autograder.checks.devices import devices
from autograder.checks.self_attention.attention import (
    UNSCALED,
    check_attention_output,
    check_attention_scores,
    check_self_attention,
    check_self_attention_relu,
)
from autograder.checks.self_attention.module import (
    BATCH_SOFTMAX,
    MODULE_HINTS,
    MODULE_UNSCALED,
    check_self_attention_device,
    check_self_attention_mask,
    check_self_attention_module,
)
from autograder.checks.self_attention.scores import (
    HELPERS,
    SCORE_HELPERS,
    check_additive_score,
    check_dot_product_score,
    random_problem,
)
from autograder.checks.self_attention.softmax import (
    KEEPDIMS,
    KEEPDIMS_HINTS,
    check_softmax,
    check_softmax_stable,
)
from autograder.checks.self_attention.tagger import check_tagger

# what the hidden test cells and the tests read from the chapter (the checks), and what the
# catalogue swaps while it records (compare, devices)
__all__ = [
    "random_problem",
    "HELPERS",
    "SCORE_HELPERS",
    "check_dot_product_score",
    "check_additive_score",
    "KEEPDIMS",
    "KEEPDIMS_HINTS",
    "check_softmax",
    "check_softmax_stable",
    "UNSCALED",
    "check_attention_scores",
    "check_attention_output",
    "check_self_attention",
    "check_self_attention_relu",
    "check_self_attention_module",
    "check_self_attention_mask",
    "MODULE_HINTS",
    "BATCH_SOFTMAX",
    "MODULE_UNSCALED",
    "check_self_attention_device",
    "check_tagger",
    "compare",
    "devices",
    "GradingError",
]
