"""Grade a whole class with nbgrader: collect, autograde, feedback, export, summarise.

Each student is graded on their own, so one broken submission never stops the others; whatever goes
wrong for a student becomes a one-line reason in the summary and the CSV. The submitted files are
copied, never moved or modified, and a notebook that cannot be graded is kept next to the others for
the instructor.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.errors import (
    ERROR,
    CourseError,
    first_line,
    nbgrader_cause,
)
from autograder.grading import gradebook, nbgrader_setup, resume, shards
from autograder.grading import results as results_store
from autograder.grading import workers as pool
from autograder.grading.course import Course
from autograder.grading.feedback import generate_feedback
from autograder.grading.gradebook import exclusive, scrub_environment
from autograder.grading.record import failures
from autograder.grading.register import register
from autograder.grading.results import NOT_GRADED, Result, write_csv
from autograder.grading.submissions import (
    Submission,
    checksum,
    read_problem,
    restore_metadata,
    sanitize,
)
from autograder.messages import say_in
from autograder.sandbox.preflight import require_sandbox, sandbox_unavailable


def _save_log(course: Course, assignment: str, student: str, outcome: dict) -> Path:
    """Keep nbgrader's whole log of a failed run for the instructor (each failure appends)."""
    path = course.kept("logs", assignment) / f"{student}.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as f:
        f.write(f"{outcome.get('log') or ''}\n{outcome.get('error') or ''}\n")
    return path


def _stage(course: Course, assignment: str, sub: Submission) -> tuple[Path, str | None]:
    """Copy a student's files into the submitted folder; return it and why it cannot be graded
    (or None)."""
    folder = course.student_folder("submitted", sub.student, assignment)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    expected = course.notebooks(assignment)
    problem = sub.problem
    for path in sub.files + sub.others:
        # Every file is kept as it came; only a readable notebook gets the name nbgrader grades.
        shutil.copy2(path, folder / f"{path.name}.received")
    if problem is None and sub.notebook is not None:
        problem = read_problem(sub.notebook)
        if problem is None:
            name = sub.notebook.stem if sub.notebook.stem in expected else expected[0]
            if len(expected) > 1 and sub.notebook.stem not in expected:
                problem = (
                    f"notebook named {sub.notebook.name}; expected one of {', '.join(expected)}"
                )
            else:
                nb = nbformat.read(sub.notebook, as_version=4)
                sanitize(nb)
                released = course.release / assignment / f"{name}.ipynb"
                if released.exists():
                    restore_metadata(nb, nbformat.read(released, as_version=4))
                nbformat.write(nb, folder / f"{name}.ipynb")
    return folder, problem


def grade_one(course: Course, assignment: str, sub: Submission, api) -> Result:
    result = Result(sub.student)
    # graded again: until done, it counts as not graded
    results_store.forget(course, assignment, sub.student)
    _, problem = _stage(course, assignment, sub)
    if problem:
        gradebook.record_zero(course, assignment, sub.student)
        result.status, result.reason = NOT_GRADED, problem
        gradebook.read_scores(course, assignment, result)
        return result
    outcome = api.autograde(assignment, sub.student, force=True, create=True)
    # the grading machinery failed (learner code only fails cells): once more
    if not outcome["success"]:
        _save_log(course, assignment, sub.student, outcome)
        outcome = api.autograde(assignment, sub.student, force=True, create=True)
    if not outcome["success"]:
        gradebook.record_zero(course, assignment, sub.student)
        result.status = NOT_GRADED
        log = _save_log(course, assignment, sub.student, outcome)
        result.reason = say_in(
            "en", "autograding failed: {cause} (log: {log})", cause=nbgrader_cause(outcome), log=log
        )
        gradebook.read_scores(course, assignment, result)
        return result
    feedback = generate_feedback(api, assignment, sub.student)
    graded_result(course, assignment, result)
    if not feedback["success"]:
        result.feedback = None
    result.sandboxed = not api.config.SandboxKernelManager.get("unsandboxed", False)
    # written now, so a grader killed later in the batch does not grade this student again
    results_store.save_one(course, assignment, result, sub, sha256=checksum(sub))
    return result


def graded_result(course: Course, assignment: str, result: Result) -> Result:
    """Fill ``result`` for an autograded student from the gradebook and their
    autograded notebooks."""
    gradebook.read_scores(course, assignment, result)
    found = {}
    for nb_name in course.notebooks(assignment):
        autograded = (
            course.student_folder("autograded", result.student, assignment) / f"{nb_name}.ipynb"
        )
        if autograded.exists():
            found.update(failures(autograded))
    result.manual_parts = gradebook.manual_parts(course, assignment)
    missing = "no result: its test cell was removed from the notebook or did not run"
    result.lost = {
        part: found[part]["message"] if part in found else missing
        for part, score in result.parts.items()
        if score < 1e-9 and part not in result.manual_parts
    }
    result.causes = {
        part: {k: found[part][k] for k in ("cause", "mistake", "mistake_in")}
        if part in found
        else {"cause": ERROR, "mistake": None}
        for part in result.lost
    }
    result.reason = "; ".join(f"{part}: {why}" for part, why in result.lost.items())
    feedback = course.student_folder("feedback", result.student, assignment)
    result.feedback = feedback if feedback.is_dir() else None
    return result


def summary_table(results: list[Result], width: int = 160) -> str:
    rows = [("student", "score", "status", "first problem")]
    for r in results:
        manual = " +manual" if r.needs_manual_grade else ""
        reason = first_line(r.reason.split("; ")[0]) if r.reason else ""
        rows.append((r.student, f"{r.score:g}/{r.max_score:g}{manual}", r.status, reason))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = []
    for row in rows:
        head = "  ".join(cell.ljust(w) for cell, w in zip(row, widths))
        lines.append((head + "  " + row[3])[:width].rstrip())
    unconfined = [r.student for r in results if not r.sandboxed]
    if unconfined:
        lines.append(
            f"WARNING: {len(unconfined)} of {len(results)} graded WITHOUT a sandbox "
            "(--unsandboxed): their code ran as the grader's own user, with the resource limits "
            "alone"
        )
    return "\n".join(lines)


_worker: dict = {}


def _quiet_gradebook() -> None:
    """nbgrader's gradebook code makes SQLAlchemy warn for every student ("not in session"); the
    grades are right, so the warnings only bury the progress lines."""
    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)


def _start_worker(number: int, course: Course, assignment: str, config, threads: int) -> None:
    """Worker ``number`` keeps one nbgrader API (and one kernel user id) for all the students
    it grades.

    Its kernels inherit a share of the cores (``threads``): kernels that each take every core for
    PyTorch and OpenMP fight over them, and training a small model then runs several
    times slower."""
    os.environ.update(OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
    _quiet_gradebook()
    config.SandboxKernelManager.worker = number
    _worker.update(
        course=course, assignment=assignment, api=nbgrader_setup.nbgrader_api(course, config)
    )


def _grade_safely(course: Course, assignment: str, sub: Submission, api) -> Result:
    start = time.monotonic()
    try:
        result = grade_one(course, assignment, sub, api)
    except Exception as exc:  # never let one student stop the batch
        result = Result(
            sub.student,
            status=NOT_GRADED,
            reason=say_in("en", "grader error: {error}", error=first_line(str(exc))),
        )
        result.max_score = gradebook.max_score(course, assignment)
    result.seconds = time.monotonic() - start
    return result


def _in_worker(sub: Submission) -> Result:
    return _grade_safely(_worker["course"], _worker["assignment"], sub, _worker["api"])


def _grade_all(
    course: Course, assignment: str, subs: list[Submission], config, workers: int, progress
):
    def report(n: int, result: Result) -> None:
        print(
            f"[{n}/{len(subs)}] {result.student}: {result.score:g}/{result.max_score:g} "
            f"{result.status}",
            file=progress,
            flush=True,
        )

    _quiet_gradebook()
    if workers == 1:
        api, results = nbgrader_setup.nbgrader_api(course, config), []
        for n, sub in enumerate(subs, 1):
            results.append(_grade_safely(course, assignment, sub, api))
            report(n, results[-1])
        return results
    # Students run in parallel; the gradebook (SQLite) serialises their short writes (see
    # Course.db_url). A worker that dies (the OOM killer) costs nothing but a retry of its student
    # in a fresh worker.
    done: dict[int, Result] = {}

    def finish(index: int, result: Result) -> None:
        done[index] = result
        report(len(done), result)

    def give_up(index: int, cause: str) -> None:
        finish(
            index,
            Result(
                subs[index].student,
                status=NOT_GRADED,
                max_score=gradebook.max_score(course, assignment),
                reason=say_in(
                    "en",
                    "grader error: the grading worker died twice while grading it ({cause})",
                    cause=cause,
                ),
            ),
        )

    threads = max(1, pool.usable_cpus() // workers)
    pool.run(
        subs,
        workers,
        _start_worker,
        (course, assignment, config, threads),
        _in_worker,
        finish,
        give_up,
    )
    return [done[i] for i in range(len(subs))]


@dataclass
class BatchSettings:
    """How a batch grades. ``settings`` overrides nbgrader_config.py, e.g.
    ``{"Execute": {"timeout": 10}}``; ``workers`` students are graded at once (default: one per
    usable CPU core), each in its own process with its own sandbox user; students already graded
    from the same files are kept as graded (:mod:`.resume`) unless ``force``; ``shard`` (K, N)
    grades only the K-th of N slices; ``unsandboxed`` grades where no sandbox can be built (or
    ``c.SandboxKernelManager.unsandboxed``), never in a shard."""

    settings: dict[str, dict] | None = None
    workers: int | None = None
    force: bool = False
    shard: tuple[int, int] | None = None
    unsandboxed: bool = False


def grade(
    course: Course,
    assignment: str,
    subs: list[Submission],
    how: BatchSettings | None = None,
    layout: str | None = None,
    csv_path: Path | None = None,
    progress=None,
) -> tuple[list[Result], Path | None]:
    """Grade every student of ``subs`` (read from a download by :mod:`autograder.lms.grade_class`)
    as ``how`` says. Returns the results and the CSV path (none for a shard: ``export`` writes it,
    once every shard is done).

    ``layout`` is the download's layout, kept for the LMS export. Each result is recorded
    (:mod:`.results`) as soon as the student is graded. Learner code runs only in the sandbox: where
    none can be built, grading refuses with the reason before any student is touched, unless
    ``how.unsandboxed``; a shard refuses regardless."""
    how = how or BatchSettings()
    settings, workers, force, shard = how.settings, how.workers, how.force, how.shard
    unsandboxed = how.unsandboxed
    progress = progress or sys.stderr
    course.require(assignment)
    course.work.mkdir(parents=True, exist_ok=True)
    # before any kernel starts: learner code never sees the gradebook's password
    scrub_environment(course.db_url)
    # other graders (shards) may be registering it into this gradebook now
    with exclusive(course.db_url):
        register(course, assignment)
    # export checks it is all graded
    results_store.save_class(course, assignment, [s.student for s in subs])
    if shard:
        require_sandbox()
        subs = shards.pick(subs, *shard)
        print(f"shard {shard[0]}/{shard[1]}: {len(subs)} students", file=progress, flush=True)
    config = nbgrader_setup.nbgrader_config(course)
    for section, values in (settings or {}).items():
        for key, value in values.items():
            setattr(config[section], key, value)
    # concurrent runs get separate kernel users
    config.SandboxKernelManager.batch = os.getpid() % 2000
    sandboxed = _require_sandbox(config, unsandboxed and not shard, progress)
    course.secret()  # made here, once, before the workers read it
    todo, done = resume.split(course, assignment, subs, force)
    if done:
        print(
            f"{len(done)} of {len(subs)} students already graded from these same files: kept "
            "(--force grades them again)",
            file=progress,
            flush=True,
        )
    kept = {
        s.student: graded_result(
            course,
            assignment,
            Result(s.student, sandboxed=results_store.was_sandboxed(course, assignment, s.student)),
        )
        for s in done
    }
    workers = max(1, min(workers or pool.usable_cpus(), len(todo), 64))
    fresh = {
        r.student: r
        for r in (_grade_all(course, assignment, todo, config, workers, progress) if todo else [])
    }
    for result in fresh.values():
        result.sandboxed = sandboxed
    results = [kept.get(s.student) or fresh[s.student] for s in subs]
    results_store.save(course, assignment, results, subs, layout)
    if shard:
        return results, None
    csv_path = write_csv(results, csv_path or course.work / "grades" / f"{assignment}.csv")
    return results, csv_path


def _require_sandbox(config, unsandboxed: bool, progress) -> bool:
    """Whether learner code will run sandboxed; a CourseError (the cause and the fix) when it cannot
    and the instructor did not say ``unsandboxed``; a shard never may."""

    problem = sandbox_unavailable()
    if not problem:
        return True
    if not (unsandboxed or config.SandboxKernelManager.get("unsandboxed", False)):
        raise CourseError(
            f"{problem}. Grading refused: learner code would run as you, unconfined. To grade "
            "anyway (unsafe), add --unsandboxed"
        )
    config.SandboxKernelManager.unsandboxed = True
    print(
        f"WARNING: grading WITHOUT a sandbox (--unsandboxed): {problem}", file=progress, flush=True
    )
    return False
