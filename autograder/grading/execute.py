"""nbgrader's Execute step for the course: learner cells in the sandboxed kernel, test cells in
the grader.

:class:`SandboxExecute` runs the test cells in the grader's own process (see
:mod:`autograder.wire.grader`) and adds limits on the grading side: a deadline for the whole
notebook on top of nbgrader's per-cell timeout, and a cap on the output kept from each notebook, so
gigabytes of prints never reach the gradebook or the grader's memory. A kernel that dies
(``os._exit``, a memory bomb) costs the cell that killed it; the kernel is restarted and the earlier
cells are re-run, so later parts are still graded.

"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from pathlib import Path

from jupyter_core.utils import ensure_async, run_sync
from nbclient.exceptions import DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Bool, Unicode

from autograder.cells import error_outputs, is_test_cell, nbgrader_meta
from autograder.grading.language import CourseLanguage
from autograder.grading.secret import course_secret
from autograder.messages import forget_said, say, speaking
from autograder.sandbox import kernel_manager, processes
from autograder.sandbox.kernel_manager import SandboxKernelManager
from autograder.wire.grader import VERDICT_KEY, Link, run_test_cell


class SandboxExecute(Execute, CourseLanguage):
    """nbgrader's Execute with the sandboxed kernel, a whole-notebook deadline, an output cap, and
    recovery from a dead kernel."""

    notebook_timeout = kernel_manager.limit_trait("notebook_seconds")
    max_output_bytes = kernel_manager.limit_trait("output_bytes")
    kernel_restarts = kernel_manager.limit_trait("kernel_restarts")
    # nbgrader's Execute.timeout, with the course's default
    timeout = kernel_manager.limit_trait("cell_seconds")
    tests_outside = Bool(
        True,
        help=(
            "Run test cells in the grader's process, reaching the kernel only for "
            "data (see autograder.wire.grader); False runs them in the learner's kernel."
        ),
    ).tag(config=True)
    secret_file = Unicode(
        "",
        help="Where the course's secret is kept (made on first use), unless "
        "$AUTOGRADER_SECRET gives it: the hidden tests draw their inputs from it.",
    ).tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxKernelManager)
        # its work is done: no need to wait for a clean exit
        kwargs.setdefault("shutdown_kernel", "immediate")
        super().__init__(*args, **kwargs)
        self._deadline = None
        self._output_bytes = 0
        self._truncated = False

    def preprocess(self, nb, resources=None, km=None):
        from autograder.checks.common import use_secret

        self._tests = _test_sources(resources) if self.tests_outside else {}
        if self.tests_outside:
            use_secret(course_secret(Path(self.secret_file)) if self.secret_file else "")
            forget_said()  # the last notebook's messages
        self._import_failure = ""
        for cell in nb.cells:  # only this grader writes verdicts: drop any the submission brought
            cell.metadata.pop(VERDICT_KEY, None)
        self._deadline = time.monotonic() + self.notebook_timeout
        self._output_bytes, self._truncated = 0, False
        self._restarts_left = self.kernel_restarts
        # the checks' messages and the grader's own, in the notebook's kit's language, else the
        # course's (or --language's); for this notebook only: the process speaks as before after it
        with speaking(self.language_for(nb)):
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
            "stream",
            "display_data",
            "execute_result",
            "update_display_data",
        ):
            if not self._truncated:
                self._truncated = True
                outs.append(
                    NotebookNode(
                        output_type="stream",
                        name="stdout",
                        text="\n"
                        + say(
                            "[output over {limit} bytes dropped by the grader]",
                            limit=self.max_output_bytes,
                        )
                        + "\n",
                    )
                )
            return None
        return super().output(outs, msg, display_id, cell_index)

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if (
            self._deadline is not None
            and time.monotonic() > self._deadline
            and cell.cell_type == ("code")
        ):
            why = (
                say("the kernel died more than {times} times", times=self.kernel_restarts)
                if self._deadline == 0
                else say(
                    "the notebook ran past its {seconds} s limit", seconds=self.notebook_timeout
                )
            )
            cell.outputs = [
                _error("NotebookTimeoutError", say("{why}; this cell was not run", why=why))
            ]
            return cell
        grade_id = nbgrader_meta(cell).get("grade_id")
        if is_test_cell(cell) and grade_id in self._tests:
            return await self._judge(cell, cell_index, self._tests[grade_id])
        try:
            result = await super().async_execute_cell(
                cell, cell_index, execution_count, store_history
            )
            self._reap()
            self._note_import_failure(result)
            return result
        except DeadKernelError:
            cell.outputs.append(
                _error(
                    "KernelDied",
                    say(
                        "the kernel stopped while running this cell (crash, os._exit, or over the "
                        "memory/process limits); later cells still run"
                    ),
                )
            )
            await self._revive(cell_index)
            return cell

    execute_cell = run_sync(async_execute_cell)  # nbclient binds the sync name to its own coroutine

    def _note_import_failure(self, cell) -> None:
        """Remember the first import that failed in a learner's cell: what that cell should have
        defined is missing later, and the parts that then fail say why (rather than a NameError of
        their own)."""
        if self._import_failure or cell.cell_type != "code":
            return
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error" and out.get("ename") in (
                "ModuleNotFoundError",
                "ImportError",
            ):
                self._import_failure = f"{out.get('ename')}: {out.get('evalue', '')}".splitlines()[
                    0
                ]
                return

    async def _judge(self, cell, cell_index: int, source: str):
        """Run a test cell's source (the gradebook's, never the submission's) here, not in
        the kernel."""

        limit = self._get_timeout(cell) or self.notebook_timeout
        link = Link(self.kc, self.km, asyncio.get_running_loop(), time.monotonic() + limit, limit)
        # how they ended (wire.grader.unfinished_cells)
        link.earlier = (self.nb.cells[:cell_index], self.timeout)
        outputs = await asyncio.to_thread(run_test_cell, source, link)
        if self._import_failure:
            for out in outputs:
                # the grader's own message now, as a check's is
                if out.get("output_type") == "error":
                    out["evalue"] = say(
                        "the notebook's imports failed ({failure}), then: {message}",
                        failure=self._import_failure,
                        message=out["evalue"],
                    )
                    out["ename"], out["traceback"] = (
                        "GradingError",
                        [f"GradingError: {out['evalue']}"],
                    )
        cell.outputs = [NotebookNode(out) for out in outputs]
        cell.execution_count = None
        if link.verdict:  # why it failed, for the class report (autograder.grading.record reads it)
            cell.metadata[VERDICT_KEY] = NotebookNode(link.verdict)
        self._reap()
        if link.dead:  # dead, or deaf to interrupts: start afresh for the cells that follow
            await self._revive(cell_index)
        return cell

    def _reap(self) -> None:
        """Stop the processes a cell left behind (a fork bomb's children would starve the
        later cells).

        Only processes in this kernel's own process namespace, running as its own user,
        are touched."""
        if (
            not isinstance(self.km, SandboxKernelManager)
            or not self.km.sandboxed
            or not self.km.has_kernel
        ):
            return  # without the sandbox there is no safe way to tell its processes apart
        kernel = self.km.kernel_pid()
        if kernel is None:
            return
        # Every process of the kernel's namespace descends from its init, the kernel's parent
        # (bwrap's, or the template's for a forked kernel), which adopts orphans.
        root = processes.parent(kernel)
        with contextlib.suppress(OSError):
            namespace = os.readlink(f"/proc/{kernel}/ns/pid")
            for pid, (_, owner) in processes.descendants(root).items():
                with contextlib.suppress(OSError):
                    if (
                        pid != kernel
                        and owner == self.km.kernel_owner
                        and os.readlink(f"/proc/{pid}/ns/pid") == namespace
                    ):
                        os.kill(pid, signal.SIGKILL)

    async def _revive(self, dead_index: int) -> None:
        """Start a fresh kernel and silently re-run the code cells before the one that killed
        the last."""
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
            if is_test_cell(cell):
                continue  # test cells define nothing later cells need
            if error_outputs(cell):
                continue  # nor does a cell that failed (or killed an earlier kernel)
            msg_id = self.kc.execute(cell.source, silent=True, store_history=False)
            while True:  # its outputs were recorded the first time; only wait for the reply
                reply = await ensure_async(
                    self.kc.shell_channel.get_msg(timeout=self._get_timeout(cell))
                )
                if reply["parent_header"].get("msg_id") == msg_id:
                    break


def _test_sources(resources) -> dict[str, str]:
    """grade_id -> source of each test cell of this notebook, as the gradebook holds it (hidden
    tests too)."""
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
        tests = {
            c.name for c in notebook.grade_cells if c.cell_type == "code" and c.name not in answers
        }
        return {c.name: c.source for c in notebook.source_cells if c.name in tests}


def _error(ename: str, evalue: str) -> NotebookNode:
    return NotebookNode(
        output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"]
    )
