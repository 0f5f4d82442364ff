"""Mutants of the transformer_layer solutions (see tests/mutants/__init__.py)."""

from . import Mutant

MUTANTS: list[Mutant] = []
