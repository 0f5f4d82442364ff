"""Run a learner's kernel where it can reach nothing of the course, within limits.

nbgrader executes each submitted notebook in a Jupyter kernel. Here that kernel is started through this
module's launcher, which builds its sandbox with bubblewrap (``bwrap``), the same whether the grader runs as
root or as an ordinary user:

* a file system of its own, built from an empty root: the system's programs, libraries and /etc (read-only,
  Jupyter's configuration folders hidden), the Python installation, the learner side of the ``autograder``
  package (:mod:`autograder.learner`, whole: data and tools, never the reference answers, the checks or the
  rest of the engine) and the learner's own autograded folder (read-only); a fresh, private /tmp. Nothing
  else: no course folder (solutions/, the gradebook, other students' folders), no /home, /root, /srv, /var
  or /run (no one's files, no server's Unix socket);
* its own user: as root, the grader gives each worker's kernels an unprivileged user id of their own; as an
  ordinary user, each kernel runs in a user namespace of its own, with no capability left; either way it
  may not create user namespaces (a seccomp filter) and keeps only the environment it needs
  (:mod:`autograder.engine.confinement`);
* resource limits: memory (the data segment: heap and arrays count, and CUDA still starts), number of
  processes and threads, CPU seconds, file size, no core dumps; its own process namespace, so every
  process it starts dies with it;
* no network: its own network namespace (only an empty loopback), so it reaches neither the grading
  machine's local servers nor other kernels nor the internet, and DNS fails. nbgrader still drives it: its
  channels are Unix sockets (jupyter_client's ``ipc`` transport) in a folder bound into its sandbox alone.

Where no sandbox can be built (no bwrap; user namespaces forbidden to an ordinary user), no kernel starts:
the grader refuses with the reason and the fix, unless the instructor sets
``c.SandboxKernelManager.unsandboxed = True`` (``--unsandboxed``).

:class:`SandboxExecute` runs the test cells in the grader's own process (see
:mod:`autograder.engine.wire.grader`) and adds limits on the grading side: a deadline for the whole notebook
on top of nbgrader's per-cell timeout, and a cap on the output kept from each notebook, so gigabytes of
prints never reach the gradebook or the grader's memory. A kernel that dies (``os._exit``, a memory bomb) costs the cell
that killed it; the kernel is restarted and the earlier cells are re-run, so later parts are still graded.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import ensure_async, run_sync
from nbclient.exceptions import DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Bool, Integer, List, Unicode, default

from . import launcher
from .errors import CourseError
from .language import CourseLanguage
from .launcher import BASE_UID, LIMITS, rootless, sandbox_problem
from .record import VERDICT_KEY
from .secret import course_secret

_problem: list[str | None] = []  # why no sandbox can be built here, asked once per process


def sandbox_unavailable() -> str | None:
    """Why no kernel can be sandboxed on this machine (one line naming the cause and the fix), else None.
    Asked once per process (the launcher builds a sandbox and runs this Python in it: about 0.3 s)."""
    if not _problem:
        _problem.append(sandbox_problem())
    return _problem[0]


class SandboxUnavailable(CourseError):
    """No sandbox can be built here, and the instructor did not ask to grade without one."""


def _limit_trait(name: str) -> Integer:
    """A configurable limit whose default and description come from :data:`autograder.engine.launcher.LIMITS`."""
    _, value, what = LIMITS[name]
    return Integer(value, help=f"{what[0].upper()}{what[1:]}.").tag(config=True)


class ReadyClient(AsyncKernelClient):
    """jupyter_client's client, less a fixed wait per kernel start: its ``wait_for_ready`` ends by reading IOPub
    until 0.2 s pass with nothing on it (0.2 s idle for every student). This one stops as soon as IOPub is known
    to be connected: the kernel's ``iopub_welcome`` (ipykernel greets each new subscriber) or the ``idle`` status of
    the kernel_info request it answered. As there, a kernel whose IOPub shows neither within 0.2 s is asked again.
    Messages still on IOPub are harmless: every reader of it matches replies to its own request."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply" and \
                    await self._idle_after(reply["parent_header"].get("msg_id")):
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
            if msg["msg_type"] == "iopub_welcome" or (idle and msg["parent_header"].get("msg_id") == msg_id):
                return True


class SandboxKernelManager(AsyncKernelManager):
    """Starts the kernel through :mod:`autograder.engine.launcher` with the course hidden and limits set."""

    # RLIMIT_DATA, not RLIMIT_AS: CUDA reserves far more address space than it uses and fails under AS.
    memory_mb = _limit_trait("memory_mb")
    max_processes = _limit_trait("processes")
    cpu_seconds = _limit_trait("cpu_seconds")
    file_mb = _limit_trait("file_mb")
    hide = List(Unicode(), help="Folders the kernel must not see (the course root and working folder).").tag(
        config=True)
    worker = Integer(0, help="Grading worker number (< 64): picks the kernel's user id.").tag(config=True)
    batch = Integer(0, help="Grading run number (< 2000): keeps concurrent runs on separate user ids.").tag(
        config=True)

    @property
    def uid(self) -> int:
        return BASE_UID + 64 * self.batch + self.worker
    unsandboxed = Bool(False, help="Where no sandbox can be built, run learner code anyway, with the resource "
                       "limits alone and as the grader's own user (unsafe: it can read and write what you can). "
                       "Without it, grading refuses.").tag(config=True)
    pass_environment = List(Unicode(), help="Environment variables the kernel keeps besides those it needs to "
                            "run (autograder.engine.confinement.PASSED_NAMES).").tag(config=True)
    warm_template = Bool(True, help="Fork each kernel from the worker's warm, pre-imported template "
                         "(autograder.engine.templates) instead of starting a new interpreter.").tag(config=True)
    _ipc_dir = Unicode("")
    _template = None  # the KernelTemplate this kernel was forked from, if any
    _kernel_process: tuple[int, int] | None = None  # (pid, start time) of the kernel, once found

    @default("client_factory")
    def _client_factory_default(self) -> type:
        return ReadyClient

    @default("transport")
    def _transport_default(self) -> str:
        return "ipc"  # the kernel has no network (bwrap --unshare-net): its channels are Unix sockets

    @property
    def sandboxed(self) -> bool:
        """Whether this kernel runs in the sandbox: always, unless none can be built and ``unsandboxed``."""
        return sandbox_unavailable() is None

    @property
    def kernel_owner(self) -> int:
        """The user id the grading machine sees the kernel's processes run as: the worker's own as root; as an
        ordinary user, that user (the kernel is ``uid`` only inside its user namespace)."""
        return os.geteuid() if rootless() else self.uid

    async def _async_pre_start_kernel(self, **kwargs):
        problem = sandbox_unavailable()
        if problem and not self.unsandboxed:  # fail closed: no learner code runs unconfined by default
            raise SandboxUnavailable(f"{problem}; to grade anyway, unsafely, use --unsandboxed "
                                     "(c.SandboxKernelManager.unsandboxed = True)")
        if self.transport == "ipc" and not self._ipc_dir:
            # The sockets live in a folder of their own that only this kernel's sandbox sees (bound in by the
            # launcher), owned by the kernel's user so that it can create them. With a template, that folder
            # lies in the template's, where the forked kernel can have it put back.
            from .templates import template_for

            self._template = template_for(self.hide, self.uid) if self.warm_template and not problem else None
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
            shutil.rmtree(Path(self._ipc_dir).parent if self._template else self._ipc_dir, ignore_errors=True)
            self._ipc_dir, self._template = "", None
        self._kernel_process = None

    async def _async_wait(self, pollinterval: float = 0.01) -> None:
        """Wait for the killed kernel to end, looking every 10 ms (jupyter_client looks every 100 ms, and the
        first look, right after the kill, always finds it still alive: 0.1 s idle per student)."""
        await super()._async_wait(pollinterval)

    def launcher_pid(self) -> int | None:
        """The process jupyter_client started: bwrap, or the kernel itself without the sandbox."""
        return getattr(self.provisioner, "pid", None) or getattr(getattr(self.provisioner, "process", None), "pid",
                                                                 None)

    def kernel_pid(self) -> int | None:
        """The kernel process itself, as the grader's machine numbers it; for measuring the kernel from outside
        (wire/memory.py). In the sandbox the kernel is pid 2 of its own pid namespace (pid 1 is its init):
        one namespace below the grader's for a plain start, two for a fork of the template (whose own process
        is pid 2 one level down); the newest, should the last student's kernel still be going. Found once."""
        known = self._kernel_process
        if known and _started(known[0]) == known[1]:
            return known[0]
        if not self.sandboxed:
            return self.launcher_pid()
        # a plain start below the launcher (also when the template could not serve), or a fork of the template
        places = [(self.launcher_pid(), 2), *([(self._template.pid, 3)] if self._template else [])]
        mine = sorted((started, pid) for outer, depth in places if outer
                      for pid, (started, owner) in _descendants(outer).items()
                      if owner == self.kernel_owner and _namespace_pids(pid)[-1:] == [2]
                      and len(_namespace_pids(pid)) == depth)
        if not mine:
            return None
        self._kernel_process = (mine[-1][1], mine[-1][0])
        return mine[-1][1]

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        # bwrap does not pass SIGINT on; a message-mode interrupt reaches ipykernel through its control channel.
        self.kernel_spec.interrupt_mode = "message"
        command = [sys.executable, launcher.__file__,
                   "--memory-mb", str(self.memory_mb), "--processes", str(self.max_processes),
                   "--cpu-seconds", str(self.cpu_seconds), "--file-mb", str(self.file_mb),
                   "--uid", str(self.uid), "--connection-file", self.connection_file]
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


class SandboxExecute(Execute, CourseLanguage):
    """nbgrader's Execute with the sandboxed kernel, a whole-notebook deadline, an output cap, and recovery
    from a dead kernel."""

    notebook_timeout = _limit_trait("notebook_seconds")
    max_output_bytes = _limit_trait("output_bytes")
    kernel_restarts = _limit_trait("kernel_restarts")
    timeout = _limit_trait("cell_seconds")  # nbgrader's Execute.timeout, with the course's default
    tests_outside = Bool(True, help="Run test cells in the grader's process, reaching the kernel only for "
                         "data (see autograder.engine.wire.grader); False runs them in the learner's kernel."
                         ).tag(config=True)
    secret_file = Unicode("", help="Where the course's secret is kept (made on first use), unless "
                          "$AUTOGRADER_SECRET gives it: the hidden tests draw their inputs from it.").tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxKernelManager)
        kwargs.setdefault("shutdown_kernel", "immediate")  # its work is done: no need to wait for a clean exit
        super().__init__(*args, **kwargs)
        self._deadline = None
        self._output_bytes = 0
        self._truncated = False

    def preprocess(self, nb, resources=None, km=None):
        from ..checks.common import use_secret
        from ..checks.messages import use_language

        self._tests = _test_sources(resources) if self.tests_outside else {}
        if self.tests_outside:
            use_secret(course_secret(Path(self.secret_file)) if self.secret_file else "")
            use_language(self.language)  # the checks' messages, in the course's (or --language's) language
        self._import_failure = ""
        for cell in nb.cells:  # only this grader writes verdicts: drop any the submission brought
            cell.metadata.pop(VERDICT_KEY, None)
        self._deadline = time.monotonic() + self.notebook_timeout
        self._output_bytes, self._truncated = 0, False
        self._restarts_left = self.kernel_restarts
        return super().preprocess(nb, resources, km)

    def _get_timeout(self, cell):
        timeout = super()._get_timeout(cell)
        if self._deadline is None:
            return timeout
        left = max(1, int(self._deadline - time.monotonic()))
        return min(timeout, left) if timeout else left

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        size = len(str(content.get("text", ""))) + len(str(content.get("data", "")))
        self._output_bytes += size
        if self._output_bytes > self.max_output_bytes and msg["msg_type"] in (
                "stream", "display_data", "execute_result", "update_display_data"):
            if not self._truncated:
                self._truncated = True
                outs.append(NotebookNode(output_type="stream", name="stdout",
                                         text=f"\n[output over {self.max_output_bytes} bytes dropped by the grader]\n"))
            return None
        return super().output(outs, msg, display_id, cell_index)

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if self._deadline is not None and time.monotonic() > self._deadline and cell.cell_type == "code":
            why = (f"the kernel died more than {self.kernel_restarts} times" if self._deadline == 0 else
                   f"the notebook ran past its {self.notebook_timeout} s limit")
            cell.outputs = [_error("NotebookTimeoutError", f"{why}; this cell was not run")]
            return cell
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution") and \
                meta.get("grade_id") in self._tests:
            return await self._judge(cell, cell_index, self._tests[meta["grade_id"]])
        try:
            result = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
            self._reap()
            self._note_import_failure(result)
            return result
        except DeadKernelError:
            cell.outputs.append(_error("KernelDied", "the kernel stopped while running this cell (crash, "
                                       "os._exit, or over the memory/process limits); later cells still run"))
            await self._revive(cell_index)
            return cell

    execute_cell = run_sync(async_execute_cell)  # nbclient binds the sync name to its own coroutine

    def _note_import_failure(self, cell) -> None:
        """Remember the first import that failed in a learner's cell: what that cell should have defined is
        missing later, and the parts that then fail say why (rather than a NameError of their own)."""
        if self._import_failure or cell.cell_type != "code":
            return
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error" and out.get("ename") in ("ModuleNotFoundError", "ImportError"):
                self._import_failure = f"{out.get('ename')}: {out.get('evalue', '')}".splitlines()[0]
                return

    async def _judge(self, cell, cell_index: int, source: str):
        """Run a test cell's source (the gradebook's, never the submission's) here, not in the kernel."""
        from .wire.grader import Link, run_test_cell

        limit = self._get_timeout(cell) or self.notebook_timeout
        link = Link(self.kc, self.km, asyncio.get_running_loop(), time.monotonic() + limit, limit)
        link.earlier = (self.nb.cells[:cell_index], self.timeout)  # how they ended (wire.grader.unfinished_cells)
        outputs = await asyncio.to_thread(run_test_cell, source, link)
        if self._import_failure:
            for out in outputs:
                if out.get("output_type") == "error":  # the grader's own message now, as a check's is
                    out["evalue"] = f"the notebook's imports failed ({self._import_failure}), then: {out['evalue']}"
                    out["ename"], out["traceback"] = "GradingError", [f"GradingError: {out['evalue']}"]
        cell.outputs = [NotebookNode(out) for out in outputs]
        cell.execution_count = None
        if link.verdict:  # why it failed, for the class report (autograder.engine.record reads it)
            cell.metadata[VERDICT_KEY] = NotebookNode(link.verdict)
        self._reap()
        if link.dead:  # dead, or deaf to interrupts: start afresh for the cells that follow
            await self._revive(cell_index)
        return cell

    def _reap(self) -> None:
        """Stop the processes a cell left behind (a fork bomb's children would starve the later cells).

        Only processes in this kernel's own process namespace, running as its own user, are touched."""
        if not isinstance(self.km, SandboxKernelManager) or not self.km.sandboxed or not self.km.has_kernel:
            return  # without the sandbox there is no safe way to tell its processes apart
        kernel = self.km.kernel_pid()
        if kernel is None:
            return
        # Every process of the kernel's namespace descends from its init, the kernel's parent (bwrap's, or the
        # template's for a forked kernel), which adopts orphans.
        root = _parent(kernel)
        with contextlib.suppress(OSError):
            namespace = os.readlink(f"/proc/{kernel}/ns/pid")
            for pid, (_, owner) in _descendants(root).items():
                with contextlib.suppress(OSError):
                    if pid != kernel and owner == self.km.kernel_owner and \
                            os.readlink(f"/proc/{pid}/ns/pid") == namespace:
                        os.kill(pid, signal.SIGKILL)

    async def _revive(self, dead_index: int) -> None:
        """Start a fresh kernel and silently re-run the code cells before the one that killed the last."""
        if self._restarts_left <= 0:
            self._deadline = 0  # the remaining cells are marked as not run
            return
        self._restarts_left -= 1
        await ensure_async(self.km.restart_kernel(now=True))
        self.kc.stop_channels()
        self.kc = self.km.client()
        await ensure_async(self.kc.start_channels())
        await ensure_async(self.kc.wait_for_ready(timeout=self.startup_timeout))
        for cell in self.nb.cells[:dead_index]:
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            if cell.metadata.get("nbgrader", {}).get("grade") and not cell.metadata["nbgrader"].get("solution"):
                continue  # test cells define nothing later cells need
            if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                continue  # nor does a cell that failed (or killed an earlier kernel)
            msg_id = self.kc.execute(cell.source, silent=True, store_history=False)
            while True:  # its outputs were recorded the first time; only wait for the reply
                reply = await ensure_async(self.kc.shell_channel.get_msg(timeout=self._get_timeout(cell)))
                if reply["parent_header"].get("msg_id") == msg_id:
                    break


def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _started(pid: int) -> int | None:
    with contextlib.suppress(OSError, IndexError, ValueError):
        return int(_stat(pid)[19])
    return None


def _parent(pid: int) -> int | None:
    with contextlib.suppress(OSError, IndexError, ValueError):
        return int(_stat(pid)[1])
    return None


def _descendants(root: int | None) -> dict[int, tuple[int, int]]:
    """pid -> (start time, user id) of every process below ``root`` (not ``root`` itself), read from
    /proc/PID/task/TID/children: a handful of files, where a scan of /proc reads one per process."""
    found: dict[int, tuple[int, int]] = {}
    todo = [root] if root else []
    while todo:
        pid = todo.pop()
        with contextlib.suppress(OSError):
            for task in os.listdir(f"/proc/{pid}/task"):
                with contextlib.suppress(OSError):
                    for child in Path(f"/proc/{pid}/task/{task}/children").read_text().split():
                        child = int(child)
                        if child not in found:
                            with contextlib.suppress(OSError, IndexError, ValueError):
                                found[child] = (int(_stat(child)[19]), os.stat(f"/proc/{child}").st_uid)
                                todo.append(child)
    return found


def _namespace_pids(pid: int) -> list[int]:
    """The process's number in each pid namespace it belongs to, from the grader's down to its own."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("NSpid:"):
                return [int(n) for n in line.split()[1:]]
    return []


def _test_sources(resources) -> dict[str, str]:
    """grade_id -> source of each test cell of this notebook, as the gradebook holds it (hidden tests too)."""
    from nbgrader.api import Gradebook, MissingEntry

    info = (resources or {}).get("nbgrader", {})
    if not {"db_url", "notebook", "assignment"} <= set(info):
        return {}
    with Gradebook(info["db_url"]) as gb:
        try:
            notebook = gb.find_notebook(info["notebook"], info["assignment"])
        except MissingEntry:
            return {}
        answers = {c.name for c in notebook.solution_cells}
        tests = {c.name for c in notebook.grade_cells if c.cell_type == "code" and c.name not in answers}
        return {c.name: c.source for c in notebook.source_cells if c.name in tests}


def _error(ename: str, evalue: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])
