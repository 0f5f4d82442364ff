"""Check of log_power_spectrum."""

from __future__ import annotations

import numpy as np

from autograder.checks.common import as_float_array, call, compare, fail, rng
from autograder.checks.contracts import Clause, contract, passes
from autograder.messages import say
from autograder.reference import vector_sets as ref


def _spectrum_mistakes(frames: np.ndarray) -> dict[str, np.ndarray]:
    win = frames.shape[-1]
    spec = np.fft.rfft(frames * np.hanning(win), axis=-1)
    power = np.abs(spec) ** 2
    return {
        say(
            "the frames were not multiplied by np.hanning(window) before the FFT (the Hann window "
            "tapers each frame's edges)."
        ): np.log(np.abs(np.fft.rfft(frames, axis=-1)) ** 2 + ref.LOG_FLOOR),
        say(
            "you used a Hamming window (np.hamming); the spectrum uses the Hann window, np.hanning."
        ): np.log(np.abs(np.fft.rfft(frames * np.hamming(win), axis=-1)) ** 2 + ref.LOG_FLOOR),
        say("you took the log of the magnitude |X|; the power is its square, |X| ** 2."): np.log(
            np.abs(spec) + ref.LOG_FLOOR
        ),
        say("you used log10; the spectrum uses the natural logarithm, np.log."): np.log10(
            power + ref.LOG_FLOOR
        ),
        say(
            "you returned decibels (10 * log10); the spectrum uses the natural logarithm, np.log."
        ): 10 * np.log10(power + ref.LOG_FLOOR),
        say("you returned the power itself; take its logarithm, np.log(power + 1e-10)."): power,
        say(
            "you used a periodic Hann window (torch.hann_window and "
            "scipy.signal.get_window('hann') are periodic "
            "by default); the spectrum uses the symmetric one, np.hanning(window)."
        ): np.log(
            np.abs(
                np.fft.rfft(
                    frames * (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(win) / win)), axis=-1
                )
            )
            ** 2
            + ref.LOG_FLOOR
        ),
        say(
            "you divided the power by the window length (a normalised periodogram, as "
            "python_speech_features' powspec does); the spectrum is the log of |X| ** 2 itself."
        ): np.log(power / win + ref.LOG_FLOOR),
        say(
            "np.log1p(power) is log(1 + power), which flattens small powers; the spectrum is "
            "np.log(power + 1e-10)."
        ): np.log1p(power),
    }


@contract(
    Clause(
        "Hann window",
        "Multiply every frame by np.hanning(window) before the FFT.",
        passes("frames"),
    ),
    Clause(
        "real FFT of each frame",
        "np.fft.rfft along the last axis: shape (n_frames, window // 2 + 1).",
        passes("frames", lambda f: f.shape[0] != f.shape[1] // 2 + 1),
    ),
    Clause("power", "The power |X| ** 2, not the magnitude.", passes("frames")),
    Clause("natural log", "The natural logarithm, np.log.", passes("frames")),
    Clause(
        "floor",
        "log(|X| ** 2 + 1e-10): a silent frame stays finite.",
        passes("frames", lambda f: (~f.any(axis=1)).any()),
    ),
)
def check_log_power_spectrum(fn) -> None:
    __tracebackhide__ = True
    for seed, (n, window, dtype) in enumerate(
        ((6, 64, np.float64), (4, 63, np.float64), (5, 40, np.float32))
    ):
        frames = rng(20 + seed).normal(size=(n, window))
        frames[2] = 0.0  # a silent frame: its power is exactly 0
        frames = frames.astype(dtype)
        what = say(
            "log_power_spectrum(frames) for frames of shape {shape} (row 2 silent: all zeros)",
            shape=frames.shape,
        )
        got = as_float_array(call(fn, frames, what=what), what)
        bins = window // 2 + 1
        if got.shape == (n, window):
            fail(
                say(
                    "{what} returned shape {shape}: a full FFT. The real FFT np.fft.rfft keeps the "
                    "{bins} non-redundant frequencies, window // 2 + 1.",
                    what=what,
                    shape=got.shape,
                    bins=bins,
                )
            )
        if got.shape == (n // 2 + 1, window):
            fail(
                say(
                    "{what} returned shape {shape}: the FFT ran along axis 0, across frames. "
                    "Transform each frame: along the last axis (axis=-1).",
                    what=what,
                    shape=got.shape,
                )
            )
        if got.shape == (n, bins) and np.isneginf(got).any():
            fail(
                say(
                    "{what} gives -inf for the silent frame: log(0). Add 1e-10 to the power before "
                    "the log, np.log(power + 1e-10).",
                    what=what,
                )
            )
        expected = ref.log_power_spectrum(frames.astype(float))
        compare(got, expected, what, _spectrum_mistakes(frames.astype(float)), rtol=1e-4, atol=1e-3)
