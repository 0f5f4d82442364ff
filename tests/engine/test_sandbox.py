"""The sandbox launcher on its own, with harmless programs: what the learner's kernel sees and may do.

These run before any red-team submission relies on the limits (a fork or memory bomb is only safe once
these pass).
"""

import asyncio
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.engine import launcher
from autograder.engine.sandbox import BASE_UID, bwrap

pytestmark = pytest.mark.skipif(bwrap() is None, reason="bubblewrap (bwrap) not installed or not root")

PROBE = r"""
import json, os, resource
import autograder.learner.self_attention  # what a notebook may import is there; the answers and the checks are not
package = os.path.dirname(autograder.__file__)
out = {"uid": os.getuid(), "root_listing": sorted(os.listdir(ROOT)), "tmp": sorted(os.listdir("/tmp")),
       "package": sorted(os.listdir(package)), "engine": sorted(os.listdir(package + "/engine")),
       "learner": sorted(os.listdir(package + "/learner"))}
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


def test_launcher_hides_the_course_and_enforces_limits(tmp_path):
    from autograder.engine.course import Course

    root = str(Course.at().root)
    own = tmp_path / "student"
    own.mkdir()
    result = subprocess.run(
        [sys.executable, launcher.__file__, "--hide", root, "--memory-mb", "3072", "--processes", "40",
         "--", sys.executable, "-c", f"ROOT = {root!r}\n{PROBE}"],
        cwd=own, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["uid"] == BASE_UID
    assert out["root_listing"] == ["autograder"], "only the package may show through the course folder"
    assert out["package"] == ["__init__.py", "engine", "learner"], "the learner side only: no reference, no checks"
    assert out["engine"] == ["launcher.py", "zygote.py"], "of the engine, only the launcher and the template"
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


def test_launcher_gives_the_kernel_no_network(tmp_path):
    with socket.socket() as server:  # a server on the grading machine's loopback, as a gradebook DB would be
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        result = subprocess.run([sys.executable, launcher.__file__, "--", sys.executable, "-c",
                                 f"PORT = {port}\n{NETWORK_PROBE}"],
                                cwd=tmp_path, capture_output=True, text=True, timeout=60)
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass  # the server is reachable from outside the sandbox
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out == {"loopback": "ConnectionRefusedError", "dns": "gaierror"}


def test_the_kernel_is_driven_over_unix_sockets_and_measured_from_outside():
    from jupyter_core.utils import run_sync

    from autograder.engine.sandbox import SandboxKernelManager
    from autograder.engine.wire.memory import peak_growth

    async def session():
        km = SandboxKernelManager(kernel_name="python3")
        await km.start_kernel()
        try:
            folder = km._ipc_dir
            assert km.transport == "ipc" and km.ip.startswith(folder + "/")
            assert os.stat(folder).st_uid == km.uid
            kc = km.client()
            kc.start_channels()
            await kc.wait_for_ready(timeout=60)
            reply = await kc.execute_interactive("import socket; print(socket.gethostname())", timeout=60)
            assert reply["content"]["status"] == "ok"
            assert any(p.is_socket() for p in Path(folder).iterdir())
            pid = km.kernel_pid()  # measured from outside: the kernel's own process, as its user
            assert pid is not None and os.stat(f"/proc/{pid}").st_uid == km.uid
            loop = asyncio.get_running_loop()  # as the grader does: the test cell's thread waits on the loop
            run = lambda code: asyncio.run_coroutine_threadsafe(kc.execute_interactive(code), loop).result()  # noqa: E731
            _, peak = await asyncio.to_thread(peak_growth, pid, lambda: run("x = bytearray(96 << 20)"))
            assert peak >= 90 << 20
            kc.stop_channels()
        finally:
            await km.shutdown_kernel(now=True)
        assert not Path(folder).exists(), "the sockets' folder goes with the kernel"

    run_sync(session)()


def test_another_installed_copy_of_the_package_is_hidden_too(tmp_path):
    """Grading from one checkout while the editable install points at another (two clones, a worktree): the
    kernel imports this checkout's learner side and must not reach the other copy's answer key either."""
    import os
    import shutil

    from autograder.engine.course import Course

    real = Course.at().root
    copy = tmp_path / "copy"
    shutil.copytree(real / "autograder", copy / "autograder", ignore=shutil.ignore_patterns("__pycache__"))
    own = tmp_path / "student"
    own.mkdir()
    probe = ("import json, autograder\nout = {'package': autograder.__file__}\n"
             "try:\n    import autograder.reference\n    out['reference'] = autograder.reference.__file__\n"
             "except ImportError as e:\n    out['reference'] = type(e).__name__\nprint(json.dumps(out))")
    env = {**os.environ, "PYTHONPATH": str(copy)}
    result = subprocess.run(
        [sys.executable, str(copy / "autograder" / "engine" / "launcher.py"), "--hide", str(copy), "--",
         sys.executable, "-c", probe], cwd=own, capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["package"].startswith(str(copy)), out
    assert out["reference"] == "ModuleNotFoundError", out


def test_other_copies_are_found_on_the_path_and_through_an_editable_finder(tmp_path):
    mine, other, site = tmp_path / "mine" / "autograder", tmp_path / "other" / "autograder", tmp_path / "site-packages"
    for folder in (mine, other, site):
        folder.mkdir(parents=True)
    (mine / "__init__.py").write_text("")
    (other / "__init__.py").write_text("")
    mapping = f"MAPPING: dict[str, str] = {{'autograder': '{other}'}}\n"
    (site / "__editable___autograder_0_1_0_finder.py").write_text(mapping)
    assert launcher.other_copies(mine, [str(site), str(mine.parent)]) == [str(other.resolve())]
    assert launcher.other_copies(mine, [str(mine.parent)]) == []
