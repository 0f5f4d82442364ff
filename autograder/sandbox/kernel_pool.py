"""One warm kernel template per grading worker (grader side): start it, find it, replace it when
it dies.

A plain kernel pays, for every student, a new interpreter, ``import torch`` and PyTorch's first
operations. The template (:mod:`autograder.sandbox.forking_kernel`, inside the sandbox) pays them
once; each student's kernel is a fork of it with namespaces, limits and a user id of its own.
:class:`SandboxKernelManager` asks :func:`template_for` for the worker's template before each
kernel; the launcher then has it fork the kernel, and starts a plain one whenever the template
cannot (so a dead template costs time, never a grade).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from autograder.sandbox import launcher

START_SECONDS = 120  # importing torch on a loaded 2-core machine can take tens of seconds


class KernelTemplate:
    """A running template: its folder (``control/`` holds its socket, ``kernels/`` one folder
    per kernel)."""

    def __init__(self, hide: tuple[str, ...], uid: int = launcher.BASE_UID):
        self.hide, self.uid = hide, uid
        self.folder = Path(tempfile.mkdtemp(prefix="autograder-template-"))
        (self.folder / "kernels").mkdir()
        self._log = tempfile.TemporaryFile()
        command = [
            sys.executable,
            launcher.__file__,
            "--serve-template",
            "--template",
            str(self.folder),
            "--uid",
            str(uid),
            *[a for folder in hide for a in ("--hide", folder)],
        ]
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            cwd="/",
            start_new_session=True,
        )
        self._wait_ready()
        self.started = time.monotonic()

    def _wait_ready(self) -> None:
        ready, _, _ = select.select([self.process.stdout], [], [], START_SECONDS)
        line = self.process.stdout.readline() if ready else b""
        if line.strip() != b"ready":
            self.stop()
            self._log.seek(0)
            tail = self._log.read().decode(errors="replace").strip().splitlines()[-1:] or [
                "no output"
            ]
            raise OSError(f"the kernel template did not start: {tail[0]}")

    @property
    def pid(self) -> int:
        """bwrap's process: every kernel forked from this template descends from it."""
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def new_kernel_folder(self, uid: int) -> Path:
        """A folder for one kernel: ``ipc/`` for its sockets (its user's), ``cwd/`` for its
        working folder."""
        folder = Path(tempfile.mkdtemp(dir=self.folder / "kernels"))
        (folder / "ipc").mkdir()
        if os.geteuid() == 0:
            os.chown(folder / "ipc", uid, uid)
        return folder

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.process.stdin.close()  # the template ends when its stdin does
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


_running: dict[tuple, KernelTemplate] = {}
_failed: set[tuple] = set()  # templates that could not start here: not tried again for each kernel


def template_for(hide: list[str], uid: int = launcher.BASE_UID) -> KernelTemplate | None:
    """This process's template for kernels of user ``uid`` that hide ``hide``; a new one when there
    is none or it died. None when none can run here (no bubblewrap, or it failed to start: kernels
    then start plainly)."""
    if launcher.bwrap_path() is None:
        return None
    key = (tuple(sorted(hide)), uid)
    if key in _failed:
        return None
    template = _running.get(key)
    if template is not None and template.alive():
        return template
    if template is not None:
        template.stop()
    try:
        _running[key] = KernelTemplate(*key)
    except OSError as exc:
        _running.pop(key, None)
        _failed.add(key)
        print(f"autograder: {exc}; kernels start without it", file=sys.stderr)
        return None
    return _running[key]


@atexit.register
def stop_all() -> None:
    for template in _running.values():
        template.stop()
    _running.clear()
