"""Run the hidden tests in the grader's own process, reaching the learner's kernel only for data.

When a notebook is graded, :class:`autograder.grading.execute.SandboxExecute` runs the learner's
cells in the sandboxed kernel as usual, but runs each test cell here, in the grader's process, which
learner code never touched: patching ``np.allclose``, the course's checks or IPython's machinery in
the kernel changes nothing here. A name the test cell reads (``softmax``) becomes a :class:`Remote`
proxy; calling it sends the inputs the check chose to the kernel and brings back plain data (see
:mod:`autograder.wire.kernel`). The checks themselves are unchanged: they work on local objects (the
unit tests, the book) and on proxies alike.
"""

from __future__ import annotations

import ast
import asyncio
import base64
import builtins
import contextlib
import importlib
import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import torch
import zmq.asyncio

from autograder.cells import error_outputs, is_test_cell
from autograder.errors import (
    ERROR,
    GENERIC,
    NOT_ATTEMPTED,
    TIMEOUT,
    GradingError,
    not_implemented_message,
)
from autograder.messages import in_every_language, say
from autograder.sandbox import memory_probe as memory
from autograder.wire import kernel as probe

# compact, and quotes need no care
PROBE_B64 = base64.b64encode(Path(probe.__file__).read_bytes()).decode()
MAX_REPLY = 256 << 20  # bytes of one answer from the kernel


class KernelGone(GradingError):
    """The kernel died or stopped answering; the executor restarts it before the next cell."""

    def __init__(self, message: str, cause: str = ERROR):
        super().__init__(message, cause=cause)


def _device_ok(device: torch.device) -> bool:
    return device.type == "cuda" and torch.cuda.is_available()


class Link:
    """Requests to the kernel, made from the thread that runs a test cell, answered on the
    event loop."""

    def __init__(self, kc, km, loop: asyncio.AbstractEventLoop, deadline: float, limit_s: int):
        self.kc, self.km, self.loop = kc, km, loop
        self.deadline, self.limit_s = deadline, limit_s
        self.helpers: dict[str, Callable] = {}  # the reference functions learner code may call back
        self.dead = False
        # why the test cell failed (see run_test_cell), None when it passed
        self.verdict: dict | None = None
        # the notebook's cells run before, and the cell limit
        self.earlier: tuple[list, int | None] = ([], None)
        self._classes: dict[tuple, type] = {}

    # -- the calls the checks make (from the test cell's thread)

    def request(self, op: str, **fields):
        if self.dead:
            raise KernelGone("the kernel had stopped, so this part could not be graded")
        text = json.dumps({"op": op, **fields})
        code = f"__autograder_reply__ = __autograder_probe__.serve({text!r})"
        reply = asyncio.run_coroutine_threadsafe(
            self.execute(code, {"r": "__autograder_reply__"}), self.loop
        ).result()
        return self._answer(reply)

    def install(self) -> None:
        """Put the probe's server into the kernel (again: the learner's code may have
        replaced it)."""
        code = (
            f"__autograder_probe__ = __import__('types').ModuleType('autograder_probe')\n"
            f"exec(__import__('base64').b64decode({PROBE_B64!r}), "
            "__autograder_probe__.__dict__)\n"
            "__autograder_probe__ = __autograder_probe__.Server(get_ipython().user_ns)"
        )
        reply = asyncio.run_coroutine_threadsafe(self.execute(code), self.loop).result()
        if reply.get("status") != "ok":
            raise GradingError(
                "the grader could not reach your notebook's kernel ("
                f"{reply.get('ename', 'error')}: {reply.get('evalue', '')})"
            )

    def prepare(self) -> None:
        """Clear the probe's handles, first putting it in when the kernel has none (new
        or restarted)."""
        try:
            self.request("reset")
        except KernelGone:
            raise
        except GradingError:
            self.install()

    def kernel_pid(self) -> int | None:
        """The kernel's process id, as the grader's machine sees it (no kernel manager:
        this process)."""
        if self.km is None:
            return os.getpid()
        find = getattr(self.km, "kernel_pid", None)
        return find() if find else None

    def target(self, remote: Remote) -> dict:
        return {"t": "ref", "id": object.__getattribute__(remote, "_id")}

    def encode(self, value):
        def handle(obj):
            if isinstance(obj, Remote):
                return self.target(obj)
            raise TypeError(f"cannot send {type(obj).__name__} to the learner's code")

        return probe.encode(value, handle)

    def call(
        self,
        fn: Remote,
        args: tuple,
        kwargs: dict,
        helpers: dict | None = None,
        watch: str | None = None,
    ):
        # measured here, from outside the kernel: the kernel's word is not needed
        if watch == "peak_memory":
            value, peak = memory.peak_growth(
                self.kernel_pid(), lambda: self.call(fn, args, kwargs, helpers)[0]
            )
            return value, peak
        self.helpers = dict(helpers or {})
        try:
            return self.request(
                "call",
                target=self.target(fn),
                args=self.encode(list(args)),
                kwargs=self.encode(dict(kwargs)),
                helpers=sorted(self.helpers),
                watch=watch,
            )
        finally:
            self.helpers = {}

    # -- reading answers (untrusted: only ever decoded as data)

    def _answer(self, reply: dict):
        try:
            text = reply["user_expressions"]["r"]["data"]["text/plain"]
            if len(text) > MAX_REPLY:
                raise ValueError("answer too large")
            answer = json.loads(ast.literal_eval(text))
            error = _exception(answer["raise"]) if "raise" in answer else None
            if error is None:
                return (
                    probe.decode(answer["value"], self._remote, _device_ok),
                    probe.decode(answer["seen"], self._remote, _device_ok),
                )
        except (
            KeyError,
            TypeError,
            ValueError,
            AttributeError,
            SyntaxError,
            MemoryError,
            RecursionError,
        ) as exc:
            raise GradingError(
                "the grader got no readable answer from your notebook's kernel (something in "
                "the notebook interferes with how code runs "
                f"there: {type(exc).__name__})"
            ) from None
        raise error

    def _remote(self, data: dict) -> Remote:
        if data.get("t") != "obj":
            raise ValueError("unexpected handle")
        key = (str(data["type"]), bool(data["callable"]))
        if key not in self._classes:  # named after the learner's type, so messages read naturally
            base = RemoteCallable if key[1] else Remote
            self._classes[key] = type(key[0], (base,), {"__slots__": ()})
        remote = object.__new__(self._classes[key])
        for name, value in (
            ("_link", self),
            ("_id", int(data["id"])),
            ("_mro", [str(m) for m in data["mro"]]),
            ("_name", data.get("name") if isinstance(data.get("name"), str) else None),
        ):
            object.__setattr__(remote, name, value)
        return remote

    # -- the event-loop side

    async def execute(self, code: str, user_expressions: dict | None = None) -> dict:
        kc = self.kc
        msg_id = kc.execute(
            code,
            silent=True,
            store_history=False,
            user_expressions=user_expressions or {},
            allow_stdin=True,
            stop_on_error=False,
        )
        poller = zmq.asyncio.Poller()
        for channel in (kc.shell_channel, kc.stdin_channel, kc.iopub_channel):
            poller.register(channel.socket, zmq.POLLIN)
        interrupted = None
        while True:
            now = time.monotonic()
            if interrupted is None and now > self.deadline:
                interrupted = now
                with contextlib.suppress(Exception):
                    await self.km.interrupt_kernel()
            if interrupted is not None and now > interrupted + 5:
                self.dead = True  # it ignores interrupts: the executor restarts it
                raise KernelGone(
                    f"your code ran past the {self.limit_s} s time limit for this part and did not "
                    "stop",
                    cause=TIMEOUT,
                )
            ready = dict(await poller.poll(100))
            if not ready:
                if not await self.km.is_alive():
                    self.dead = True
                    raise KernelGone(
                        "the kernel stopped while running your code (crash, os._exit, or over the "
                        "memory/process limits)"
                    )
                continue
            if kc.stdin_channel.socket in ready:
                self._answer_input(await kc.stdin_channel.get_msg(timeout=1))
            if kc.iopub_channel.socket in ready:  # learner prints: not kept
                await kc.iopub_channel.get_msg(timeout=1)
            if kc.shell_channel.socket in ready:
                msg = await kc.shell_channel.get_msg(timeout=1)
                if msg["parent_header"].get("msg_id") == msg_id:
                    if interrupted is not None:
                        raise GradingError(
                            f"your code ran past the {self.limit_s} s time limit for this "
                            "part (an endless loop?) and was stopped",
                            cause=TIMEOUT,
                        )
                    return msg["content"]

    def _answer_input(self, msg: dict) -> None:
        """The kernel asks for a reference helper (see probe.Helper); any other input() gets ''."""
        prompt = str(msg["content"].get("prompt", ""))
        reply = ""
        if prompt.startswith(probe.PROMPT):
            try:
                req = json.loads(prompt[len(probe.PROMPT) :])
                helper = self.helpers[req["helper"]]
                args = probe.decode(req["args"], device_ok=_device_ok)
                kwargs = probe.decode(req["kwargs"], device_ok=_device_ok)
                with probe.quiet(), torch.enable_grad():
                    value = helper(*args, **kwargs)
                    if req.get("want") == "grads":  # the backward pass through the reference
                        value = probe.grads_per_argument(
                            value, args, probe.decode(req["grad"], device_ok=_device_ok)
                        )
                reply = json.dumps({"value": probe.encode(value)})
            except Exception as exc:  # noqa: BLE001 (bad arguments from learner code)
                reply = json.dumps({"error": f"{type(exc).__name__}: {exc}"})
        self.kc.input(reply)


def _exception(info: dict) -> BaseException:
    """A local exception standing for the kernel's: same name, nearest built-in base (so ``except
    ValueError`` still works), never one of the grader's own classes."""
    name, message = str(info.get("name", "Exception")), str(info.get("message", ""))
    base = Exception
    for parent in info.get("mro", []):
        candidate = getattr(builtins, str(parent), None)
        if isinstance(candidate, type) and issubclass(candidate, Exception):
            base = candidate
            break
    cls = base if base.__name__ == name else type(name, (base,), {})
    error = cls(message)
    line = info.get("line")
    # where the learner's code raised it
    error.learner_line = line if isinstance(line, str) else None
    # raised inside a library (PyTorch), not the learner's code
    error.from_library = info.get("library") is True
    return error


class Remote:
    """An object living in the learner's kernel. Attribute reads and iteration go to the kernel;
    data comes back as fresh local values, other objects as further proxies."""

    __slots__ = ("_link", "_id", "_mro", "_name")

    def __getattr__(self, name: str):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return self._link.request("getattr", target=self._link.target(self), name=name)[0]

    def __iter__(self):
        return iter(self._link.request("list", target=self._link.target(self))[0])

    def __next__(self):
        return self._link.request("next", target=self._link.target(self))[0]

    def __len__(self):
        return self._link.request("len", target=self._link.target(self))[0]

    def __repr__(self):
        return f"<{type(self).__name__} in your notebook>"

    @property
    def __name__(self):
        return self._name or type(self).__name__

    @property
    def __class__(self):
        """The PyTorch class this object's type derives from, so ``isinstance(x,
        nn.Module)`` works."""
        for entry in self._mro:
            module, _, qualname = entry.rpartition(".")
            if module == "torch" or module.startswith("torch."):
                with contextlib.suppress(Exception):
                    found = importlib.import_module(module)
                    for part in qualname.split("."):
                        found = getattr(found, part)
                    if isinstance(found, type):
                        return found
        return type(self)


class RemoteCallable(Remote):
    __slots__ = ()

    def __call__(self, *args, **kwargs):
        return self._link.call(self, args, kwargs)[0]


def signature(fn) -> str:
    return fn._link.request("signature", target=fn._link.target(fn))[0]


class RemoteNamespace(dict):
    """The test cell's local names: its own assignments, else the learner's names, looked up in
    the kernel."""

    def __init__(self, link: Link):
        super().__init__()
        self.link = link

    def __missing__(self, name: str):
        try:
            return self.link.request("get", name=name)[0]
        except NameError:
            raise KeyError(name) from None


def verdict(exc: BaseException) -> dict:
    """Why a test cell failed, as the class report counts it: a cause (autograder.errors.CAUSES) and
    the named mistake the check recognised, if any, as the learner read it and in every language
    (the report names it in the instructor's). Made here, in the grader, from the check's own
    exception."""
    if isinstance(exc, GradingError):
        cause = getattr(exc, "cause", None) or GENERIC
        mistake = getattr(exc, "mistake", None)
    else:
        cause, mistake = (NOT_ATTEMPTED if isinstance(exc, NotImplementedError) else ERROR), None
    if not isinstance(mistake, str):
        return {"cause": cause, "mistake": None}
    try:
        every = in_every_language(mistake)
    except Exception:  # noqa: BLE001 (the report then names it as the learner read it)
        every = {}
    return {"cause": cause, "mistake": mistake, "mistake_in": every}


def run_test_cell(source: str, link: Link) -> list[dict]:
    """Execute a test cell's source here; return its outputs (an error output when a check failed).

    A name the test reads that an earlier cell defines, when that cell did not finish, is judged
    from how it ended (:func:`unfinished_cells`): a cell stopped by a time limit is never graded
    from what it left (a model whose training was cut), a cell left as released is "not implemented
    yet", and a name that a crashed cell never defined says which error kept it from being defined.
    ``link.verdict`` is then why the cell failed (see :func:`verdict`), or None when it passed."""
    namespace = {"__builtins__": builtins, "__name__": "__hidden_tests__"}
    link.verdict = None
    cells, limit = link.earlier
    unfinished = {
        name: why for name, why in unfinished_cells(cells, limit).items() if name in _reads(source)
    }
    try:
        for name, why in unfinished.items():
            if why["cause"] in (TIMEOUT, NOT_ATTEMPTED):
                raise GradingError(why["message"].format(name=name), cause=why["cause"])
        link.prepare()
        exec(compile(source, "<hidden tests>", "exec"), namespace, RemoteNamespace(link))
    except Exception as exc:  # noqa: BLE001 (a failed check, or an error the learner's code caused)
        if isinstance(exc, NameError):
            exc = _undefined(exc, unfinished)
        link.verdict = verdict(exc)
        name = "GradingError" if isinstance(exc, GradingError) else type(exc).__name__
        text = _message(exc)
        return [
            {
                "output_type": "error",
                "ename": name,
                "evalue": text,
                "traceback": [f"{name}: {text}"],
            }
        ]
    return []


def _undefined(exc: NameError, unfinished: dict) -> GradingError:
    """A name the test reads that the notebook never defined: why, in the learner's terms."""
    match = re.search(r"name '(\w+)' is not defined", _message(exc))
    name = match.group(1) if match else None
    if name in unfinished:
        return GradingError(
            f"`{name}` is not defined: {unfinished[name]['message'].format(name=name)}",
            cause=unfinished[name]["cause"],
        )
    if name:
        return GradingError(
            f"`{name}` is not defined in your notebook: define it under the name the task gives, "
            "in the cell where the task asks for it (a renamed or deleted cell leaves it "
            "undefined).",
            cause=ERROR,
        )
    return GradingError(_message(exc), cause=ERROR)


def _reads(source: str) -> set[str]:
    """The names a test cell reads and does not bind itself (the learner's objects it grades)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    loads = {
        n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    }
    return loads - _binds(tree)


def _binds(tree: ast.AST) -> set[str]:
    """The names a cell binds at its top level: assignments, loops, definitions, imports."""
    names = set()
    for node in getattr(tree, "body", []):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor)):
            targets = [node.target]
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            targets = [i.optional_vars for i in node.items if i.optional_vars is not None]
        for target in targets:
            names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
        if isinstance(node, (ast.For, ast.While, ast.If, ast.With, ast.Try)):
            names |= _binds(
                ast.Module(
                    body=list(node.body) + list(getattr(node, "orelse", [])), type_ignores=[]
                )
            )
    return names


def unfinished_cells(cells: list, limit: int | None) -> dict[str, dict]:
    """name -> {"cause", "message"} for every name bound by an earlier code cell that did not finish
    (the last such cell wins): stopped by the time limit per cell (nbclient's CellTimeoutError, or
    the interrupt it sends), not run (the notebook's own limit), left as released
    (NotImplementedError), the kernel died, or an error. ``message`` has a ``{name}`` to fill in."""
    found: dict[str, dict] = {}
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        if is_test_cell(cell):
            continue  # a test cell defines nothing the learner wrote
        errors = error_outputs(cell)
        try:
            bound = _binds(ast.parse(cell.get("source", "")))
        except SyntaxError:
            bound = set()
        why = _why_unfinished(errors, limit) if errors else None
        for name in bound:
            if why is None:
                found.pop(name, None)  # a later cell that finished defines it again
            else:
                found[name] = why
    return found


def _why_unfinished(errors: list[dict], limit: int | None) -> dict:
    """Why a name is not graded, in the learner's language; ``{name}`` is filled in later with
    the name."""
    names = [str(e.get("ename", "")) for e in errors]
    seconds = say(" after {limit} s", limit=limit) if limit else ""
    if "CellTimeoutError" in names or "KeyboardInterrupt" in names:
        return {
            "cause": TIMEOUT,
            "message": say(
                "the cell that defines `{{name}}` was stopped{seconds}, the time limit for a "
                "cell, so `{{name}}` is not graded from a run that was cut short (a model whose "
                "training was stopped is not the model you trained). Make that cell finish well "
                "within the limit (fewer epochs or steps, a smaller model, no extra work), or ask "
                "your instructor to grade it with a longer limit.",
                seconds=seconds,
            ),
        }
    if "NotebookTimeoutError" in names:
        return {
            "cause": TIMEOUT,
            "message": say(
                "the cell that defines `{{name}}` was not run: the notebook ran past its time "
                "limit before reaching it. Make the cells before it faster."
            ),
        }
    if "NotImplementedError" in names:
        return {
            "cause": NOT_ATTEMPTED,
            "message": not_implemented_message(say("the cell that defines `{{name}}`")),
        }
    if "KernelDied" in names:
        return {
            "cause": ERROR,
            "message": say(
                "the kernel stopped while running the cell that defines it (a crash, or over the "
                "memory or process limits)."
            ),
        }
    error = errors[-1]
    evalue = str(error.get("evalue", "")).strip().splitlines()
    text = say(
        "the cell that defines it raised {ename}{evalue}. Fix that cell; this part is graded from "
        "what it defines.",
        ename=error.get("ename", "an error"),
        evalue=f": {evalue[0]}" if evalue else "",
    )
    return {"cause": ERROR, "message": text.replace("{", "{{").replace("}", "}}")}


def _message(exc: BaseException) -> str:
    try:
        return str(exc)
    except Exception:  # noqa: BLE001
        return say("(no message)")


# the test cell's metadata the grader writes (autograder.sandbox)
VERDICT_KEY = "autograder_verdict"
