"""What a corpus of submissions is made of. Each ``corpus_<assignment>.py`` defines ASSIGNMENT, NOTEBOOK,
MANUAL (grade ids graded by hand), WRONG and RIGHT lists of Case; test_grading.py grades them all."""

from dataclasses import dataclass, field


@dataclass
class Case:
    name: str
    answers: dict[str, str]  # grade_id of a solution cell -> the learner's source for it
    part: str = ""  # the grade cell that must fail (WRONG only)
    message: str = ""  # a fragment of the learner-facing message
    also_lost: tuple[str, ...] = field(default_factory=tuple)  # other parts the same mistake may rightly break

    @property
    def student(self) -> str:
        return self.name.replace("_", "-")
