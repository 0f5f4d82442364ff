"""The sandbox launcher on its own, with harmless programs: what the learner's kernel sees and
may do.

These run before any red-team submission relies on the limits (a fork or memory bomb is only safe
once these pass). They hold as root and as an ordinary user
(tests/integration/test_sandbox_as_an_ordinary_user.py runs them as one), and wherever the virtual
environment lives.
"""

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.sandbox import launcher
from autograder.sandbox.launcher import BASE_UID

pytestmark = pytest.mark.sandbox

PROBE = r"""
import ctypes, json, os, resource
# what a notebook may import is there; the answers and the checks are not
import autograder.learner.self_attention
package = os.path.dirname(autograder.__file__)
out = {"uid": os.getuid(), "root_listing": sorted(os.listdir(ROOT)),
       "tmp": sorted(os.listdir("/tmp")),
       "package": sorted(os.listdir(package)), "sandbox": sorted(os.listdir(package + "/sandbox")),
       "learner": sorted(os.listdir(package + "/learner")), "top": sorted(os.listdir("/")),
       "home": os.path.exists(HOME + "/planted.txt"), "environment": sorted(os.environ),
       "var": sorted(os.listdir("/var")),
       "new_user_namespace": ctypes.CDLL(None, use_errno=True).unshare(0x10000000) == 0}
try:
    import autograder.reference
    out["reference"] = "imported"
except ImportError as e:
    out["reference"] = type(e).__name__
try:
    open(ROOT + "/solutions/04_self_attention/self_attention.ipynb")
    out["solution"] = "readable"
except OSError as e:
    out["solution"] = type(e).__name__
try:
    open(os.getcwd() + "/planted.txt", "w")
    out["write_cwd"] = "written"
except OSError as e:
    out["write_cwd"] = type(e).__name__
try:
    bytearray(4 << 30)
    out["memory"] = "allocated"
except MemoryError:
    out["memory"] = "MemoryError"
n = 0
try:
    for _ in range(100):
        if os.fork() == 0:
            import time; time.sleep(5); os._exit(0)
        n += 1
except OSError:
    pass
out["forks"] = n
print(json.dumps(out))
"""


def _python_leads_through(folder: str) -> set[str]:
    """Names in ``folder`` that lead to the Python installation the kernel runs (a venv in the
    course folder)."""
    return {
        Path(p).relative_to(folder).parts[0]
        for p in launcher.python_folders()
        if Path(p).is_relative_to(folder) and p != folder
    }


def test_launcher_hides_the_course_and_enforces_limits(tmp_path):
    from autograder.grading.course import Course

    root = str(Course.at().root)
    own = tmp_path / "student"
    own.mkdir()
    # a file in the grader's home, as ~/.ssh/id_ed25519 would be
    home = Path.home() / ".autograder-probe"
    home.mkdir(exist_ok=True)
    (home / "planted.txt").write_text("the grader's own")
    env = {
        **os.environ,
        "JUPYTERHUB_API_TOKEN": "an instructor's token",
        "PGPASSWORD": "the gradebook's",
    }
    try:
        result = subprocess.run(
            [
                sys.executable,
                launcher.__file__,
                "--hide",
                root,
                "--memory-mb",
                "3072",
                "--processes",
                "40",
                "--",
                sys.executable,
                "-c",
                f"ROOT = {root!r}\nHOME = {str(home)!r}\n{PROBE}",
            ],
            cwd=own,
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
    finally:
        shutil.rmtree(home)
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["uid"] == BASE_UID
    assert set(out["root_listing"]) - _python_leads_through(root) == {"autograder"}, (
        "only the package (and the way to Python) may show through the course folder"
    )
    assert out["package"] == ["__init__.py", "learner", "sandbox"], (
        "the learner side only: no reference, no checks"
    )
    assert out["sandbox"] == ["confinement.py", "forking_kernel.py", "launcher.py"], (
        "of the sandbox, the kernel's start only"
    )
    leads = {Path(p).parts[1] for p in [*launcher.python_folders(), root, str(own)]}
    system = {Path(p).name for p in launcher.SYSTEM_FOLDERS if os.path.lexists(p)}
    assert set(out["top"]) <= system | leads | {"dev", "proc", "sys", "tmp", "var"}, out["top"]
    assert out["var"] == ["tmp"], "of /var, only a private /var/tmp"
    assert out["home"] is False, "the grader's home is not there"
    assert not {"JUPYTERHUB_API_TOKEN", "PGPASSWORD", "AUTOGRADER_SECRET"} & set(out["environment"])
    assert out["new_user_namespace"] is False, (
        "no user namespace of its own: the seccomp filter refuses it"
    )
    assert "self_attention.py" in out["learner"] and "data" in out["learner"]
    assert out["reference"] == "ModuleNotFoundError"
    assert out["solution"] == "FileNotFoundError"
    assert out["write_cwd"] in ("PermissionError", "OSError")
    assert not (own / "planted.txt").exists()
    assert out["memory"] == "MemoryError"
    assert 0 < out["forks"] < 40


NETWORK_PROBE = r"""
import json, socket
out = {}
try:
    socket.create_connection(("127.0.0.1", PORT), timeout=5).close()
    out["loopback"] = "connected"
except OSError as e:
    out["loopback"] = type(e).__name__
try:
    socket.getaddrinfo("pypi.org", 443)
    out["dns"] = "resolved"
except OSError as e:
    out["dns"] = type(e).__name__
print(json.dumps(out))
"""


def test_without_bubblewrap_the_launcher_refuses_unless_told_unsandboxed(tmp_path):
    env = {**os.environ, launcher.BWRAP_ENV: ""}  # as on a machine with no bwrap at all
    command = [sys.executable, launcher.__file__, "--", sys.executable, "-c", "print('ran')"]
    refused = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=60, env=env
    )
    assert refused.returncode != 0 and "ran" not in refused.stdout
    assert "no sandbox for learner code here" in refused.stderr
    command.insert(2, "--unsandboxed")
    allowed = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=60, env=env
    )
    assert allowed.stdout.strip() == "ran" and "WITHOUT a sandbox" in allowed.stderr


def test_launcher_gives_the_kernel_no_network(tmp_path):
    # a server on the grading machine's loopback, as a gradebook DB would be
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        result = subprocess.run(
            [
                sys.executable,
                launcher.__file__,
                "--",
                sys.executable,
                "-c",
                f"PORT = {port}\n{NETWORK_PROBE}",
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass  # the server is reachable from outside the sandbox
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out == {"loopback": "ConnectionRefusedError", "dns": "gaierror"}


def test_the_kernel_is_driven_over_unix_sockets_and_measured_from_outside():
    from jupyter_core.utils import run_sync

    from autograder.sandbox.kernel_manager import SandboxKernelManager
    from autograder.sandbox.memory_probe import peak_growth

    async def session():
        km = SandboxKernelManager(kernel_name="python3")
        await km.start_kernel()
        try:
            folder = km._ipc_dir
            assert km.transport == "ipc" and km.ip.startswith(folder + "/")
            assert os.stat(folder).st_uid == km.kernel_owner
            kc = km.client()
            kc.start_channels()
            await kc.wait_for_ready(timeout=60)
            reply = await kc.execute_interactive(
                "import socket; print(socket.gethostname())", timeout=60
            )
            assert reply["content"]["status"] == "ok"
            assert any(p.is_socket() for p in Path(folder).iterdir())
            pid = km.kernel_pid()  # measured from outside: the kernel's own process, as its user
            assert pid is not None and os.stat(f"/proc/{pid}").st_uid == km.kernel_owner
            # as the grader does: the test cell's thread waits on the loop
            loop = asyncio.get_running_loop()
            run = lambda code: asyncio.run_coroutine_threadsafe(  # noqa: E731
                kc.execute_interactive(code), loop
            ).result()  # noqa: E731
            _, peak = await asyncio.to_thread(
                peak_growth, pid, lambda: run("x = bytearray(96 << 20)")
            )
            assert peak >= 90 << 20
            kc.stop_channels()
        finally:
            await km.shutdown_kernel(now=True)
        assert not Path(folder).exists(), "the sockets' folder goes with the kernel"

    run_sync(session)()


def test_another_installed_copy_of_the_package_is_hidden_too(tmp_path):
    """Grading from one checkout while the editable install points at another (two clones, a
    worktree): the kernel imports this checkout's learner side and must not reach the other copy's
    answer key either."""
    import os
    import shutil

    from autograder.grading.course import Course

    real = Course.at().root
    copy = tmp_path / "copy"
    shutil.copytree(
        real / "autograder", copy / "autograder", ignore=shutil.ignore_patterns("__pycache__")
    )
    own = tmp_path / "student"
    own.mkdir()
    probe = (
        "import json, autograder\nout = {'package': autograder.__file__}\n"
        "try:\n    import autograder.reference\n    out['reference'] "
        "= autograder.reference.__file__\n"
        "except ImportError as e:\n    out['reference'] "
        "= type(e).__name__\nprint(json.dumps(out))"
    )
    # the copy is on no path: the kernel is put on its package itself
    env = {**os.environ, "PYTHONPATH": ""}
    result = subprocess.run(
        [
            sys.executable,
            str(copy / "autograder" / "sandbox" / "launcher.py"),
            "--hide",
            str(copy),
            "--",
            sys.executable,
            "-c",
            probe,
        ],
        cwd=own,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["package"].startswith(str(copy)), out
    assert out["reference"] == "ModuleNotFoundError", out


def test_other_copies_are_found_on_the_path_and_through_an_editable_finder(tmp_path):
    mine, other, site = (
        tmp_path / "mine" / "autograder",
        tmp_path / "other" / "autograder",
        tmp_path / "site-packages",
    )
    for folder in (mine, other, site):
        folder.mkdir(parents=True)
    (mine / "__init__.py").write_text("")
    (other / "__init__.py").write_text("")
    mapping = f"MAPPING: dict[str, str] = {{'autograder': '{other}'}}\n"
    (site / "__editable___autograder_0_1_0_finder.py").write_text(mapping)
    assert launcher.other_copies(mine, [str(site), str(mine.parent)]) == [str(other.resolve())]
    assert launcher.other_copies(mine, [str(mine.parent)]) == []
