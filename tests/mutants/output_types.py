"""Mutants of the output_types solutions (see tests/mutants/__init__.py): one per
contract clause."""

from . import Mutant

END = "\n}"
LENGTHS = "    lengths = torch.tensor([len(s) for s in seqs], device=device)\n"
FULL = "pad_value, dtype=seqs[0].dtype,"
MASK = "    mask = positions[None, :] < lengths[:, None]\n"
COPY = "        batch[i, :len(s)] = s\n"
TOTAL = "    total = torch.where(keep, x, torch.zeros_like(x)).sum(dim=1)\n"
COUNT = "    count = keep.sum(dim=1).clamp(min=1)\n"
LINEAR = "        self.linear = nn.Linear(d_in, n_classes)\n"
CE = "    return nn.functional.cross_entropy(logits[mask], labels[mask])"
FLAT = "nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1)"
NO_MASK = """
class _WithoutMask(nn.Module):
    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x):
        return self.inner(x, torch.ones(x.shape[:2], dtype=torch.bool, device=x.device))


speaker_model = _WithoutMask(speaker_model)
"""


def kinds(
    part: str, also: str, tasks: dict[str, str], renamed: tuple[str, str], dropped: str
) -> list[Mutant]:
    """The mutants of one OUTPUT_TYPE part: ``tasks`` maps a clause to (task, wrong kind) edits."""
    task, value = renamed
    return [
        Mutant(
            part,
            "a dict",
            "must be a dict",
            ((END, END + ("\nOUTPUT_TYPE = list(OUTPUT_TYPE.items())")),),
            also_lost=(also,),
        ),
        Mutant(
            part,
            "every task",
            f"has no entry for '{dropped}'",
            ((f'\n    "{dropped}": ', '\n    "_": '),),
        ),
        Mutant(
            part,
            "the three kinds",
            "which is not one of",
            ((f'"{task}": "', f'"{task}": "{value}",  # '),),
        ),
        *[
            Mutant(part, clause, says, ((f'"{t}": "', f'"{t}": "{kind}",  # '),))
            for clause, (t, kind, says) in tasks.items()
        ],
    ]


MUTANTS = [
    *kinds(
        "test_output_type_chapter",
        "test_output_type_new",
        {
            "per-vector": ("pos_tagging", "per-sequence", "wants an answer for every input vector"),
            "per-sequence": ("speaker_id", "per-vector", "one question about the whole input"),
            "seq2seq": ("translation", "per-vector", "not aligned with the input vectors"),
        },
        ("pos_tagging", "many-to-many"),
        "translation",
    ),
    *kinds(
        "test_output_type_new",
        "test_output_type_chapter",
        {
            "per-vector": (
                "named_entities",
                "per-sequence",
                "wants an answer for every input vector",
            ),
            "per-sequence": ("language_id", "seq2seq", "one label from a fixed set"),
            "seq2seq": ("question_answering", "per-sequence", "a whole sequence the model writes"),
        },
        ("review_stars", "classification"),
        "summarization",
    ),
    # pad_batch
    Mutant(
        "test_pad_batch",
        "a pair of tensors",
        "two torch tensors",
        (("    return batch, mask", "    return batch, mask.tolist()"),),
    ),
    Mutant(
        "test_pad_batch",
        "shape",
        "batch_first=True",
        (("    return batch, mask", "    return batch.transpose(0, 1), mask"),),
    ),
    Mutant(
        "test_pad_batch",
        "right padding",
        "the padding is on the wrong side",
        ((COPY, "        batch[i, batch.shape[1] - len(s):] = s\n"),),
    ),
    Mutant(
        "test_pad_batch",
        "order",
        "keep the order of seqs",
        (
            (
                "    device = seqs[0].device\n",
                "    seqs = sorted(seqs, key=len, reverse=True)\n    device = seqs[0].device\n",
            ),
        ),
    ),
    Mutant(
        "test_pad_batch", "pad_value", "must hold pad_value", ((FULL, "0.0, dtype=seqs[0].dtype,"),)
    ),
    Mutant(
        "test_pad_batch",
        "default pad_value",
        "pad_value defaults to 0.0",
        (("def pad_batch(seqs, pad_value=0.0):", "def pad_batch(seqs, pad_value=-1.0):"),),
    ),
    Mutant(
        "test_pad_batch",
        "bool mask",
        "must be a bool tensor",
        ((MASK, MASK + "    mask = mask.float()\n"),),
    ),
    Mutant(
        "test_pad_batch",
        "True at real positions",
        "the mask is reversed",
        ((MASK, MASK + "    mask = ~mask\n"),),
    ),
    Mutant(
        "test_pad_batch",
        "mask from the lengths",
        "the mask was read off the values",
        ((MASK, "    mask = (batch != pad_value).any(-1)\n"),),
    ),
    Mutant(
        "test_pad_batch_errors",
        "empty list",
        "should raise ValueError, but returned normally",
        (
            (
                '        raise ValueError("pad_batch needs at least one sequence")\n',
                "        return torch.zeros(0, 0, 0), torch.zeros(0, 0, dtype=torch.bool)\n",
            ),
        ),
    ),
    Mutant(
        "test_pad_batch_errors",
        "different sizes",
        "should raise ValueError, but raised RuntimeError",
        (
            (
                "    if len({s.shape[1] for s in seqs}) != 1:\n"
                '        raise ValueError("all sequences must have the same feature size")\n',
                "",
            ),
        ),
    ),
    Mutant(
        "test_pad_batch_device",
        "new tensors on the device",
        "creates a tensor on the CPU",
        ((LENGTHS, "    lengths = torch.tensor([len(s) for s in seqs])\n"),),
    ),
    Mutant(
        "test_pad_batch_device",
        "no CPU moves",
        "moves a tensor to the CPU",
        ((LENGTHS, LENGTHS + "    lengths = lengths.cpu().to(device)\n"),),
    ),
    # masked_mean
    Mutant(
        "test_masked_mean",
        "padding ignored",
        "padding is counted in the mean",
        ((TOTAL, "    total = x.sum(dim=1)\n"),),
        also_lost=("test_masked_mean_empty_row",),
    ),
    Mutant(
        "test_masked_mean",
        "mean of each row",
        "number of real positions in the whole batch",
        ((COUNT, "    count = keep.sum().clamp(min=1)\n"),),
    ),
    Mutant(
        "test_masked_mean",
        "True at real positions",
        "the mask is reversed",
        (("    keep = mask.unsqueeze(-1)\n", "    keep = (~mask).unsqueeze(-1)\n"),),
        also_lost=("test_masked_mean_empty_row",),
    ),
    Mutant(
        "test_masked_mean_empty_row",
        "never NaN",
        "gives NaN",
        ((COUNT, "    count = keep.sum(dim=1)\n"),),
    ),
    Mutant(
        "test_masked_mean_empty_row",
        "zeros",
        "expected zeros",
        (
            (
                "    return total / count",
                "    return torch.where(keep.any(1), total / count, x.mean(1))",
            ),
        ),
    ),
    Mutant(
        "test_masked_mean_device",
        "new tensors on the device",
        "creates a tensor on the CPU",
        (
            (
                TOTAL,
                "    total = torch.where(keep, x, "
                "torch.zeros(x.shape, dtype=x.dtype)).sum(dim=1)\n",
            ),
        ),
    ),
    Mutant(
        "test_masked_mean_device",
        "no CPU moves",
        "moves a tensor to the CPU",
        ((COUNT, COUNT + "    count = count.cpu().to(x.device)\n"),),
    ),
    # PerVectorClassifier
    Mutant(
        "test_PerVectorClassifier",
        "an nn.Module",
        "has no parameters to train",
        (
            (LINEAR, "        self.W = torch.randn(d_in, n_classes)\n"),
            ("        return self.linear(x)", "        return x @ self.W"),
        ),
    ),
    Mutant(
        "test_PerVectorClassifier",
        "shape",
        "one label per sequence",
        (("        return self.linear(x)", "        return self.linear(x.mean(1))"),),
    ),
    Mutant(
        "test_PerVectorClassifier",
        "each vector alone",
        "depend on the other vectors",
        (
            (
                "        return self.linear(x)",
                "        return self.linear(x + x.mean(1, keepdim=True))",
            ),
        ),
    ),
    Mutant(
        "test_PerVectorClassifier",
        "logits",
        "returned probabilities",
        (
            (
                "        return self.linear(x)",
                "        return torch.softmax(self.linear(x), dim=-1)",
            ),
        ),
    ),
    Mutant(
        "test_PerVectorClassifier",
        "other sizes",
        "build the layer from the arguments",
        ((LINEAR, "        self.linear = nn.Linear(4, 3)\n"),),
    ),
    Mutant(
        "test_PerVectorClassifier",
        "on any device",
        "creates a tensor on the CPU",
        (
            (
                "        return self.linear(x)",
                "        return self.linear(x) + torch.zeros(self.linear.out_features, "
                "dtype=x.dtype)",
            ),
        ),
    ),
    # SequenceClassifier
    Mutant(
        "test_SequenceClassifier",
        "one nn.Linear",
        "followed by one nn.Linear",
        ((LINEAR, LINEAR + "        self.extra = nn.Linear(d_in, d_in)\n"),),
    ),
    Mutant(
        "test_SequenceClassifier",
        "shape",
        "one label per vector",
        (("        return self.linear(masked_mean(x, mask))", "        return self.linear(x)"),),
    ),
    Mutant(
        "test_SequenceClassifier",
        "masked mean",
        "the padded positions were counted",
        (
            (
                "        return self.linear(masked_mean(x, mask))",
                "        return self.linear(x.mean(1))",
            ),
        ),
    ),
    Mutant(
        "test_SequenceClassifier",
        "logits",
        "returned probabilities",
        (
            (
                "        return self.linear(masked_mean(x, mask))",
                "        return torch.softmax(self.linear(masked_mean(x, mask)), dim=-1)",
            ),
        ),
    ),
    Mutant(
        "test_SequenceClassifier_device",
        "new tensors on the device",
        "creates a tensor on the CPU",
        (
            (
                "        return self.linear(masked_mean(x, mask))",
                "        return self.linear(masked_mean(x, mask & "
                "torch.ones(mask.shape, dtype=torch.bool)))",
            ),
        ),
    ),
    Mutant(
        "test_SequenceClassifier_device",
        "no CPU moves",
        "moves a tensor to the CPU",
        (
            (
                "        return self.linear(masked_mean(x, mask))",
                "        return self.linear(masked_mean(x, mask.cpu().to(x.device)))",
            ),
        ),
    ),
    # masked_cross_entropy
    Mutant(
        "test_masked_cross_entropy",
        "mean over real positions",
        "averaged over the padded positions too",
        ((CE, f"    return {FLAT})"),),
    ),
    Mutant(
        "test_masked_cross_entropy",
        "labels at the padding",
        "ignore_index=0",
        ((CE, f"    return {FLAT}, ignore_index=0)"),),
    ),
    Mutant(
        "test_masked_cross_entropy",
        "a scalar tensor",
        "return a torch tensor",
        ((CE, CE + ".item()"),),
    ),
    Mutant(
        "test_masked_cross_entropy",
        "trainable",
        "not connected to the logits",
        ((CE, CE + ".detach()"),),
    ),
    Mutant(
        "test_masked_cross_entropy",
        "logits in",
        "the softmax was applied twice",
        (
            (
                CE,
                "    return nn.functional.cross_entropy(torch.softmax(logits, "
                "-1)[mask], labels[mask])",
            ),
        ),
    ),
    Mutant(
        "test_masked_cross_entropy_device",
        "new tensors on the device",
        "creates a tensor on the CPU",
        (
            (
                CE,
                "    weight = torch.ones(logits.shape[-1], dtype=logits.dtype)\n"
                "    return nn.functional.cross_entropy(logits[mask], labels[mask], weight=weight)",
            ),
        ),
    ),
    Mutant(
        "test_masked_cross_entropy_device",
        "no CPU moves",
        "moves a tensor to the CPU",
        (
            (
                CE,
                "    return nn.functional.cross_entropy(logits[mask.cpu().to(logits.device)], "
                "labels[mask])",
            ),
        ),
    ),
    # the trained speaker model
    Mutant(
        "test_speaker_model",
        "an nn.Module",
        "an nn.Module",
        (('print(f"trained in', 'speaker_model = speaker_model.state_dict()\nprint(f"trained in'),),
        cell="train_speaker_model",
    ),
    Mutant(
        "test_speaker_model",
        "forward(frames, mask)",
        "called as speaker_model(frames, mask)",
        (('print(f"trained in', NO_MASK + 'print(f"trained in'),),
        cell="train_speaker_model",
    ),
    Mutant(
        "test_speaker_model",
        "90% on fresh utterances",
        "it needs at least 90%",
        (("for step in range(200):", "for step in range(1):"),),
        cell="train_speaker_model",
    ),
]
