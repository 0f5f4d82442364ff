"""Registering an assignment's cells in the gradebook (autograder.grading.register): once, and
again only when they changed."""

import shutil

import nbformat

from autograder.grading import register as registering
from autograder.grading.course import Course
from autograder.grading.register import register


def test_registering_again_leaves_a_registered_assignment_alone_and_a_changed_one_is_updated(
    tmp_path, monkeypatch
):
    """A shard registers the assignment while another may be grading from the same gradebook:
    nbgrader re-registers a notebook by removing its cells and adding them back (committed one by
    one), which a grading in progress must not see. Registering cells that are already there writes
    nothing; changed sources still update."""
    from nbgrader.api import Gradebook

    root = tmp_path / "course"
    root.mkdir()
    real = Course.at()
    shutil.copytree(real.root / "solutions", root / "solutions")
    shutil.copy(real.root / "nbgrader_config.py", root)
    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    course = Course(root, tmp_path / "work", url)
    written, generate = [], registering.generate
    monkeypatch.setattr(
        registering,
        "generate",
        lambda c, a, folder, db: (written.append(db), generate(c, a, folder, db)),
    )
    register(course, "01_vector_sets")
    assert written.count(url) == 1
    register(course, "01_vector_sets")
    assert written.count(url) == 1, "the registered cells were written again"

    source = root / "solutions" / "01_vector_sets" / "vector_sets.ipynb"
    nb = nbformat.read(source, as_version=4)
    graded = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("points"))
    graded.metadata["nbgrader"]["points"] += 1
    nbformat.write(nb, source)
    register(course, "01_vector_sets")
    assert written.count(url) == 2
    with Gradebook(url) as gb:
        cell = gb.find_grade_cell(
            graded.metadata["nbgrader"]["grade_id"], "vector_sets", "01_vector_sets"
        )
        assert cell.max_score == graded.metadata["nbgrader"]["points"], (
            "a changed source is registered"
        )
