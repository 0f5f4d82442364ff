"""Realistic submissions for assignment 02_output_types, each with the grade it must get.

WRONG: one mistake each (answers replace the named solution cells); it must lose the points of
``part`` and only those (or also ``also_lost``), and the learner must read ``message`` in that
part's failure. RIGHT: correct but written differently; full marks.
"""

from . import Case

ASSIGNMENT, NOTEBOOK = "02_output_types", "output_types"
MANUAL = {"answer_own_field"}  # graded by hand

ANSWER_KEY = {
    "pos_tagging": "per-vector",
    "language_id": "per-sequence",
    "translation": "seq2seq",
    "voice_activity": "per-vector",
    "speaker_id": "per-sequence",
    "summarization": "seq2seq",
    "atom_charges": "per-vector",
    "molecule_toxicity": "per-sequence",
    "named_entities": "per-vector",
    "review_stars": "per-sequence",
    "speech_recognition": "seq2seq",
    "question_answering": "seq2seq",
}


def output_types(**changes) -> str:
    key = {**ANSWER_KEY, **changes}
    return (
        "OUTPUT_TYPE = {\n"
        + "".join(f"    {t!r}: {k!r},\n" for t, k in key.items() if k is not None)
        + "}"
    )


PAD = "def pad_batch(seqs, pad_value=0.0):\n"
PAD_CHECKS = (
    "    if len(seqs) == 0:\n        raise ValueError('no sequences')\n"
    "    if len({s.shape[1] for s in seqs}) > 1:\n        raise ValueError('feature "
    "sizes differ')\n"
)
PAD_MASK = (
    "    lengths = torch.tensor([len(s) for s in seqs], device=seqs[0].device)\n"
    "    mask = torch.arange(batch.shape[1], device=seqs[0].device)[None, :] < lengths[:, None]\n"
)
PAD_SEQUENCE = (
    "    batch = nn.utils.rnn.pad_sequence(list(seqs), batch_first=True, padding_value=pad_value)\n"
)

MEAN = "def masked_mean(x, mask):\n"
PER_VECTOR = """class PerVectorClassifier(nn.Module):
    def __init__(self, d_in, n_classes):
        super().__init__()
        self.linear = nn.Linear(d_in, n_classes)

    def forward(self, x):
"""
SEQUENCE = """class SequenceClassifier(nn.Module):
    def __init__(self, d_in, n_classes):
        super().__init__()
        self.linear = nn.Linear(d_in, n_classes)

    def forward(self, x, mask):
"""
LOSS = "def masked_cross_entropy(logits, labels, mask):\n"
PER_POSITION = (
    "    per = nn.functional.cross_entropy(logits.transpose(1, 2), labels, reduction='none')\n"
)

WRONG = [
    # Part 1
    Case(
        "type_chapter_wrong",
        {"OUTPUT_TYPE": output_types(speaker_id="per-vector")},
        "test_output_type_chapter",
        "OUTPUT_TYPE['speaker_id'] is 'per-vector'",
    ),
    Case(
        "type_new_wrong",
        {"OUTPUT_TYPE": output_types(atom_charges="per-sequence")},
        "test_output_type_new",
        "OUTPUT_TYPE['atom_charges'] is 'per-sequence'",
    ),
    Case(
        "type_invalid_value",
        {"OUTPUT_TYPE": output_types(named_entities="one label per word")},
        "test_output_type_new",
        "which is not one of",
    ),
    Case(
        "type_missing_task",
        {"OUTPUT_TYPE": output_types(question_answering=None)},
        "test_output_type_new",
        "no entry for 'question_answering'",
    ),
    # Part 2
    Case(
        "pad_left",
        {
            "pad_batch": PAD
            + PAD_CHECKS
            + (
                "    n = max(len(s) for s in seqs)\n"
                "    batch = torch.stack([torch.cat([s.new_full((n - len(s), s.shape[1]), "
                "pad_value), s]) for s in seqs])\n"
                "    lengths = torch.tensor([len(s) for s in seqs], device=seqs[0].device)\n"
                "    mask = torch.arange(n, device=seqs[0].device)[None, :] >= n - "
                "lengths[:, None]\n"
                "    return batch, mask"
            )
        },
        "test_pad_batch",
        "the padding is on the wrong side",
    ),
    Case(
        "pad_left_values_only",
        {
            "pad_batch": PAD
            + PAD_CHECKS
            + (
                "    n = max(len(s) for s in seqs)\n"
                "    batch = torch.stack([torch.cat([s.new_full((n - len(s), s.shape[1]), "
                "pad_value), s]) for s in seqs])\n" + PAD_MASK + "    return batch, mask"
            )
        },
        "test_pad_batch",
        "the padding is on the wrong side",
    ),
    Case(
        "pad_mask_reversed",
        {"pad_batch": PAD + PAD_CHECKS + PAD_SEQUENCE + PAD_MASK + ("    return batch, ~mask")},
        "test_pad_batch",
        "the mask is reversed",
    ),
    Case(
        "pad_mask_float",
        {
            "pad_batch": PAD
            + PAD_CHECKS
            + PAD_SEQUENCE
            + PAD_MASK
            + ("    return batch, mask.float()")
        },
        "test_pad_batch",
        "must be a bool tensor",
    ),
    Case(
        "pad_value_ignored",
        {
            "pad_batch": PAD
            + PAD_CHECKS
            + ("    batch = nn.utils.rnn.pad_sequence(list(seqs), batch_first=True)\n")
            + PAD_MASK
            + ("    return batch, mask")
        },
        "test_pad_batch",
        "must hold pad_value",
    ),
    Case(
        "pad_sorted_by_length",
        {
            "pad_batch": PAD
            + PAD_CHECKS
            + ("    seqs = sorted(seqs, key=len, reverse=True)\n")
            + PAD_SEQUENCE
            + PAD_MASK
            + ("    return batch, mask")
        },
        "test_pad_batch",
        "keep the order of seqs",
    ),
    Case(
        "pad_no_value_error",
        {"pad_batch": PAD + PAD_SEQUENCE + PAD_MASK + ("    return batch, mask")},
        "test_pad_batch_errors",
        "should raise ValueError",
    ),
    Case(
        "pad_mask_on_cpu",
        {
            "pad_batch": PAD
            + PAD_CHECKS
            + PAD_SEQUENCE
            + (
                "    lengths = torch.tensor([len(s) for s in seqs])\n"
                "    mask = torch.arange(batch.shape[1])[None, :] < lengths[:, None]\n"
                "    return batch, mask"
            )
        },
        "test_pad_batch_device",
        "keep everything on the device of the inputs",
    ),
    Case(
        "pad_batch_on_cpu",
        {
            "pad_batch": PAD
            + PAD_CHECKS
            + (
                "    n, d = max(len(s) for s in seqs), seqs[0].shape[1]\n"
                "    batch = torch.full((len(seqs), n, d), pad_value, dtype=seqs[0].dtype)\n"
                "    mask = torch.zeros(len(seqs), n, dtype=torch.bool)\n"
                "    for i, s in enumerate(seqs):\n"
                "        batch[i, :len(s)] = s\n"
                "        mask[i, :len(s)] = True\n"
                "    return batch, mask"
            )
        },
        "test_pad_batch_device",
        "creates a tensor on the CPU",
    ),
    # Part 3: a wrong masked_mean costs Part 3 only; SequenceClassifier calls it but is graded with
    # the reference.
    Case(
        "mean_counts_padding",
        {"masked_mean": MEAN + "    return x.mean(dim=1)"},
        "test_masked_mean",
        "padding is counted in the mean",
        ("test_masked_mean_empty_row", "test_speaker_model"),
    ),
    Case(
        "mean_divides_by_n",
        {"masked_mean": MEAN + ("    return (x * mask.unsqueeze(-1)).sum(1) / x.shape[1]")},
        "test_masked_mean",
        "divided by all N positions",
        ("test_speaker_model",),
    ),
    Case(
        "mean_mask_reversed",
        {
            "masked_mean": MEAN
            + (
                "    keep = (~mask).unsqueeze(-1)\n"
                "    return (x * keep).sum(1) / keep.sum(1).clamp(min=1)"
            )
        },
        "test_masked_mean",
        "the mask is reversed",
        ("test_masked_mean_empty_row", "test_speaker_model"),
    ),
    Case(
        "mean_nan_on_empty_row",
        {
            "masked_mean": MEAN
            + ("    m = mask.unsqueeze(-1).to(x.dtype)\n    return (x * m).sum(1) / m.sum(1)")
        },
        "test_masked_mean_empty_row",
        "gives NaN",
    ),
    Case(
        "mean_zeros_on_cpu",
        {
            "masked_mean": MEAN
            + (
                "    m = mask.unsqueeze(-1).to(x.dtype)\n"
                "    count = m.sum(1)\n"
                "    return torch.where(count > 0, (x * m).sum(1) / count, "
                "torch.zeros(x.shape[0], x.shape[2]))"
            )
        },
        "test_masked_mean_device",
        "creates a tensor on the CPU",
    ),
    # Part 4
    Case(
        "per_vector_pools",
        {"PerVectorClassifier": PER_VECTOR + ("        return self.linear(x.mean(dim=1))")},
        "test_PerVectorClassifier",
        "one label per sequence",
    ),
    Case(
        "per_vector_softmax",
        {
            "PerVectorClassifier": PER_VECTOR
            + ("        return torch.softmax(self.linear(x), dim=-1)")
        },
        "test_PerVectorClassifier",
        "returned probabilities",
    ),
    Case(
        "per_vector_mixes_positions",
        {
            "PerVectorClassifier": PER_VECTOR
            + ("        return self.linear(x - x.mean(dim=1, keepdim=True))")
        },
        "test_PerVectorClassifier",
        "depend on the other vectors",
    ),
    # Part 5 (the pooling written inline, as learners do)
    Case(
        "seq_counts_padding",
        {"SequenceClassifier": SEQUENCE + ("        return self.linear(x.mean(dim=1))")},
        "test_SequenceClassifier",
        "padded positions were counted",
        ("test_speaker_model",),
    ),
    Case(
        "seq_mask_reversed",
        {
            "SequenceClassifier": SEQUENCE
            + (
                "        keep = (~mask).unsqueeze(-1).float()\n"
                "        return self.linear((x * keep).sum(1) / keep.sum(1).clamp(min=1))"
            )
        },
        "test_SequenceClassifier",
        "the mask is reversed",
        ("test_speaker_model",),
    ),
    Case(
        "seq_first_vector",
        {"SequenceClassifier": SEQUENCE + ("        return self.linear(x[:, 0])")},
        "test_SequenceClassifier",
        "first vector only",
        ("test_speaker_model",),
    ),
    Case(
        "seq_max_pool",
        {
            "SequenceClassifier": SEQUENCE
            + (
                "        return self.linear(x.masked_fill(~mask.unsqueeze(-1), "
                "float('-inf')).amax(dim=1))"
            )
        },
        "test_SequenceClassifier",
        "pooled with a max",
        ("test_speaker_model",),
    ),
    Case(
        "seq_no_pooling",
        {"SequenceClassifier": SEQUENCE + "        return self.linear(x)"},
        "test_SequenceClassifier",
        "one label per vector",
        ("test_speaker_model",),
    ),
    Case(
        "seq_cpu_tensor",
        {
            "SequenceClassifier": SEQUENCE
            + (
                "        m = mask.unsqueeze(-1).to(x.dtype)\n"
                "        return self.linear((x * m).sum(1) / "
                "torch.maximum(m.sum(1), torch.ones(1)))"
            )
        },
        "test_SequenceClassifier_device",
        "creates a tensor on the CPU",
    ),
    # Part 6
    Case(
        "loss_over_all_positions",
        {
            "masked_cross_entropy": LOSS
            + (
                "    return nn.functional.cross_entropy(logits.reshape(-1, "
                "logits.shape[-1]), labels.reshape(-1))"
            )
        },
        "test_masked_cross_entropy",
        "averaged over the padded positions too",
    ),
    Case(
        "loss_divides_by_all",
        {"masked_cross_entropy": LOSS + PER_POSITION + ("    return (per * mask).mean()")},
        "test_masked_cross_entropy",
        "divided by all B * N positions",
    ),
    Case(
        "loss_per_sequence_mean",
        {
            "masked_cross_entropy": LOSS
            + PER_POSITION
            + ("    m = mask.float()\n    return ((per * m).sum(1) / m.sum(1)).mean()")
        },
        "test_masked_cross_entropy",
        "you averaged each sequence, then the sequences",
    ),
    Case(
        "loss_sum",
        {"masked_cross_entropy": LOSS + PER_POSITION + ("    return (per * mask).sum()")},
        "test_masked_cross_entropy",
        "you returned the sum",
    ),
    Case(
        "loss_mask_reversed",
        {
            "masked_cross_entropy": LOSS
            + ("    return nn.functional.cross_entropy(logits[~mask], labels[~mask])")
        },
        "test_masked_cross_entropy",
        "the mask is reversed",
    ),
    Case(
        "loss_item",
        {
            "masked_cross_entropy": LOSS
            + ("    return nn.functional.cross_entropy(logits[mask], labels[mask]).item()")
        },
        "test_masked_cross_entropy",
        "return a torch tensor",
    ),
    Case(
        "loss_weights_on_cpu",
        {
            "masked_cross_entropy": LOSS
            + PER_POSITION
            + (
                "    weights = torch.zeros(mask.shape)\n"
                "    weights[mask] = 1.0\n"
                "    return (per * weights).sum() / weights.sum()"
            )
        },
        "test_masked_cross_entropy_device",
        "creates a tensor on the CPU",
    ),
    # Part 7
    Case(
        "speaker_untrained",
        {
            "train_speaker_model": (
                "train_data, test_data = train_test_utterances(seed=0)\n"
                "device = torch.device('cpu')\n"
                "test_frames, test_mask, test_speakers, _ = test_data.to_torch(device)\n"
                "speaker_model = SequenceClassifier(train_data.d, train_data.n_speakers)\n"
                "with torch.no_grad():\n"
                "    test_accuracy = (speaker_model(test_frames, test_mask).argmax(-1) "
                "== test_speakers).float().mean()"
            )
        },
        "test_speaker_model",
        "it needs at least 90%",
    ),
]

RIGHT = [
    Case(
        "spelling_loops_and_pad_sequence",
        {
            "OUTPUT_TYPE": output_types(
                pos_tagging="Per-Vector",
                review_stars="per sequence",
                translation="sequence-to-sequence",
            ),
            "pad_batch": PAD
            + (
                "    if not seqs:\n        raise ValueError('empty')\n"
                "    d = seqs[0].shape[-1]\n"
                "    for s in seqs:\n"
                "        if s.shape[-1] != d:\n            raise ValueError('mismatched d')\n"
                "    batch = nn.utils.rnn.pad_sequence(seqs, "
                "batch_first=True, padding_value=pad_value)\n"
                "    mask = torch.zeros(batch.shape[:2], dtype=torch.bool, device=batch.device)\n"
                "    for i, s in enumerate(seqs):\n"
                "        mask[i, :s.shape[0]] = True\n"
                "    return batch, mask"
            ),
            "masked_mean": MEAN
            + (
                "    rows = []\n"
                "    for b in range(x.shape[0]):\n"
                "        real = x[b][mask[b]]\n"
                "        rows.append(real.mean(0) if len(real) > 0 else "
                "torch.zeros_like(x[b, 0]))\n"
                "    return torch.stack(rows)"
            ),
            "masked_cross_entropy": LOSS
            + (
                "    total, count = 0.0, 0\n"
                "    for b in range(logits.shape[0]):\n"
                "        for i in range(logits.shape[1]):\n"
                "            if mask[b, i]:\n"
                "                total = total - torch.log_softmax(logits[b, i], "
                "-1)[labels[b, i]]\n"
                "                count += 1\n"
                "    return total / count"
            ),
        },
    ),
    Case(
        "float_masks_prints_and_warnings",
        {
            "masked_mean": MEAN
            + (
                "    import warnings\n    warnings.warn('float mask in masked_mean')\n"
                "    print('pooling', tuple(x.shape))\n"
                "    m = mask.unsqueeze(-1).float()\n"
                "    return (x * m).sum(dim=1) / m.sum(dim=1).clamp(min=1.0)"
            ),
            "masked_cross_entropy": LOSS
            + (
                "    ignored = labels.masked_fill(~mask, -100)\n"
                "    return nn.functional.cross_entropy(logits.transpose(1, 2), "
                "ignored, ignore_index=-100)"
            ),
            "PerVectorClassifier": (
                "class PerVectorClassifier(nn.Module):\n"
                "    def __init__(self, d_in, n_classes, hidden=16):\n"
                "        super().__init__()\n"
                "        self.net = nn.Sequential(nn.Linear(d_in, hidden), nn.ReLU(), "
                "nn.Linear(hidden, n_classes))\n\n"
                "    def forward(self, x):\n"
                "        print('per-vector forward')\n"
                "        return self.net(x)"
            ),
        },
    ),
    Case(
        "linear_before_pooling_and_minibatches",
        {
            "SequenceClassifier": (
                "class SequenceClassifier(nn.Module):\n"
                "    def __init__(self, d_in, n_classes):\n"
                "        super().__init__()\n"
                "        self.score = nn.Linear(d_in, n_classes)\n\n"
                "    def forward(self, x, mask):\n"
                "        return masked_mean(self.score(x), mask)  # linear then mean = mean then "
                "linear"
            ),
            "train_speaker_model": (
                "train_data, test_data = train_test_utterances(seed=0)\n"
                "device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')\n"
                "frames, mask, speakers, _ = train_data.to_torch(device)\n"
                "test_frames, test_mask, test_speakers, _ = test_data.to_torch(device)\n"
                "torch.manual_seed(1)\n"
                "speaker_model = SequenceClassifier(train_data.d, "
                "train_data.n_speakers).to(device)\n"
                "optimizer = torch.optim.SGD(speaker_model.parameters(), lr=0.5)\n"
                "for epoch in range(5):\n"
                "    for start in range(0, len(frames), 100):\n"
                "        batch = slice(start, start + 100)\n"
                "        loss = nn.functional.cross_entropy(speaker_model(frames[batch], "
                "mask[batch]), speakers[batch])\n"
                "        optimizer.zero_grad()\n"
                "        loss.backward()\n"
                "        optimizer.step()\n"
                "    print(f'epoch {epoch}: loss {loss.item():.3f}')\n"
                "speaker_model.eval()\n"
                "with torch.no_grad():\n"
                "    test_accuracy = (speaker_model(test_frames, test_mask).argmax(-1) "
                "== test_speakers).float().mean()"
            ),
        },
    ),
]

# Real-world patterns (public libraries and tutorials, rewritten in this course's API; see
# tests/corpora/ self_attention.py): run by the quick check tests only, locally and through the
# grading wire.
REAL_WRONG = [
    # Mean pooling divided by the mask's sum without keeping its axis (sum(1) of a (B, N) mask
    # is (B,)).
    Case(
        "real_mean_count_without_axis",
        {"masked_mean": MEAN + ("    return (x * mask.unsqueeze(-1)).sum(1) / mask.sum(1)")},
        "test_masked_mean",
        "keepdim=True",
        ("test_masked_mean_empty_row", "test_masked_mean_device", "test_speaker_model"),
    ),
    # Hugging Face's attention_mask convention read the wrong way round (1 = padding, as
    # in key_padding_mask).
    Case(
        "real_mean_padding_convention",
        {
            "masked_mean": MEAN
            + (
                "    keep = mask.logical_not().unsqueeze(-1).to(x.dtype)\n"
                "    return (x * keep).sum(1) / keep.sum(1).clamp(min=1.0)"
            )
        },
        "test_masked_mean",
        "the mask is reversed",
        ("test_masked_mean_empty_row", "test_speaker_model"),
    ),
    # cross_entropy averaged over every position, padding included (the usual "forgot
    # ignore_index" report).
    Case(
        "real_loss_without_ignore_index",
        {
            "masked_cross_entropy": LOSS
            + (
                "    return nn.functional.cross_entropy(logits.reshape(-1, "
                "logits.shape[-1]), labels.reshape(-1))"
            )
        },
        "test_masked_cross_entropy",
        "averaged over the padded positions too",
        ("test_speaker_model",),
    ),
    # pad_sequence's default batch_first=False gives (L_max, B, d) (pytorch/pytorch#1176, and "Shape
    # of batch" in bentrevett/pytorch-sentiment-analysis#53).
    Case(
        "real_pad_sequence_time_first",
        {
            "pad_batch": PAD
            + PAD_CHECKS
            + (
                "    batch = nn.utils.rnn.pad_sequence(list(seqs), padding_value=pad_value)\n"
                "    lengths = torch.tensor([len(s) for s in seqs], device=seqs[0].device)\n"
                "    mask = torch.arange(batch.shape[0], device=seqs[0].device)[None, :] < "
                "lengths[:, None]\n"
                "    return batch, mask"
            )
        },
        "test_pad_batch",
        "batch_first=True",
    ),
    # An attention mask read off the values, (batch != pad).any(-1), as tokenizer code does with
    # pad ids.
    Case(
        "real_pad_mask_from_values",
        {
            "pad_batch": PAD
            + PAD_CHECKS
            + PAD_SEQUENCE
            + ("    mask = (batch != pad_value).any(dim=-1)\n    return batch, mask")
        },
        "test_pad_batch",
        "read off the values",
    ),
    # Hugging Face's attention_mask is 0/1 integers; the part asks for torch.bool.
    Case(
        "real_pad_mask_hf_integers",
        {
            "pad_batch": PAD
            + PAD_CHECKS
            + PAD_SEQUENCE
            + PAD_MASK
            + ("    return batch, mask.long()")
        },
        "test_pad_batch",
        "must be a bool tensor",
    ),
    # x[mask].mean(0): boolean indexing flattens the batch into one set of vectors.
    Case(
        "real_mean_boolean_index_whole_batch",
        {"masked_mean": MEAN + "    return x[mask].mean(0)"},
        "test_masked_mean",
        "x[mask] flattens the batch",
        ("test_masked_mean_empty_row", "test_speaker_model"),
    ),
    # sentence-transformers' mean pooling without its clamp(min=1e-9): an all-padding row gives
    # 0 / 0.
    Case(
        "real_mean_pooling_without_clamp",
        {
            "masked_mean": MEAN
            + (
                "    m = mask.unsqueeze(-1).expand(x.size()).to(x.dtype)\n"
                "    return torch.sum(x * m, 1) / m.sum(1)"
            )
        },
        "test_masked_mean_empty_row",
        "gives NaN",
    ),
    # ignore_index=0, the pad id, in a tagger whose class 0 is real (nyu-mll/jiant#925, "Tagger
    # ignoring 0 class for cross_entropy"); here padded labels hold real class ids too.
    Case(
        "real_loss_ignore_index_zero",
        {
            "masked_cross_entropy": LOSS
            + (
                "    return nn.functional.cross_entropy(logits.reshape(-1, "
                "logits.shape[-1]), labels.reshape(-1),\n"
                "                                       ignore_index=0)"
            )
        },
        "test_masked_cross_entropy",
        "ignore_index=0",
    ),
    # F.cross_entropy(logits, labels) on (B, N, C) logits: it reads dim 1 as the classes.
    Case(
        "real_loss_classes_last",
        {
            "masked_cross_entropy": LOSS
            + (
                "    per = nn.functional.cross_entropy(logits, labels, reduction='none')\n"
                "    return (per * mask).sum() / mask.sum()"
            )
        },
        "test_masked_cross_entropy",
        "classes on dim 1",
        ("test_masked_cross_entropy_device",),
    ),
    # nn.NLLLoss on raw logits (the tutorial pairs it with log_softmax, which was left out).
    Case(
        "real_loss_nll_on_logits",
        {
            "masked_cross_entropy": LOSS
            + ("    return nn.functional.nll_loss(logits[mask], labels[mask])")
        },
        "test_masked_cross_entropy",
        "not log-probabilities",
    ),
    # softmax in the model, then CrossEntropyLoss again (a classic forum question).
    Case(
        "real_loss_softmax_then_cross_entropy",
        {
            "masked_cross_entropy": LOSS
            + (
                "    probs = torch.softmax(logits, dim=-1)\n"
                "    return nn.CrossEntropyLoss()(probs[mask], labels[mask])"
            )
        },
        "test_masked_cross_entropy",
        "softmax was applied twice",
    ),
    # Per-row totals gathered in torch.zeros(B): a CPU tensor whatever the device of the logits.
    Case(
        "real_loss_cpu_accumulator",
        {
            "masked_cross_entropy": LOSS
            + PER_POSITION
            + (
                "    totals = torch.zeros(logits.shape[0], dtype=per.dtype)\n"
                "    totals = totals + (per * mask).sum(1)\n"
                "    return totals.sum() / mask.sum()"
            )
        },
        "test_masked_cross_entropy_device",
        "creates a tensor on the CPU",
    ),
    # Summing every position, then dividing by the lengths (lengths used, padding not zeroed).
    Case(
        "real_seq_sum_then_lengths",
        {
            "SequenceClassifier": SEQUENCE
            + (
                "        lengths = mask.sum(dim=1, keepdim=True).to(x.dtype)\n"
                "        return self.linear(x.sum(dim=1) / lengths)"
            )
        },
        "test_SequenceClassifier",
        "summed every position, padding included",
        ("test_speaker_model",),
    ),
    # The RNN habit of classifying the last time step, output[:, -1], which is padding in a
    # short row.
    Case(
        "real_seq_last_time_step",
        {"SequenceClassifier": SEQUENCE + ("        return self.linear(x[:, -1])")},
        "test_SequenceClassifier",
        "last position only",
        ("test_speaker_model",),
    ),
    # PyTorch's LSTM tagger tutorial returns F.log_softmax for nn.NLLLoss.
    Case(
        "real_per_vector_log_softmax",
        {
            "PerVectorClassifier": PER_VECTOR
            + ("        return nn.functional.log_softmax(self.linear(x), dim=-1)")
        },
        "test_PerVectorClassifier",
        "returned log-probabilities",
    ),
    # Speech recognition taken for frame labelling (a label per frame, as in CTC's
    # per-frame outputs).
    Case(
        "real_type_asr_per_frame",
        {"OUTPUT_TYPE": output_types(speech_recognition="per-vector")},
        "test_output_type_chapter",
        "its length is its own",
    ),
    # Question answering taken for extractive span tagging (SQuAD-style start/end per token).
    Case(
        "real_type_qa_as_span_tagging",
        {"OUTPUT_TYPE": output_types(question_answering="per-vector")},
        "test_output_type_new",
        "its length is its own",
    ),
    # The RNN diagrams' names ("many-to-one") instead of the chapter's.
    Case(
        "real_type_rnn_diagram_names",
        {"OUTPUT_TYPE": output_types(language_id="many-to-one")},
        "test_output_type_new",
        "this chapter calls it 'per-sequence'",
    ),
    # Star ratings as one label per word (sentiment per token).
    Case(
        "real_type_review_per_word",
        {"OUTPUT_TYPE": output_types(review_stars="per-vector")},
        "test_output_type_new",
        "one output for the whole input",
    ),
    # A length mask built on the CPU, torch.arange(L)[None, :] < torch.tensor(lengths)[:, None],
    # next to a batch on the GPU (GRAAL-Research/deepparse#298, "build attention mask on the
    # model device").
    Case(
        "real_pad_mask_built_on_cpu",
        {
            "pad_batch": PAD
            + PAD_CHECKS
            + (
                "    lengths = [len(s) for s in seqs]\n"
                "    batch = seqs[0].new_full((len(seqs), max(lengths), "
                "seqs[0].shape[1]), pad_value)\n"
                "    for i, s in enumerate(seqs):\n        batch[i, :len(s)] = s\n"
                "    mask = torch.arange(max(lengths))[None, :] < torch.tensor(lengths)[:, None]\n"
                "    return batch, mask"
            )
        },
        "test_pad_batch_device",
        "keep everything on the device of the inputs",
    ),
]


REAL_RIGHT = [
    # sentence-transformers' mean pooling: the mask expanded to x's shape, the count clamped
    # at 1e-9.
    Case(
        "real_sentence_transformers_mean_pooling",
        {
            "masked_mean": MEAN
            + (
                "    expanded = mask.unsqueeze(-1).expand(x.size()).to(x.dtype)\n"
                "    summed = torch.sum(x * expanded, 1)\n"
                "    counts = torch.clamp(expanded.sum(1), min=1e-9)\n"
                "    return summed / counts"
            )
        },
    ),
    # Hugging Face's token-classification loss: padded labels set to -100 and ignored
    # by cross_entropy.
    Case(
        "real_ignore_index_loss",
        {
            "masked_cross_entropy": LOSS
            + (
                "    targets = labels.masked_fill(~mask.bool(), -100)\n"
                "    return nn.functional.cross_entropy(logits.reshape(-1, "
                "logits.shape[-1]), targets.reshape(-1),\n"
                "                                       ignore_index=-100)"
            )
        },
    ),
    # torch.masked_select of the real positions, then a plain mean (a common tutorial pattern).
    Case(
        "real_masked_select_mean_loss",
        {
            "masked_cross_entropy": LOSS
            + PER_POSITION
            + ("    return torch.masked_select(per, mask.bool()).mean()")
        },
    ),
    # Conv1d with kernel_size=1 over (B, d, N): the same linear map at every position.
    Case(
        "real_conv1d_kernel_one",
        {
            "PerVectorClassifier": (
                "class PerVectorClassifier(nn.Module):\n"
                "    def __init__(self, d_in, n_classes):\n"
                "        super().__init__()\n"
                "        self.conv = nn.Conv1d(d_in, n_classes, kernel_size=1)\n\n"
                "    def forward(self, x):\n"
                "        return self.conv(x.transpose(1, 2)).transpose(1, 2)"
            )
        },
    ),
    # A pre-allocated batch with new_full and a mask from arange on the inputs' device
    # (fairseq-style collate).
    Case(
        "real_collate_new_full",
        {
            "pad_batch": PAD
            + (
                "    if len(seqs) == 0:\n        raise ValueError('empty batch')\n"
                "    if any(s.shape[-1] != seqs[0].shape[-1] for s in seqs):\n        raise "
                "ValueError('d differs')\n"
                "    lengths = [s.shape[0] for s in seqs]\n"
                "    batch = seqs[0].new_full((len(seqs), max(lengths), "
                "seqs[0].shape[1]), pad_value)\n"
                "    for i, s in enumerate(seqs):\n        batch[i, :len(s)] = s\n"
                "    lens = torch.as_tensor(lengths, device=batch.device)\n"
                "    mask = torch.arange(max(lengths), device=batch.device).expand(len(seqs), -1) "
                "< lens.unsqueeze(1)\n"
                "    return batch, mask"
            )
        },
    ),
    # Mean pooling as a batched matrix product: mask (B, 1, N) @ x (B, N, d), divided by the
    # clamped count.
    Case(
        "real_bmm_mean_pooling",
        {
            "masked_mean": MEAN
            + (
                "    w = mask.unsqueeze(1).to(x.dtype)\n"
                "    return torch.bmm(w, x).squeeze(1) / w.sum(-1).clamp(min=1)"
            )
        },
    ),
    # masked_fill the padding, then divide by the clamped lengths (the pooling written inline).
    Case(
        "real_masked_fill_pooling_inline",
        {
            "SequenceClassifier": SEQUENCE
            + (
                "        h = x.masked_fill(~mask.unsqueeze(-1), 0.0)\n"
                "        lengths = mask.sum(1, keepdim=True).clamp(min=1).to(x.dtype)\n"
                "        return self.linear(h.sum(1) / lengths)"
            )
        },
    ),
    # Flattened cross-entropy with a float weight per position
    # (AllenNLP's sequence_cross_entropy_with_logits).
    Case(
        "real_weighted_flat_loss",
        {
            "masked_cross_entropy": LOSS
            + (
                "    flat = nn.functional.log_softmax(logits.reshape(-1, "
                "logits.shape[-1]), dim=-1)\n"
                "    nll = -flat.gather(1, labels.reshape(-1, 1)).squeeze(1)\n"
                "    w = mask.reshape(-1).to(nll.dtype)\n"
                "    return (nll * w).sum() / w.sum()"
            )
        },
    ),
    # The kinds written in capitals and with other spellings the part accepts.
    Case(
        "real_type_spellings",
        {
            "OUTPUT_TYPE": output_types(
                translation="SEQ2SEQ",
                speaker_id="Per Sequence",
                named_entities="per_vector",
                summarization="seq-to-seq",
            )
        },
    ),
]
