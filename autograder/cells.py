"""What nbgrader's metadata says about a notebook's cell: which cells are tests, and the errors a
cell showed. One definition for the wire (a test cell defines nothing the learner wrote), the
execute step, and the record of what grading found."""


def nbgrader_meta(cell) -> dict:
    """The cell's nbgrader metadata (empty for a cell nbgrader does not know)."""
    return cell.get("metadata", {}).get("nbgrader", {})


def is_test_cell(cell) -> bool:
    """A test cell: graded code that is not the learner's answer (a manually graded answer is
    graded code too, but a solution)."""
    meta = nbgrader_meta(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def error_outputs(cell) -> list[dict]:
    """The error outputs a code cell showed, in order."""
    return [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]


def is_answer_cell(cell) -> bool:
    """A cell the learner writes (nbgrader's solution cell: code or a written answer)."""
    return bool(nbgrader_meta(cell).get("solution"))
