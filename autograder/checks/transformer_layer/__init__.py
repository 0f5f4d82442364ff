"""Checks for assignment 05_transformer_layer. Hidden test cells call these with the
learner's objects.

Each check compares with :mod:`autograder.reference` on seeded inputs and, when the result is wrong,
tries the mistakes learners make (scaling by d, heads split along the wrong axis, a causal mask off
by one, ...) and names the one that matches.
"""

from __future__ import annotations

from autograder.checks.common import GradingError, compare
from autograder.checks.devices import devices
from autograder.checks.transformer_layer.attention import (
    BATCH_HINTS,
    HELPERS,
    check_scaled_dot_product_attention,
)
from autograder.checks.transformer_layer.mask_builders import (
    check_graph_attention_mask,
    check_local_attention_mask,
)
from autograder.checks.transformer_layer.masks import (
    ADDED,
    ZEROED,
    check_attention_masks,
    check_empty_rows,
    compare_quietly,
)
from autograder.checks.transformer_layer.multi_head import check_multi_head_attention
from autograder.checks.transformer_layer.positional import (
    check_positional_encoding,
    check_positional_tagger,
)

# what the hidden test cells and the tests read from the chapter (the checks), and what the
# catalogue swaps while it records (compare, devices)
__all__ = [
    "HELPERS",
    "BATCH_HINTS",
    "check_scaled_dot_product_attention",
    "ZEROED",
    "ADDED",
    "compare_quietly",
    "check_attention_masks",
    "check_empty_rows",
    "check_multi_head_attention",
    "check_positional_encoding",
    "check_positional_tagger",
    "check_local_attention_mask",
    "check_graph_attention_mask",
    "compare",
    "devices",
    "GradingError",
]
