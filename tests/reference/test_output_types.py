"""The reference code of the output-types chapter agrees with PyTorch's own functions and with loops
written from the definitions; the synthetic utterances are what their module promises (seeded,
right-padded, a single frame ambiguous, the utterance mean clear); and the assignment's recipe
trains over several seeds."""

import nbformat
import pytest
import torch
from torch import nn

from autograder.learner.output_types import train_test_utterances
from autograder.reference import output_types as ref

from ..helpers import ROOT  # noqa: E402


def random_sequences(seed: int, lengths, d: int = 3, dtype=torch.float64):
    g = torch.Generator().manual_seed(seed)
    return [torch.randn(n, d, generator=g, dtype=dtype) for n in lengths]


# ------------------------------------------------------------------------------------------ padding


def test_pad_batch_by_hand():
    batch, mask = ref.pad_batch([torch.ones(2, 1), torch.full((3, 1), 2.0)], pad_value=-1.0)
    assert batch[..., 0].tolist() == [[1, 1, -1], [2, 2, 2]]
    assert mask.dtype == torch.bool and mask.tolist() == [[True, True, False], [True, True, True]]


@pytest.mark.parametrize("lengths", [(3, 5, 1), (4,), (2, 2, 2), (0, 3)])
def test_pad_batch_agrees_with_pad_sequence_and_keeps_each_sequence(lengths):
    seqs = random_sequences(0, lengths)
    batch, mask = ref.pad_batch(seqs, pad_value=7.0)
    assert torch.equal(batch, nn.utils.rnn.pad_sequence(seqs, batch_first=True, padding_value=7.0))
    for i, s in enumerate(seqs):
        assert torch.equal(batch[i][mask[i]], s) and int(mask[i].sum()) == len(s)
        assert bool(mask[i, : len(s)].all()) and not bool(mask[i, len(s) :].any()), "right padding"


def test_pad_batch_rejects_bad_input():
    with pytest.raises(ValueError):
        ref.pad_batch([])
    with pytest.raises(ValueError):
        ref.pad_batch([torch.zeros(2, 3), torch.zeros(2, 4)])
    with pytest.raises(ValueError):
        ref.pad_batch([torch.zeros(3)])


# -------------------------------------------------------------------------------------- masked mean


def test_masked_mean_is_the_mean_of_each_unpadded_sequence_whatever_the_padding():
    seqs = random_sequences(1, (4, 1, 6))
    for pad_value in (0.0, 1e6, float("inf"), float("nan")):
        batch, mask = ref.pad_batch(seqs, pad_value=pad_value)
        expected = torch.stack([s.mean(0) for s in seqs])
        assert torch.allclose(ref.masked_mean(batch, mask), expected), pad_value


def test_masked_mean_of_an_empty_row_is_zero_and_float32_stays_float32():
    batch, mask = ref.pad_batch(
        random_sequences(2, (3, 0), dtype=torch.float32), pad_value=float("nan")
    )
    out = ref.masked_mean(batch, mask)
    assert out.dtype == torch.float32 and torch.equal(out[1], torch.zeros(3))
    assert torch.isfinite(out).all()


# --------------------------------------------------------------------------------------------- loss


def test_masked_cross_entropy_agrees_with_ignore_index_and_with_a_loop():
    g = torch.Generator().manual_seed(3)
    logits = torch.randn(3, 5, 4, generator=g, dtype=torch.float64, requires_grad=True)
    labels = torch.randint(0, 4, (3, 5), generator=g)
    mask = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 0, 0, 0], [1, 1, 1, 0, 0]], dtype=torch.bool)
    loss = ref.masked_cross_entropy(logits, labels, mask)
    ignored = nn.functional.cross_entropy(logits.transpose(1, 2), labels.masked_fill(~mask, -100))
    terms = [
        -torch.log_softmax(logits[b, i], -1)[labels[b, i]]
        for b in range(3)
        for i in range(5)
        if mask[b, i]
    ]
    assert torch.allclose(loss, ignored) and torch.allclose(loss, torch.stack(terms).mean())
    loss.backward()
    assert torch.all(logits.grad[~mask] == 0) and torch.all(logits.grad[mask].abs().sum(-1) > 0)


# ------------------------------------------------------------------------------------------- models


def test_per_vector_classifier_labels_each_vector_alone():
    torch.manual_seed(0)
    model = ref.PerVectorClassifier(3, 2).double()
    x = torch.randn(2, 4, 3, dtype=torch.float64)
    out = model(x)
    assert out.shape == (2, 4, 2)
    assert torch.allclose(out[1, 2], model(x[1, 2][None, None])[0, 0])


def test_sequence_classifier_ignores_padding_and_is_linear_on_the_mean():
    torch.manual_seed(0)
    model = ref.SequenceClassifier(3, 4).double()
    seqs = random_sequences(4, (5, 2, 3))
    batch, mask = ref.pad_batch(seqs, pad_value=123.0)
    out = model(batch, mask)
    assert out.shape == (3, 4)
    for i, s in enumerate(seqs):
        alone = model(s[None], torch.ones(1, len(s), dtype=torch.bool))[0]
        assert torch.allclose(out[i], alone) and torch.allclose(out[i], model.linear(s.mean(0)))


def test_models_run_on_the_meta_device():
    """A tensor created on the CPU inside forward would clash here, and on a GPU."""
    x = torch.empty(2, 5, 4, device="meta")
    mask = torch.ones(2, 5, dtype=torch.bool, device="meta")
    assert ref.SequenceClassifier(4, 3).to("meta")(x, mask).device.type == "meta"
    assert ref.PerVectorClassifier(4, 3).to("meta")(x).device.type == "meta"
    frame_logits, seq_logits = ref.TwoHeadModel(4, 2, 3).to("meta")(x, mask)
    assert (
        frame_logits.shape == (2, 5, 2)
        and seq_logits.shape == (2, 3)
        and seq_logits.device.type == "meta"
    )
    batch, pad_mask = ref.pad_batch(
        [torch.empty(3, 4, device="meta"), torch.empty(1, 4, device="meta")]
    )
    assert batch.device.type == pad_mask.device.type == "meta"


def test_collapse_repeats():
    assert ref.collapse_repeats("aaabbcaa") == list("abca")
    assert ref.collapse_repeats([]) == [] and ref.collapse_repeats([2, 2]) == [2]


def test_tasks_cover_the_three_kinds_inside_and_outside_the_chapter():
    assert len(ref.TASKS) >= 8 and set(ref.OUTPUT_TYPE.values()) == set(ref.OUTPUT_KINDS)
    for in_chapter in (True, False):
        kinds = {kind for _, kind, chapter in ref.TASKS.values() if chapter == in_chapter}
        assert kinds == set(ref.OUTPUT_KINDS), in_chapter


def test_the_notebook_lists_the_same_tasks_as_the_answer_key():
    nb = nbformat.read(ROOT / "solutions" / "02_output_types" / "output_types.ipynb", as_version=4)
    (cell,) = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "tasks"]
    ns: dict = {}
    exec(cell.source, ns)
    assert ns["TASKS"] == {task: desc for task, (desc, _, _) in ref.TASKS.items()}
    assert tuple(ns["KINDS"]) == ref.OUTPUT_KINDS


# --------------------------------------------------------------------------------------------- data


@pytest.mark.parametrize("seed", range(5))
def test_the_assignment_recipe_reaches_90_percent_on_every_seed(seed):
    torch.manual_seed(seed)
    train, test = train_test_utterances(seed=seed)
    model = ref.SequenceClassifier(train.d, train.n_speakers)
    frames, mask, speakers, _ = train.to_torch()
    ref.train_sequence_classifier(model, frames, mask, speakers, steps=200, lr=0.05)
    test_frames, test_mask, test_speakers, _ = test.to_torch()
    # margin over the 90%
    assert ref.sequence_accuracy(model, test_frames, test_mask, test_speakers) >= 0.95


def test_two_head_model_learns_both_kinds_of_output():
    torch.manual_seed(0)
    train, test = train_test_utterances(seed=0, n_train=1000)
    model = ref.TwoHeadModel(train.d, train.n_phones, train.n_speakers)
    ref.train_two_heads(model, *(train.to_torch()[i] for i in (0, 1, 2, 3)))
    frames, mask, speakers, phones = test.to_torch()
    with torch.no_grad():
        frame_logits, seq_logits = model(frames, mask)
    assert (frame_logits.argmax(-1)[mask] == phones[mask]).float().mean() > 0.9
    assert (seq_logits.argmax(-1) == speakers).float().mean() > 0.95
