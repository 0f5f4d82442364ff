"""The launcher of a learner's kernel: ``python -m autograder.launcher [options] -- kernel command``.

:class:`autograder.engine.sandbox.SandboxKernelManager` starts every kernel through it. It wraps the command in
bubblewrap (what the kernel sees and cannot see is described in :mod:`autograder.engine.sandbox`; it gets no
network, only its own empty loopback), drops to the worker's own user id and sets the resource limits. It
imports only the standard library, because it runs twice for every kernel (outside the sandbox, then inside
it) and its start-up is paid per student.
"""

from __future__ import annotations

import ast
import contextlib
import os
import re
import resource
import shutil
import signal
import sys
from pathlib import Path

BASE_UID = 61000  # worker k runs learner code as uid BASE_UID + k

# The limits of one submission: (nbgrader setting, default, what it bounds). The sandbox's traits take their
# defaults from here; the README's table is checked against it (tests/engine/test_launcher.py).
LIMITS = {
    "cell_seconds": ("Execute.timeout", 120, "time per cell"),
    "notebook_seconds": ("SandboxExecute.notebook_timeout", 900, "time per notebook"),
    "output_bytes": ("SandboxExecute.max_output_bytes", 1_000_000, "output kept per notebook"),
    "kernel_restarts": ("SandboxExecute.kernel_restarts", 5, "kernel restarts after a crash"),
    "memory_mb": ("SandboxKernelManager.memory_mb", 4096, "memory of the kernel (RLIMIT_DATA), MiB"),
    "processes": ("SandboxKernelManager.max_processes", 256, "processes + threads of the kernel"),
    "cpu_seconds": ("SandboxKernelManager.cpu_seconds", 900, "CPU time of the kernel, s"),
    "file_mb": ("SandboxKernelManager.file_mb", 64, "largest file the kernel may write, MiB"),
}


def default(name: str) -> int:
    return LIMITS[name][1]


PACKAGE = Path(__file__).resolve().parent.parent  # autograder/ (this file is engine/launcher.py)
# What of the package a learner's kernel sees: its top-level __init__, the learner side whole, this launcher.
KERNEL_PATHS = ("__init__.py", "learner", "engine/launcher.py", "engine/zygote.py")


def bwrap() -> str | None:
    """The bubblewrap binary when it can be used here (it needs root to give away the user id), else None."""
    path = shutil.which("bwrap")
    return path if path and os.geteuid() == 0 else None




def other_copies(package: Path = PACKAGE, path: list[str] | None = None) -> list[str]:
    """Other copies of the package an import in the kernel could reach besides this one: a setuptools
    editable install (its finder in site-packages, or a .pth line) or a sys.path entry pointing at another
    checkout would let ``import autograder.reference`` find that checkout's answer key. They are hidden whole."""
    found: set[Path] = set()
    for entry in [p for p in (path if path is not None else sys.path) if p and Path(p).is_dir()]:
        found.add(Path(entry) / "autograder")
        if "site-packages" not in entry:
            continue
        for finder in Path(entry).glob("__editable__*finder.py"):
            match = re.search(r"^MAPPING[^=]*=\s*(\{.*?\})", finder.read_text(), re.M | re.S)
            with contextlib.suppress(ValueError, SyntaxError, AttributeError):
                found.update(Path(p) for name, p in ast.literal_eval(match.group(1)).items() if name == "autograder")
        for pth in Path(entry).glob("*.pth"):
            with contextlib.suppress(OSError, UnicodeDecodeError):
                found.update(Path(line.strip()) / "autograder" for line in pth.read_text().splitlines()
                             if line.strip() and not line.startswith(("#", "import")))
    mine = package.resolve()
    return sorted({str(f.resolve()) for f in found if (f / "__init__.py").is_file() and f.resolve() != mine})


def _bwrap_args(hide: list[str], connection_file: str, ipc_dir: str = "", cwd: str | None = None) -> list[str]:
    args = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--unshare-pid", "--unshare-ipc",
            "--unshare-net", "--die-with-parent", "--new-session"]
    hidden = sorted({str(Path(p).resolve()) for p in [*hide, *other_copies(), "/tmp", "/var/tmp", "/root", "/home",
                                                        "/dev/shm"] if Path(p).exists()}, key=len)
    for folder in hidden:
        args += ["--perms", "1777", "--tmpfs", folder] if folder in ("/tmp", "/var/tmp", "/dev/shm") else [
            "--tmpfs", folder]
    # Put back only what the kernel needs: Python, the learner side of the autograder package (never the
    # reference answers or the checks), this launcher, its own folder, the connection file.
    package = PACKAGE
    keep = [sys.base_prefix, sys.prefix, *[p for p in sys.path if p and Path(p).is_dir() and "site-packages" in p]]
    cwd = os.getcwd() if cwd is None else cwd

    def put_back(path: str) -> None:
        if any(path == h or path.startswith(h + "/") for h in hidden):
            for parent in reversed(Path(path).parents):  # bwrap would make missing parents 0700
                if any(str(parent).startswith(h + "/") for h in hidden):
                    args.extend(["--perms", "0755", "--dir", str(parent)])
            args.extend(["--ro-bind", path, path])

    for path in dict.fromkeys(str(Path(p).resolve()) for p in keep):
        put_back(path)
    for parent in reversed([package, *package.parents]):  # the package may sit in a folder hidden above
        if any(str(parent).startswith(h + "/") for h in hidden):
            args.extend(["--perms", "0755", "--dir", str(parent)])
    args += ["--perms", "0755", "--tmpfs", str(package), "--perms", "0755", "--dir", str(package / "engine")]
    for name in KERNEL_PATHS:
        args += ["--ro-bind", str(package / name), str(package / name)]
    if cwd:
        put_back(cwd)
    if connection_file:
        args += ["--ro-bind", connection_file, connection_file]
    if ipc_dir:  # the kernel's channels (Unix sockets): the one folder outside it that it writes to
        for parent in reversed(Path(ipc_dir).parents):  # in a template's folder: parents the kernel can cross
            if any(str(parent).startswith(h + "/") for h in hidden):
                args.extend(["--perms", "0755", "--dir", str(parent)])
        args += ["--bind", ipc_dir, ipc_dir]
    args += ["--chdir", cwd or "/"]
    return args


# The one kernel command a warm template can become (engine/zygote.py): ``python -m ipykernel_launcher -f FILE``.
KERNEL_COMMAND = ("-m", "ipykernel_launcher", "-f")


COPY_LIMIT = (64 << 20, 2000)  # bytes, files: a student's folder is a notebook and a few files


def _copy_small_folder(source: Path, target: Path) -> bool:
    """Copy ``source`` (the kernel's working folder) to ``target``, where a forked kernel can have it put back
    read-only; False, copying nothing, when it holds more than COPY_LIMIT or the target itself."""
    if target.is_relative_to(source):
        return False
    size, count = 0, 0
    for folder, folders, files in os.walk(source):
        count += len(files) + len(folders)
        size += sum(os.lstat(os.path.join(folder, f)).st_size for f in files)
        if size > COPY_LIMIT[0] or count > COPY_LIMIT[1]:
            return False
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, symlinks=True)
    for folder, _, files in os.walk(target):  # the student's own files: readable by their kernel's user
        os.chmod(folder, 0o755)
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, os.stat(path).st_mode & 0o7777 | 0o444)
    return True


def _through_template(folder: str, command: list[str], connection_file: str, ipc_dir: str, uid: int,
                      limits: dict) -> int | None:
    """Have the worker's warm template (engine/zygote.py) fork this kernel; wait for it and return its exit
    status. None when the template cannot serve it (not that command, template gone): start it plainly."""
    import json
    import socket

    if not (len(command) >= 5 and tuple(command[1:4]) == KERNEL_COMMAND and command[4] == connection_file and ipc_dir
            and os.path.realpath(command[0]) == os.path.realpath(sys.executable)):
        return None
    kernel_dir = Path(ipc_dir).parent
    if kernel_dir.parent != Path(folder) / "kernels":
        return None
    if not _copy_small_folder(Path.cwd(), kernel_dir / "cwd"):
        return None  # a working folder that large is bound in by a plain start instead
    request = {"uid": uid, "limits": limits, "options": command[5:], "env": dict(os.environ),
               "connection": Path(connection_file).read_text(), "kernel_dir": str(kernel_dir), "template_dir": folder}
    # This process stands for the kernel: it dies with the grader that started it (as bwrap --die-with-parent
    # does for a plain kernel), and its end ends the kernel.
    import ctypes

    ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    try:
        channel = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        channel.connect(str(Path(folder) / "control" / "zygote.sock"))
        channel.sendall(json.dumps(request).encode() + b"\n")
        replies = channel.makefile("rb")
        answer = json.loads(replies.readline() or b"{}")
        if not answer.get("started"):
            print(f"autograder launcher: the kernel template could not fork this kernel "
                  f"({answer.get('error', 'it stopped')}); starting it plainly", file=sys.stderr)
            return None
    except (OSError, ValueError):
        return None
    # From here the kernel runs; this process stands for it. Killed (jupyter_client's shutdown), it closes
    # the channel and the template's supervisor kills the kernel.
    try:
        return int(json.loads(replies.readline() or b'{"exit": 1}')["exit"])
    except (OSError, ValueError, KeyError):
        return 1


def _limit(memory_mb: int, processes: int, cpu_seconds: int, file_mb: int) -> None:
    for what, value in [(resource.RLIMIT_DATA, memory_mb << 20), (resource.RLIMIT_NPROC, processes),
                        (resource.RLIMIT_CPU, cpu_seconds), (resource.RLIMIT_FSIZE, file_mb << 20),
                        (resource.RLIMIT_CORE, 0)]:
        resource.setrlimit(what, (value, value))


def main(argv: list[str]) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="launcher.py")
    for name in ("memory_mb", "processes", "cpu_seconds", "file_mb"):
        parser.add_argument("--" + name.replace("_", "-"), type=int, default=default(name))
    parser.add_argument("--uid", type=int, default=BASE_UID)
    parser.add_argument("--connection-file", default="")
    parser.add_argument("--ipc-dir", default="")
    parser.add_argument("--hide", action="append", default=[])
    parser.add_argument("--require-sandbox", action="store_true")
    parser.add_argument("--template", default="", help="the worker's warm template's folder (engine/templates.py)")
    parser.add_argument("--serve-template", action="store_true", help="start that template, in the sandbox")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    os.environ.pop("AUTOGRADER_SECRET", None)  # the course's secret (engine/course.py) never reaches a kernel
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    limits = [args.memory_mb, args.processes, args.cpu_seconds, args.file_mb]
    if args.inner:  # inside the sandbox, as root: drop to the worker's user, set limits, become the kernel
        os.environ.pop("JPY_PARENT_PID", None)  # its parent is bwrap's pid 1, which ipykernel reads as orphaned
        os.environ.update(HOME="/tmp", IPYTHONDIR="/tmp/.ipython", MPLCONFIGDIR="/tmp/.mpl", TMPDIR="/tmp")
        if args.connection_file:  # root's 0600 file: hand the kernel its own copy in the private /tmp
            copy = "/tmp/kernel-connection.json"
            shutil.copyfile(args.connection_file, copy)
            os.chown(copy, args.uid, args.uid)
            command = [copy if part == args.connection_file else part for part in command]
        _limit(*limits)
        if args.connection_file:  # a kernel: silence ipykernel's banner; learner output goes through its pipes
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.dup2(null, 2)
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children the grader stops never linger as zombies
        os.setgroups([])
        os.setgid(args.uid)
        os.setuid(args.uid)
        os.execvp(command[0], command)
    wrapper = bwrap()
    if args.serve_template:  # the template stays root inside; each kernel it forks drops to its user
        if wrapper is None:
            sys.exit("autograder launcher: a kernel template needs bwrap, run as root")
        zygote = str(Path(__file__).resolve().parent / "zygote.py")
        # It ends when its stdin does (its worker is gone), not when the thread that started it does.
        sandbox = [a for a in _bwrap_args(args.hide, "", args.template, cwd="") if a != "--die-with-parent"]
        os.execv(wrapper, [wrapper, *sandbox, "--", sys.executable, zygote, args.template])
    if wrapper is not None and args.template:
        named = ("memory_mb", "processes", "cpu_seconds", "file_mb")
        code = _through_template(args.template, command, args.connection_file, args.ipc_dir, args.uid,
                                 dict(zip(named, limits)))
        if code is not None:
            sys.exit(code)
    if wrapper is None:
        if args.require_sandbox:
            sys.exit("autograder launcher: bwrap is not installed (apt-get install bubblewrap) or not run as root")
        print("autograder launcher: bwrap unavailable; the kernel runs with resource limits only", file=sys.stderr)
        _limit(*limits)
        os.execvp(command[0], command)
    inner = [sys.executable, str(Path(__file__).resolve()), "--inner", "--uid", str(args.uid),
             "--connection-file", args.connection_file,
             "--memory-mb", str(args.memory_mb), "--processes", str(args.processes),
             "--cpu-seconds", str(args.cpu_seconds), "--file-mb", str(args.file_mb), "--", *command]
    os.execv(wrapper, [wrapper, *_bwrap_args(args.hide, args.connection_file, args.ipc_dir), "--", *inner])


if __name__ == "__main__":
    main(sys.argv[1:])
