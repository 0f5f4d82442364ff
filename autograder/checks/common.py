"""Machinery every check shares: call the learner's code safely, compare with the reference,
and explain.

A check fails by raising :class:`GradingError` (an ``AssertionError``) whose message speaks to the
learner about their code: what was called, what came back, what was expected, and, when the result
matches a known mistake, what that mistake is. Frames of this package are hidden from the notebook
traceback (``__tracebackhide__``), so the learner sees the message, not our internals.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import os
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from autograder.checks import contracts
from autograder.checks.slips import slip_hint
from autograder.errors import ERROR, NOT_ATTEMPTED, GradingError, not_implemented_message
from autograder.messages import say, template
from autograder.sandbox.confinement import SECRET_ENV
from autograder.sandbox.memory_probe import peak_growth
from autograder.wire.kernel import (
    globals_of,
    learner_line,
    quiet,
    raised_in_library,
    run_watched,
    swapped,
)


def fail(message: str, mistake: str | None = None, cause: str | None = None) -> None:
    """Fail the part with ``message``; ``mistake`` names the known mistake recognised (the class
    report counts learners by it), ``cause`` the kind of failure otherwise
    (see autograder.errors.CAUSES)."""
    __tracebackhide__ = True
    raise GradingError(message, cause=cause, mistake=mistake)


def not_implemented(what: str) -> None:
    """Fail a part the learner has not written yet, in the one wording every part uses."""
    __tracebackhide__ = True
    fail(not_implemented_message(what), cause=NOT_ATTEMPTED)


def is_unimplemented(exc: BaseException) -> bool:
    """Whether ``exc`` says the learner's code is not written yet: the release's ``raise
    NotImplementedError()`` (or one with a message of their own), not an operation PyTorch has no
    kernel for ("Could not run 'aten::...' with arguments from the 'Meta' backend" is a
    NotImplementedError too, and so is "Cannot copy out of meta tensor", raised in PyTorch's C++
    under the learner's own line)."""
    if not isinstance(exc, NotImplementedError):
        return False
    library = getattr(exc, "from_library", None) if is_remote_error(exc) else raised_in_library(exc)
    return not library and not re.search(
        r"aten::|backend|register_meta|not currently implemented|not implemented "
        r"for|meta tensor",
        str(exc),
    )


def learner_name(fn: Any) -> str | None:
    """What the learner calls ``fn``: a function's or class's name, ``Class.forward`` for
    a method."""
    if is_remote(fn):
        return fn.__name__ if isinstance(fn, type) or callable(fn) else None
    name = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None)
    if isinstance(fn, torch.nn.Module):
        name = type(fn).__name__
    if isinstance(name, str):
        name = name.rsplit("<locals>.", 1)[-1]  # defined inside a function: its own name
    return name if isinstance(name, str) and "<" not in name else None


def learner_error(what: str, exc: BaseException, name: str | None = None) -> GradingError:
    """The failure for an exception the learner's code raised: "not implemented yet" (of ``name``,
    else of ``what``) for the release's NotImplementedError, else the exception and, when the
    exception and the learner's line show a known slip (autograder.checks.slips), what it means."""
    if is_unimplemented(exc):
        return GradingError(not_implemented_message(name or what), cause=NOT_ATTEMPTED)
    name, text = type(exc).__name__, _exception_text(exc)
    line = getattr(exc, "learner_line", None)
    if line is None and not is_remote_error(exc):
        line = learner_line(exc)
    hint = slip_hint(name, text, line)
    said = (
        say("{what} raised {name} at `{line}`: {text}", what=what, name=name, line=line, text=text)
        if line
        else say("{what} raised {name}: {text}", what=what, name=name, text=text)
    )
    return GradingError(said + (f"\n{hint}" if hint else ""), cause=ERROR, mistake=hint or None)


def is_remote_error(exc: BaseException) -> bool:
    """An exception rebuilt from the kernel's answer (its traceback is the grader's, not
    the learner's)."""
    return hasattr(exc, "learner_line")


def _exception_text(exc: BaseException) -> str:
    try:
        text = str(exc)
    except Exception:  # noqa: BLE001 (a lying __str__)
        return say("(its message could not be read)")
    return text.strip() or say("(no message)")


def _copy(x: Any) -> Any:
    if isinstance(x, np.ndarray):
        return x.copy()
    if isinstance(x, torch.Tensor):
        return x.clone()
    return x


@contextlib.contextmanager
def reference_helpers(fn: Callable, helpers: dict[str, Callable] | None):
    """Swap the learner's earlier functions that ``fn`` calls by name for the reference ones, for
    one call.

    Each part is then graded on its own: a wrong ``softmax`` costs the softmax points, not every
    later part that calls it.
    """
    with swapped(globals_of(fn), helpers or {}):
        yield


def is_remote(obj: Any) -> bool:
    """Whether ``obj`` lives in the learner's kernel (grading) rather than in this process
    (unit tests)."""
    from autograder.wire.grader import Remote

    return isinstance(obj, Remote)


def run(
    fn: Callable,
    args: tuple = (),
    kwargs: dict | None = None,
    helpers: dict | None = None,
    watch: str | None = None,
) -> tuple[Any, Any]:
    """Run learner code quietly, with ``helpers`` swapped in and under a watch of
    :mod:`autograder.wire.kernel` (see :func:`autograder.wire.kernel.run_watched`), where the code
    lives: here or in the kernel. Returns its result and what the watch saw. "peak_memory" is
    watched from outside the code's process: the bytes its memory grew by at most (None where that
    cannot be read)."""
    kwargs = kwargs or {}
    if contracts.recording_active():  # the contract tests: which inputs the check gave the code
        call = contracts.Call(fn, args, kwargs, watch)
        contracts.record(call)
        try:
            call.value = _run(fn, args, kwargs, helpers, watch)
        except BaseException as exc:
            call.error = exc
            raise
        return call.value
    return _run(fn, args, kwargs, helpers, watch)


def _run(
    fn: Callable, args: tuple, kwargs: dict, helpers: dict | None, watch: str | None
) -> tuple[Any, Any]:
    if is_remote(fn):
        return fn._link.call(fn, args, kwargs, helpers, watch)
    # here: this process's own peak (see autograder.sandbox.memory_probe)
    if watch == "peak_memory":
        return peak_growth(os.getpid(), lambda: _run(fn, args, kwargs, helpers, None)[0])
    with reference_helpers(fn, helpers):
        return run_watched(fn, args, kwargs, watch)


def signature_text(fn: Any) -> str:
    """The text of a callable's signature, e.g. "(tokens, mask)" ("" when it has none)."""
    from autograder.wire import grader as remote

    try:
        return remote.signature(fn) if is_remote(fn) else str(inspect.signature(fn))
    except Exception:  # noqa: BLE001 (builtins and odd objects have none)
        return ""


def set_parameters(module: Any, values: dict[str, torch.Tensor]) -> None:
    """Give a learner's module the parameters the check chose, by dotted name
    (e.g. "out_proj.bias")."""
    if is_remote(module):
        module._link.request(
            "set", target=module._link.target(module), values=module._link.encode(values)
        )
        return
    with torch.no_grad():
        for name, value in values.items():
            param = module.get_parameter(name)
            param.copy_(value.to(param.device, param.dtype))


def trained_model(model: Any, name: str, kind: str, mask_message: str = "") -> list[torch.Tensor]:
    """What every check of a trained model asks first: ``name`` is an nn.Module with parameters
    (and, given a ``mask_message``, its forward takes a mask). Returns its parameters."""
    __tracebackhide__ = True
    if not isinstance(model, torch.nn.Module):
        fail(
            say(
                "`{name}` should be your trained {kind} (an nn.Module), found {model_type}.",
                name=name,
                kind=kind,
                model_type=type(model).__name__,
            )
        )
    params = list(model.parameters())
    if not params:
        fail(say("`{name}` has no parameters to train.", name=name))
    if mask_message and "mask" not in signature_text(model.forward):
        fail(mask_message)
    return params


def held_out_tagging_accuracy(model: Any, data, params: list[torch.Tensor]) -> float:
    """A trained tagger's accuracy on held-out data; an error while evaluating is the
    learner's failure."""
    __tracebackhide__ = True
    from autograder.learner.tagging import tagging_accuracy

    try:
        with quiet():
            return tagging_accuracy(model, data, device=params[0].device)
    except Exception as exc:  # noqa: BLE001 (learner code)
        raise learner_error(
            say("evaluating `tagger(tokens, mask)`"), exc, learner_name(model)
        ) from None


def call(
    fn: Callable,
    *args,
    what: str | None = None,
    helpers: dict | None = None,
    watch: str | None = None,
    **kwargs,
) -> Any:
    """Call learner code on copies of the inputs; an exception becomes a learner-facing failure.

    With ``watch``, returns ``(result, what the watch saw)`` (see :func:`run`)."""
    __tracebackhide__ = True
    what = what or f"{getattr(fn, '__name__', None) or say('your function')}(...)"
    if not callable(fn):
        fail(
            say(
                "{what}: expected a function, but found {fn_type}. Did you run the cell that "
                "defines it?",
                what=what,
                fn_type=type(fn).__name__,
            )
        )
    try:
        value, seen = run(
            fn,
            tuple(_copy(a) for a in args),
            {k: _copy(v) for k, v in kwargs.items()},
            helpers,
            watch,
        )
        return (value, seen) if watch else value
    except GradingError:
        raise
    except Exception as exc:  # any learner bug: report it in their terms
        raise learner_error(what, exc, learner_name(fn)) from None


def pair(result: Any, what: str, names: tuple[str, str], tensors: bool = False) -> tuple[Any, Any]:
    """The two parts of a result the learner must return as a pair (``tensors``: both
    torch tensors)."""
    __tracebackhide__ = True
    if not (isinstance(result, (tuple, list)) and len(result) == 2):
        fail(
            say(
                "{what} must return a pair ({names}, {names2}), but returned {result_type}.",
                what=what,
                names=names[0],
                names2=names[1],
                result_type=type(result).__name__,
            )
        )
    first, second = result
    if tensors and not (isinstance(first, torch.Tensor) and isinstance(second, torch.Tensor)):
        fail(
            say(
                "{what} must return two torch tensors ({names}, {names2}); found {first_type} "
                "and {second_type}.",
                what=what,
                names=names[0],
                names2=names[1],
                first_type=type(first).__name__,
                second_type=type(second).__name__,
            )
        )
    return first, second


def as_float_array(x: Any, what: str) -> np.ndarray:
    """A plain float64 ndarray copy of a learner's result (drops subclasses and their
    custom comparisons)."""
    __tracebackhide__ = True
    if isinstance(x, torch.Tensor):
        x = x.detach().cpu().numpy()
    try:
        arr = np.array(np.asarray(x), dtype=np.float64, copy=True)
    except (TypeError, ValueError):
        fail(
            say(
                "{what} returned {x_type}, which is not an array of numbers.",
                what=what,
                x_type=type(x).__name__,
            )
        )
    return arr.view(np.ndarray)


def as_float_scalar(x: Any, what: str) -> float:
    __tracebackhide__ = True
    arr = as_float_array(x, what)
    if arr.size != 1:
        fail(
            say(
                "{what} should return one number (a scalar), but returned an array of "
                "shape {shape}.",
                what=what,
                shape=arr.shape,
            )
        )
    return float(arr.reshape(()))


def close(a: np.ndarray, b: np.ndarray, rtol: float = 1e-5, atol: float = 1e-6) -> bool:
    """Same shape and equal within tolerance (float32 learners pass; NaN never equals anything)."""
    return (
        a.shape == b.shape
        and bool(np.all(np.isfinite(a)))
        and np.allclose(a, b, rtol=rtol, atol=atol)
    )


def fmt(x: np.ndarray | float, decimals: int = 4) -> str:
    with np.printoptions(precision=decimals, suppress=True, linewidth=100):
        return str(np.round(np.asarray(x, dtype=float), decimals))


def compare(
    got: np.ndarray,
    expected: np.ndarray,
    what: str,
    mistakes: dict[str, np.ndarray] | None = None,
    show_input: str = "",
    rtol: float = 1e-5,
    atol: float = 1e-6,
) -> None:
    """Pass if ``got`` matches ``expected``; else name the known mistake it matches, or show
    the difference.

    ``mistakes`` maps a message to what a learner making that mistake would return.
    """
    __tracebackhide__ = True
    if close(got, expected, rtol, atol):
        return
    for message, wrong in (mistakes or {}).items():
        if close(got, np.asarray(wrong, dtype=float), rtol, atol):
            fail(say("{what}: {message}", what=what, message=message), mistake=message)
    if (
        got.shape != expected.shape
        and got.size == expected.size
        and close(np.squeeze(got), np.squeeze(expected), rtol, atol)
    ):
        fail(
            say(
                "{what} returned shape {shape}, expected {shape2}: {squeezed}",
                what=what,
                shape=got.shape,
                shape2=expected.shape,
                squeezed=say(SQUEEZED),
            ),
            mistake=say(SQUEEZED),
        )
    if got.shape != expected.shape:
        fail(
            say(
                "{what} returned shape {shape}, expected {shape2}.{show_input}",
                what=what,
                shape=got.shape,
                shape2=expected.shape,
                show_input=show_input,
            )
        )
    if not np.all(np.isfinite(got)):
        fail(
            say(
                "{what} returned NaN or inf values:\n{got}{show_input}",
                what=what,
                got=fmt(got),
                show_input=show_input,
            )
        )
    fail(
        say(
            "{what} does not give the expected result.\nYou "
            "returned\n{got}\nExpected\n{expected}{show_input}",
            what=what,
            got=fmt(got),
            expected=fmt(expected),
            show_input=show_input,
        )
    )


SQUEEZED = template(
    "the values are right, but an axis of length 1 was dropped or added (np.squeeze, .squeeze(), "
    "[0] or [None]); keep the shape the task gives, also when a size is 1."
)


def compare_all(
    trials: list[tuple[Any, Any, str, dict | list | None]],
    rtol: float = 1e-5,
    atol: float = 1e-6,
    fallback: Callable[[int], None] | None = None,
) -> None:
    """``compare`` across several inputs at once: ``trials`` holds ``(got, expected, what,
    mistakes)`` per input, ``mistakes`` a dict (or a list of pairs) message -> what that mistake
    returns for this input.

    A mistake is named only when it explains every input where the result is wrong, and agrees with
    the result wherever it applies (two mistakes that coincide on one input are told apart by the
    others). Inputs where a mistake has no variant (it does not apply, or cannot be computed) do not
    count against it. When none explains them all, the first wrong input is shown as ``compare``
    shows it (or by ``fallback(index)``).
    """
    __tracebackhide__ = True
    got = [np.asarray(g, dtype=float) for g, _, _, _ in trials]
    expected = [np.asarray(e, dtype=float) for _, e, _, _ in trials]
    wrong = [i for i in range(len(trials)) if not close(got[i], expected[i], rtol, atol)]
    if not wrong:
        return
    variants: dict[str, list] = {}
    for i, (_, _, _, mistakes) in enumerate(trials):
        pairs = mistakes.items() if isinstance(mistakes, dict) else (mistakes or ())
        for message, value in pairs:
            variants.setdefault(message, [None] * len(trials))
            if value is not None and variants[message][i] is None:
                variants[message][i] = [value]
            elif value is not None:
                variants[message][i].append(value)  # several variants may share one message
    for message, per_input in variants.items():

        def matches(i, per_input=per_input):
            return any(close(got[i], np.asarray(v, dtype=float), rtol, atol) for v in per_input[i])

        if all(per_input[i] is not None and matches(i) for i in wrong) and all(
            matches(i) for i in range(len(trials)) if per_input[i] is not None
        ):
            fail(
                say("{what}: {message}", what=trials[wrong[0]][2], message=message), mistake=message
            )
    if fallback is not None:
        fallback(wrong[0])
    g, e, what, _ = trials[wrong[0]]
    compare(got[wrong[0]], expected[wrong[0]], what, rtol=rtol, atol=atol)


def expect_raises(fn: Callable, exc_type: type[BaseException], what: str, *args, **kwargs) -> None:
    """The learner's code must raise ``exc_type`` on these inputs (an error path the
    task defines)."""
    __tracebackhide__ = True
    try:
        run(fn, args, kwargs)
    except exc_type:
        return
    except Exception as exc:
        if is_unimplemented(exc):
            not_implemented(learner_name(fn) or what)
        line = getattr(exc, "learner_line", None) if is_remote_error(exc) else learner_line(exc)
        hint = slip_hint(type(exc).__name__, _exception_text(exc), line)
        fail(
            say(
                "{what} should raise {exc_type_name}, but raised "
                "{exc_type}: {exception_text}{value}",
                what=what,
                exc_type_name=exc_type.__name__,
                exc_type=type(exc).__name__,
                exception_text=_exception_text(exc),
                value=f"\n{hint}" if hint else "",
            )
        )
    fail(
        say(
            "{what} should raise {exc_type_name}, but returned normally.",
            what=what,
            exc_type_name=exc_type.__name__,
        )
    )


_secret = ""  # the course's secret while grading (engine.pipeline sets it); empty: the public seeds


def use_secret(secret: str) -> None:
    global _secret
    _secret = secret


def seeded(seed: int) -> int:
    """The seed a check draws its inputs from. Checks are public, so a bare ``seed`` would let a
    learner compute the inputs and hard-code their answers; mixed with the course's secret
    (``use_secret``, else ``$AUTOGRADER_SECRET``) it gives inputs of the same kind that only the
    grader knows, the same on each regrade. Without a secret, ``seed`` itself."""
    secret = _secret or os.environ.get(SECRET_ENV, "")
    if not secret:
        return seed
    digest = hashlib.sha256(f"{secret}\0{seed}".encode()).digest()
    # 63 bits: a valid seed for NumPy and PyTorch alike
    return int.from_bytes(digest[:8], "little") >> 1


def rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seeded(seed))


@contextlib.contextmanager
def hints(advice: dict[str, str]):
    """Name the mistake behind an error the learner's code raised: ``advice`` maps a fragment of the
    error (e.g. PyTorch's "view size is not compatible") to the sentence appended to the
    failure message."""
    __tracebackhide__ = True
    try:
        yield
    except GradingError as exc:
        for fragment, sentence in advice.items():
            if fragment in str(exc):
                # the part's own advice replaces a general slip's
                first, _, rest = str(exc).partition("\n")
                fail(f"{first}\n{say(sentence)}", mistake=say(sentence))
        raise


def learner_global(obj: Any, name: str) -> Any:
    """The learner's object called ``name`` in the namespace ``obj`` was defined in (None
    when absent)."""
    if is_remote(obj):
        try:
            return obj._link.request("get", name=name)[0]
        except Exception:  # noqa: BLE001 (undefined in the notebook)
            return None
    namespace = globals_of(obj)
    return None if namespace is None else namespace.get(name)


def first_failing_part(
    obj: Any, parts: list[tuple[str, str, Callable]], built: str | None = None
) -> str | None:
    """For a part built from the learner's earlier parts (a trained model made of their own layers):
    run the earlier parts' checks, ``(part, learner name, check)``, on the learner's objects found
    next to ``obj``. Returns "fix part X first" advice for the first that fails, so the later part's
    message points at the real cause instead of guessing a new one; None when they all pass."""
    built = built or say("Your tagger")
    for part, name, check in parts:
        learner = learner_global(obj, name)
        if learner is None:
            continue
        try:
            with quiet():
                check(learner)
        except GradingError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            return say(
                "{built} is built from your `{name}`, and {part} fails ({first}). Fix that part "
                "first, then retrain: this part's grade follows from it.",
                built=built,
                name=name,
                part=part,
                first=first,
            )
    return None
