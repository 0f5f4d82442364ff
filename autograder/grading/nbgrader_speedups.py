"""What nbgrader pays again for every cell of every student and need not: each applied once per
grading process.

* nbgrader checks each cell's metadata with ``jsonschema.validate(metadata, schema)``, which first
  validates the *schema* against its meta-schema, every call (about a hundred cells a student, three
  passes each). Here the schema is checked once and its validator kept; each cell is then judged
  exactly as ``jsonschema.validate`` judges it (the same best-matching error is raised).
"""

from __future__ import annotations

import json
import types
from functools import lru_cache

import jsonschema
from jsonschema.exceptions import best_match


@lru_cache(maxsize=16)
def _validator(schema_text: str):
    schema = json.loads(schema_text)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate(instance, schema) -> None:
    """``jsonschema.validate(instance, schema)``, with the schema checked and its validator
    built once."""
    error = best_match(_validator(json.dumps(schema, sort_keys=True)).iter_errors(instance))
    if error is not None:
        raise error


def apply() -> None:
    """Have nbgrader's metadata validation (its module's only use of jsonschema)
    use :func:`validate`."""
    from nbgrader.nbgraderformat import common

    if getattr(common.jsonschema, "validate", None) is not validate:
        common.jsonschema = types.SimpleNamespace(validate=validate)
