"""The checks of assignment 03, called directly (no notebook): the reference passes, every planted
mistake fails with its specific message. Fast; the notebook-level proof is in test_grading.py."""

from types import SimpleNamespace

import numpy as np
import pytest
import torch
from torch import nn

from autograder.checks import sequence_labeling as checks
from autograder.checks.common import GradingError
from autograder.learner.sequence_labeling import load_tagging_corpus
from autograder.learner.tagging import train_tagger
from autograder.reference import sequence_labeling as ref

from ..corpora.sequence_labeling import REAL_RIGHT, REAL_WRONG, RIGHT, WRONG
from .harness import shared_check_tests

CHECK_OF_PART = {
    "test_context_windows": ("context_windows", checks.check_context_windows),
    "test_window_mlp_param_count": ("window_mlp_param_count", checks.check_window_mlp_param_count),
    "test_WindowMLP": ("WindowMLP", checks.check_window_mlp),
    "test_WindowMLP_vectorised": ("WindowMLP", checks.check_window_mlp_vectorised),
    "test_WindowMLP_device": ("WindowMLP", checks.check_window_mlp_device),
}

REFERENCE_OBJECTS = {
    "context_windows": ref.context_windows,
    "window_mlp_param_count": ref.window_mlp_param_count,
    "WindowMLP": ref.WindowMLP,
}


def learner_namespace(answers: dict[str, str]) -> dict:
    """What a notebook would hold: the reference solutions, then the learner's cells executed
    over them."""
    no_shell = SimpleNamespace(events=SimpleNamespace(register=lambda *args: None))
    ns = {"np": np, "torch": torch, "nn": nn, "get_ipython": lambda: no_shell, **REFERENCE_OBJECTS}
    for grade_id, source in answers.items():
        if grade_id in REFERENCE_OBJECTS or grade_id == "WindowTagger":
            exec(source, ns)
    return ns


FUNCTION_CASES = [c for c in WRONG if c.part in CHECK_OF_PART]


def test_every_function_level_part_has_mistakes():
    assert {c.part for c in FUNCTION_CASES} == set(CHECK_OF_PART)


@pytest.mark.parametrize("mistake", range(len(checks.window_mistakes(np.ones((5, 3)), 2))))
def test_every_listed_window_mistake_is_recognised(mistake):
    """Each variant of window_mistakes, returned by a learner, fails with its own message."""

    def context_windows(x, k):
        return checks.window_mistakes(x, k)[mistake][1] if k else x

    message = checks.window_mistakes(np.ones((5, 3)), 2)[mistake][0]
    with pytest.raises(GradingError) as info:
        checks.check_context_windows(context_windows)
    assert message.split(":")[0] in str(info.value) or "returned shape" in str(info.value)


def test_unimplemented_and_crashing_functions():
    def context_windows(x, k):
        raise NotImplementedError()

    with pytest.raises(GradingError, match="not implemented yet"):
        checks.check_context_windows(context_windows)

    def crashing(x, k):
        return np.concatenate([x[i - k : i + k + 1] for i in range(len(x))])

    with pytest.raises(GradingError, match="raised ValueError|returned shape"):
        checks.check_context_windows(crashing)


def test_param_count_must_be_exact():
    with pytest.raises(GradingError, match="expected 195"):
        checks.check_window_mlp_param_count(lambda d_in, k, hidden, n_classes: 1)


def test_a_wrong_context_windows_costs_only_its_part():
    """WindowMLP may call the learner's context_windows by name; grading swaps in the
    reference one."""
    ns = learner_namespace(
        {
            "context_windows": "def context_windows(x, k):\n    return x",
            "WindowMLP": (
                "class WindowMLP(nn.Module):\n"
                "    def __init__(self, d_in, k, hidden, n_classes):\n"
                "        super().__init__()\n"
                "        self.k = k\n"
                "        self.a = nn.Linear((2 * k + 1) * d_in, hidden)\n"
                "        self.b = nn.Linear(hidden, n_classes)\n\n"
                "    def forward(self, x):\n"
                "        return self.b(torch.relu(self.a(context_windows(x, self.k))))"
            ),
        }
    )
    with pytest.raises(GradingError):
        checks.check_context_windows(ns["context_windows"])
    checks.check_window_mlp(ns["WindowMLP"])
    checks.check_window_mlp_vectorised(ns["WindowMLP"])
    x = np.ones((2, 3))
    assert ns["context_windows"](x, 1) is x, "the learner's function is restored"


# ------------------------------------------------------------------------------------------ taggers


@pytest.fixture(scope="module")
def saw_taggers():
    corpus = load_tagging_corpus()
    models = {}
    for k in (0, 1):
        torch.manual_seed(0)
        models[k] = ref.WindowTagger(corpus.vocab_size, k, corpus.n_tags)
        train_tagger(models[k], corpus.data("train"), epochs=100, lr=1e-2)
    torch.manual_seed(0)
    models["untrained"] = ref.WindowTagger(corpus.vocab_size, 0, corpus.n_tags)
    return models


def test_tagger_checks_pass_for_trained_reference_taggers(saw_taggers):
    assert checks.check_per_vector_tagger(saw_taggers[0]) is None
    assert checks.check_window_tagger(saw_taggers[1]) is None


def test_tagger_checks_name_the_mistakes(saw_taggers):
    with pytest.raises(GradingError, match="sees more than one word"):
        checks.check_per_vector_tagger(saw_taggers[1])
    with pytest.raises(GradingError, match="Train it"):
        checks.check_per_vector_tagger(saw_taggers["untrained"])
    with pytest.raises(GradingError, match="Give it a window"):
        checks.check_window_tagger(saw_taggers[0])
    with pytest.raises(GradingError, match="should be your trained WindowTagger"):
        checks.check_window_tagger("window_tagger")
    # built for 3 classes, not the corpus's tags
    with pytest.raises(GradingError, match="logits of shape"):
        checks.check_window_tagger(ref.WindowTagger(load_tagging_corpus().vocab_size, 1, 3))


# -------------------------------------------------------------------------------------------- sweep

STORED = {0: 0.334, 1: 0.408, 2: 0.45, 4: 0.496, 8: 0.524}


def _point(k, seed=0):
    return STORED[k]


@pytest.mark.parametrize(
    "accuracies, sweep_point, message",
    [
        ([0.3, 0.4], _point, "should be a dict"),
        ({0: 0.334, 1: 0.408, 2: 0.45}, _point, "has no entry for k = [4, 8]"),
        ({str(k): v for k, v in STORED.items()}, _point, "has no entry"),
        ({k: 100 * v for k, v in STORED.items()}, _point, "not percentages"),
        ({**STORED, 0: 0.5}, _point, "near chance"),
        ({**STORED, 2: 0.6}, _point, "fill the dict with the values sweep_point computes"),
        (STORED, lambda k, seed=0: STORED[k] + 0.03, "fill the dict"),
        (STORED, lambda k, seed=0: 1 / 0, "raised ZeroDivisionError"),
    ],
)
def test_sweep_check_names_the_mistakes(accuracies, sweep_point, message):
    with pytest.raises(GradingError) as info:
        checks.check_window_sweep(accuracies, sweep_point)
    assert message in str(info.value)


def test_sweep_check_accepts_computed_values():
    assert checks.check_window_sweep(STORED, _point) is None
    numpy_typed = {np.int64(k): np.float32(v) for k, v in STORED.items()}
    assert checks.check_window_sweep(numpy_typed, lambda k, seed=0: STORED[k] + 0.01) is None


def test_sweep_check_reruns_the_learners_function_twice():
    """Once to compare with the stored value, once more to see that it is seeded (both
    runs agree)."""
    calls = []
    checks.check_window_sweep(STORED, lambda k, seed=0: calls.append((k, seed)) or STORED[k])
    assert calls == [(checks.RERUN_K, 0)] * 2


(
    test_reference_passes_every_check,
    test_each_mistake_is_named,
    test_each_mistake_costs_only_its_part,
    test_correct_alternatives_pass,
) = shared_check_tests(
    CHECK_OF_PART, REFERENCE_OBJECTS, WRONG + REAL_WRONG, RIGHT + REAL_RIGHT, learner_namespace
)
