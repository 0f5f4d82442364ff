"""The reference implementation agrees with itself (loop vs matrix, NumPy vs PyTorch) and with
PyTorch's own attention where they overlap; the course's data set is what its docstring promises."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from autograder import reference as ref
from autograder.checks.self_attention import random_problem
from autograder.learner import examples
from autograder.learner.self_attention import train_test_long_range
from autograder.learner.tagging import tagging_accuracy, train_tagger


def test_worked_example_by_hand():
    alpha = ref.attention_scores(examples.A, examples.W_Q, examples.W_K)
    assert alpha[0].tolist() == [4, 1, 3, 2]
    e = np.exp([4.0, 1.0, 3.0, 2.0])
    assert np.allclose(ref.softmax(alpha[0]), e / e.sum())
    assert np.allclose(
        ref.attention_output(0, examples.A, examples.W_Q, examples.W_K, examples.W_V),
        [1.6119, 1.2689],
        atol=1e-4,
    )
    # Not degenerate (issue 14): every key differs, and every query has its own weights and output.
    keys = examples.A @ examples.W_K
    assert len({tuple(k) for k in keys}) == 4 and len(set(alpha[0].tolist())) == 4
    b, w = ref.self_attention(examples.A, examples.W_Q, examples.W_K, examples.W_V)
    assert len({tuple(np.round(row, 6)) for row in w}) == 4 and len(set(np.round(b[:, 1], 6))) == 4


@pytest.mark.parametrize("seed", range(3))
def test_loop_and_matrix_forms_agree(seed):
    a, W_q, W_k, W_v = random_problem(seed)
    b, w = ref.self_attention(a, W_q, W_k, W_v)
    assert np.allclose(w.sum(-1), 1)
    for i in range(len(a)):
        assert np.allclose(b[i], ref.attention_output(i, a, W_q, W_k, W_v))


def test_softmax_is_stable_and_matches_torch():
    x = np.array([[1e4, 1e4 - 1, -1e4], [0.0, 1.0, 2.0]])
    for axis in (0, 1, -1):
        assert np.allclose(ref.softmax(x, axis), torch.softmax(torch.tensor(x), dim=axis).numpy())


def test_additive_score_by_hand():
    q, k = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    W = np.array([[1.0, 0, 0, 0], [0, 0, 0, 2.0]])
    assert np.isclose(ref.additive_score(q, k, W, np.array([1.0, -1.0])), np.tanh(1) - np.tanh(2))


def test_relu_normalizer_and_unknown_normalizer():
    a, W_q, W_k, W_v = random_problem(0)
    b, w = ref.self_attention(a, W_q, W_k, W_v, normalize="relu")
    assert np.allclose(w, np.maximum(ref.attention_scores(a, W_q, W_k), 0))
    with pytest.raises(ValueError, match="normalize"):
        ref.self_attention(a, W_q, W_k, W_v, normalize="tanh")


def test_permutation_equivariance():
    a, W_q, W_k, W_v = random_problem(1)
    perm = np.random.default_rng(0).permutation(len(a))
    assert np.allclose(
        ref.self_attention(a[perm], W_q, W_k, W_v)[0], ref.self_attention(a, W_q, W_k, W_v)[0][perm]
    )


def _module_and_batch(seed=0, B=3, N=6, d=4):
    torch.manual_seed(seed)
    module = ref.SelfAttention(d, d, d).double()
    x = torch.randn(B, N, d, dtype=torch.float64)
    mask = torch.arange(N)[None, :] < torch.tensor([N, N - 2, 2])[:, None]
    return module, x, mask


def test_numpy_and_torch_agree():
    module, x, _ = _module_and_batch()
    W = {n: getattr(module, n).weight.detach().numpy().T for n in ("W_q", "W_k", "W_v")}
    out, weights = module(x)
    b, w = ref.self_attention(x[0].numpy(), W["W_q"], W["W_k"], W["W_v"])
    assert np.allclose(out[0].detach().numpy(), b) and np.allclose(weights[0].detach().numpy(), w)


def test_agrees_with_scaled_dot_product_attention():
    module, x, mask = _module_and_batch()
    q, k, v = module.W_q(x), module.W_k(x), module.W_v(x)
    out, weights = module(x, mask)
    expected = F.scaled_dot_product_attention(q, k, v, attn_mask=mask[:, None, :], scale=1.0)
    assert torch.allclose(out[mask], expected[mask])
    assert torch.all(weights.masked_select(~mask[:, None, :]) == 0), (
        "padded keys get exactly zero weight"
    )
    assert torch.allclose(module(x)[0], F.scaled_dot_product_attention(q, k, v, scale=1.0))


def test_agrees_with_multihead_attention_with_one_head():
    torch.manual_seed(0)
    d = 4
    mha = torch.nn.MultiheadAttention(d, num_heads=1, bias=False, batch_first=True).double()
    _, x, mask = _module_and_batch()
    W_q, W_k, W_v = mha.in_proj_weight.chunk(3)
    out, weights = ref.masked_attention(
        x @ W_q.T, x @ W_k.T, x @ W_v.T, key_mask=mask, scale=d**-0.5
    )
    expected, expected_w = mha(x, x, x, key_padding_mask=~mask)
    assert torch.allclose(mha.out_proj(out)[mask], expected[mask])
    assert torch.allclose(weights[mask], expected_w[mask])


def test_all_padding_row_gives_zeros_not_nan():
    module, x, mask = _module_and_batch()
    mask[2] = False
    out, weights = module(x, mask)
    assert not out.isnan().any() and torch.all(weights[2] == 0)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_module_on_gpu_matches_cpu():
    module, x, mask = _module_and_batch()
    cpu_out, _ = module(x, mask)
    gpu_out, _ = module.to("cuda")(x.to("cuda"), mask.to("cuda"))
    assert gpu_out.device.type == "cuda"
    assert torch.allclose(gpu_out.cpu(), cpu_out)


@pytest.mark.parametrize("seed", [0, 1])
def test_self_attention_tagger_solves_the_long_range_task(seed):
    train, test = train_test_long_range(seed)
    torch.manual_seed(seed)
    model = ref.SelfAttentionTagger(train.vocab_size, train.n_classes).to(ref.default_device())
    train_tagger(model, train)
    assert tagging_accuracy(model, test) >= 0.95
