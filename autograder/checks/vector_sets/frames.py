"""Checks of num_frames and frame_signal: cutting a signal into overlapping windows."""

from __future__ import annotations

import math

import numpy as np

from autograder.checks.common import (
    as_float_array,
    as_float_scalar,
    call,
    compare,
    compare_all,
    fail,
    rng,
)
from autograder.checks.contracts import Clause, both, contract, omits, passes, some
from autograder.checks.vector_sets.similarity import HELPERS
from autograder.messages import say
from autograder.reference import vector_sets as ref

# ------------------------------------------------------------------------------------------- frames

# (n_samples, sample_rate, window_ms, hop_ms): exactly one window, one sample short of it, much
# shorter, empty, a second, a minute, other rates, a rate where truncating the lengths instead of
# rounding differs, and one where the window is a tie, 400.5 samples, which Python's round takes to
# the even 400.
_FRAME_CASES = (
    (16000, 16000, 25, 10),
    (400, 16000, 25, 10),
    (399, 16000, 25, 10),
    (100, 16000, 25, 10),
    (0, 16000, 25, 10),
    (560, 16000, 25, 10),
    (559, 16000, 25, 10),
    (960000, 16000, 25, 10),
    (24000, 8000, 25, 10),
    (825, 11025, 25, 10),
    (48000, 48000, 20, 5),
    (12345, 12000, 30, 15),
    (15920, 16020, 25, 10),
)


def _count(n: int, window: int, hop: int) -> int:
    return 0 if n < window else 1 + (n - window) // hop


def _frame_count_mistakes() -> dict[str, callable]:
    s = ref.ms_to_samples

    def lengths(sr, w_ms, h_ms):
        return s(w_ms, sr), s(h_ms, sr)

    return {
        say(
            "off by one: you forgot the first frame. The first window starts at sample 0, and "
            "every hop after it adds one frame: 1 + (n_samples - window) // hop."
        ): lambda n, sr, w, h: max(0, (n - s(w, sr)) // s(h, sr)) if n >= s(w, sr) else 0,
        say(
            "off by one: you count one frame too many. Frames must fit a whole window: 1 + "
            "(n_samples - window) // hop."
        ): lambda n, sr, w, h: 0 if n < s(w, sr) else 2 + (n - s(w, sr)) // s(h, sr),
        say(
            "off by one: rounding up (ceil) counts a last window that does not fit in the signal; "
            "use floor division, 1 + (n_samples - window) // hop."
        ): lambda n, sr, w, h: 0 if n < s(w, sr) else 1 + math.ceil((n - s(w, sr)) / s(h, sr)),
        say(
            "you counted n_samples // hop, as if every hop started a whole frame; the last frames "
            "would run past the end of the signal. Count the windows that fit: 1 + (n_samples - "
            "window) // hop."
        ): lambda n, sr, w, h: n // s(h, sr),
        say(
            "hop and window are swapped: a frame is window_ms long (25 ms) and the next one starts "
            "hop_ms (10 ms) later; you slid a hop-long window by a window length."
        ): lambda n, sr, w, h: _count(n, s(h, sr), s(w, sr)),
        say(
            "the milliseconds were not converted to samples: a 25 ms window at 16000 Hz is "
            "round(16000 * 25 / 1000) = 400 samples, not 25."
        ): lambda n, sr, w, h: _count(n, round(w), round(h)),
        say(
            "the window and hop lengths were truncated (int) instead of rounded: use "
            "round(sample_rate * ms / 1000)."
        ): lambda n, sr, w, h: _count(n, int(sr * w / 1000), int(sr * h / 1000)),
        say(
            "a signal shorter than one window gives a negative count; it has no whole frame, so "
            "return 0."
        ): lambda n, sr, w, h: 1 + (n - s(w, sr)) // s(h, sr),
        say(
            "you counted centred frames, 1 + n_samples // hop (as librosa and torch.stft do with "
            "center=True, padding half a window at both ends); here frames are not padded: 1 + "
            "(n_samples - window) // hop whole windows, 0 if the signal is shorter than one."
        ): lambda n, sr, w, h: 1 + n // s(h, sr),
        say(
            "a signal of exactly one window holds one whole frame: test n_samples < window, not <=."
        ): lambda n, sr, w, h: 0 if n <= s(w, sr) else 1 + (n - s(w, sr)) // s(h, sr),
        say(
            "you used 25 ms and 10 ms, whatever window_ms and hop_ms were given; use the arguments."
        ): lambda n, sr, w, h: _count(n, s(25, sr), s(10, sr)),
        say(
            "the lengths were rounded half up (int(x + 0.5), math.floor(x + 0.5)); Python's "
            "round(x), as the task asks, takes a tie such as 400.5 to the even neighbour, 400."
        ): lambda n, sr, w, h: _count(
            n, math.floor(sr * w / 1000 + 0.5), math.floor(sr * h / 1000 + 0.5)
        ),
        say(
            "you counted a last, partial frame padded with zeros (as python_speech_features' "
            "framesig does, which also gives a short signal one frame); count whole windows only: "
            "1 + (n_samples - window) // hop, 0 if the signal is shorter than one window."
        ): lambda n, sr, w, h: 1 if n <= s(w, sr) else 1 + math.ceil((n - s(w, sr)) / s(h, sr)),
    }


def _window(c) -> float:
    return c.arguments["sample_rate"] * c.arguments.get("window_ms", 25) / 1000


@contract(
    Clause(
        "defaults",
        "window_ms=25 and hop_ms=10 when they are not given.",
        both(omits("window_ms"), omits("hop_ms")),
    ),
    Clause(
        "milliseconds",
        "The window and hop are given in milliseconds, converted to samples.",
        passes("sample_rate", lambda sr: sr != 1000),
    ),
    Clause(
        "rounded",
        "window = round(sample_rate * window_ms / 1000): rounded, not truncated.",
        some(lambda c: _window(c) % 1 > 0.5),
    ),
    Clause(
        "Python's round",
        "(use Python's round): a tie goes to the even neighbour.",
        some(lambda c: _window(c) % 1 == 0.5),
    ),
    Clause(
        "other lengths",
        "Any window_ms and hop_ms, not only 25 and 10.",
        passes("window_ms", lambda w: w != 25),
    ),
    Clause(
        "first frame",
        "Frame 0 starts at sample 0: 1 + floor((n_samples - window) / hop).",
        passes("n_samples", lambda n: n > 400),
    ),
    Clause(
        "whole windows",
        "Only whole windows count (floor, not ceil).",
        some(
            lambda c: (
                c.arguments["n_samples"] > _window(c)
                and (c.arguments["n_samples"] - round(_window(c)))
                % round(c.arguments["sample_rate"] * c.arguments.get("hop_ms", 10) / 1000)
                != 0
            )
        ),
    ),
    Clause(
        "shorter than a window",
        "0 when the signal is shorter than one window (an empty one included).",
        both(
            passes("n_samples", lambda n: n == 0),
            some(lambda c: 0 < c.arguments["n_samples"] < _window(c)),
        ),
    ),
    Clause(
        "exactly one window",
        "A signal of exactly one window has one frame.",
        some(lambda c: c.arguments["n_samples"] == round(_window(c))),
    ),
    Clause("an int", "Return the number of frames as an int.", passes("n_samples")),
)
def check_num_frames(fn) -> None:
    __tracebackhide__ = True
    got, expected = [], []
    for n, sr, w, h in _FRAME_CASES:
        what = f"num_frames({n}, {sr}, window_ms={w}, hop_ms={h})"
        raw = call(fn, n, sr, window_ms=w, hop_ms=h, what=what)
        value = as_float_scalar(raw, what)
        if isinstance(raw, (float, np.floating)) and value == int(value):
            fail(
                say(
                    "{what} returned {raw!r}, a float; return the number of frames as an int "
                    "(floor division // keeps ints whole; or int(...)).",
                    what=what,
                    raw=raw,
                ),
                mistake=say("returned a float, not an int"),
            )
        if value != int(value):
            fail(
                say(
                    "{what} returned {value}: a number of frames is a whole number; use floor "
                    "division (//).",
                    what=what,
                    value=value,
                )
            )
        got.append(int(value))
        expected.append(ref.num_frames(n, sr, w, h))
    mistakes = _frame_count_mistakes()

    def unexplained(i):
        __tracebackhide__ = True
        n, sr, w, h = _FRAME_CASES[i]
        fail(
            say(
                "num_frames({n}, {sr}, window_ms={w}, hop_ms={h}) returned {got}; expected "
                "{expected} (window {ms_to_samples} samples, hop {ms_to_samples2} samples).",
                n=n,
                sr=sr,
                w=w,
                h=h,
                got=got[i],
                expected=expected[i],
                ms_to_samples=ref.ms_to_samples(w, sr),
                ms_to_samples2=ref.ms_to_samples(h, sr),
            )
        )

    # one mistake must explain every case (several agree on some of them)
    compare_all(
        [
            (got[i], expected[i], "num_frames", {m: f(*case) for m, f in mistakes.items()})
            for i, case in enumerate(_FRAME_CASES)
        ],
        fallback=unexplained,
    )
    what = say("num_frames(16000, 16000) with the default window_ms and hop_ms")
    value = as_float_scalar(call(fn, 16000, 16000, what=what), what)
    if value != 98:
        fail(
            say(
                "{what} returned {value:g}; the defaults are window_ms=25 and hop_ms=10, which "
                "give 98.",
                what=what,
                value=value,
            )
        )


def _frames_with(signal: np.ndarray, window: int, hop: int, n: int | None = None) -> np.ndarray:
    if n is None:
        n = _count(len(signal), window, hop)
    padded = np.concatenate([signal, np.zeros(max(0, (n - 1) * hop + window - len(signal)))])
    return (
        np.stack([padded[i * hop : i * hop + window] for i in range(n)])
        if n
        else np.zeros((0, window))
    )


def _frames_from(signal: np.ndarray, window: int, starts) -> np.ndarray:
    starts = list(starts)
    return np.stack([signal[t : t + window] for t in starts]) if starts else np.zeros((0, window))


def _frame_mistakes(signal: np.ndarray, sr: int, w_ms: float, h_ms: float) -> dict[str, np.ndarray]:
    window, hop = ref.ms_to_samples(w_ms, sr), ref.ms_to_samples(h_ms, sr)
    right = ref.frame_signal(signal, sr, w_ms, h_ms)
    n = len(right)
    return {
        say(
            "hop and window are swapped: each frame must be window_ms long and start hop_ms after "
            "the previous one."
        ): _frames_with(signal, hop, window),
        say(
            "the milliseconds were not converted to samples: the window is round(sample_rate * "
            "window_ms / 1000) samples long, the hop round(sample_rate * hop_ms / 1000)."
        ): _frames_with(signal, round(w_ms), round(h_ms)),
        say("the frames do not overlap: frame i starts at i * hop, not i * window."): _frames_with(
            signal, window, window
        ),
        say(
            "off by one: the last frame is missing; there are 1 + (n_samples - window) // hop "
            "frames."
        ): right[:-1],
        say(
            "off by one: there is an extra frame at the end that does not fit in the signal "
            "(padded); keep only the 1 + (n_samples - window) // hop whole windows."
        ): _frames_with(signal, window, hop, n + 1),
        say("off by one: the first frame is missing; frame 0 starts at sample 0."): right[1:],
        say(
            "off by one: the last window, the one that ends exactly at the end of the signal, is "
            "missing: the starts are range(0, n_samples - window + 1, hop) (range stops before its "
            "end)."
        ): _frames_from(signal, window, range(0, len(signal) - window, hop)),
        say("you returned (window, num_frames); one row per frame: (num_frames, window)."): right.T,
        **(
            {
                say(
                    "you used the default lengths, 25 ms and 10 ms, instead of the window_ms and "
                    "hop_ms given."
                ): _frames_with(signal, ref.ms_to_samples(25, sr), ref.ms_to_samples(10, sr))
            }
            if (w_ms, h_ms) != (25, 10)
            else {}
        ),
    }


_FRAME_SIGNALS = ((2000, 16000, 25, 10), (1000, 8000, 20, 5), (1323, 11025, 25, 10))


@contract(
    Clause(
        "rows",
        "Row i is signal[i * hop : i * hop + window]: shape (num_frames, window).",
        passes("signal"),
    ),
    Clause(
        "the last window",
        "Every whole window, the one that ends exactly at the end of the signal included.",
        some(
            lambda c: (
                (len(c.arguments["signal"]) - round(_window(c)))
                % round(c.arguments["sample_rate"] * c.arguments.get("hop_ms", 10) / 1000)
                == 0
            )
        ),
    ),
    Clause(
        "other lengths",
        "Any window_ms and hop_ms, not only the defaults.",
        passes("window_ms", lambda w: w != 25),
    ),
    Clause(
        "defaults",
        "window_ms=25 and hop_ms=10 when they are not given.",
        both(omits("window_ms"), omits("hop_ms")),
    ),
    Clause(
        "too short",
        "A signal shorter than one window gives an empty array of shape (0, window).",
        some(lambda c: len(c.arguments["signal"]) < _window(c)),
    ),
)
def check_frame_signal(fn) -> None:
    __tracebackhide__ = True
    trials = []
    # the last window ends exactly at the end of the signal in the first two, not in the third
    for seed, (n, sr, w, h) in enumerate(_FRAME_SIGNALS):
        signal = rng(seed).normal(size=n)
        if seed == 2:
            signal = signal.astype(np.float32)
        what = say(
            "frame_signal(signal, {sr}, window_ms={w}, hop_ms={h}) for a signal of {n} samples",
            sr=sr,
            w=w,
            h=h,
            n=n,
        )
        got = as_float_array(
            call(fn, signal, sr, window_ms=w, hop_ms=h, what=what, helpers=HELPERS), what
        )
        expected = ref.frame_signal(signal.astype(float), sr, w, h)
        trials.append((got, expected, what, _frame_mistakes(signal.astype(float), sr, w, h)))

    def show(i):
        __tracebackhide__ = True
        (got, expected, what, _), (_, sr, w, h) = trials[i], _FRAME_SIGNALS[i]
        compare(
            got,
            expected,
            what,
            show_input=say(
                "\n(window {ms_to_samples} samples, hop {ms_to_samples2} samples: frame i is "
                "signal[i * hop : i * hop + window])",
                ms_to_samples=ref.ms_to_samples(w, sr),
                ms_to_samples2=ref.ms_to_samples(h, sr),
            ),
        )

    compare_all(trials, fallback=show)
    signal = rng(4).normal(size=1000)
    what = say(
        "frame_signal(signal, 16000) for a signal of 1000 samples, with the default window_ms and "
        "hop_ms"
    )
    got = as_float_array(call(fn, signal, 16000, what=what, helpers=HELPERS), what)
    compare(
        got,
        ref.frame_signal(signal, 16000),
        what,
        show_input=say(
            "\n(the defaults are window_ms=25 and hop_ms=10: a 400-sample window and a 160-sample "
            "hop at 16000 Hz)"
        ),
    )
    what = say(
        "frame_signal(signal, 16000) for a signal of 300 samples, shorter than one "
        "400-sample window"
    )
    got = as_float_array(call(fn, rng(5).normal(size=300), 16000, what=what, helpers=HELPERS), what)
    if got.ndim == 2 and got.shape[0] == 0 and got.shape[1] != 400:
        fail(
            say(
                "{what} returned shape {shape}: the defaults are window_ms=25 and hop_ms=10, so "
                "the window is round(16000 * 25 / 1000) = 400 samples and the result (0, 400).",
                what=what,
                shape=got.shape,
            )
        )
    if got.shape != (0, 400):
        fail(
            say(
                "{what} returned shape {shape}; a signal too short for one window has no frames: "
                "return an empty array of shape (0, 400), i.e. (0, window).",
                what=what,
                shape=got.shape,
            )
        )
