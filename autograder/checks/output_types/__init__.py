"""Checks for assignment 02_output_types. Hidden test cells call these with the learner's objects.

Every check compares with :mod:`autograder.reference.outputs` on seeded inputs whose padding holds
garbage (a correct function never looks at it), and names the padding mistakes learners make:
padding counted in a mean or a loss, the mask reversed, padding on the wrong side, NaN on an
all-padding row, tensors created on the wrong device.
"""

from __future__ import annotations

from autograder.checks.common import GradingError, compare
from autograder.checks.devices import devices
from autograder.checks.output_types.classifiers import (
    check_per_vector_classifier,
    check_sequence_classifier,
    check_sequence_classifier_device,
)
from autograder.checks.output_types.loss import (
    LOSS_HINTS,
    check_masked_cross_entropy,
    check_masked_cross_entropy_device,
)
from autograder.checks.output_types.masked_mean import (
    COUNT_AXIS_HINTS,
    check_masked_mean,
    check_masked_mean_device,
    check_masked_mean_empty_row,
)
from autograder.checks.output_types.output_type import (
    check_output_type_chapter,
    check_output_type_new,
)
from autograder.checks.output_types.padding import (
    HELPERS,
    check_pad_batch,
    check_pad_batch_device,
    check_pad_batch_errors,
)
from autograder.checks.output_types.training import check_speaker_model

# what the hidden test cells and the tests read from the chapter (the checks), and what the
# catalogue swaps while it records (compare, devices)
__all__ = [
    "check_output_type_chapter",
    "check_output_type_new",
    "HELPERS",
    "check_pad_batch",
    "check_pad_batch_errors",
    "check_pad_batch_device",
    "COUNT_AXIS_HINTS",
    "check_masked_mean",
    "check_masked_mean_empty_row",
    "check_masked_mean_device",
    "check_per_vector_classifier",
    "check_sequence_classifier",
    "check_sequence_classifier_device",
    "LOSS_HINTS",
    "check_masked_cross_entropy",
    "check_masked_cross_entropy_device",
    "check_speaker_model",
    "compare",
    "devices",
    "GradingError",
]
