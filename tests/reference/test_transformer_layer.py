"""The reference of the chapter "Self-attention in practice" agrees with PyTorch's built-ins, and
each piece does what its docstring says."""

import math
import time

import pytest
import torch
from torch.nn import functional as F

from autograder import reference as ref
from autograder.learner.tagging import tagging_accuracy, train_tagger
from autograder.learner.transformer_layer import train_test_left_neighbour

DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
TOL = {
    torch.float32: dict(rtol=1e-5, atol=1e-5),
    torch.float64: dict(rtol=1e-10, atol=1e-12),
    torch.bfloat16: dict(rtol=2e-2, atol=2e-2),
}


def qkv(seed, batch, n_q, n_k, d, d_v, dtype=torch.float64, device="cpu"):
    g = torch.Generator().manual_seed(seed)
    make = lambda *s: torch.randn(*s, generator=g, dtype=torch.float64).to(device, dtype)  # noqa: E731
    return make(*batch, n_q, d), make(*batch, n_k, d), make(*batch, n_k, d_v)


def random_mask(seed, shape, device="cpu", keep_one=True):
    """Random bool mask; with ``keep_one`` every query may attend to at least one key (no
    empty rows)."""
    g = torch.Generator().manual_seed(seed)
    mask = torch.rand(*shape, generator=g) < 0.6
    if keep_one:
        mask[..., 0] = True
    return mask.to(device)


SHAPES = [((), 1, 1, 1, 1), ((2,), 5, 5, 4, 3), ((3, 2), 7, 9, 8, 5), ((1,), 33, 17, 16, 16)]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_sdpa_agrees_with_torch(shape, dtype, device):
    batch, n_q, n_k, d, d_v = shape
    q, k, v = qkv(0, batch, n_q, n_k, d, d_v, dtype, device)
    out, weights = ref.scaled_dot_product_attention(q, k, v)
    torch.testing.assert_close(out, F.scaled_dot_product_attention(q, k, v), **TOL[dtype])
    expected_w = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(d), dim=-1)
    torch.testing.assert_close(weights, expected_w, **TOL[dtype])


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("seed", range(3))
def test_masks_and_causal_agree_with_torch(seed, dtype, device):
    batch, n = (2, 3), 6
    q, k, v = qkv(seed, batch, n, n, 4, 3, dtype, device)
    mask = random_mask(seed, (*batch, n, n), device)
    out, weights = ref.scaled_dot_product_attention(q, k, v, mask=mask)
    torch.testing.assert_close(
        out, F.scaled_dot_product_attention(q, k, v, attn_mask=mask), **TOL[dtype]
    )
    assert bool((weights[~mask] == 0).all()), "forbidden keys get exactly zero weight"
    out, weights = ref.scaled_dot_product_attention(q, k, v, causal=True)
    torch.testing.assert_close(
        out, F.scaled_dot_product_attention(q, k, v, is_causal=True), **TOL[dtype]
    )
    assert bool((weights.triu(1) == 0).all()), "no query sees a later key"
    # A broadcast (N, N) mask together with causal: the intersection of both.
    mask2 = random_mask(seed + 1, (n, n), device)
    both = mask2 & torch.ones(n, n, dtype=torch.bool, device=device).tril()
    got, _ = ref.scaled_dot_product_attention(q, k, v, mask=mask2, causal=True)
    torch.testing.assert_close(
        got, F.scaled_dot_product_attention(q, k, v, attn_mask=both), **TOL[dtype]
    )


def test_causal_with_fewer_queries_is_top_left_aligned_like_torch():
    q, k, v = qkv(4, (2,), 3, 5, 4, 2)
    torch.testing.assert_close(
        ref.scaled_dot_product_attention(q, k, v, causal=True)[0],
        F.scaled_dot_product_attention(q, k, v, is_causal=True),
    )


def test_a_query_with_nothing_to_attend_gets_zeros_not_nan():
    """The reference defines the empty weighted sum as zero. PyTorch's answer there depends on the
    version and kernel (NaN in older versions and some backends, zeros in others), so only the other
    rows are compared."""
    q, k, v = qkv(1, (2,), 4, 4, 3, 2)
    mask = random_mask(1, (2, 4, 4))
    mask[0, 2] = False
    out, weights = ref.scaled_dot_product_attention(q, k, v, mask=mask)
    assert torch.isfinite(out).all() and torch.isfinite(weights).all()
    assert bool((out[0, 2] == 0).all()) and bool((weights[0, 2] == 0).all())
    torch_out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    keep = torch.ones(2, 4, dtype=torch.bool)
    keep[0, 2] = False
    torch.testing.assert_close(out[keep], torch_out[keep])


def copy_into_torch(mine: ref.MultiHeadSelfAttention, d_model, n_heads, dtype, device):
    theirs = torch.nn.MultiheadAttention(d_model, n_heads, batch_first=True).to(device, dtype)
    theirs.load_state_dict(mine.state_dict())
    return theirs


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("d_model,n_heads", [(8, 1), (8, 2), (12, 3), (16, 8)])
def test_multi_head_agrees_with_torch(d_model, n_heads, dtype, device):
    torch.manual_seed(d_model + n_heads)
    mine = ref.MultiHeadSelfAttention(d_model, n_heads).to(device, dtype)
    with torch.no_grad():  # non-zero biases, so a bias in the wrong place shows
        mine.in_proj_bias.normal_()
        mine.out_proj.bias.normal_()
    theirs = copy_into_torch(mine, d_model, n_heads, dtype, device)
    x = torch.randn(3, 6, d_model, dtype=dtype, device=device)
    mask = torch.arange(6, device=device)[None, :] < torch.tensor([6, 4, 1], device=device)[:, None]
    out, weights = mine(x)
    expected, expected_w = theirs(x, x, x, need_weights=True, average_attn_weights=False)
    torch.testing.assert_close(out, expected, **TOL[dtype])
    torch.testing.assert_close(weights, expected_w, **TOL[dtype])
    out, _ = mine(x, mask)
    torch.testing.assert_close(out, theirs(x, x, x, key_padding_mask=~mask)[0], **TOL[dtype])
    causal = torch.ones(6, 6, dtype=torch.bool, device=device).triu(1)
    torch.testing.assert_close(
        mine(x, causal=True)[0], theirs(x, x, x, attn_mask=causal)[0], **TOL[dtype]
    )


def test_multi_head_layout_and_errors():
    m = ref.MultiHeadSelfAttention(12, 3)
    assert m.in_proj_weight.shape == (36, 12) and m.in_proj_bias.shape == (36,)
    assert isinstance(m.out_proj, torch.nn.Linear) and m.out_proj.weight.shape == (12, 12)
    assert set(m.state_dict()) == set(
        torch.nn.MultiheadAttention(12, 3, batch_first=True).state_dict()
    )
    with pytest.raises(ValueError):
        ref.MultiHeadSelfAttention(10, 3)


def test_positional_encoding_formula():
    pe = ref.sinusoidal_positional_encoding(50, 16, dtype=torch.float64)
    assert pe.shape == (50, 16)
    for p in (0, 1, 7, 49):
        for i in range(8):
            angle = p / 10000 ** (2 * i / 16)
            assert math.isclose(pe[p, 2 * i], math.sin(angle), abs_tol=1e-12)
            assert math.isclose(pe[p, 2 * i + 1], math.cos(angle), abs_tol=1e-12)
    odd = ref.sinusoidal_positional_encoding(5, 7, dtype=torch.float64)
    assert odd.shape == (5, 7)
    assert math.isclose(odd[3, 6], math.sin(3 / 10000 ** (6 / 7)), abs_tol=1e-12)


def test_local_and_graph_masks():
    m = ref.local_attention_mask(6, 1)
    assert m.dtype == torch.bool and m.shape == (6, 6)
    assert [int(m[i].sum()) for i in range(6)] == [2, 3, 3, 3, 3, 2]
    assert bool(ref.local_attention_mask(4, 0).equal(torch.eye(4, dtype=torch.bool)))
    assert bool(ref.local_attention_mask(4, 10).all())
    adjacency = torch.tensor([[0, 1, 0], [1, 0, 1], [0, 1, 0]])
    g = ref.graph_attention_mask(adjacency)
    assert g.tolist() == [[True, True, False], [True, True, True], [False, True, True]]
    assert ref.graph_attention_mask(adjacency.float() * 0.5).equal(g)


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_bfloat16_on_gpu_agrees_with_torch():
    q, k, v = qkv(0, (2, 4), 128, 128, 64, 64, torch.bfloat16, "cuda")
    mask = random_mask(0, (2, 4, 128, 128), "cuda")
    for kwargs, torch_kwargs in [
        ({}, {}),
        ({"causal": True}, {"is_causal": True}),
        ({"mask": mask}, {"attn_mask": mask}),
    ]:
        out, _ = ref.scaled_dot_product_attention(q, k, v, **kwargs)
        assert out.dtype == torch.bfloat16 and out.device.type == "cuda"
        torch.testing.assert_close(
            out, F.scaled_dot_product_attention(q, k, v, **torch_kwargs), **TOL[torch.bfloat16]
        )
    torch.manual_seed(0)
    mine = ref.MultiHeadSelfAttention(64, 4).to("cuda", torch.bfloat16)
    theirs = copy_into_torch(mine, 64, 4, torch.bfloat16, "cuda")
    x = torch.randn(2, 50, 64, device="cuda", dtype=torch.bfloat16)
    torch.testing.assert_close(mine(x)[0], theirs(x, x, x)[0], **TOL[torch.bfloat16])


def test_positions_solve_the_task_that_chapter_4_cannot():
    torch.set_num_threads(1)
    train, test = train_test_left_neighbour(seed=0)
    torch.manual_seed(0)
    tagger = ref.PositionalTagger(train.vocab_size, train.n_classes)
    start = time.perf_counter()
    train_tagger(tagger, train, epochs=12, lr=5e-3)
    assert time.perf_counter() - start < 20
    assert tagging_accuracy(tagger, test) >= 0.95
    torch.manual_seed(0)
    blind = ref.SelfAttentionTagger(train.vocab_size, train.n_classes)
    train_tagger(blind, train, epochs=12, lr=5e-3)
    assert tagging_accuracy(blind, test) < 0.40, "without positions the task is near chance (1/3)"
