"""Plain ``nbgrader autograde`` against ``python -m autograder grade`` on the same class, on this machine.

The class (default 50 students of 04_self_attention) mixes correct notebooks, the planted mistakes of
tests/corpora/self_attention.py and broken work (not attempted; a syntax error). Both graders get the same notebooks;
the script prints seconds per submission for each, their ratio, the floor (a bare ``python -c "import torch"``),
and whether every student got the same score. Ours also writes feedback and the CSV, and runs every
notebook in its sandbox; plain nbgrader runs them unprotected, one after another. Run from the course root:

    python benchmarks/grading.py [--students 50] [--workers N] [--train]

Without ``--train`` the tagger's training cell is replaced by a stub in every notebook (that part then scores
zero for all), so the benchmark measures grading rather than 50 trainings.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from autograder.engine.course import Course  # noqa: E402
from autograder.engine.pipeline import grade  # noqa: E402
from autograder.engine.simulate import student_notebook, write_student  # noqa: E402
from tests.corpora import self_attention as corpus_04  # noqa: E402

ASSIGNMENT, NOTEBOOK = corpus_04.ASSIGNMENT, corpus_04.NOTEBOOK
PLAIN_CONFIG = """c = get_config()
c.CourseDirectory.root = {root!r}
c.CourseDirectory.course_id = "bench"
c.CourseDirectory.db_url = "sqlite:///{root}/gradebook.db"
"""


def make_class(course: Course, folder: Path, n: int, train: bool) -> None:
    fast = {} if train else {"train_tagger": "tagger = None  # training skipped by the benchmark"}
    kinds = [("ok", {})] + [(c.student, c.answers) for c in corpus_04.WRONG] + [
        ("blank", None), ("syntax", {"softmax": "def softmax(x, axis=-1:\n    return x"})]
    for i in range(n):
        kind, answers = kinds[i % len(kinds)]
        if answers is None:
            nb = student_notebook(course, ASSIGNMENT, NOTEBOOK, solve=False)
        else:
            nb = student_notebook(course, ASSIGNMENT, NOTEBOOK, {**answers, **fast})
        write_student(folder, f"s{i:03d}-{kind}"[:40], NOTEBOOK, nb)


def plain_nbgrader(course: Course, subs: Path, root: Path) -> tuple[float, dict[str, float]]:
    from nbgrader.api import Gradebook

    (root / "source").mkdir(parents=True)
    shutil.copytree(course.source / ASSIGNMENT, root / "source" / ASSIGNMENT)
    (root / "nbgrader_config.py").write_text(PLAIN_CONFIG.format(root=str(root)))
    run = dict(cwd=root, check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", ASSIGNMENT, "--force"], **run)
    for student in sorted(p.name for p in subs.iterdir()):
        target = root / "submitted" / student / ASSIGNMENT
        target.mkdir(parents=True)
        shutil.copy(subs / student / f"{NOTEBOOK}.ipynb", target)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT, "--force"], cwd=root,
                   capture_output=True)  # a failing student makes nbgrader exit non-zero; scores still land
    elapsed = time.perf_counter() - start
    scores = {}
    with Gradebook(f"sqlite:///{root}/gradebook.db") as gb:
        for student in sorted(p.name for p in subs.iterdir()):
            try:
                scores[student] = float(gb.find_submission(ASSIGNMENT, student).score)
            except Exception:  # nbgrader recorded nothing for this student
                scores[student] = float("nan")
    return elapsed, scores


def floor() -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import torch"], check=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=50)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--train", action="store_true", help="keep the tagger's training in every notebook")
    args = parser.parse_args()
    course = Course.at()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        make_class(course, tmp / "subs", args.students, args.train)
        plain_s, plain = plain_nbgrader(course, tmp / "subs", tmp / "plain")
        ours_course = Course(course.root, tmp / "ours")
        start = time.perf_counter()
        results, _ = grade(ours_course, ASSIGNMENT, tmp / "subs", progress=open(os.devnull, "w"),
                           workers=args.workers)
        ours_s = time.perf_counter() - start
        ours = {r.student: r.score for r in results}
    n = args.students
    differ = {s: (plain[s], ours[s]) for s in ours if plain.get(s) != ours[s]}
    print(f"{n} submissions of {ASSIGNMENT}, {os.cpu_count()} cores, training {'on' if args.train else 'stubbed'}")
    print(f"{'grader':<34}{'total s':>10}{'s/submission':>15}")
    print(f"{'plain nbgrader autograde':<34}{plain_s:>10.1f}{plain_s / n:>15.2f}")
    print(f"{f'ours, --workers {args.workers} (sandboxed)':<34}{ours_s:>10.1f}{ours_s / n:>15.2f}")
    label = 'floor: python -c "import torch"'
    print(f"{label:<34}{'':>10}{floor():>15.2f}")
    print(f"speed-up (plain / ours): {plain_s / ours_s:.2f}x")
    print("identical scores" if not differ else f"scores differ for {len(differ)}: {differ}")


if __name__ == "__main__":
    main()
