"""Hostile and faulty submissions graded in one batch through the whole pipeline
(sandboxed kernels).

Each case of tests/corpora/redteam.py must get exactly its score: a wrong answer stays at zero
whatever the attack; correct work keeps every point; a fault costs only its part, with a one-line
reason; nothing outside the learner's own folder changes. The tagger's training cell is replaced by
a stub for every student (the part it feeds is then excluded), which keeps this batch fast.
"""

import contextlib
import http.server
import os
import shutil
import socket
import sqlite3
import threading
import urllib.request
from pathlib import Path

import nbformat
import pytest

from autograder.authoring.simulate import student_notebook, write_student
from autograder.grading.batch import summary_table
from autograder.lms.grade_class import grade_class

from ..corpora.redteam import ATTACKS, CHEAT, LEFTOVERS, PART, SETTINGS, SMUGGLED, WITNESS

# grades notebooks through nbgrader, in the sandbox
pytestmark = [pytest.mark.slow, pytest.mark.sandbox]

ASSIGNMENT, NOTEBOOK = "04_self_attention", "self_attention"
# stubbed training; manual parts
SKIP = {"test_tagger", "answer_rows_sum_to_one", "answer_permutation"}
FAST = {"train_tagger": "tagger = None  # training skipped in this batch"}
PLANTED = Path.home() / ".autograder-rt"  # the grader's own home: a private key, a server's socket
EXFIL = [
    PLANTED / "exfil.txt",
    Path("/tmp/autograder-rt-exfil.txt"),
    Path("/var/tmp/autograder-rt-exfil.txt"),
]


@contextlib.contextmanager
def _answer_server():
    """A web server on the grading machine's loopback that hands out the right answer, while
    grading runs."""

    class Answer(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.end_headers()
            self.wfile.write(CHEAT.encode())

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def _grader_secrets():
    """What an instructor's account holds besides the course: a private key in its home, a local
    server's Unix socket (as a database's), a token in the grader's environment (as a JupyterHub's).
    Each must stay out of reach of every kernel."""
    shutil.rmtree(PLANTED, ignore_errors=True)
    PLANTED.mkdir(mode=0o700)
    (PLANTED / "id_ed25519").write_text("-----BEGIN rt-private-key-----\n")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(PLANTED / "server.sock"))
    server.listen()

    def serve():
        with contextlib.suppress(OSError):
            while True:
                conn, _ = server.accept()
                with conn:
                    conn.sendall(CHEAT.encode())

    threading.Thread(target=serve, daemon=True).start()
    token = os.environ.get("JUPYTERHUB_API_TOKEN")
    os.environ["JUPYTERHUB_API_TOKEN"] = "rt-token of the instructor"
    try:
        # reachable from the grader: only the sandbox stops it
        with socket.socket(socket.AF_UNIX) as client:
            client.connect(str(PLANTED / "server.sock"))
            assert client.recv(4096).decode() == CHEAT
        yield str(PLANTED)
    finally:
        os.environ.pop("JUPYTERHUB_API_TOKEN")
        if token is not None:
            os.environ["JUPYTERHUB_API_TOKEN"] = token
        server.close()


def _package_files(course) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in (course.root / "autograder").rglob("*.py")}


@pytest.fixture(scope="module")
def graded(course, tmp_path_factory) -> dict:
    """Every attack, and a baseline, graded in one class for this module: each result by student,
    with what the grading changed outside the learners' folders ("package changed", "written
    outside")."""
    Path(SMUGGLED).unlink(missing_ok=True)
    for path in EXFIL:
        path.unlink(missing_ok=True)
    folder = tmp_path_factory.mktemp("redteam")
    write_student(
        folder, "rt-baseline", NOTEBOOK, student_notebook(course, ASSIGNMENT, NOTEBOOK, FAST)
    )
    package = _package_files(course)
    with _answer_server() as port, _grader_secrets() as planted:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
            # reachable from the grader: only the sandbox stops it
            assert page.read().decode() == CHEAT
        for attack in ATTACKS:
            code = attack.source(str(course.root), str(course.work), port, planted)
            nb = student_notebook(course, ASSIGNMENT, NOTEBOOK, {**FAST, "dot_product_score": code})
            if attack.mutate:
                attack.mutate(nb)
            write_student(folder, attack.student, NOTEBOOK, nb)
        results, _ = grade_class(course, ASSIGNMENT, folder, settings=SETTINGS)
    graded = {r.student: r for r in results}
    graded["package changed"] = sorted(
        p for p, text in _package_files(course).items() if package.get(p) != text
    )
    graded["written outside"] = sorted(str(p) for p in EXFIL if p.exists())
    shutil.rmtree(PLANTED, ignore_errors=True)
    return graded


def _case(attack):
    marks = [pytest.mark.xfail(strict=True, reason=attack.open_gap)] if attack.open_gap else []
    return pytest.param(attack, id=attack.name, marks=marks)


@pytest.mark.parametrize("attack", [_case(a) for a in ATTACKS])
def test_each_submission_gets_exactly_its_score(graded, attack):
    base, r = graded["rt-baseline"], graded[attack.student]
    assert r.status == "graded", r.reason
    expected = {p: s for p, s in base.parts.items() if p not in SKIP}
    if attack.wrong:
        expected[PART] = 0
    # "*": the attack costs every part
    for part in list(expected) if "*" in attack.lost else attack.lost:
        expected[part] = 0
    got = {p: r.parts[p] for p in expected}
    assert got == expected, r.reason
    if attack.wrong:
        # names the lost part, with why
        assert r.lost[PART] and f"{PART}: {r.lost[PART]}" in r.reason, r.reason
        # the class summary: one line each
        assert len(summary_table([r]).splitlines()) == 2, summary_table([r])


def test_baseline_earns_its_points(graded):
    base = graded["rt-baseline"]
    assert all(base.parts[p] > 0 for p in base.parts if p not in SKIP), base.parts


def test_nothing_outside_the_learners_folder_changes(course, graded):
    assert not list(course.work.rglob("planted.txt"))
    assert graded["package changed"] == [], (
        "the answer key, the checks or the learner package were changed"
    )
    assert graded["written outside"] == [], "a kernel wrote to the grader's home or the host's /tmp"
    assert not Path(SMUGGLED).exists(), (
        "test-cell code from a submission ran in the grader's process"
    )
    # the gradebook still opens and holds every student
    with sqlite3.connect(course.gradebook) as db:
        students = {row[0] for row in db.execute("select id from student")}
    assert {a.student for a in ATTACKS} <= students


def test_faults_give_a_reason_and_huge_output_is_capped(course, graded):
    assert (
        "KernelDied" in graded["rt-os-exit"].reason
        or "kernel stopped" in graded["rt-os-exit"].reason
    )
    for name in ("rt-infinite-loop", "rt-sleep"):
        assert "time limit" in graded[name].reason or "imeout" in graded[name].reason, graded[
            name
        ].reason
    autograded = course.work / "autograded" / "rt-huge-output" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    assert autograded.stat().st_size < 5_000_000
    nbformat.read(autograded, as_version=4)


@pytest.fixture(scope="module")
def graded_in_turn(course, tmp_path_factory) -> dict:
    """Each LEFTOVERS case, then a witness, graded one after the other by one worker (kernels forked
    from its one warm template): the witness loses its first part if it sees anything the case
    before left."""
    folder = tmp_path_factory.mktemp("leftovers")
    write_student(
        folder, "lo-00-baseline", NOTEBOOK, student_notebook(course, ASSIGNMENT, NOTEBOOK, FAST)
    )
    witness = {
        **FAST,
        "dot_product_score": f"import numpy as np\n{WITNESS}\n"
        "def dot_product_score(q, k):\n    return float(np.dot(q, k))\n",
    }
    for n, case in enumerate(LEFTOVERS, 1):
        answers = {**FAST, "dot_product_score": case.source(str(course.root), str(course.work))}
        write_student(
            folder,
            f"lo-{n:02d}a-{case.name}"[:40],
            NOTEBOOK,
            student_notebook(course, ASSIGNMENT, NOTEBOOK, answers),
        )
        write_student(
            folder,
            f"lo-{n:02d}b-witness",
            NOTEBOOK,
            student_notebook(course, ASSIGNMENT, NOTEBOOK, witness),
        )
    results, _ = grade_class(course, ASSIGNMENT, folder, settings=SETTINGS, workers=1)
    return {r.student: r for r in results}


@pytest.mark.parametrize("n, case", list(enumerate(LEFTOVERS, 1)), ids=[c.name for c in LEFTOVERS])
def test_what_a_student_leaves_never_reaches_the_next(graded_in_turn, n, case):
    base = graded_in_turn["lo-00-baseline"]
    expected = {p: s for p, s in base.parts.items() if p not in SKIP}
    attacker = graded_in_turn[f"lo-{n:02d}a-{case.name}"[:40]]
    witness = graded_in_turn[f"lo-{n:02d}b-witness"]
    assert {p: attacker.parts[p] for p in expected} == expected, attacker.reason
    assert witness.status == "graded" and {p: witness.parts[p] for p in expected} == expected, (
        witness.reason
    )


def test_the_witness_does_see_traces_when_they_are_there(course, tmp_path_factory):
    """The witness can fail: graded right after a notebook that leaves a trace in its own kernel, it
    would. Here the trace is in the witness's own notebook (a cell before it), so its first part
    is lost."""
    folder = tmp_path_factory.mktemp("witness")
    planted = {
        **FAST,
        "dot_product_score": (
            "import numpy as np\nimport os\nos.environ['RT19'] = 'here'\n"
            f"{WITNESS}\ndef dot_product_score(q, k):\n    return float(np.dot(q, k))\n"
        ),
    }
    write_student(
        folder, "sees-a-trace", NOTEBOOK, student_notebook(course, ASSIGNMENT, NOTEBOOK, planted)
    )
    results, _ = grade_class(course, ASSIGNMENT, folder, settings=SETTINGS, workers=1)
    assert results[0].parts[PART] == 0, results[0].reason
    autograded = course.work / "autograded" / "sees-a-trace" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    errors = [
        o
        for c in nbformat.read(autograded, as_version=4).cells
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert any(
        "traces of the student before: ['environment']" in o.get("evalue", "") for o in errors
    ), errors
