"""The corpora of submissions, one module per chapter (named like the chapter everywhere else), and
the red-team corpus (:mod:`.redteam`). Each chapter's module defines ASSIGNMENT, NOTEBOOK, MANUAL
(grade ids graded by hand), WRONG and RIGHT lists of :class:`Case`; the checks' tests
(tests/checks/) judge them all, tests/integration/test_corpora_graded.py grades a sample of them as
whole notebooks through nbgrader."""

from dataclasses import dataclass, field

CHAPTERS = (
    "vector_sets",
    "output_types",
    "sequence_labeling",
    "self_attention",
    "transformer_layer",
    "transformer_block",
)


@dataclass
class Case:
    name: str
    answers: dict[str, str]  # grade_id of a solution cell -> the learner's source for it
    part: str = ""  # the grade cell that must fail (WRONG only)
    message: str = ""  # a fragment of the learner-facing message
    # other parts the same mistake may rightly break
    also_lost: tuple[str, ...] = field(default_factory=tuple)
    # part of also_lost -> what its message must say too
    named_in: dict[str, str] = field(default_factory=dict)

    @property
    def student(self) -> str:
        return self.name.replace("_", "-")
