"""Mutants of the self_attention solutions (see tests/mutants/__init__.py)."""

from . import Mutant

MUTANTS: list[Mutant] = []
