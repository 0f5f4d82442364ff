"""Mutants of the solutions, one module per chapter (named like the chapter everywhere else).

Each mutant breaks one clause of one part's contract (``@contract`` on the part's check, see
:mod:`autograder.checks.contracts`), the way a learner's code would: it edits the solution cell that
defines the learner name (``edits``: exact text of the solution, replaced) or replaces it
(``source``). It must lose its part with a message that names the mistake (``says``), and cost no
other part that grades the same name (except ``also_lost``). ``tests/checks/test_contracts.py`` runs
them all; the terminal summary counts them per assignment.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mutant:
    part: str  # the grade_id of the test cell it must fail
    clause: str  # the name of the contract clause it breaks
    says: str  # a fragment of the part's message: the mistake named
    # (text of the solution cell, what the mutant writes instead)
    edits: tuple[tuple[str, str], ...] = ()
    source: str | None = None  # the mutant's whole cell instead of edits
    cell: str = ""  # the solution cell it edits (default: the part's first learner name)
    # other parts of the same name it may rightly cost
    also_lost: tuple[str, ...] = field(default_factory=tuple)

    @property
    def id(self) -> str:
        return f"{self.part}:{self.clause}"
