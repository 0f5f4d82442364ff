"""Kernels forked from a worker's warm template (sandbox/kernel_pool.py, sandbox/forking_kernel.py):
warm, and each one new. A kernel leaves nothing for the next (files, processes, patched modules,
environment, handlers) and cannot reach its template, which outlives every student and is replaced
when it dies."""

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from jupyter_core.utils import run_sync

from autograder.sandbox import kernel_pool as templates
from autograder.sandbox import launcher
from autograder.sandbox.kernel_manager import SandboxKernelManager
from autograder.sandbox.processes import descendants as _descendants

pytestmark = pytest.mark.sandbox

# What the sandbox puts back below /tmp: the way to a checkout or a Python installation (a venv)
# that lies there
UNDER_TMP = {
    Path(p).parts[2]
    for p in [str(launcher.PACKAGE), *launcher.python_folders()]
    if len(Path(p).parts) > 2 and Path(p).parts[1] == "tmp"
}

LOOK = r"""
import json, os, sys, builtins
import numpy as np
out = {"pid": os.getpid(), "uid": os.getuid(), "preloaded": "torch" in sys.modules,
       "tmp": sorted(
           n for n in os.listdir("/tmp") if n not in (".ipython", "kernel-connection.json", ".mpl")
       ),
       "shm": sorted(os.listdir("/dev/shm")), "var_tmp": sorted(os.listdir("/var/tmp")),
       "cwd": sorted(os.listdir(".")), "env": os.environ.get("RT19", ""),
       "patched": [m.__name__ for m in (np, builtins) if hasattr(m, "rt19")]
       + ["allclose"] * np.allclose(1, 2),
       "processes": sorted(int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) != 1),
       "random": [__import__("random").random(), float(np.random.rand()),
                  float(__import__("torch").rand(1))],
       "frozen": __import__("gc").get_freeze_count()}
try:
    open("written.txt", "w")
    out["cwd_writable"] = True
except OSError:
    out["cwd_writable"] = False
print(json.dumps(out))
"""

LEAVE_TRACES = r"""
import atexit, builtins, os, signal, subprocess, sys
import numpy as np
for folder in ("/tmp", "/var/tmp", "/dev/shm", os.path.expanduser("~")):
    open(os.path.join(folder, "rt19-left"), "w").write("x")
np.rt19 = builtins.rt19 = True
np.allclose = lambda *a, **k: True
os.environ["RT19"] = "left"
atexit.register(lambda: open("/tmp/rt19-atexit", "w"))
signal.signal(signal.SIGTERM, lambda *a: open("/tmp/rt19-sigterm", "w"))
subprocess.Popen(
    [sys.executable, "-c", "import time; time.sleep(600)  # rt19"], start_new_session=True
)
if os.fork() == 0:  # a daemon of its own, detached twice
    os.setsid()
    if os.fork() == 0:
        import time
        time.sleep(600)
    os._exit(0)
print("left")
"""

ATTACK_TEMPLATE = r"""
import ctypes, json, os, signal
libc = ctypes.CDLL(None, use_errno=True)
mine = {os.getpid(), *map(int, os.listdir("/proc/self/task"))}
seen = [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) not in mine]
signalled, traced = [], []
for pid in set(seen + list(range(1, 300))) - mine:
    try:
        os.kill(pid, signal.SIGKILL)
        signalled.append(pid)
    except OSError:
        pass
    if libc.ptrace(16, pid, 0, 0) == 0:  # PTRACE_ATTACH
        traced.append(pid)
try:
    os.kill(-1, signal.SIGKILL)
except OSError:
    pass
print(json.dumps({"seen": seen, "signalled": signalled, "traced": traced, "ppid": os.getppid()}))
"""


async def _run(code: str, cwd, **traits) -> tuple[dict | str, SandboxKernelManager]:
    km = SandboxKernelManager(kernel_name="python3", **traits)
    await km.start_kernel(cwd=str(cwd))
    kc = km.client()
    kc.start_channels()
    out: list[str] = []
    try:
        await kc.wait_for_ready(timeout=180)
        hook = lambda m: (  # noqa: E731
            out.append(m["content"].get("text", "")) if m["msg_type"] == "stream" else None
        )  # noqa: E731
        reply = await kc.execute_interactive(code, timeout=180, output_hook=hook)
        assert reply["content"]["status"] == "ok", reply["content"]
        kernel = km.kernel_pid()
    finally:
        kc.stop_channels()
        await km.shutdown_kernel(now=True)
    text = "".join(out).strip().splitlines()[-1]
    try:
        return json.loads(text), km, kernel
    except ValueError:
        return text, km, kernel


def run(code: str, cwd, **traits):
    return run_sync(_run)(code, cwd, **traits)


def _forked_kernels(owner: int) -> list[int]:
    """Processes of forked kernels (two pid namespaces below this one: the template's, then the
    kernel's own) run as ``owner``, as this machine sees
    them (SandboxKernelManager.kernel_owner)."""
    return [
        int(p) for p in os.listdir("/proc") if p.isdigit() and _owner(p) == owner and _depth(p) >= 3
    ]


def _depth(pid: str) -> int:
    try:
        return next(
            len(line.split()) - 1
            for line in Path(f"/proc/{pid}/status").read_text().splitlines()
            if line.startswith("NSpid:")
        )
    except (OSError, StopIteration):
        return 0


def _owner(pid: str) -> int | None:
    try:
        return os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return None


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "given.txt").write_text("the student's file")
    tmp_path.chmod(0o755)  # as a course's folders are (pytest makes its own 0700)
    return tmp_path


def test_a_forked_kernel_is_warm_alone_and_read_only_where_it_should_be(folder):
    out, km, kernel = run(LOOK, folder)
    assert out["preloaded"], "torch comes imported from the template"
    assert out["frozen"] > 10_000, (
        "what the template imported is out of the collector's sight (gc.freeze)"
    )
    assert out["uid"] == km.uid and out["pid"] == 2, (
        "its own user, its own pid namespace (pid 1: its init)"
    )
    assert out["processes"] == [2], "it sees no other process: not its template, not its supervisor"
    # /tmp is fresh: only the folders leading to its own sockets (the template's folder lies in
    # /tmp), and to the learner package when the course itself lies there
    assert set(out["tmp"]) <= {templates.template_for([]).folder.name, *UNDER_TMP}, out["tmp"]
    assert out["cwd"] == ["given.txt"] and out["cwd_writable"] is False
    assert kernel not in (None, 1), (
        "the grader finds the kernel's own process, as the machine numbers it"
    )
    second, _, _ = run(LOOK, folder)
    assert all(a != b for a, b in zip(out["random"], second["random"])), (
        "each kernel seeds its own generators"
    )


def test_nothing_a_kernel_leaves_reaches_the_next(folder):
    first, km, _ = run(LEAVE_TRACES, folder)
    assert first == "left"
    time.sleep(1)
    assert _forked_kernels(km.kernel_owner) == [], "the background processes died with the kernel"
    after, _, _ = run(LOOK, folder)
    assert not any("rt19" in n for n in after["tmp"] + after["shm"] + after["var_tmp"]), after
    assert after["env"] == "" and after["patched"] == [] and after["processes"] == [2], after


def test_a_kernel_cannot_signal_or_trace_its_template(folder):
    template = templates.template_for([])
    pid = template.pid
    out, _, _ = run(ATTACK_TEMPLATE, folder)
    # Only its init is there. As root, the init is root's: out of reach. As an ordinary user it is
    # the kernel's own user in a namespace: a signal to it from inside is dropped (the kernel, which
    # printed, lives on) and it cannot be traced (not dumpable).
    assert out["traced"] == [] and set(out["signalled"]) <= (
        {1} if launcher.rootless() else set()
    ), out
    assert template.alive() and templates.template_for([]).pid == pid, "the template is untouched"
    again, _, _ = run(LOOK, folder)
    assert again["preloaded"] and again["processes"] == [2]


def test_a_dead_template_is_replaced(folder):
    template = templates.template_for([])
    os.killpg(template.pid, signal.SIGKILL)
    template.process.wait()
    out, _, _ = run(LOOK, folder)
    assert out["preloaded"] and out["pid"] == 2
    assert templates.template_for([]).pid != template.pid


def test_a_kernel_the_template_cannot_serve_starts_plainly(folder, monkeypatch):
    template = templates.template_for([])
    os.unlink(template.folder / "control" / "forks.sock")  # the template can no longer be reached
    try:
        out, _, _ = run(LOOK, folder)
        assert not out["preloaded"] and out["frozen"] == 0, "a plain kernel, sandboxed all the same"
        assert out["cwd"] == ["given.txt"] and out["cwd_writable"] is False
    finally:
        templates.stop_all()


def test_a_kernel_that_fills_its_memory_leaves_the_next_whole(folder):
    fill = (
        "chunks = []\ntry:\n    while True:\n        chunks.append(bytearray(64 << 20))\n"
        "except MemoryError:\n    pass\nprint(len(chunks) * 64)"
    )
    filled, _, _ = run(fill, folder, memory_mb=1536)
    assert 512 <= int(filled) <= 1536, "it got to its limit, less what the template had imported"
    out, _, _ = run(LOOK, folder, memory_mb=1536)
    assert out["preloaded"] and out["processes"] == [2]


def test_kernels_start_faster_from_the_template(folder):
    """Not a timing test (benchmarks/grading.py measures): a forked kernel needs no import
    of torch."""
    code = "import sys, time; t = time.perf_counter(); import torch; print(time.perf_counter() - t)"
    warm, _, _ = run(code, folder)
    plain, _, _ = run(code, folder, warm_template=False)
    assert float(warm) < float(plain), (warm, plain)


def test_the_sockets_folder_of_a_forked_kernel_goes_with_it(folder):
    async def session():
        km = SandboxKernelManager(kernel_name="python3")
        await km.start_kernel(cwd=str(folder))
        kernel_folder = os.path.dirname(km._ipc_dir)
        assert kernel_folder.startswith(str(km._template.folder))
        await km.shutdown_kernel(now=True)
        await asyncio.sleep(0)
        return kernel_folder

    assert not os.path.exists(run_sync(session)())


GRADER = r"""
import asyncio, os, sys, time
from jupyter_core.utils import run_sync
from autograder.sandbox.kernel_manager import SandboxKernelManager

async def main():
    km = SandboxKernelManager(kernel_name="python3", batch=7)
    await km.start_kernel(cwd=sys.argv[1])
    kc = km.client()
    kc.start_channels()
    await kc.wait_for_ready(timeout=180)
    print(km.kernel_owner, flush=True)
    time.sleep(600)

run_sync(main)()
"""


def test_a_killed_grader_takes_its_forked_kernels_along(folder):
    import subprocess
    import sys

    grader = subprocess.Popen(
        [sys.executable, "-c", GRADER, str(folder)], stdout=subprocess.PIPE, text=True
    )
    owner = int(grader.stdout.readline())
    kernels = set(_forked_kernels(owner)) & set(_descendants(grader.pid))
    assert kernels, "the kernel runs"
    grader.kill()
    grader.wait()
    deadline = time.monotonic() + 30
    while kernels & set(_forked_kernels(owner)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not kernels & set(_forked_kernels(owner)), (
        "no kernel outlives the grader that started it"
    )


LOOK_AT_THE_PACKAGE = r"""
import os, sys, autograder.learner.self_attention as m
try:
    import autograder.reference
    key = "answer key imported"
except ImportError:
    key = "no answer key"
try:
    open(os.path.dirname(m.__file__) + "/planted.py", "w")
    mode = "package writable"
except OSError:
    mode = "package read-only"
print(m.__file__, "torch" in sys.modules, key, mode)
"""
# run() above, in a grader whose autograder package is the copy (first on its path), this checkout's
# tests after it
IN_A_GRADER_OF_THE_COPY = (
    "import sys; sys.path.append(sys.argv[2]); "
    "from tests.sandbox.test_kernel_pool import LOOK_AT_THE_PACKAGE, run; "
    "print(run(LOOK_AT_THE_PACKAGE, sys.argv[1])[0])"
)


def test_a_course_that_lies_in_tmp_keeps_its_learner_package_in_forked_kernels(folder):
    """The fresh /tmp of a forked kernel must not hide what the template's sandbox put back there,
    nor show more of it: the learner package, read-only, without the answer key beside it."""
    copy = Path(tempfile.mkdtemp(prefix="course-", dir="/tmp"))
    try:
        copy.chmod(0o755)
        shutil.copytree(
            launcher.PACKAGE, copy / "autograder", ignore=shutil.ignore_patterns("__pycache__")
        )
        checkout = Path(__file__).resolve().parents[2]
        grader = subprocess.run(
            [sys.executable, "-c", IN_A_GRADER_OF_THE_COPY, str(folder), str(checkout)],
            cwd=copy,
            text=True,
            env={**os.environ, "PYTHONPATH": str(copy)},
            capture_output=True,
            timeout=300,
        )
        out = grader.stdout.strip().splitlines()[-1:]
        # "True": torch came imported, so the kernel was forked from the template
        assert out == [
            f"{copy}/autograder/learner/self_attention.py True no answer key package read-only"
        ], (out, grader.stderr[-2000:])
    finally:
        shutil.rmtree(copy, ignore_errors=True)
