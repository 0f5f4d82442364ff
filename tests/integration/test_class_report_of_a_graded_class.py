"""The class report (autograder.report.class_report) on a simulated class graded once: its counts
are the planted mistakes, its copies are the planted copies, and it reads offline in a browser with
alt text on every figure.

Six learners, each planting known mistakes from the corpus (tests/corpora/self_attention.py) over
otherwise correct work: bo and a renamed copy of bo's work, cy and a verbatim copy of cy's, and dee
and eli, who wrote their correct parts independently (the corpus's RIGHT alternatives). Training is
stubbed (as the grading benchmark does), so the tagger part fails for all six, the same generic way.
"""

import csv
import os
import shutil

import pytest

from autograder.authoring.simulate import student_notebook, write_student
from autograder.errors import ERROR, GENERIC, MISTAKE, NOT_ATTEMPTED
from autograder.grading.course import Course
from autograder.grading.record import read_record
from autograder.lms.grade_class import grade_class
from autograder.report.class_report import analyse, report_paths
from autograder.wire.grader import VERDICT_KEY

from ..corpora import self_attention as corpus
from ..helpers import ROOT

pytestmark = pytest.mark.slow  # grades notebooks through nbgrader

CASES = {c.name: c for c in corpus.WRONG + corpus.RIGHT}
STUB = {"train_tagger": "tagger = None  # training skipped, as the grading benchmark does"}
BO_RENAMED = {  # bo's answers, every name changed and a comment added
    "softmax": (
        "def softmax(z, axis=-1):\n    # exponentiate, stably\n"
        "    ez = np.exp(z - np.max(z, axis=0, keepdims=True))\n"
        "    return ez / np.sum(ez, axis=0, keepdims=True)"
    ),
    "attention_output": (
        "def attention_output(n, x, W_q, W_k, W_v):\n"
        "    s = np.array([(x[n] @ W_q) @ (x[m] @ W_k) for m "
        "in range(len(x))])\n\n"
        "    return softmax(s) @ (x @ W_k)"
    ),
}
GENERIC_ADDITIVE = {
    "additive_score": (
        "def additive_score(q, k, W, w):\n"
        "    return float(w @ np.tanh(W @ np.concatenate([q, k]))) + 1.0"
    )
}
BLANK_SELF_ATTENTION = {"self_attention": corpus.SELF_ATT + "    raise NotImplementedError()"}
# An error no slip names (the axis=1 of 1-D vectors would be named, checks/slips.py): a
# misspelt variable.
RAISING_ADDITIVE = {
    "additive_score": (
        "def additive_score(q, k, W, w):\n"
        "    return float(w @ np.tanh(W @ np.concatenate([q, key])))"
    )
}


def answers(*parts) -> dict[str, str]:
    out = dict(STUB)
    for part in parts:
        out.update(CASES[part].answers if isinstance(part, str) else part)
    return out


CLASS = {
    "bo": answers("softmax_wrong_axis", "output_keys_as_values"),
    "bo-renamed": answers(BO_RENAMED),
    "cy": answers(
        "masked_fill_minus_1e9_prints_and_warns", "scores_transposed", "self_attention_axis0"
    ),
    "cy-copy": answers(
        "masked_fill_minus_1e9_prints_and_warns", "scores_transposed", "self_attention_axis0"
    ),
    "dee": answers("loops", GENERIC_ADDITIVE, BLANK_SELF_ATTENTION),
    "eli": answers("einsum_float32", RAISING_ADDITIVE),
}
BO_MISTAKES = {
    "test_softmax": "ran over axis 0 instead of axis -1",
    # the same softmax, its also_lost part
    "test_softmax_stable": "ran over axis 0 instead of axis -1",
    "test_attention_output": CASES["output_keys_as_values"].message,
}
CY_MISTAKES = {
    "test_attention_scores": CASES["scores_transposed"].message,
    "test_self_attention": CASES["self_attention_axis0"].message,
}
PLANTED = {  # learner -> part -> (cause, a fragment of the named mistake)
    "bo": {p: (MISTAKE, m) for p, m in BO_MISTAKES.items()},
    "bo-renamed": {p: (MISTAKE, m) for p, m in BO_MISTAKES.items()},
    "cy": {p: (MISTAKE, m) for p, m in CY_MISTAKES.items()},
    "cy-copy": {p: (MISTAKE, m) for p, m in CY_MISTAKES.items()},
    "dee": {
        "test_additive_score": (GENERIC, None),
        "test_self_attention": (NOT_ATTEMPTED, None),
        "test_self_attention_relu": (NOT_ATTEMPTED, None),
    },
    "eli": {"test_additive_score": (ERROR, None)},
}
for lost in PLANTED.values():
    lost["test_tagger"] = (GENERIC, None)  # the stubbed training


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    course = Course(ROOT, tmp_path_factory.mktemp("report-work"))
    folder = tmp_path_factory.mktemp("report-class")
    for student, planted in CLASS.items():
        nb = student_notebook(course, corpus.ASSIGNMENT, corpus.NOTEBOOK, planted)
        # a learner who writes verdicts of their own into the test cells: never counted
        if student == "eli":
            for cell in nb.cells:
                if cell.metadata.get("nbgrader", {}).get("grade"):
                    cell.metadata[VERDICT_KEY] = {
                        "cause": MISTAKE,
                        "mistake": ("forged by the learner"),
                    }
        write_student(folder, student, corpus.NOTEBOOK, nb)
    grade_class(course, corpus.ASSIGNMENT, folder)
    return course


def test_the_counts_are_the_planted_mistakes(graded_class):
    report = analyse(graded_class, corpus.ASSIGNMENT)
    assert {s["student"] for s in report.students} == set(CLASS)
    for part in report.parts:
        expected = {"passed": len(CLASS) - sum(part in lost for lost in PLANTED.values())}
        for lost in PLANTED.values():
            if part in lost:
                expected[lost[part][0]] = expected.get(lost[part][0], 0) + 1
        assert {k: v for k, v in report.outcome[part].items() if v} == {
            k: v for k, v in expected.items() if v
        }, part
    named = {
        p: {m: sorted(s["student"] for s in who) for m, who in found}
        for p, found in report.mistakes.items()
    }
    for part in {
        p for lost in PLANTED.values() for p, (cause, _) in lost.items() if cause == MISTAKE
    }:
        makers = sorted(
            s for s, lost in PLANTED.items() if part in lost and lost[part][0] == MISTAKE
        )
        ((mistake, who),) = named.pop(part).items()
        assert who == makers and all(PLANTED[s][part][1] in mistake for s in who), (
            part,
            mistake,
            who,
        )
    assert not named, "no mistake was named that was not planted"


def test_the_counts_come_from_what_grading_recorded(graded_class):
    """The grader wrote each verdict on the autograded test cell; the record keeps them per learner
    and part."""
    import nbformat

    record = {s["student"]: s for s in read_record(graded_class, corpus.ASSIGNMENT)}
    assert {p: lost["cause"] for p, lost in record["dee"]["lost"].items()} == {
        p: cause for p, (cause, _) in PLANTED["dee"].items()
    }
    nb = nbformat.read(
        graded_class.work / "autograded" / "bo" / corpus.ASSIGNMENT / f"{corpus.NOTEBOOK}.ipynb", 4
    )
    verdicts = {
        c.metadata["nbgrader"]["grade_id"]: c.metadata[VERDICT_KEY]
        for c in nb.cells
        if VERDICT_KEY in c.metadata
    }
    assert set(verdicts) == set(PLANTED["bo"]) and verdicts["test_softmax"]["cause"] == MISTAKE


def test_the_planted_copies_are_flagged_and_independent_work_is_not(graded_class):
    report = analyse(graded_class, corpus.ASSIGNMENT)
    flagged = {(p.a, p.b): p for p in report.similarity.flagged}
    assert set(flagged) == {("bo", "bo-renamed"), ("cy", "cy-copy")}, [
        (p.a, p.b, p.similarity) for p in report.similarity.pairs
    ]
    assert {"softmax", "attention_output"} <= set(flagged["bo", "bo-renamed"].cells)
    page, table = report_paths(graded_class, corpus.ASSIGNMENT)
    rows = list(csv.DictReader(table.open()))
    assert {r["item"] for r in rows if r["table"] == "similar"} == {"bo bo-renamed", "cy cy-copy"}
    assert sum(int(r["learners"]) for r in rows if r["table"] == "mistake") == sum(
        len(who) for found in report.mistakes.values() for _, who in found
    )


def test_the_report_command_rewrites_the_page(graded_class, capsys):
    from autograder.cli.main import main

    page, table = report_paths(graded_class, corpus.ASSIGNMENT)
    page.unlink()
    assert main(["report", corpus.ASSIGNMENT, "--work", str(graded_class.work)]) == 0
    assert capsys.readouterr().out.strip() == f"class report: {page} (tables: {table.name})"
    assert "Named mistakes" in page.read_text()


@pytest.mark.skipif(
    not shutil.which("chromium") and os.environ.get("REQUIRE_BROWSER") != "1",
    reason="Debian's chromium is not installed (apt-get install chromium)",
)
def test_the_page_reads_offline_with_alt_text_on_every_figure(graded_class):
    from ..book.browser import browser, serve, visit

    page, _ = report_paths(graded_class, corpus.ASSIGNMENT)
    with serve(graded_class.work) as base, browser() as chromium:
        r = visit(
            chromium, base, str(page.relative_to(graded_class.work)), page.with_suffix(".png")
        )
    assert not (r.outside_requests or r.failed_requests or r.console_errors or r.broken_images), r
    assert not r.missing_alt and page.read_text().count("<img ") == 2
    assert "bo and bo-renamed" in page.read_text() and 'href="../feedback/bo/' in page.read_text()
    print(f"screenshot: {page.with_suffix('.png')}")
