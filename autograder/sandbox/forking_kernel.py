"""A warm template of the learner's kernel, inside the sandbox: each student's kernel is a fresh
fork of it.

Started once per grading worker by :mod:`autograder.sandbox.kernel_pool` (``python forking_kernel.py
FOLDER`` inside the same bubblewrap sandbox as a plain kernel, see
:mod:`autograder.sandbox.launcher`), it imports what every kernel imports (ipykernel, NumPy,
PyTorch, Matplotlib) and pays PyTorch's lazy first-operation costs once. Then it waits on a Unix
socket in ``FOLDER/control`` (the grader's, hidden from every kernel) for the launcher to ask for a
kernel. For each request it forks a *supervisor* that gives the kernel namespaces of its own and
forks the kernel. The template and its supervisors hold what making namespaces takes: as root, root
itself; as an ordinary user, every capability inside the template's own user namespace (bwrap
``--cap-add ALL``), which reaches nothing outside it. Each kernel:

* runs in a new pid namespace, whose init (as bwrap's init is for a plain kernel) ends with it, so
  every process a student starts dies with their kernel; it sees neither the template nor the
  supervisor (``/proc`` is its own);
* has a new mount namespace with fresh, empty /tmp, /var/tmp and /dev/shm (also its home), the
  template's folder hidden, and only its own sockets' folder and a read-only copy of its working
  folder put back;
* has a new IPC namespace (no System V shared memory survives it) and a new network namespace (only
  its own loopback);
* gets the environment the launcher gave it, new random seeds, the resource limits, and becomes the
  learner (:func:`confinement.become_learner`: the worker's user id as root; no capability left as
  an ordinary user; no new user namespaces): it cannot signal, trace or write to the template or the
  supervisor, which are not dumpable and out of its sight, and it shares no mutable state with them
  (a fork copies memory on write; what the template's sandbox made is read-only).

The template never runs learner code and never parses a request: the supervisor, a fresh fork, does.
This module imports only the standard library at the top: the heavy imports are the
template's warm-up.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import gc
import json
import os
import re
import resource
import select
import signal
import socket
import stat
import struct
import sys
from pathlib import Path

# run as a script inside the sandbox, beside confinement.py; or imported
# as autograder.sandbox.forking_kernel
try:
    import confinement
except ImportError:
    from autograder.sandbox import confinement

CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWPID = 0x20000, 0x08000000, 0x40000000, 0x20000000
MS_RDONLY, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 32, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_DUMPABLE = 1, 4
SOCKET_NAME = "forks.sock"

_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def _bytes(text: str | None) -> bytes | None:
    return text.encode() if text is not None else None


def _mount(
    source: str | None,
    target: str,
    fstype: str | None = None,
    flags: int = 0,
    data: str | None = None,
):
    _check(
        _libc.mount(
            _bytes(source), _bytes(target), _bytes(fstype), ctypes.c_ulong(flags), _bytes(data)
        ),
        f"mount {target}",
    )


def warm_up() -> None:
    """Import what every learner's kernel imports and run PyTorch's and NumPy's first
    operations, once."""
    import warnings

    # as ipykernel sets it
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    import ipykernel.ipkernel  # noqa: F401
    import ipykernel.kernelapp  # noqa: F401
    import IPython  # noqa: F401
    import matplotlib.pyplot  # noqa: F401
    import numpy as np
    import torch

    np.linalg.norm(np.ones((4, 4)) @ np.ones((4, 4)))
    # Only on the meta device: a CPU operation could start PyTorch's thread pool (OpenMP), and a
    # pool's threads do not survive a fork (the kernel's first parallel operation would hang).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        x = torch.ones(2, 3, 4, device="meta")
        layer = torch.nn.Linear(4, 4, device="meta")
        scores = torch.softmax(layer(x) @ x.transpose(-2, -1) / 2.0, dim=-1)
        scores.masked_fill(torch.ones(3, 3, dtype=torch.bool, device="meta").triu(1), float("-inf"))
        torch.nn.functional.scaled_dot_product_attention(x, x, x)
        torch.nn.MultiheadAttention(4, 2, batch_first=True, device="meta")(x, x, x)
        torch.einsum("bnd,bmd->bnm", x, x)


def serve(folder: Path) -> None:
    """The template's life: warm up, then fork a supervisor for every connection until
    stdin closes."""
    os.environ.pop(confinement.SECRET_ENV, None)
    warm_up()
    # What the warm-up made lives as long as the template: out of the collector's sight, a kernel's
    # collections neither walk it (a full one took 0.15 s) nor write to its pages (each write copies
    # a page of the fork).
    gc.collect()
    gc.freeze()
    with contextlib.suppress(OSError):
        _libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    control = folder / "control"
    control.mkdir(mode=0o700, exist_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(control / SOCKET_NAME))
    listener.listen(16)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # supervisors are reaped by the kernel
    os.write(1, b"ready\n")
    while True:
        ready, _, _ = select.select([listener, 0], [], [])
        if 0 in ready and not os.read(0, 1):
            return  # the worker that started it is gone
        if listener in ready:
            conn, _ = listener.accept()
            if os.fork() == 0:
                try:
                    listener.close()
                    supervise(conn)
                finally:
                    os._exit(0)
            conn.close()


def supervise(conn: socket.socket) -> None:
    """One kernel's supervisor: read the request, make the namespaces, fork the kernel, tell the
    launcher when it ends; kill it when the launcher goes (jupyter_client killed it)."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # the template gone, its kernels go too
    stream = conn.makefile("rb")
    request = json.loads(stream.readline())
    _check(_libc.unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNET), "unshare")
    _mount(None, "/", flags=MS_REC | MS_PRIVATE)
    # the kernel's set-up writes why it failed here; closed unwritten: it runs
    report, reported = os.pipe()
    init = os.fork()
    if init == 0:
        conn.close()
        os.close(report)
        os._exit(_init(request, reported))
    os.close(reported)
    with os.fdopen(report, "rb") as pipe:
        failed = pipe.read().decode(errors="replace")
    if failed:
        os.waitpid(init, 0)
        conn.sendall(json.dumps({"error": failed}).encode() + b"\n")
        return
    conn.sendall(json.dumps({"started": True}).encode() + b"\n")
    watch = os.pidfd_open(init)
    while True:
        ready, _, _ = select.select([conn, watch], [], [])
        if watch in ready:
            _, status = os.waitpid(init, 0)
            with contextlib.suppress(OSError):
                conn.sendall(
                    json.dumps({"exit": os.waitstatus_to_exitcode(status)}).encode() + b"\n"
                )
            return
        # the launcher was killed: so is the namespace's init, and with it every process
        if not conn.recv(1):
            os.kill(init, signal.SIGKILL)
            os.waitpid(init, 0)
            return


def _init(request: dict, reported: int) -> int:
    """Pid 1 of the kernel's namespaces (root, as bwrap's init is for a plain kernel): make the
    kernel's world, fork the kernel (pid 2), reap what it leaves, and end with it, which ends every
    process of the namespace. Returns the kernel's exit status."""
    try:
        # a dead supervisor takes the namespace along
        _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        cwd = _private_folders(request)
        with contextlib.suppress(OSError):
            _loopback_up()
        kernel = os.fork()
        if kernel == 0:
            try:
                become_kernel(request, reported, cwd)
                os._exit(0)
            except SystemExit as exc:
                os._exit(exc.code if isinstance(exc.code, int) else 1)
            except BaseException as exc:  # noqa: BLE001 - set-up failed: say why, the launcher starts it plainly
                with contextlib.suppress(OSError):
                    os.write(reported, f"{type(exc).__name__}: {exc}".encode()[:1000])
                os._exit(1)
        os.close(reported)
        while True:  # orphans of the kernel's processes are adopted here: reap them too
            pid, status = os.wait()
            if pid == kernel:
                code = os.waitstatus_to_exitcode(status)
                return code if code >= 0 else 128 - code
    except BaseException as exc:  # noqa: BLE001
        with contextlib.suppress(OSError):
            os.write(reported, f"{type(exc).__name__}: {exc}".encode()[:1000])
        return 1


def _private_folders(request: dict) -> str:
    """The kernel's view of files: fresh temporary folders, the template's folder hidden but for
    this kernel's sockets and a read-only copy of its working folder. Returns the working folder.

    What the template's sandbox put back below a temporary folder stays: a course (or Python) that
    lives under /tmp has its learner package (or interpreter) bound in there, and a fresh /tmp would
    hide it. Those mounts, and this kernel's two folders, are held open (O_PATH) before the fresh
    folders cover them, then bound again from the open handles."""
    _mount("proc", "/proc", "proc")
    own, template = request["kernel_dir"], request["template_dir"]
    scratch = [f for f in ("/tmp", "/var/tmp", "/dev/shm") if os.path.isdir(f)]
    held = {}
    for path in _mounted_below(scratch, template):
        # listed, but covered by a mount above it: the template sees none
        with contextlib.suppress(OSError):
            held[path] = os.open(path, os.O_PATH | os.O_NOFOLLOW)
    mine = {name: os.open(f"{own}/{name}", os.O_PATH | os.O_DIRECTORY) for name in ("ipc", "cwd")}
    for folder in scratch:
        _mount("tmpfs", folder, "tmpfs", data="mode=1777")
    if os.path.exists(template):  # not under a folder made fresh above
        _mount("tmpfs", template, "tmpfs", data="mode=0755")
    for path, handle in held.items():
        _bind_from(handle, path, flags=MS_BIND | MS_REC)
        _read_only(path)
    for name, handle in mine.items():
        _bind_from(handle, f"{own}/{name}", flags=MS_BIND)
    _read_only(f"{own}/cwd")
    return f"{own}/cwd"


def _read_only(path: str) -> None:
    """Make the bind mount at ``path`` read-only, keeping the flags it has (nosuid, nodev, noexec,
    atime): in a user namespace those are locked, and a remount that would drop one is refused."""
    kept = os.statvfs(path).f_flag
    flags = MS_REMOUNT | MS_BIND | MS_RDONLY
    for statvfs_flag, mount_flag in (
        (2, 2),
        (4, 4),
        (8, 8),
        (1024, 1024),
        (2048, 2048),
        (4096, 1 << 21),
    ):
        # ST_NOSUID..ST_RELATIME -> MS_NOSUID..MS_RELATIME
        flags |= mount_flag if kept & statvfs_flag else 0
    _mount(None, path, flags=flags)


def _mounted_below(folders: list[str], template: str) -> list[str]:
    """The outermost mount points strictly below ``folders``, but for the template's folder and what
    is in it."""

    # mountinfo writes spaces, tabs and backslashes as octal escapes
    def unescape(path: str) -> str:
        return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), path)

    points = sorted(
        {
            unescape(line.split()[4])
            for line in Path("/proc/self/mountinfo").read_text().splitlines()
        }
    )
    found: list[str] = []
    for point in points:  # sorted: a mount's parent folders come before it
        if (
            any(point.startswith(f + "/") for f in folders)
            and not (point == template or point.startswith(template + "/"))
            and not any(point.startswith(outer + "/") for outer in found)
        ):
            found.append(point)
    return found


def _bind_from(handle: int, target: str, flags: int) -> None:
    """Bind what the O_PATH ``handle`` holds at ``target``, making the folders that lead to it
    (0755, root's)."""
    os.makedirs(os.path.dirname(target), mode=0o755, exist_ok=True)
    if stat.S_ISDIR(os.fstat(handle).st_mode):
        os.makedirs(target, mode=0o755, exist_ok=True)
    elif not os.path.exists(target):
        os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o644))
    _mount(f"/proc/self/fd/{handle}", target, flags=flags)
    os.close(handle)


def _loopback_up() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        request = struct.pack("16sH14x", b"lo", 0)
        flags = struct.unpack("16sH14x", fcntl.ioctl(s, 0x8913, request))[1]  # SIOCGIFFLAGS
        fcntl.ioctl(s, 0x8914, struct.pack("16sH14x", b"lo", flags | 1))  # SIOCSIFFLAGS |= IFF_UP


def become_kernel(request: dict, reported: int, cwd: str) -> None:
    """Pid 2 of its namespaces: become the learner's user (:func:`confinement.become_learner`) with
    its limits and environment, run ipykernel. ``reported`` is closed once the set-up is done (the
    supervisor then knows the kernel runs)."""
    uid = int(request["uid"])
    connection = "/tmp/kernel-connection.json"
    Path(connection).write_text(request["connection"])
    if os.getuid() == 0:
        os.chown(connection, uid, uid)
    for name in range(1, signal.NSIG):  # the template's handlers are not the kernel's
        with contextlib.suppress(OSError, ValueError, RuntimeError):
            signal.signal(name, signal.SIG_DFL)
    # as the plain launcher: stopped children never linger
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    os.environ.clear()
    os.environ.update(request["env"])  # the launcher's: confinement.kernel_environment
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    os.chdir(cwd)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.closerange(3, reported)  # nothing of the template's stays open
    os.closerange(reported + 1, resource.getrlimit(resource.RLIMIT_NOFILE)[0])
    confinement.set_limits(**request["limits"])
    os.setsid()
    confinement.become_learner(uid)
    # as an exec'd kernel is: its own processes may read /proc/self
    _libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)
    _fresh_randomness()
    import ipykernel_launcher

    os.close(reported)
    # as ``python -m ipykernel_launcher -f FILE [options]`` (nbclient adds an in-memory
    # history, say)
    sys.argv = [ipykernel_launcher.__file__, "-f", connection, *request["options"]]
    sys.path[0] = cwd  # as ``python -m`` puts its working folder first
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


def _fresh_randomness() -> None:
    """A fork copies the template's random generators: each kernel seeds its own, as a new
    process would."""
    import random

    import numpy as np
    import torch

    random.seed()
    np.random.seed()
    torch.seed()


if __name__ == "__main__":
    serve(Path(sys.argv[1]))
