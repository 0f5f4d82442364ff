"""Checks for assignment 03_sequence_labeling. Hidden test cells call these with the
learner's objects.

Each check compares with :mod:`autograder.reference.labeling` on seeded inputs and, when the result
is wrong, tries the mistakes learners make with context windows (reversed order, edge copies or
wrap-around instead of zeros, a window one vector too narrow or too wide, windows across the batch)
and names the one that matches.
"""

from __future__ import annotations

from autograder.checks.common import GradingError, compare
from autograder.checks.devices import devices
from autograder.checks.sequence_labeling.param_count import check_window_mlp_param_count
from autograder.checks.sequence_labeling.taggers import (
    RERUN_K,
    RERUN_TOLERANCE,
    SAW_SENTENCE,
    SWEEP_K,
    check_per_vector_tagger,
    check_window_sweep,
    check_window_tagger,
)
from autograder.checks.sequence_labeling.window_mlp import (
    check_window_mlp,
    check_window_mlp_device,
    check_window_mlp_vectorised,
)
from autograder.checks.sequence_labeling.windows import (
    HELPERS,
    SLICE_HINTS,
    check_context_windows,
    window_mistakes,
)

# what the hidden test cells and the tests read from the chapter (the checks), and what the
# catalogue swaps while it records (compare, devices)
__all__ = [
    "HELPERS",
    "window_mistakes",
    "SLICE_HINTS",
    "check_context_windows",
    "check_window_mlp_param_count",
    "check_window_mlp",
    "check_window_mlp_vectorised",
    "check_window_mlp_device",
    "SAW_SENTENCE",
    "check_per_vector_tagger",
    "check_window_tagger",
    "SWEEP_K",
    "RERUN_K",
    "RERUN_TOLERANCE",
    "check_window_sweep",
    "compare",
    "devices",
    "GradingError",
]
