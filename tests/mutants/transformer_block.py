"""Mutants of the transformer_block solutions (see tests/mutants/__init__.py): one per contract clause."""

from . import Mutant

MUTANTS: list[Mutant] = []
