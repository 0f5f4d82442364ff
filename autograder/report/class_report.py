"""The class report: what the class got wrong, at a glance, for the instructor preparing the
next lecture.

``python -m autograder report ASSIGNMENT`` (and every ``grade``) writes one self-contained HTML
page, ``<work>/reports/<assignment>.html`` (figures inline, no outside requests), and
``<assignment>.csv`` with the same tables. Everything is counted from what grading recorded
(:mod:`autograder.grading.record`), never from feedback text; the similar submissions come
from :mod:`autograder.report.similarity`.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import html
import io
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from autograder.errors import CAUSES, CourseError
from autograder.grading.course import Course
from autograder.grading.language import course_language
from autograder.grading.record import mistake_in, read_record
from autograder.grading.results import NOT_GRADED, results_folder
from autograder.messages import current_language, from_english, say, speaking
from autograder.report.similarity import Similarity, class_similarity
from autograder.tools.book_extensions import extension

SEGMENTS = ("passed", *CAUSES, NOT_GRADED)
# Okabe-Ito, safe for colour-blind readers: passed is blue; the causes of lost points follow.
COLOURS = dict(
    zip(SEGMENTS, ("#0072B2", "#D55E00", "#E69F00", "#CC79A7", "#56B4E9", "#999999", "#000000"))
)
EXAMPLES = 3  # feedback links shown per named mistake
SLOWEST = 5


@dataclass
class ClassReport:
    assignment: str
    students: list[dict]
    graded: list[dict]
    parts: list[str]
    part_max: dict[str, float]
    outcome: dict[str, dict[str, int]]  # part -> segment -> learners
    # part -> [(named mistake, the learners)], most made first
    mistakes: dict[str, list[tuple[str, list[dict]]]]
    similarity: Similarity
    unscored: list[dict] = field(default_factory=list)  # not graded, or zero

    def share(self, n: int) -> float:
        return n / len(self.students) if self.students else 0.0


def analyse(course: Course, assignment: str) -> ClassReport:
    students = read_record(course, assignment)
    if not students:
        raise CourseError(
            f"nothing graded for {assignment}: no results in "
            f"{results_folder(course, assignment)}; run grade first"
        )
    manual = {p for s in students for p in s["manual_parts"]}
    part_max = {p: m for s in students for p, m in s["part_max"].items() if p not in manual}
    parts = list(part_max)  # the notebook's order
    outcome = {p: dict.fromkeys(SEGMENTS, 0) for p in parts}
    named: dict[str, dict[str, list[dict]]] = {p: {} for p in parts}
    for s in students:
        for p in parts:
            lost = s["lost"].get(p)
            outcome[p][lost["cause"] if lost else "passed"] += 1
            if lost and lost.get("mistake"):  # named in the report's language
                named[p].setdefault(mistake_in(lost, current_language()), []).append(s)
    mistakes = {
        p: sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        for p, found in named.items()
        if found
    }
    graded = [s for s in students if s["status"] != NOT_GRADED]
    unscored = [s for s in students if s["status"] == NOT_GRADED or s["score"] <= 0]
    return ClassReport(
        assignment,
        students,
        graded,
        parts,
        part_max,
        outcome,
        mistakes,
        class_similarity(course, assignment, [s["student"] for s in graded]),
        unscored,
    )


# -- figures (matplotlib, as inline PNG)


def why_zero(student: dict) -> str:
    """Why a learner has nothing: the reason it was not graded, or how its parts were lost."""
    if student["status"] == NOT_GRADED:  # kept in English: read in the report's language
        return from_english(student["reason"], current_language())
    causes: dict[str, int] = {}
    for lost in student["lost"].values():
        causes[lost["cause"]] = causes.get(lost["cause"], 0) + 1
    return say(
        "every part lost: {join}",
        join=", ".join(
            f"{k} {say(cause)}" for cause, k in sorted(causes.items(), key=lambda x: -x[1])
        ),
    )


def _png(fig) -> str:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()


def score_figure(report: ClassReport) -> tuple[str, str]:
    import matplotlib.pyplot as plt

    scores = [s["score"] for s in report.students]
    top = max((s["max_score"] for s in report.students), default=1) or 1
    fig, ax = plt.subplots(figsize=(7, 2.8))
    ax.hist(
        scores,
        bins=min(20, max(5, len(scores))),
        range=(0, top),
        color=COLOURS["passed"],
        edgecolor="white",
    )
    ax.set(
        xlabel=say("score (out of {top:g})", top=top),
        ylabel=say("learners"),
        title=say("Score distribution"),
    )
    ax.yaxis.get_major_locator().set_params(integer=True)
    alt = say(
        "Histogram of the scores of {len_scores} learners out of {top:g}: median {median:g}, "
        "lowest {min:g}, highest {max:g}.",
        len_scores=len(scores),
        top=top,
        median=statistics.median(scores),
        min=min(scores),
        max=max(scores),
    )
    return _png(fig), alt


def parts_figure(report: ClassReport) -> tuple[str, str]:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 0.4 * len(report.parts) + 1.4))
    n = len(report.students) or 1
    left = [0.0] * len(report.parts)
    for segment in SEGMENTS:
        widths = [report.outcome[p][segment] / n for p in report.parts]
        if any(widths):
            ax.barh(report.parts, widths, left=left, color=COLOURS[segment], label=say(segment))
            left = [a + b for a, b in zip(left, widths)]
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set(
        xlabel=say("share of the class"),
        title=say("Each part: passed, or why its points were lost"),
    )
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12 - 0.5 / len(report.parts)),
        ncol=4,
        frameon=False,
    )
    alt = say(
        "Stacked bars, one per auto-graded part, of the share of the class that passed it or lost "
        "it, by cause: {join}.",
        join="; ".join(
            say("{part} passed by {passed} of {n}", part=p, passed=report.outcome[p]["passed"], n=n)
            + "".join(
                f", {say(c)}: {k}" for c, k in report.outcome[p].items() if k and c != "passed"
            )
            for p in report.parts
        ),
    )
    return _png(fig), alt


# -- the page


def _e(x) -> str:
    return html.escape(str(x))


def _feedback_link(student: dict, prefix: str) -> str:
    files = student.get("feedback") or []
    name = _e(student["student"])
    return f'<a href="{_e(prefix + files[0])}">{name}</a>' if files else name


def _table(head: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return say("<p><em>none</em></p>")
    th = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _code(source: str, marked: set[int]) -> str:
    lines = source.splitlines() or [""]
    return (
        "<pre>"
        + "\n".join(
            f"<mark>{_e(ln)}</mark>" if i in marked else _e(ln) for i, ln in enumerate(lines, 1)
        )
        + "</pre>"
    )


CSS = """
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}
td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#f3f3f3}
img{max-width:100%}
pre{margin:0;white-space:pre-wrap;font-size:.85em}
mark{background:#ffe08a}
.side{display:grid;grid-template-columns:1fr 1fr;gap:1em}
.side>div{border:1px solid #ccc;padding:.5em;overflow-x:auto}
.note{color:#555}
h3{margin-top:1.5em}
.warning{border:2px solid #D55E00;padding:.6em;background:#fff4ec}
"""


def _part_row(report: ClassReport, part: str) -> list[str]:
    passed = report.outcome[part]["passed"]
    return [
        _e(part),
        f"{report.part_max[part]:g}",
        f"{passed} ({report.share(passed):.0%})",
        *(str(report.outcome[part][c] or "") for c in (*CAUSES, NOT_GRADED)),
    ]


def render(report: ClassReport, prefix: str = "../") -> str:
    """The page; ``prefix`` leads from the page to the working folder (feedback links)."""
    n, sim = len(report.students), report.similarity
    scores = [s["score"] for s in report.students]
    top = max((s["max_score"] for s in report.students), default=0)
    score_png, score_alt = score_figure(report)
    parts_png, parts_alt = parts_figure(report)
    lang = {"en": "en", "zh-hans": "zh-Hans", "zh-hant": "zh-Hant-TW"}[current_language()]
    title = say("Class report: {assignment}", assignment=_e(report.assignment))
    out = [
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title>"
        f"<style>{CSS}</style></head><body><h1>{title}</h1>",
        *_unsandboxed_warning(report),
        say(
            "<p>{n} learners, {len_graded} graded; median score {median:g} of {top:g}. Counts come "
            "from what the checks recorded while grading; parts graded by hand are left out.</p>",
            n=n,
            len_graded=len(report.graded),
            median=statistics.median(scores),
            top=top,
        ),
        say("<h2>Scores</h2>"),
        f'<img src="data:image/png;base64,{score_png}" alt="{_e(score_alt)}">',
        say("<h2>Parts</h2>"),
        f'<img src="data:image/png;base64,{parts_png}" alt="{_e(parts_alt)}">',
        _table(
            [say("part"), say("points"), say("passed"), *(say(c) for c in (*CAUSES, NOT_GRADED))],
            [_part_row(report, p) for p in report.parts],
        ),
        say("<h2>Named mistakes, most common first</h2>"),
    ]
    for part, found in report.mistakes.items():
        out.append(f"<h3>{_e(part)}</h3>")
        out.append(
            _table(
                [
                    say("mistake"),
                    say("learners"),
                    say("share of the class"),
                    say("feedback of a few"),
                ],
                [
                    [
                        _e(m),
                        str(len(who)),
                        f"{report.share(len(who)):.0%}",
                        ", ".join(_feedback_link(s, prefix) for s in who[:EXAMPLES]),
                    ]
                    for m, who in found
                ],
            )
        )
    if not report.mistakes:
        out.append(say("<p><em>no named mistake was recognised</em></p>"))
    out += [
        say("<h2>Not graded, or zero</h2>"),
        _table(
            [say("learner"), say("score"), say("why")],
            [
                [_feedback_link(s, prefix), f"{s['score']:g}", _e(why_zero(s))]
                for s in report.unscored
            ],
        ),
        say("<h2>Slowest notebooks</h2>"),
        _table(
            [say("learner"), say("seconds to grade")],
            [
                [_e(s["student"]), f"{s['seconds']:.1f}"]
                for s in sorted(report.students, key=lambda s: -s["seconds"])[:SLOWEST]
            ],
        ),
        say("<h2>Submissions that look alike</h2>"),
        say(
            "<p class='note'>{len_compared} notebooks compared after normalising names, spacing "
            "and comments, leaving out the released starter code and the code most of the class "
            "wrote alike. The usual similarity of two learners here is {typical:.0%}; pairs at or "
            "above {threshold:.0%} are shown. This flags work to look at; it is not proof of "
            "copying (a shared study group or source explains many).</p>",
            len_compared=len(sim.compared),
            typical=sim.typical,
            threshold=sim.threshold,
        ),
    ]
    if not sim.flagged:
        out.append(say("<p><em>no pair stands out</em></p>"))
    for pair in sim.flagged:
        out.append(
            say(
                "<h3>{a} and {b}: {similarity:.0%} similar</h3>",
                a=_e(pair.a),
                b=_e(pair.b),
                similarity=pair.similarity,
            )
        )
        for part, (a_src, b_src, a_lines, b_lines) in pair.cells.items():
            out.append(
                "<p>"
                + say("{part} (shared code marked)", part=_e(part))
                + "</p><div class='side'><div>"
                f"<strong>{_e(pair.a)}</strong>{_code(a_src, a_lines)}</div>"
                f"<div><strong>{_e(pair.b)}</strong>{_code(b_src, b_lines)}</div></div>"
            )
    out.append(
        say(
            "<p class='note'>The same tables for your own analysis: {e}.csv, next to this "
            "page.</p></body></html>",
            e=_e(report.assignment),
        )
    )
    return "\n".join(out)


def unsandboxed(report: ClassReport) -> list[str]:
    """The learners whose code ran without the sandbox (graded with --unsandboxed)."""
    return [s["student"] for s in report.students if not s.get("sandboxed", True)]


def _unsandboxed_warning(report: ClassReport) -> list[str]:
    who = unsandboxed(report)
    if not who:
        return []
    return [
        say(
            "<p class='warning'><strong>Graded without a sandbox</strong> (--unsandboxed): "
            "{len_who} of {len_students} learners' code ran as the grader's own user, with the "
            "resource limits alone (it could read and write what the grader can): {e}.</p>",
            len_who=len(who),
            len_students=len(report.students),
            e=_e(", ".join(who)),
        )
    ]


def rows(report: ClassReport) -> list[list]:
    """The report's tables as one long CSV: table, part, item, learners, share, value."""
    out = [["table", "part", "item", "learners", "share", "value"]]
    out += [["score", "", s["student"], 1, "", s["score"]] for s in report.students]
    # value: points
    out += [
        ["part", p, segment, k, round(report.share(k), 4), k * report.part_max[p]]
        for p in report.parts
        for segment, k in report.outcome[p].items()
    ]
    out += [
        [
            "mistake",
            p,
            m,
            len(who),
            round(report.share(len(who)), 4),
            " ".join(s["student"] for s in who),
        ]
        for p, found in report.mistakes.items()
        for m, who in found
    ]
    out += [["unscored", "", s["student"], 1, "", why_zero(s)] for s in report.unscored]
    out += [["seconds", "", s["student"], 1, "", s["seconds"]] for s in report.students]
    out += [
        ["unsandboxed", "", student, 1, "", say("graded without a sandbox")]
        for student in unsandboxed(report)
    ]
    out += [
        ["similar", " ".join(p.cells), f"{p.a} {p.b}", 2, "", round(p.similarity, 4)]
        for p in report.similarity.flagged
    ]
    return out


def report_paths(course: Course, assignment: str) -> tuple[Path, Path]:
    folder = course.work / "reports"
    return folder / f"{assignment}.html", folder / f"{assignment}.csv"


def write_report(course: Course, assignment: str, language: str | None = None) -> Path:
    """Write the page and its CSV, in ``language`` (default: the course's); returns the
    page's path."""
    import matplotlib

    matplotlib.use("Agg")
    page, table = report_paths(course, assignment)
    page.parent.mkdir(parents=True, exist_ok=True)
    with speaking(language or course_language(course)), _figure_font():  # the instructor's language
        report = analyse(course, assignment)  # mistakes named in it too
        page.write_text(render(report), encoding="utf-8")
        with open(table, "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(rows(report))
    return page


@contextlib.contextmanager
def _figure_font():
    """Chinese figure labels drawn with the book's CJK font (book/_ext/cjk_font.py: Noto Sans CJK,
    pinned in requirements.txt), not as empty boxes; English figures as they were."""
    import matplotlib

    if current_language() == "en":
        yield
        return
    from matplotlib import font_manager

    path = extension("cjk_font").find_font()
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    with matplotlib.rc_context(
        {"font.family": "sans-serif", "font.sans-serif": [name, "DejaVu Sans"]}
    ):
        yield
