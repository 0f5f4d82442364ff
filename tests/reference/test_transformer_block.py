"""The reference of the chapter "Attention at scale and the Transformer block" agrees with PyTorch's
built-ins, and each piece does what its docstring says."""

import pytest
import torch
from torch.nn import functional as F

from autograder import reference as ref

from .test_transformer_layer import DEVICES, TOL, qkv


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("chunk_size", [1, 3, 8, 64, 1000])
def test_chunked_attention_is_exact(chunk_size, dtype, device):
    q, k, v = qkv(chunk_size, (2,), 37, 64, 16, 8, dtype, device)
    q = q * 3  # large scores: without the running maximum exp would lose the small ones
    expected, _ = ref.scaled_dot_product_attention(q, k, v)
    torch.testing.assert_close(ref.chunked_attention(q, k, v, chunk_size), expected, **TOL[dtype])


def test_chunked_attention_never_builds_the_full_score_matrix(monkeypatch):
    """Every matrix product it makes has at most chunk_size key columns."""
    q, k, v = qkv(0, (), 40, 40, 8, 8)
    widths = []
    real_exp = torch.exp

    def spy(x, *args, **kwargs):
        widths.append(x.shape[-1])
        return real_exp(x, *args, **kwargs)

    monkeypatch.setattr(torch, "exp", spy)
    out = ref.chunked_attention(q, k, v, 16)
    assert max(widths) <= 16
    monkeypatch.undo()
    torch.testing.assert_close(out, ref.scaled_dot_product_attention(q, k, v)[0])
    with pytest.raises(ValueError):
        ref.chunked_attention(q, k, v, 0)


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_chunked_attention_in_bfloat16_on_gpu_agrees_with_torch():
    q, k, v = qkv(0, (2, 4), 128, 128, 64, 64, torch.bfloat16, "cuda")
    torch.testing.assert_close(
        ref.chunked_attention(q, k, v, 32),
        F.scaled_dot_product_attention(q, k, v),
        **TOL[torch.bfloat16],
    )


def test_chunked_attention_has_the_same_gradients():
    """With autograd the chunked version must not work in place (it would corrupt saved tensors)."""
    q, k, v = (t.requires_grad_() for t in qkv(2, (2,), 9, 13, 4, 3))
    got = torch.autograd.grad(ref.chunked_attention(q, k, v, 4).sum(), (q, k, v))
    expected = torch.autograd.grad(ref.scaled_dot_product_attention(q, k, v)[0].sum(), (q, k, v))
    for a, b in zip(got, expected):
        torch.testing.assert_close(a, b)


# --------------------------------------------------------------------------------------------------
# The Transformer encoder block agrees with torch.nn.TransformerEncoderLayer
# --------------------------------------------------------------------------------------------------


def twin_blocks(norm_first, dropout=0.0, device="cpu", dtype=torch.float64, seed=0):
    torch.manual_seed(seed)
    mine = ref.TransformerEncoderBlock(16, 4, d_ff=24, dropout=dropout, norm_first=norm_first).to(
        device, dtype
    )
    theirs = torch.nn.TransformerEncoderLayer(
        16, 4, dim_feedforward=24, dropout=dropout, norm_first=norm_first, batch_first=True
    ).to(device, dtype)
    # make the biases and norms non-trivial, so that copying them is tested too
    with torch.no_grad():
        for p in mine.parameters():
            p.add_(0.1 * torch.randn_like(p))
    return mine, ref.copy_encoder_weights(mine, theirs)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("norm_first", [False, True], ids=["post-norm", "pre-norm"])
@pytest.mark.parametrize("train_mode", [False, True], ids=["eval", "train"])
def test_encoder_block_agrees_with_torch_padding_masks_included(norm_first, train_mode, device):
    mine, theirs = twin_blocks(norm_first, device=device)
    mine.train(train_mode)
    theirs.train(train_mode)
    g = torch.Generator().manual_seed(1)
    x = torch.randn(3, 7, 16, generator=g, dtype=torch.float64).to(device)
    lengths = torch.tensor([7, 4, 1])
    mask = (torch.arange(7)[None, :] < lengths[:, None]).to(device)  # True at real positions
    for m in (None, mask):
        out = mine(x, m)
        expected = theirs(x, src_key_padding_mask=None if m is None else ref.key_padding_mask(m))
        # padded rows: PyTorch's fast path may zero them
        real = torch.ones_like(mask) if m is None else mask
        torch.testing.assert_close(out[real], expected[real], rtol=1e-10, atol=1e-10)
    # The mask matters: a padded key changes the real positions' output once it is no longer masked.
    assert not torch.allclose(mine(x, mask)[1, :4], mine(x)[1, :4])


@pytest.mark.parametrize("norm_first", [False, True], ids=["post-norm", "pre-norm"])
def test_encoder_block_agrees_with_torch_in_float32_and_gradients_match(norm_first):
    mine, theirs = twin_blocks(norm_first, dtype=torch.float32)
    x = torch.randn(2, 5, 16)
    mask = torch.tensor([[True] * 5, [True, True, True, False, False]])
    out = mine(x, mask)
    expected = theirs(x, src_key_padding_mask=ref.key_padding_mask(mask))
    torch.testing.assert_close(out[mask], expected[mask], rtol=1e-5, atol=1e-5)
    out[mask].square().sum().backward()
    expected[mask].square().sum().backward()
    theirs_grads = dict(theirs.named_parameters())
    for name, p in mine.named_parameters():
        torch.testing.assert_close(p.grad, theirs_grads[name].grad, rtol=1e-4, atol=1e-5, msg=name)


def test_pre_and_post_norm_differ_and_dropout_acts_only_in_training():
    post, _ = twin_blocks(norm_first=False, dropout=0.5)
    pre, _ = twin_blocks(norm_first=True, dropout=0.5)
    pre.load_state_dict(post.state_dict())
    x = torch.randn(2, 6, 16, dtype=torch.float64)
    post.eval()
    pre.eval()
    assert not torch.allclose(post(x), pre(x))
    assert torch.equal(post(x), post(x)) and torch.equal(pre(x), pre(x))  # no dropout in eval mode
    post.train()
    assert not torch.allclose(post(x), post(x))  # dropout draws a new mask each call


def test_copy_encoder_weights_refuses_a_mismatch_and_copies_back():
    mine, theirs = twin_blocks(norm_first=False)
    other = ref.TransformerEncoderBlock(16, 4, d_ff=24, dropout=0.0).double()
    ref.copy_encoder_weights(theirs, other)
    for (name, a), (_, b) in zip(mine.named_parameters(), other.named_parameters()):
        assert torch.equal(a, b), name
    with pytest.raises(ValueError, match="parameters differ"):
        ref.copy_encoder_weights(
            mine, torch.nn.TransformerEncoderLayer(16, 4, dim_feedforward=32, batch_first=True)
        )


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a GPU")
def test_encoder_block_follows_its_input_to_the_gpu():
    block = ref.TransformerEncoderBlock(16, 4, d_ff=24).to("cuda")
    x = torch.randn(2, 5, 16, device="cuda")
    assert block(x, torch.ones(2, 5, dtype=torch.bool, device="cuda")).device.type == "cuda"
