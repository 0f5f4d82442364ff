"""What the grader no longer pays per cell (autograder.grading.nbgrader_speedups) judges cells
exactly as before."""

import jsonschema
import pytest
from nbformat.v4 import new_code_cell
from nbgrader.nbgraderformat import MetadataValidator, ValidationError, common

from autograder.grading import nbgrader_speedups as speedups

GOOD = {
    "schema_version": 3,
    "grade": True,
    "locked": False,
    "solution": False,
    "grade_id": "test_softmax",
    "points": 2,
}
BAD = [
    {**GOOD, "points": -1},  # below the minimum
    {**GOOD, "grade_id": "no spaces allowed"},  # the id's pattern
    {**GOOD, "grade": "yes"},  # a type
    {"schema_version": 3, "grade": True},  # required keys missing
    {**GOOD, "checksum": "short"},
]


@pytest.fixture
def schema():
    return MetadataValidator().schema


def test_each_verdict_is_jsonschemas(schema):
    speedups.validate(GOOD, schema)
    for bad in BAD:
        with pytest.raises(jsonschema.ValidationError) as theirs:
            jsonschema.validate(bad, schema)
        with pytest.raises(jsonschema.ValidationError) as ours:
            speedups.validate(bad, schema)
        assert (ours.value.message, list(ours.value.path)) == (
            theirs.value.message,
            list(theirs.value.path),
        )


def test_a_broken_schema_is_still_refused():
    with pytest.raises(jsonschema.SchemaError):
        speedups.validate({}, {"type": "no such type"})


def test_nbgrader_uses_it_and_still_refuses_bad_cells():
    speedups.apply()
    assert common.jsonschema.validate is speedups.validate
    validator = MetadataValidator()
    validator.validate_cell(new_code_cell("x = 1", metadata={"nbgrader": dict(GOOD)}))
    for bad in BAD:
        with pytest.raises(ValidationError):
            validator.validate_cell(new_code_cell("x = 1", metadata={"nbgrader": dict(bad)}))
