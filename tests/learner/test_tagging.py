"""autograder.learner.tagging: the padded tagging batches and the training loop every tagger of the
course uses."""

import numpy as np
import torch
from torch import nn

from autograder.learner.self_attention import make_long_range_tagging
from autograder.learner.tagging import (
    PAD,
    TaggingData,
    _token_loss,
    decode,
    encode,
    tagging_accuracy,
    train_tagger,
)


def test_cards_encode_and_decode_back():
    symbols, colours = np.array([0, 3, 5]), np.array([2, 0, 1])
    tokens = encode(symbols, colours, n_colors=3)
    assert PAD not in tokens
    back = decode(tokens, n_colors=3)
    assert (back[0] == symbols).all() and (back[1] == colours).all()


def test_the_training_loss_counts_real_positions_only():
    g = torch.Generator().manual_seed(0)
    logits, labels = torch.randn(2, 4, 3, generator=g), torch.randint(0, 3, (2, 4), generator=g)
    mask = torch.tensor([[True, True, False, False], [True, True, True, False]])
    expected = nn.functional.cross_entropy(logits[mask], labels[mask])
    assert torch.allclose(_token_loss(logits, labels, mask), expected)
    junk = logits.clone()
    junk[~mask] = 1e3  # whatever sits at padded positions changes nothing
    assert torch.allclose(_token_loss(junk, labels, mask), expected)


class Lookup(nn.Module):
    """A tagger that sees one token at a time: enough to learn a per-token rule."""

    def __init__(self, vocab: int, n_classes: int):
        super().__init__()
        self.embed = nn.Embedding(vocab, n_classes)

    def forward(self, tokens, mask):
        return self.embed(tokens)


def test_train_tagger_lowers_the_loss_and_tagging_accuracy_counts_real_positions():
    data = make_long_range_tagging(200, seed=1)
    # The label is the token's own colour: learnable one token at a time.
    labels = np.where(data.mask, decode(np.where(data.mask, data.tokens, 1), 3)[1], 0)
    own = TaggingData(data.tokens, labels, data.mask, data.vocab_size, data.n_classes)
    torch.manual_seed(0)
    model = Lookup(own.vocab_size, own.n_classes)
    history = train_tagger(model, own, epochs=30, lr=0.1)
    assert history[-1] < history[0] / 2
    assert tagging_accuracy(model, own) > 0.95
    assert [len(s) for s in own.sequences()] == own.mask.sum(1).tolist()
