"""What both LMS test modules read: the real-looking samples, and a download written and
read back."""

from pathlib import Path

import nbformat

from autograder.lms.downloads import read_download, read_roster

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "lms"
NOTEBOOK = nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]))
NB = ("self_attention",)


def write(path, text=NOTEBOOK):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def read(root, roster=None):
    """(layout, student -> Submission) of the download at ``root``, mapped through ``roster``."""
    layout, subs = read_download(root, None, NB)
    if roster:
        subs = read_roster(SAMPLES / roster)[1].apply(subs)
    return layout, {s.student: s for s in subs}
