"""The class report's page and CSV from a written record, without
grading (autograder.report.class_report)."""

import csv
import re

from autograder.errors import ERROR, MISTAKE, NOT_ATTEMPTED
from autograder.grading.course import Course
from autograder.grading.results import NOT_GRADED, Result, save_one
from autograder.grading.submissions import read_problem
from autograder.messages import say_in
from autograder.report.class_report import analyse, write_report

from ..helpers import ROOT

PARTS = {"test_a": 1.0, "test_b": 2.0}


def learner(name, lost=(), status="graded", reason=""):
    lost = {p: {"message": f"{p}: {m or c}", "cause": c, "mistake": m} for p, c, m in lost}
    score = sum(v for p, v in PARTS.items() if p not in lost)
    return {
        "student": name,
        "status": status,
        "reason": reason,
        "score": score,
        "max_score": 3.0,
        "parts": {p: (0.0 if p in lost else v) for p, v in PARTS.items()},
        "part_max": PARTS,
        "manual_parts": [],
        "lost": lost,
        "seconds": 1.5,
    }


def _record(course, assignment, record):
    """The students as grading records them (one result each), with their feedback pages."""
    for s in record:
        feedback = course.work / "feedback" / s["student"] / "x"
        feedback.mkdir(parents=True)
        (feedback / "nb.html").write_text("<html></html>")
        lost = s["lost"]
        result = Result(
            s["student"],
            s["score"],
            s["max_score"],
            s["status"],
            s["reason"],
            s["parts"],
            s["part_max"],
            lost={p: v["message"] for p, v in lost.items()},
            causes={
                p: {k: v[k] for k in ("cause", "mistake", "mistake_in") if k in v}
                for p, v in lost.items()
            },
            seconds=s["seconds"],
            feedback=feedback,
        )
        save_one(course, assignment, result)


def test_page_and_csv_count_what_the_record_holds(tmp_path):
    course = Course(ROOT, tmp_path)
    assignment = "04_self_attention"
    swapped = "the matrix is <transposed>"  # a mistake's own words, escaped on the page
    record = [
        learner("a"),
        learner("b", [("test_b", MISTAKE, swapped)]),
        learner("c", [("test_b", MISTAKE, swapped)]),
        learner("d", [("test_a", ERROR, None), ("test_b", NOT_ATTEMPTED, None)]),
        learner(
            "e",
            [("test_a", NOT_GRADED, None), ("test_b", NOT_GRADED, None)],
            NOT_GRADED,
            "not a notebook",
        ),
    ]
    _record(course, assignment, record)
    report = analyse(course, assignment)
    assert report.outcome["test_b"] == {
        "passed": 1,
        MISTAKE: 2,
        "generic failure": 0,
        ERROR: 0,
        "time-out": 0,
        NOT_ATTEMPTED: 1,
        NOT_GRADED: 1,
    }
    assert [(m, [s["student"] for s in who]) for m, who in report.mistakes["test_b"]] == [
        (swapped, ["b", "c"])
    ]
    assert [s["student"] for s in report.unscored] == ["d", "e"]
    page = write_report(course, assignment)
    text = page.read_text()
    assert "&lt;transposed&gt;" in text and "<transposed>" not in text
    images = re.findall(r"<img [^>]*>", text)
    assert len(images) == 2 and all(re.search(r'alt="[^"]{20,}"', i) for i in images)
    # nothing to fetch
    assert all(src.startswith("data:") for src in re.findall(r'src="([^"]*)"', text))
    assert 'href="../feedback/b/x/nb.html"' in text
    rows = list(csv.DictReader(page.with_suffix(".csv").open()))
    assert [(r["item"], r["learners"], r["share"]) for r in rows if r["table"] == "mistake"] == [
        (swapped, "2", "0.4")
    ]
    assert {r["item"]: r["value"] for r in rows if r["table"] == "unscored"}["e"] == (
        "not a notebook"
    )


def test_the_report_speaks_the_instructors_language(tmp_path):
    """report --language zh-hant: the page's words, its tables' heads and its figures' labels
    in Chinese."""
    course = Course(ROOT, tmp_path)
    assignment = "04_self_attention"
    empty = tmp_path / "empty.ipynb"
    empty.write_text("")
    reason = read_problem(empty)  # as grading keeps it: in English
    graded_in_chinese = learner("c", [("test_b", MISTAKE, "矩陣轉置了")])
    graded_in_chinese["lost"]["test_b"]["mistake_in"] = {
        "en": "the matrix is transposed",
        "zh-hant": "矩陣轉置了",
    }
    record = [
        learner("a"),
        learner("b", [("test_b", MISTAKE, "the matrix is transposed")]),
        graded_in_chinese,
        learner("d", [("test_a", ERROR, None), ("test_b", NOT_ATTEMPTED, None)]),
        learner("e", [("test_a", NOT_GRADED, None)], NOT_GRADED, reason),
    ]
    _record(course, assignment, record)
    report = analyse(course, assignment)  # the instructor's language here: English
    assert [(m, len(who)) for m, who in report.mistakes["test_b"]] == [
        ("the matrix is transposed", 2)
    ]
    text = write_report(course, assignment, "zh-hant").read_text(encoding="utf-8")
    # c's mistake in the report's language; b's, which no template made, as b read it
    assert "矩陣轉置了" in text and "the matrix is transposed" in text
    # why e has nothing: the reason kept in English, read in Chinese
    assert reason == "the notebook file is empty (0 bytes)" and reason not in text
    assert say_in("zh-hant", reason) in text
    assert "<html lang='zh-Hant-TW'>" in text and "<h1>全班報告：04_self_attention</h1>" in text
    assert "<th>有名字的錯誤</th>" in text and "<h2>有名字的錯誤（最常見的在前）</h2>" in text
    assert "每個部分都沒有得分：1 拋出錯誤, 1 沒有作答" in text
    for english in (
        "Class report",
        "Named mistakes",
        "learners, ",
        "share of the class",
        "every part lost",
    ):
        assert english not in text, english
    assert "Class report: 04_self_attention" in write_report(course, assignment, "en").read_text()
