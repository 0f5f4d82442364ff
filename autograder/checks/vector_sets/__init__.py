"""Checks for assignment 01_vector_sets. Hidden test cells call these with the learner's functions.

Every check compares with :mod:`autograder.reference.vector_sets` on seeded inputs and names the
mistakes learners make: frame counts off by one, hop and window swapped, milliseconds used as
samples, 0 / 0 in a cosine similarity, the query word as its own neighbour, a one-way
(non-symmetric) adjacency, ...
"""

from __future__ import annotations

from autograder.checks.common import GradingError, compare
from autograder.checks.devices import devices
from autograder.checks.vector_sets.frames import check_frame_signal, check_num_frames
from autograder.checks.vector_sets.molecules import (
    check_molecule_errors,
    check_molecule_to_vector_set,
)
from autograder.checks.vector_sets.one_hot import check_one_hot, check_one_hot_errors
from autograder.checks.vector_sets.similarity import (
    HELPERS,
    ROW_NORMS,
    check_cosine_similarity_matrix,
    check_cosine_zero_row,
    check_nearest_words,
)
from autograder.checks.vector_sets.spectrum import check_log_power_spectrum

# what the hidden test cells and the tests read from the chapter (the checks), and what the
# catalogue swaps while it records (compare, devices)
__all__ = [
    "check_one_hot",
    "check_one_hot_errors",
    "HELPERS",
    "ROW_NORMS",
    "check_cosine_similarity_matrix",
    "check_cosine_zero_row",
    "check_nearest_words",
    "check_num_frames",
    "check_frame_signal",
    "check_log_power_spectrum",
    "check_molecule_to_vector_set",
    "check_molecule_errors",
    "compare",
    "devices",
    "GradingError",
]
