"""Plain ``nbgrader autograde`` against ``python -m autograder grade`` on the same class, on
this machine.

The class (default 50 students of 04_self_attention) mixes correct notebooks, the planted mistakes
of tests/corpora/self_attention.py and broken work (not attempted; a syntax error). Both graders get
the same notebooks; the script prints seconds per submission for each (ours with each worker's warm
kernel template, and without it), their ratio, the floor (a bare ``python -c "import torch"``), and
whether every student got the same score. Ours also writes feedback and the CSV, and runs every
notebook in its sandbox; plain nbgrader runs them unprotected, one after another. Then, for a few
students graded one at a time in this process, the per-student profile of both graders: kernel
start, learner cells, test cells, feedback (and, apart, the worker's template start, paid once). Run
from the course root, as root and as an ordinary user (rootless grading: each kernel in a user
namespace of its own):

    python benchmarks/grading.py [--students 50] [--workers N] [--train] [--profile 6]

Without ``--train`` the tagger's training cell is replaced by a stub in every notebook (that part
then scores zero for all), so the benchmark measures grading rather than 50 trainings.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from autograder.authoring.simulate import student_notebook, write_student  # noqa: E402
from autograder.grading.course import Course  # noqa: E402
from autograder.grading.workers import usable_cpus
from autograder.lms.grade_class import grade_class
from tests.corpora import self_attention as corpus_04  # noqa: E402

ASSIGNMENT, NOTEBOOK = corpus_04.ASSIGNMENT, corpus_04.NOTEBOOK
PLAIN_CONFIG = """c = get_config()
c.CourseDirectory.root = {root!r}
c.CourseDirectory.course_id = "bench"
c.CourseDirectory.db_url = "sqlite:///{root}/gradebook.db"
"""


def make_class(course: Course, folder: Path, n: int, train: bool) -> None:
    fast = {} if train else {"train_tagger": "tagger = None  # training skipped by the benchmark"}
    kinds = (
        [("ok", {})]
        + [(c.student, c.answers) for c in corpus_04.WRONG]
        + [("blank", None), ("syntax", {"softmax": "def softmax(x, axis=-1:\n    return x"})]
    )
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
    subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", ASSIGNMENT, "--force"], **run
    )
    for student in sorted(p.name for p in subs.iterdir()):
        target = root / "submitted" / student / ASSIGNMENT
        target.mkdir(parents=True)
        shutil.copy(subs / student / f"{NOTEBOOK}.ipynb", target)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT, "--force"],
        cwd=root,
        # a failing student makes nbgrader exit non-zero; scores still land
        capture_output=True,
    )
    elapsed = time.perf_counter() - start
    scores = {}
    with Gradebook(f"sqlite:///{root}/gradebook.db") as gb:
        for student in sorted(p.name for p in subs.iterdir()):
            try:
                scores[student] = float(gb.find_submission(ASSIGNMENT, student).score)
            except Exception:  # nbgrader recorded nothing for this student
                scores[student] = float("nan")
    return elapsed, scores


class Profile:
    """Seconds spent per phase, summed over students: found by wrapping the methods each phase
    runs in."""

    PHASES = ("kernel start", "learner cells", "test cells", "feedback")
    ONCE = "template start"  # inside the first kernel start of each worker: shown apart, once

    def __init__(self):
        self.seconds = dict.fromkeys((*self.PHASES, self.ONCE), 0.0)

    def net(self, phase: str) -> float:
        """Seconds of ``phase`` less the template's start, which runs inside a kernel start."""
        return self.seconds[phase] - (self.seconds[self.ONCE] if phase == "kernel start" else 0.0)

    def _timed(self, phase, method):
        profile = self

        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                profile.seconds[phase(args) if callable(phase) else phase] += (
                    time.perf_counter() - start
                )

        return wrapper

    @contextlib.contextmanager
    def watching(self, cell_class, feedback_owner, feedback_name):
        """Time kernel starts (nbclient), cells (``cell_class.async_execute_cell``) and feedback."""
        from nbclient import NotebookClient

        from autograder.sandbox.kernel_pool import KernelTemplate

        def kind(args):
            meta = args[1].get("metadata", {}).get("nbgrader", {})
            return (
                "test cells"
                if meta.get("grade") and not meta.get("solution")
                else ("learner cells")
            )

        # The synchronous names: nbclient binds them to its coroutines when the class is made, so
        # they are what nbconvert's ExecutePreprocessor calls.
        patches = [
            (NotebookClient, "start_new_kernel", "kernel start"),
            (NotebookClient, "start_new_kernel_client", "kernel start"),
            (KernelTemplate, "__init__", self.ONCE),
            (cell_class, "execute_cell", kind),
            (feedback_owner, feedback_name, "feedback"),
        ]
        saved = [(owner, name, owner.__dict__[name]) for owner, name, _ in patches]
        for owner, name, phase in patches:
            setattr(owner, name, self._timed(phase, getattr(owner, name)))
        try:
            yield self
        finally:
            for owner, name, original in saved:
                setattr(owner, name, original)


def profile_ours(course: Course, subs: Path, work: Path) -> tuple[Profile, int]:
    from autograder.grading import batch as pipeline
    from autograder.grading.execute import SandboxExecute

    profile = Profile()
    with profile.watching(SandboxExecute, pipeline, "generate_feedback"):
        grade_class(
            Course(course.root, work),
            ASSIGNMENT,
            subs,
            progress=open(os.devnull, "w"),
            workers=1,
            report=False,
        )
    return profile, len(list(subs.iterdir()))


def profile_plain(root: Path, subs: Path) -> tuple[Profile, int]:
    """nbgrader's own autograde and feedback, in this process, on the course made
    by ``plain_nbgrader``."""
    from nbclient import NotebookClient
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    config = Config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.course_id = "bench"
    config.CourseDirectory.db_url = f"sqlite:///{root}/gradebook.db"
    api = NbGraderAPI(CourseDirectory(config=config), config=config)
    students = sorted(p.name for p in subs.iterdir())
    profile = Profile()
    with profile.watching(NotebookClient, NbGraderAPI, "generate_feedback"):
        for student in students:
            api.autograde(ASSIGNMENT, student, force=True)
            api.generate_feedback(ASSIGNMENT, student, force=True)
    return profile, len(students)


def print_profiles(profiles: dict[str, tuple[Profile, int]]) -> None:
    print(
        "per-student profile, s (one student at a time, "
        f"{next(iter(profiles.values()))[1]} students)"
    )
    print(f"{'phase':<16}" + "".join(f"{name:>16}" for name in profiles))
    for phase in Profile.PHASES:
        print(f"{phase:<16}" + "".join(f"{p.net(phase) / n:>16.2f}" for p, n in profiles.values()))
    print(
        f"{Profile.ONCE + ', once':<16}"
        + "".join(f"{p.seconds[Profile.ONCE]:>16.2f}" for p, _ in profiles.values())
    )


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
    parser.add_argument("--workers", type=int, default=None, help="default: one per usable core")
    parser.add_argument(
        "--train", action="store_true", help=("keep the tagger's training in every notebook")
    )
    parser.add_argument(
        "--profile", type=int, default=6, help=("students in the per-student profile (0: none)")
    )
    args = parser.parse_args()
    course = Course.at()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        make_class(course, tmp / "subs", args.students, args.train)
        plain_s, plain = plain_nbgrader(course, tmp / "subs", tmp / "plain")
        timings, ours = {}, {}
        for label, warm in (("warm template", True), ("no template", False)):
            start = time.perf_counter()
            results, _ = grade_class(
                Course(course.root, tmp / label.replace(" ", "-")),
                ASSIGNMENT,
                tmp / "subs",
                progress=open(os.devnull, "w"),
                workers=args.workers,
                report=False,
                settings={"SandboxKernelManager": {"warm_template": warm}},
            )
            timings[label] = time.perf_counter() - start
            ours[label] = {r.student: r.score for r in results}
        profiles = {}
        if args.profile:
            few = tmp / "few"
            few.mkdir()
            for student in sorted(p.name for p in (tmp / "subs").iterdir())[: args.profile]:
                shutil.copytree(tmp / "subs" / student, few / student)
            profiles["plain nbgrader"] = profile_plain(tmp / "plain", few)
            profiles["ours"] = profile_ours(course, few, tmp / "profile")
    n = args.students
    who = "an ordinary user (each kernel in a user namespace)" if os.geteuid() else "root"
    training = "on" if args.train else "stubbed"
    print(
        f"{n} submissions of {ASSIGNMENT}, {usable_cpus()} usable cores, training {training}, "
        f"graded as {who}"
    )
    print(f"{'grader':<46}{'total s':>10}{'s/submission':>15}{'speed-up':>10}")
    print(f"{'plain nbgrader autograde':<46}{plain_s:>10.1f}{plain_s / n:>15.2f}{1:>9.2f}x")
    for label, seconds in timings.items():
        name = f"ours, --workers {args.workers}, sandboxed, {label}"
        print(f"{name:<46}{seconds:>10.1f}{seconds / n:>15.2f}{plain_s / seconds:>9.2f}x")
    label = 'floor: python -c "import torch"'
    print(f"{label:<46}{'':>10}{floor():>15.2f}")
    for label, scores in ours.items():
        differ = {s: (plain[s], scores[s]) for s in scores if plain.get(s) != scores[s]}
        print(
            f"{label}: "
            + ("identical scores" if not differ else (f"scores differ for {len(differ)}: {differ}"))
        )
    if profiles:
        print_profiles(profiles)


if __name__ == "__main__":
    main()
