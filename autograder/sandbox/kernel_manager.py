"""The kernel manager of the sandbox: each learner's kernel starts through :mod:`.launcher`, with
the course hidden and limits set, or is forked from the worker's warm
template (:mod:`.kernel_pool`).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import Bool, Integer, List, Unicode, default

from autograder.sandbox import launcher, processes
from autograder.sandbox.launcher import BASE_UID, LIMITS, rootless
from autograder.sandbox.preflight import SandboxUnavailable, sandbox_unavailable


def limit_trait(name: str) -> Integer:
    """A configurable limit whose default and description come
    from :data:`autograder.sandbox.launcher.LIMITS`."""
    _, value, what = LIMITS[name]
    return Integer(value, help=f"{what[0].upper()}{what[1:]}.").tag(config=True)


class ReadyClient(AsyncKernelClient):
    """jupyter_client's client, less a fixed wait per kernel start: its ``wait_for_ready`` ends by
    reading IOPub until 0.2 s pass with nothing on it (0.2 s idle for every student). This one stops
    as soon as IOPub is known to be connected: the kernel's ``iopub_welcome`` (ipykernel greets each
    new subscriber) or the ``idle`` status of the kernel_info request it answered. As there, a
    kernel whose IOPub shows neither within 0.2 s is asked again. Messages still on IOPub are
    harmless: every reader of it matches replies to its own request."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if (
                reply is not None
                and reply["msg_type"] == "kernel_info_reply"
                and await self._idle_after(reply["parent_header"].get("msg_id"))
            ):
                self._handle_kernel_info_reply(reply)
                return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")

    async def _idle_after(self, msg_id: str | None, wait: float = 0.2) -> bool:
        while True:
            try:
                msg = await self.iopub_channel.get_msg(timeout=wait)
            except Empty:
                return False
            idle = msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle"
            if msg["msg_type"] == "iopub_welcome" or (
                idle and msg["parent_header"].get("msg_id") == msg_id
            ):
                return True


class SandboxKernelManager(AsyncKernelManager):
    """Starts the kernel through :mod:`autograder.sandbox.launcher` with the course hidden and
    limits set."""

    # RLIMIT_DATA, not RLIMIT_AS: CUDA reserves far more address space than it uses and fails
    # under AS.
    memory_mb = limit_trait("memory_mb")
    max_processes = limit_trait("processes")
    cpu_seconds = limit_trait("cpu_seconds")
    file_mb = limit_trait("file_mb")
    hide = List(
        Unicode(), help="Folders the kernel must not see (the course root and working folder)."
    ).tag(config=True)
    worker = Integer(0, help="Grading worker number (< 64): picks the kernel's user id.").tag(
        config=True
    )
    batch = Integer(
        0, help="Grading run number (< 2000): keeps concurrent runs on separate user ids."
    ).tag(config=True)

    @property
    def uid(self) -> int:
        return BASE_UID + 64 * self.batch + self.worker

    unsandboxed = Bool(
        False,
        help="Where no sandbox can be built, run learner code anyway, with the resource "
        "limits alone and as the grader's own user (unsafe: it can read and write "
        "what you can). Without it, grading refuses.",
    ).tag(config=True)
    pass_environment = List(
        Unicode(),
        help="Environment variables the kernel keeps besides those it needs to "
        "run (autograder.sandbox.confinement.PASSED_NAMES).",
    ).tag(config=True)
    warm_template = Bool(
        True,
        help="Fork each kernel from the worker's warm, pre-imported template "
        "(autograder.sandbox.kernel_pool) instead of starting a "
        "new interpreter.",
    ).tag(config=True)
    _ipc_dir = Unicode("")
    _template = None  # the KernelTemplate this kernel was forked from, if any
    _kernel_process: tuple[int, int] | None = None  # (pid, start time) of the kernel, once found

    @default("client_factory")
    def _client_factory_default(self) -> type:
        return ReadyClient

    @default("transport")
    def _transport_default(self) -> str:
        # the kernel has no network (bwrap --unshare-net): its channels are Unix sockets
        return "ipc"

    @property
    def sandboxed(self) -> bool:
        """Whether this kernel runs in the sandbox: always, unless none can be built
        and ``unsandboxed``."""
        return sandbox_unavailable() is None

    @property
    def kernel_owner(self) -> int:
        """The user id the grading machine sees the kernel's processes run as: the worker's own as
        root; as an ordinary user, that user (the kernel is ``uid`` only inside its
        user namespace)."""
        return os.geteuid() if rootless() else self.uid

    async def _async_pre_start_kernel(self, **kwargs):
        problem = sandbox_unavailable()
        # fail closed: no learner code runs unconfined by default
        if problem and not self.unsandboxed:
            raise SandboxUnavailable(
                f"{problem}; to grade anyway, unsafely, use --unsandboxed "
                "(c.SandboxKernelManager.unsandboxed = True)"
            )
        if self.transport == "ipc" and not self._ipc_dir:
            # The sockets live in a folder of their own that only this kernel's sandbox sees (bound
            # in by the launcher), owned by the kernel's user so that it can create them. With a
            # template, that folder lies in the template's, where the forked kernel can have it
            # put back.
            from autograder.sandbox.kernel_pool import template_for

            self._template = (
                template_for(self.hide, self.uid) if self.warm_template and not problem else None
            )
            if self._template is not None:
                self._ipc_dir = str(self._template.new_kernel_folder(self.uid) / "ipc")
            else:
                self._ipc_dir = tempfile.mkdtemp(prefix="autograder-ipc-")
                if os.geteuid() == 0:
                    os.chown(self._ipc_dir, self.uid, self.uid)
            self.ip = os.path.join(self._ipc_dir, "kernel")
        return await super()._async_pre_start_kernel(**kwargs)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart and self._ipc_dir:
            shutil.rmtree(
                Path(self._ipc_dir).parent if self._template else self._ipc_dir, ignore_errors=True
            )
            self._ipc_dir, self._template = "", None
        self._kernel_process = None

    async def _async_wait(self, pollinterval: float = 0.01) -> None:
        """Wait for the killed kernel to end, looking every 10 ms (jupyter_client looks every 100
        ms, and the first look, right after the kill, always finds it still alive: 0.1 s idle
        per student)."""
        await super()._async_wait(pollinterval)

    def launcher_pid(self) -> int | None:
        """The process jupyter_client started: bwrap, or the kernel itself without the sandbox."""
        return getattr(self.provisioner, "pid", None) or getattr(
            getattr(self.provisioner, "process", None), "pid", None
        )

    def kernel_pid(self) -> int | None:
        """The kernel process itself, as the grader's machine numbers it; for measuring the kernel
        from outside (wire/memory.py). In the sandbox the kernel is pid 2 of its own pid namespace
        (pid 1 is its init): one namespace below the grader's for a plain start, two for a fork of
        the template (whose own process is pid 2 one level down); the newest, should the last
        student's kernel still be going. Found once."""
        known = self._kernel_process
        if known and processes.started(known[0]) == known[1]:
            return known[0]
        if not self.sandboxed:
            return self.launcher_pid()
        # a plain start below the launcher (also when the template could not serve), or a fork of
        # the template
        places = [(self.launcher_pid(), 2), *([(self._template.pid, 3)] if self._template else [])]
        mine = sorted(
            (started, pid)
            for outer, depth in places
            if outer
            for pid, (started, owner) in processes.descendants(outer).items()
            if owner == self.kernel_owner
            and processes.namespace_pids(pid)[-1:] == [2]
            and len(processes.namespace_pids(pid)) == depth
        )
        if not mine:
            return None
        self._kernel_process = (mine[-1][1], mine[-1][0])
        return mine[-1][1]

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        # bwrap does not pass SIGINT on; a message-mode interrupt reaches ipykernel through its
        # control channel.
        self.kernel_spec.interrupt_mode = "message"
        command = [
            sys.executable,
            launcher.__file__,
            "--memory-mb",
            str(self.memory_mb),
            "--processes",
            str(self.max_processes),
            "--cpu-seconds",
            str(self.cpu_seconds),
            "--file-mb",
            str(self.file_mb),
            "--uid",
            str(self.uid),
            "--connection-file",
            self.connection_file,
        ]
        if self._ipc_dir:
            command += ["--ipc-dir", self._ipc_dir]
        for folder in self.hide:
            command += ["--hide", folder]
        for name in self.pass_environment:
            command += ["--pass-env", name]
        if self.unsandboxed:
            command.append("--unsandboxed")
        if self._template is not None:
            command += ["--template", str(self._template.folder)]
        return [*command, "--", *cmd]
