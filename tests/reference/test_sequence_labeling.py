"""The reference code of the sequence-labeling chapter agrees with itself (NumPy vs PyTorch, a loop
vs the batched windows, the parameter formula vs a real module) and with PyTorch's own unfold; the
tagging corpus is what its file promises; and the window models behave as the chapter says."""

import numpy as np
import pytest
import torch
from torch import nn

from autograder.learner.self_attention import train_test_long_range
from autograder.learner.sequence_labeling import load_tagging_corpus
from autograder.learner.tagging import tagging_accuracy, train_tagger
from autograder.reference import sequence_labeling as ref


def loop_windows(x: np.ndarray, k: int) -> np.ndarray:
    """The definition, one row and one neighbour at a time."""
    n, d = x.shape
    rows = []
    for i in range(n):
        rows.append(
            np.concatenate([x[j] if 0 <= j < n else np.zeros(d) for j in range(i - k, i + k + 1)])
        )
    return np.array(rows).reshape(n, (2 * k + 1) * d)


@pytest.mark.parametrize("n, d, k", [(5, 3, 1), (6, 2, 2), (3, 2, 4), (1, 4, 1), (4, 3, 0)])
def test_windows_match_the_definition_in_numpy_and_torch(n, d, k):
    x = np.random.default_rng(n * 10 + k).normal(size=(n, d))
    expected = loop_windows(x, k)
    assert np.allclose(ref.context_windows(x, k), expected)
    got = ref.context_windows(torch.tensor(x), k)
    assert isinstance(got, torch.Tensor) and np.allclose(got.numpy(), expected)


def test_windows_by_hand_and_k0_returns_x():
    x = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    assert ref.context_windows(x, 1).tolist() == [
        [0, 0, 1, 2, 3, 4],
        [1, 2, 3, 4, 5, 6],
        [3, 4, 5, 6, 0, 0],
    ]
    assert ref.context_windows(x, 0) is x
    with pytest.raises(ValueError):
        ref.context_windows(x, -1)


def test_batched_windows_agree_with_unfold_and_with_each_sequence_alone():
    x = torch.randn(3, 7, 4, generator=torch.Generator().manual_seed(0))
    k = 2
    unfolded = (
        nn.functional.pad(x, (0, 0, k, k)).unfold(1, 2 * k + 1, 1).transpose(-1, -2).flatten(-2)
    )
    batched = ref.context_windows(x, k)
    assert torch.allclose(batched, unfolded)
    for b in range(3):
        assert np.allclose(batched[b].numpy(), ref.context_windows(x[b].numpy(), k))


@pytest.mark.parametrize(
    "d_in, k, hidden, n_classes", [(4, 2, 8, 3), (39, 5, 256, 41), (16, 0, 64, 3)]
)
def test_param_count_formula_counts_a_real_module(d_in, k, hidden, n_classes):
    module = ref.WindowMLP(d_in, k, hidden, n_classes)
    assert ref.window_mlp_param_count(d_in, k, hidden, n_classes) == ref.parameter_count(module)


def test_window_mlp_is_the_same_network_at_every_position():
    torch.manual_seed(0)
    mlp = ref.WindowMLP(4, 1, 8, 3).double()
    x = torch.randn(2, 6, 4, dtype=torch.float64)
    out = mlp(x)
    assert out.shape == (2, 6, 3)
    windows = ref.context_windows(x, 1)
    by_hand = mlp.out(torch.relu(mlp.hidden(windows[1, 3])))
    assert torch.allclose(out[1, 3], by_hand)
    assert torch.allclose(mlp(x[1:]), out[1:]), "each sequence of a batch is windowed on its own"


def test_padding_does_not_change_a_window_taggers_output():
    torch.manual_seed(0)
    tagger = ref.WindowTagger(10, 2, 3)
    tokens = torch.tensor([[4, 5, 6]])
    padded = torch.tensor([[4, 5, 6, 0, 0]])
    assert torch.allclose(tagger(tokens)[0], tagger(padded)[0, :3], atol=1e-6)


def test_window_models_run_on_the_meta_device():
    """A tensor created on the CPU inside forward would clash here, and on a GPU."""
    out = ref.WindowMLP(4, 2, 8, 3).to("meta")(torch.empty(2, 5, 4, device="meta"))
    assert out.shape == (2, 5, 3) and out.device.type == "meta"


# ------------------------------------------------------------------------------------------- corpus


def test_per_vector_tagger_cannot_and_window_tagger_can_tell_the_saws_apart():
    corpus = load_tagging_corpus()
    tokens, _, mask = corpus.batch([["i", "saw", "a", "saw"]]).to_torch()
    tags = {}
    for k in (0, 1):
        torch.manual_seed(0)
        model = ref.WindowTagger(corpus.vocab_size, k, corpus.n_tags)
        train_tagger(model, corpus.data("train"), epochs=100, lr=1e-2)
        assert tagging_accuracy(model, corpus.data("train")) > (0.85 if k == 0 else 0.99)
        with torch.no_grad():
            tags[k] = [corpus.tags[i] for i in model(tokens, mask)[0].argmax(-1)]
    assert tags[0][1] == tags[0][3], "identical inputs, identical outputs"
    assert tags[1] == ["PRON", "VERB", "DET", "NOUN"]


# -------------------------------------------------------------------------------------------- sweep


def test_window_sweep_point_is_seeded_and_a_window_barely_beats_chance():
    train, test = train_test_long_range(seed=0, n_train=1500, n_test=500)
    first = ref.window_sweep_point(0, train, test, device="cpu")
    assert first == ref.window_sweep_point(0, train, test, device="cpu"), (
        "seeded: a re-run agrees exactly"
    )
    assert abs(first[1] - 1 / 3) < 0.05, (
        "k = 0 sees one card, which says nothing about its twin's colour"
    )
    _, wide = ref.window_sweep_point(4, train, test, device="cpu")
    assert 1 / 3 < wide < 0.8, "a window of 9 cards finds some twins, far from all"
