"""Mutants of the sequence_labeling solutions (see tests/mutants/__init__.py)."""

from . import Mutant

MUTANTS: list[Mutant] = []
