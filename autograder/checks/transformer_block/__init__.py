"""Checks for assignment 06_transformer_block. Hidden test cells call these with the
learner's objects.

Each check compares with :mod:`autograder.reference` on seeded inputs and, when the result is wrong,
tries the mistakes learners make (partial sums not rescaled, the last chunk dropped, a residual or a
norm in the wrong place, ...) and names the one that matches. The encoder block is built on the
learner's multi-head attention of assignment 05 (pasted into this notebook): it is judged around
that attention, so a mistake there costs nothing here.
"""

from __future__ import annotations

from autograder.checks.common import GradingError, compare
from autograder.checks.devices import devices
from autograder.checks.transformer_block.chunked import (
    check_chunked_attention,
    check_chunked_attention_memory,
)
from autograder.checks.transformer_block.encoder_block import (
    check_encoder_block,
    check_encoder_block_device,
)

# what the hidden test cells and the tests read from the chapter (the checks), and what the
# catalogue swaps while it records (compare, devices)
__all__ = [
    "check_chunked_attention",
    "check_chunked_attention_memory",
    "check_encoder_block",
    "check_encoder_block_device",
    "compare",
    "devices",
    "GradingError",
]
