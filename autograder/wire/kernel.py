"""What runs inside the learner's kernel while it is graded, and the wire format both sides speak.

The hidden tests do not run in the learner's kernel: they run in the grader's own process (see
:mod:`autograder.wire.grader`), where learner code never ran. When a check needs the learner's code,
the grader sends a request to this module's :class:`Server` in the kernel: "look up ``softmax``",
"call it on these numbers". The kernel answers with plain data: numbers, arrays and tensors as raw
bytes with their dtype and shape, which the grader rebuilds as fresh objects of its own, so nothing
the learner wrote (a lying ``__eq__``, an ndarray subclass, a patched ``np.allclose``) reaches the
comparison. Anything that is not data (a function, a module, a generator) stays in the kernel and is
known to the grader by a handle number.

The grader sends this file's source to the kernel (the kernel cannot import the package's reference
code or checks: the sandbox hides them), so this module imports nothing from the course. Whatever
the kernel answers is untrusted: the grader only ever reads it as data.
"""

from __future__ import annotations

import base64
import builtins
import contextlib
import io
import json
import warnings

import numpy as np
import torch
from torch.overrides import TorchFunctionMode

# marks the kernel's input() requests that are questions for the grader
PROMPT = "\x00autograder\x00"
_NUMERIC_KINDS = "biuf"  # bool, signed, unsigned, float: the only array dtypes that travel as data


def encode(value, handle=None):
    """A JSON-ready description of ``value``; objects that are not data become ``handle(value)``."""
    if (
        value is None
        or type(value) in (bool, int, str)
        or type(value) is float
        and np.isfinite(value)
    ):
        return {"t": "py", "v": value}
    if type(value) is float:  # JSON has no NaN or infinity
        return {"t": "float", "v": repr(value)}
    if type(value) in (list, tuple):
        return {"t": type(value).__name__, "v": [encode(v, handle) for v in value]}
    if type(value) is dict:
        return {
            "t": "dict",
            "k": [encode(k, handle) for k in value],
            "v": [encode(v, handle) for v in value.values()],
        }
    if isinstance(value, torch.Tensor):
        tensor = torch.Tensor.detach(value)
        out = {
            "t": "tensor",
            "dtype": str(tensor.dtype).removeprefix("torch."),
            "shape": list(tensor.shape),
            "device": str(tensor.device),
            "param": isinstance(value, torch.nn.Parameter),
            "grad": bool(value.requires_grad),
        }
        if tensor.device.type != "meta":
            plain = tensor.cpu()
            if plain.dtype in (torch.bfloat16, torch.float16):
                plain = plain.float()
            if plain.is_complex() or plain.dtype not in _TORCH_TO_NUMPY:
                return _handle(value, handle)
            out["b64"] = base64.b64encode(np.ascontiguousarray(plain.numpy()).tobytes()).decode()
        return out
    if (
        isinstance(value, (np.ndarray, np.generic))
        and np.asarray(value).dtype.kind in _NUMERIC_KINDS
    ):
        arr = np.array(value, order="C")  # a plain copy; keeps 0-d arrays 0-d
        return {
            "t": "nd",
            "dtype": arr.dtype.str,
            "shape": list(arr.shape),
            "scalar": isinstance(value, np.generic),
            "b64": base64.b64encode(arr.tobytes()).decode(),
        }
    if isinstance(value, torch.device):
        return {"t": "device", "v": str(value)}
    if isinstance(value, torch.dtype):
        return {"t": "dtype", "v": str(value).removeprefix("torch.")}
    if isinstance(value, slice):
        return {"t": "slice", "v": [encode(value.start), encode(value.stop), encode(value.step)]}
    return _handle(value, handle)


def _handle(value, handle):
    if handle is None:
        raise TypeError(f"cannot send {type(value).__name__} as data")
    described = handle(value)
    if isinstance(described, dict):  # the grader's reference to an object in the kernel
        return described
    mro = [f"{c.__module__}.{c.__qualname__}" for c in type(value).__mro__]
    name = getattr(value, "__name__", None) if isinstance(value, type) or callable(value) else None
    return {
        "t": "obj",
        "id": described,
        "type": type(value).__name__,
        "mro": mro,
        "callable": callable(value),
        "name": name if isinstance(name, str) else None,
    }


_TORCH_TO_NUMPY = {
    torch.float64: np.float64,
    torch.float32: np.float32,
    torch.int64: np.int64,
    torch.int32: np.int32,
    torch.int16: np.int16,
    torch.int8: np.int8,
    torch.uint8: np.uint8,
    torch.bool: np.bool_,
}
_TORCH_DTYPES = {
    "float64",
    "float32",
    "float16",
    "bfloat16",
    "int64",
    "int32",
    "int16",
    "int8",
    "uint8",
    "bool",
}


def decode(data, objects=None, device_ok=None):
    """Rebuild a value from :func:`encode`'s description, as fresh plain objects.

    ``objects(id)`` turns a handle into an object (the kernel's own, or a proxy on the grader's
    side); ``device_ok(name)`` says whether tensors may be put on that device here (else they land
    on the CPU). Anything malformed raises ValueError.
    """
    kind = data["t"] if isinstance(data, dict) else None
    if kind == "py":
        value = data["v"]
        if value is not None and type(value) not in (bool, int, float, str):
            raise ValueError("bad value")
        return value
    if kind == "float":
        return float({"nan": "nan", "inf": "inf", "-inf": "-inf"}[data["v"]])
    if kind in ("list", "tuple"):
        items = [decode(v, objects, device_ok) for v in data["v"]]
        return items if kind == "list" else tuple(items)
    if kind == "dict":
        keys = [decode(k) for k in data["k"]]  # data only: numbers, strings, tuples of them
        if any(isinstance(k, (np.ndarray, torch.Tensor, list)) for k in keys):
            raise ValueError("bad dict key")
        return dict(zip(keys, (decode(v, objects, device_ok) for v in data["v"])))
    if kind == "nd":
        dtype = np.dtype(str(data["dtype"]))
        if dtype.kind not in _NUMERIC_KINDS:
            raise ValueError("bad dtype")
        arr = _from_bytes(data["b64"], dtype, data["shape"])
        return arr[()] if data.get("scalar") else arr
    if kind == "tensor":
        return _decode_tensor(data, device_ok)
    if kind == "device":
        return torch.device(str(data["v"]))
    if kind == "dtype":
        if data["v"] not in _TORCH_DTYPES:
            raise ValueError("bad dtype")
        return getattr(torch, data["v"])
    if kind == "slice":
        return slice(*(decode(v) for v in data["v"]))
    if kind in ("obj", "ref") and objects is not None:
        return objects(data)
    raise ValueError(f"unexpected data: {str(data)[:80]}")


def _from_bytes(b64: str, dtype: np.dtype, shape) -> np.ndarray:
    shape = tuple(int(s) for s in shape)
    if any(s < 0 for s in shape):
        raise ValueError("bad shape")
    raw = base64.b64decode(b64, validate=True)
    if len(raw) != int(np.prod(shape, dtype=np.int64)) * dtype.itemsize:
        raise ValueError("the data does not match its shape")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


def _decode_tensor(data, device_ok) -> torch.Tensor:
    name = data["dtype"]
    if name not in _TORCH_DTYPES:
        raise ValueError("bad dtype")
    dtype = getattr(torch, name)
    device = torch.device(str(data["device"]))
    shape = tuple(int(s) for s in data["shape"])
    if device.type == "meta":
        tensor = torch.empty(shape, dtype=dtype, device="meta")
    else:
        wire = np.float32 if dtype in (torch.bfloat16, torch.float16) else _TORCH_TO_NUMPY[dtype]
        tensor = torch.from_numpy(_from_bytes(data["b64"], np.dtype(wire), shape)).to(dtype)
        if device.type != "cpu" and (device_ok is None or device_ok(device)):
            tensor = tensor.to(device)
    if data.get("param"):
        return torch.nn.Parameter(tensor, requires_grad=bool(data.get("grad")))
    return tensor.requires_grad_(bool(data.get("grad")) and tensor.is_floating_point())


# --------------------------------------------------------------------------------------------------
# Watching learner code from inside (used by the checks directly, and by the Server for the grader).


class MovedToCpu(Exception):
    """Learner code moved a tensor to the CPU (raised by :class:`NoCpuMoves`)."""


def _names_cpu(x) -> bool:
    return (isinstance(x, str) and x.startswith("cpu")) or (
        isinstance(x, torch.device) and x.type == "cpu"
    )


class NoCpuMoves(TorchFunctionMode):
    """Stops learner code that moves a tensor to the CPU (on a GPU that works, but leaves
    results there)."""

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if func in (torch.Tensor.cpu, torch.Tensor.numpy) or (
            func is torch.Tensor.to
            and any(_names_cpu(a) for a in (*args[1:], kwargs.get("device")))
        ):
            raise MovedToCpu(getattr(func, "__name__", "to"))
        return func(*args, **kwargs)


class ShapeSpy(TorchFunctionMode):
    """Records the shape of every tensor a PyTorch operation returns while the learner's
    code runs."""

    def __init__(self):
        super().__init__()
        self.shapes: list[tuple[int, ...]] = []

    def __torch_function__(self, func, types, args=(), kwargs=None):
        result = func(*args, **(kwargs or {}))
        for r in result if isinstance(result, (tuple, list)) else (result,):
            if isinstance(r, torch.Tensor):
                self.shapes.append(tuple(r.shape))
        return result


class CallCounter(TorchFunctionMode):
    """Counts the torch functions and tensor methods called: a loop over positions calls more for
    longer x."""

    def __init__(self):
        super().__init__()
        self.count = 0

    def __torch_function__(self, func, types, args=(), kwargs=None):
        self.count += 1
        return func(*args, **(kwargs or {}))


@contextlib.contextmanager
def quiet():
    """Run learner code without its warnings or prints reaching the grading output."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            yield


def globals_of(fn) -> dict | None:
    """The module namespace a function (or an nn.Module's forward) looks its helper names up in."""
    namespace = getattr(fn, "__globals__", None)
    if namespace is None and isinstance(fn, torch.nn.Module):
        namespace = getattr(type(fn).forward, "__globals__", None)
    return namespace if isinstance(namespace, dict) else None


@contextlib.contextmanager
def swapped(namespace: dict | None, replacements: dict):
    """Put ``replacements`` into a module namespace for one call, then put back what was there.

    A name the learner left undefined gets its replacement too: a missing earlier part costs only
    that part."""
    missing, saved = object(), {}
    if namespace is not None:
        for name, value in replacements.items():
            current = namespace.get(name, missing)
            if current is missing or callable(current):
                saved[name] = current
                namespace[name] = value
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is missing:
                namespace.pop(name, None)
            else:
                namespace[name] = value


def grads_per_argument(value, args, grad=None) -> list:
    """The gradient of ``value`` (weighted by ``grad``) for each argument: None where it is no
    tensor that requires a gradient, or where none reaches it."""
    grads = iter(
        torch.autograd.grad(value, [a for a in args if _needs_grad(a)], grad, allow_unused=True)
    )
    return [next(grads) if _needs_grad(a) else None for a in args]


def input_grads(value, args) -> dict:
    """Backpropagate the sum of a result to the tensor arguments: {"grads": one gradient (or None)
    per argument}, {"grads": None} when the result is not connected to them, or {"error": why
    backward failed}."""
    if not (_needs_grad(value) and any(_needs_grad(a) for a in args)):
        return {"grads": None}
    try:
        return {"grads": grads_per_argument(value.sum(), args)}
    except Exception as exc:  # noqa: BLE001 (learner code)
        return {"error": f"{type(exc).__name__}: {_text(exc)}"}


def meta_boolean_indexing():
    """Let boolean indexing (``x[mask]``, ``nonzero``) run on the meta device, whose tensors have no
    data: the result's size is taken as if every entry were True. Without it, the meta device cannot
    judge code that selects with a mask at all."""
    try:
        import torch.fx.experimental._config as fx_config

        return fx_config.patch(meta_nonzero_assume_all_nonzero=True)
    except Exception:  # noqa: BLE001 (another PyTorch: the meta device then judges less)
        return contextlib.nullcontext()


def run_watched(fn, args: tuple, kwargs: dict, watch: str | None = None):
    """Call learner code quietly under one watch; return its result and what the watch saw.

    Watches: "no_cpu_moves" (raise MovedToCpu), "meta_default" (new tensors land on meta), "shapes"
    (the shape of every tensor made), "torch_calls" (how many torch operations ran), "grads"
    (see input_grads)."""
    with quiet():
        if watch == "no_cpu_moves":
            with NoCpuMoves(), meta_boolean_indexing():
                return fn(*args, **kwargs), None
        if watch == "meta_default":
            with torch.device("meta"), meta_boolean_indexing():
                return fn(*args, **kwargs), None
        if watch == "shapes":
            spy = ShapeSpy()
            with spy:
                value = fn(*args, **kwargs)
            return value, spy.shapes
        if watch == "torch_calls":
            counter = CallCounter()
            with counter, torch.no_grad():
                value = fn(*args, **kwargs)
            return value, counter.count
        value = fn(*args, **kwargs)
        return value, input_grads(value, args) if watch == "grads" else None


# --------------------------------------------------------------------------------------------------
# The kernel's side of the conversation.


class Helper:
    """Stands in for an earlier part's function while a later part is graded: each call asks the
    grader, which answers with its reference (so the reference itself never enters the kernel).
    Gradients flow through it: the grader also answers for the backward pass."""

    def __init__(self, server: Server, name: str):
        self.server, self.__name__ = server, name

    def __call__(self, *args, **kwargs):
        if torch.is_grad_enabled() and any(_needs_grad(a) for a in args):
            return _ThroughGrader.apply(self, args, kwargs, *[a for a in args if _needs_grad(a)])
        return self.ask("value", args, kwargs)

    def ask(self, want: str, args, kwargs, grad=None):
        # our own encoding is not the learner's code: no watch sees it
        with torch._C.DisableTorchFunction():
            request = json.dumps(
                {
                    "helper": self.__name__,
                    "want": want,
                    "args": encode(list(args)),
                    "kwargs": encode(kwargs),
                    "grad": encode(grad),
                }
            )
        answer = json.loads(self.server.ask(PROMPT + request))
        if "error" in answer:
            raise ValueError(answer["error"])
        return decode(answer["value"], device_ok=lambda d: True)


def _needs_grad(x) -> bool:
    return isinstance(x, torch.Tensor) and x.requires_grad


class _ThroughGrader(torch.autograd.Function):
    """A helper's result in the autograd graph; its backward asks the grader for the
    input gradients."""

    @staticmethod
    def forward(ctx, helper, args, kwargs, *inputs):
        ctx.helper, ctx.args, ctx.kwargs = helper, args, kwargs
        return helper.ask("value", args, kwargs)

    @staticmethod
    def backward(ctx, grad):
        grads = ctx.helper.ask("grads", ctx.args, ctx.kwargs, grad)
        return (None, None, None, *[g for a, g in zip(ctx.args, grads) if _needs_grad(a)])


class Server:
    def __init__(self, namespace: dict, ask=None):
        self.namespace = namespace
        self.objects: dict[int, object] = {}
        self._ask = ask  # default: the kernel's input(), which ipykernel forwards to the grader

    def ask(self, prompt: str) -> str:
        return (self._ask or builtins.input)(prompt)

    def _handle(self, value) -> int:
        self.objects[id(value)] = value
        return id(value)

    def _object(self, data):
        if data["t"] == "ref" and data["id"] in self.objects:
            return self.objects[data["id"]]
        raise ValueError("unknown handle")

    def serve(self, request: str) -> str:
        try:
            req = json.loads(request)
            value, seen = self._run(req)
            return json.dumps(
                {"value": encode(value, self._handle), "seen": encode(seen, self._handle)}
            )
        except BaseException as exc:  # noqa: BLE001 (learner code may raise anything, SystemExit included)
            mro = [c.__name__ for c in type(exc).__mro__]
            return json.dumps(
                {
                    "raise": {
                        "name": type(exc).__name__,
                        "mro": mro,
                        "message": _text(exc),
                        "line": learner_line(exc),
                        "library": raised_in_library(exc),
                    }
                }
            )

    def _run(self, req):
        op = req["op"]
        if op == "reset":
            self.objects.clear()
            return None, None
        if op == "get":
            if req["name"] not in self.namespace:
                raise NameError(f"name '{req['name']}' is not defined")
            return self.namespace[req["name"]], None
        target = self._object(req["target"])
        if op == "getattr":
            return getattr(target, req["name"]), None
        if op == "list":
            return list(target), None
        if op == "next":
            return next(target), None
        if op == "len":
            return len(target), None
        if op == "signature":
            import inspect

            return str(inspect.signature(target)), None
        if op == "set":  # parameters the grader chose: {dotted name: tensor}
            values = decode(req["values"], device_ok=lambda d: True)
            with torch.no_grad():
                for name, tensor in values.items():
                    param = target.get_parameter(name)
                    param.copy_(tensor.to(param.device, param.dtype))
            return None, None
        if op == "call":
            args = decode(req["args"], self._object, lambda d: True)
            kwargs = decode(req["kwargs"], self._object, lambda d: True)
            return self._call(target, args, kwargs, req.get("helpers", []), req.get("watch"))
        raise ValueError(f"unknown request {op!r}")

    def _call(self, fn, args, kwargs, helpers, watch):
        with swapped(globals_of(fn), {name: Helper(self, name) for name in helpers}):
            return run_watched(fn, args, kwargs, watch)


def _library_folders() -> tuple[str, ...]:
    """Where code that is not the learner's lives: the installed libraries, the standard library,
    the course."""
    import os
    import sys
    import sysconfig

    package = getattr(sys.modules.get("autograder"), "__path__", None)
    folders = {sysconfig.get_path(k) for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    folders |= {os.path.join(p, "") for p in (package or [])}
    return tuple(filter(None, folders))


def raised_in_library(exc: BaseException) -> bool:
    """Whether the innermost Python frame that raised ``exc`` lies in a library (PyTorch's "not
    implemented for the meta device" is a NotImplementedError too, but not the learner's
    ``raise NotImplementedError()``)."""
    import traceback

    try:
        frames = traceback.extract_tb(exc.__traceback__)
        return bool(frames) and (frames[-1].filename or "").startswith(_library_folders())
    except Exception:  # noqa: BLE001
        return False


def learner_line(exc: BaseException) -> str | None:
    """The source line of the learner's code where ``exc`` was raised: the innermost frame of the
    traceback that lies in no installed library, the standard library or this module (None when
    there is none, or its source cannot be read). A notebook's cells are files of their own, which
    linecache reads."""
    import linecache
    import traceback

    try:
        skip = _library_folders()
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            name = frame.filename or ""
            if name.startswith("<") or (skip and name.startswith(skip)):
                continue
            line = linecache.getline(name, frame.lineno or 0).strip()
            return line[:300] or None
    except Exception:  # noqa: BLE001 (a traceback of learner code may hold anything)
        return None
    return None


def _text(exc: BaseException) -> str:
    try:
        return str(exc)[:2000]
    except Exception:  # noqa: BLE001 (a lying __str__)
        return "(its message could not be read)"
