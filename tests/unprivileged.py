"""An ordinary instructor's account, for tests that must hold where instructors really grade: not
as root.

CI runs as root; these helpers make an unprivileged user (``useradd``) and run commands as that
user. The machine's Python may live where only root can reach it (CI's lives under /root, mode
0700): the command then runs in a mount namespace of its own in which the folders leading to this
Python, its virtual environment and this checkout can be crossed (an empty tmpfs, with only those
put back, read-only), as on a machine where Python is installed for everyone. Nothing else changes
for that user: its home, /tmp, the network, the machine's bubblewrap and user namespaces are the
machine's own.
"""

from __future__ import annotations

import ctypes
import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

USER = "course-instructor"
CLONE_NEWNS, MS_BIND, MS_REC, MS_RDONLY, MS_REMOUNT, MS_PRIVATE = (
    0x20000,
    4096,
    16384,
    1,
    32,
    1 << 18,
)
_libc = ctypes.CDLL(None, use_errno=True)


def instructor() -> pwd.struct_passwd:
    """The unprivileged account (made once), or a skip where this process cannot make one."""
    if os.geteuid() != 0:
        pytest.skip(
            "making an unprivileged user needs root (the suite itself runs unprivileged here)"
        )
    try:
        return pwd.getpwnam(USER)
    except KeyError:
        pass
    if shutil.which("useradd") is None:
        pytest.skip("useradd is not installed")
    # Two test processes (pytest-xdist) may make it at once: the one that loses finds it made.
    subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", USER], capture_output=True)
    return pwd.getpwnam(USER)


def _mount(source, target, fstype=None, flags=0, data=None):
    encode = lambda s: s.encode() if isinstance(s, str) else s  # noqa: E731
    if (
        _libc.mount(
            encode(source), encode(target), encode(fstype), ctypes.c_ulong(flags), encode(data)
        )
        != 0
    ):
        raise OSError(ctypes.get_errno(), f"mount {target}")


def _blocked(path: str, user: pwd.struct_passwd) -> str | None:
    """The outermost folder on the way to ``path`` that ``user`` may not cross, if any."""
    for folder in reversed(Path(path).parents):
        info = folder.stat()
        crossable = (
            info.st_mode & 0o001
            or (info.st_uid == user.pw_uid and info.st_mode & 0o100)
            or (info.st_gid == user.pw_gid and info.st_mode & 0o010)
        )
        if not crossable:
            return str(folder)
    return None


def _open_paths(paths: list[str], user: pwd.struct_passwd) -> None:
    """Enter a mount namespace of this process's own in which ``user`` can reach ``paths``."""
    if _libc.unshare(CLONE_NEWNS) != 0:
        raise OSError(ctypes.get_errno(), "unshare")
    _mount(None, "/", flags=MS_REC | MS_PRIVATE)
    blocked: dict[str, list[str]] = {}
    for path in paths:
        gate = _blocked(path, user)
        if gate:
            blocked.setdefault(gate, []).append(path)
    for gate, inside in blocked.items():
        held = {p: os.open(p, os.O_PATH) for p in inside}
        _mount("tmpfs", gate, "tmpfs", data="mode=0755")
        for path, handle in held.items():
            os.makedirs(path, mode=0o755, exist_ok=True)
            _mount(f"/proc/self/fd/{handle}", path, flags=MS_BIND | MS_REC)
            _mount(None, path, flags=MS_REMOUNT | MS_BIND | MS_RDONLY)
            os.close(handle)


def reachable_namespace(paths: list[str], user: pwd.struct_passwd):
    """A preexec_fn: a mount namespace in which ``user`` can reach ``paths`` (the process keeps its
    own user: a daemon whose children run as ``user``, as slurmd's jobs)."""
    return lambda: _open_paths(paths, user)


def _reachable(paths: list[str], user: pwd.struct_passwd):
    """A preexec_fn: a mount namespace in which ``user`` can reach ``paths``, then drop
    to ``user``."""

    def become():
        _open_paths(paths, user)
        os.setgroups([])
        os.setgid(user.pw_gid)
        os.setuid(user.pw_uid)

    return become


def run_as_instructor(
    command: list[str],
    cwd: Path,
    env: dict | None = None,
    timeout: int = 1800,
    reach: tuple[str, ...] = (),
) -> subprocess.CompletedProcess:
    """Run ``command`` as the unprivileged instructor, in ``cwd`` (theirs), with this
    Python reachable."""
    user = instructor()
    python = [sys.base_prefix, sys.prefix, *reach]
    base = {
        "HOME": user.pw_dir,
        "USER": user.pw_name,
        "LOGNAME": user.pw_name,
        "LANG": "C.UTF-8",
        "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
    }
    return subprocess.run(
        command,
        cwd=cwd,
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_reachable(python, user),
    )


def give(path: Path) -> Path:
    """Hand ``path`` (a folder made by root for the instructor) to the instructor."""
    user = instructor()
    for folder, _, files in os.walk(path):
        os.chown(folder, user.pw_uid, user.pw_gid)
        for name in files:
            os.lchown(os.path.join(folder, name), user.pw_uid, user.pw_gid)
    return path
