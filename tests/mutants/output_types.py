"""Mutants of the output_types solutions (see tests/mutants/__init__.py)."""

from . import Mutant

MUTANTS: list[Mutant] = []
