"""Mutants of the sequence_labeling solutions (see tests/mutants/__init__.py): one per
contract clause."""

from . import Mutant

PADDED = "    padded = np.concatenate([np.zeros((k, d)), x, np.zeros((k, d))])\n"
SLICES = "    return np.concatenate([padded[j:j + n] for j in range(2 * k + 1)], axis=1)"
WIDTH = "    width = (2 * k + 1) * d_in\n"
COUNT = "    return width * hidden + hidden + hidden * n_classes + n_classes"
FIRST = "        self.hidden = nn.Linear((2 * k + 1) * d_in, hidden)\n"
SIZES = "        n, k = x.shape[1], self.k\n"
PAD = "        padded = nn.functional.pad(x, (0, 0, k, k))\n"
WINDOWS = (
    "        windows = torch.cat(\n"
    "            [padded[:, j:j + n] for j in range(2 * k + 1)], dim=-1)\n"
)
OUT = "        return self.out(torch.relu(self.hidden(windows)))"
UNTRAINED = (
    "torch.manual_seed(0)\n{name} = WindowTagger(corpus.vocab_size, "
    "{k}, corpus.n_tags).to(device)\n"
)

MUTANTS = [
    # context_windows
    Mutant(
        "test_context_windows",
        "left first",
        "reversed order",
        (
            (
                SLICES,
                "    return np.concatenate([padded[j:j + n] for j in reversed(range(2 * k + "
                "1))], axis=1)",
            ),
        ),
    ),
    Mutant(
        "test_context_windows",
        "zero vectors",
        "edge copies",
        (
            (
                PADDED,
                "    padded = np.concatenate([np.repeat(x[:1], k, 0), x, np.repeat(x[-1:], k, "
                "0)])\n",
            ),
        ),
    ),
    Mutant(
        "test_context_windows",
        "2k + 1 vectors",
        "off by one",
        ((SLICES, "    return np.concatenate([padded[j:j + n] for j in range(2 * k)], axis=1)"),),
    ),
    Mutant(
        "test_context_windows",
        "every position",
        "the sequence was not padded",
        (
            (
                PADDED + SLICES,
                "    return np.concatenate([x[j:j + n - 2 * k] for j in range(2 * k + 1)], axis=1)",
            ),
        ),
    ),
    Mutant(
        "test_context_windows",
        "whole vectors",
        "the features are interleaved",
        (
            (
                SLICES,
                "    return np.stack([padded[j:j + n] for j in range(2 * k + 1)], "
                "axis=-1).reshape(n, -1)",
            ),
        ),
    ),
    Mutant(
        "test_context_windows",
        "k = 0",
        "with k = 0, x[k:-k] is x[0:-0]",
        (
            ("    if k == 0:\n        return x\n", ""),
            (PADDED, PADDED + "    n = len(padded[k:-k])\n"),
        ),
    ),
    Mutant(
        "test_context_windows",
        "k beyond N",
        "each must hold exactly N rows",
        (
            (
                PADDED,
                "    padded = np.concatenate([np.zeros((min(k, n), d)), x, np.zeros((min(k, n), "
                "d))])\n",
            ),
        ),
    ),
    # window_mlp_param_count
    Mutant(
        "test_window_mlp_param_count",
        "first layer",
        "the window covers one side only",
        ((WIDTH, "    width = (k + 1) * d_in\n"),),
    ),
    Mutant(
        "test_window_mlp_param_count",
        "biases",
        "the biases are left out",
        ((COUNT, "    return width * hidden + hidden * n_classes"),),
    ),
    Mutant(
        "test_window_mlp_param_count",
        "second layer",
        "the second layer is missing",
        ((COUNT, "    return width * hidden + hidden"),),
    ),
    Mutant(
        "test_window_mlp_param_count",
        "an int",
        "a number of parameters is an int",
        ((COUNT, "    return float(width * hidden + hidden + hidden * n_classes + n_classes)"),),
    ),
    # WindowMLP
    Mutant(
        "test_WindowMLP",
        "two layers",
        "the biases are left out",
        ((FIRST, "        self.hidden = nn.Linear((2 * k + 1) * d_in, hidden, bias=False)\n"),),
    ),
    Mutant(
        "test_WindowMLP",
        "ReLU",
        "the ReLU between the two layers is missing",
        ((OUT, "        return self.out(self.hidden(windows))"),),
    ),
    Mutant(
        "test_WindowMLP",
        "windows on dim 1",
        "the windows run along the batch axis",
        (
            (SIZES, "        n, k = x.shape[0], self.k\n"),
            (PAD, "        padded = nn.functional.pad(x, (0, 0, 0, 0, k, k))\n"),
            (
                WINDOWS,
                "        windows = torch.cat([padded[j:j + n] for j in range(2 * k + "
                "1)], dim=-1)\n",
            ),
        ),
    ),
    Mutant(
        "test_WindowMLP",
        "each sequence on its own",
        "the windows leak from one sequence",
        (
            (
                SIZES,
                "        b, k = x.shape[0], self.k\n        x = x.reshape(1, -1, x.shape[-1])\n"
                "        n = x.shape[1]\n",
            ),
            (
                OUT,
                "        return self.out(torch.relu(self.hidden(windows))).reshape(b, n // b, -1)",
            ),
        ),
    ),
    Mutant(
        "test_WindowMLP",
        "zero vectors",
        "edge copies",
        (
            (
                PAD,
                "        padded = torch.cat([x[:, :1].expand(-1, k, -1), x, x[:, -1:].expand(-1, "
                "k, -1)], dim=1)\n",
            ),
        ),
    ),
    Mutant(
        "test_WindowMLP",
        "k = 0",
        "with k = 0, x[:, k:-k] is x[:, 0:-0]",
        ((PAD, PAD + "        n = padded[:, k:-k].shape[1]\n"),),
    ),
    Mutant(
        "test_WindowMLP",
        "logits",
        "you returned probabilities",
        (
            (
                OUT,
                "        return torch.softmax(self.out(torch.relu(self.hidden(windows))), dim=-1)",
            ),
        ),
    ),
    Mutant(
        "test_WindowMLP",
        "torch only",
        "no gradient flows back to the input",
        ((WINDOWS, WINDOWS + "        windows = windows.detach()\n"),),
    ),
    Mutant(
        "test_WindowMLP_vectorised",
        "no loop over positions",
        "loops over positions in Python",
        (
            (
                WINDOWS,
                "        windows = torch.stack([torch.cat([padded[:, i + j] for j in range(2 * k + "
                "1)], dim=-1)\n"
                "                               for i in range(n)], dim=1)\n",
            ),
        ),
    ),
    Mutant(
        "test_WindowMLP_device",
        "new tensors on the device",
        "creates a tensor on the CPU",
        (
            (
                PAD,
                "        zeros = torch.zeros(x.shape[0], k, x.shape[-1], dtype=x.dtype)\n"
                "        padded = torch.cat([zeros, x, zeros], dim=1)\n",
            ),
        ),
    ),
    Mutant(
        "test_WindowMLP_device",
        "no CPU moves",
        "moves a tensor to the CPU",
        ((PAD, "        padded = nn.functional.pad(x.cpu(), (0, 0, k, k)).to(x.device)\n"),),
    ),
    # the "I saw a saw" taggers
    Mutant(
        "test_per_vector_tagger",
        "logits per tag",
        "should return logits of shape",
        cell="train_saw_taggers",
        source=(
            "per_vector_tagger = WindowTagger(corpus.vocab_size, 0, corpus.n_tags + 2).to(device)\n"
        ),
    ),
    Mutant(
        "test_per_vector_tagger",
        "one word at a time",
        "so it sees more than one word",
        cell="train_saw_taggers",
        source="per_vector_tagger = window_tagger\n",
    ),
    Mutant(
        "test_per_vector_tagger",
        "trained",
        "a trained per-vector model gets at least 90%",
        cell="train_saw_taggers",
        source=UNTRAINED.format(name="per_vector_tagger", k=0),
    ),
    Mutant(
        "test_window_tagger",
        "a window",
        "the first saw is a VERB",
        cell="train_saw_taggers",
        source="window_tagger = per_vector_tagger\n",
    ),
    Mutant(
        "test_window_tagger",
        "trained",
        "train it on corpus.data('train')",
        cell="train_saw_taggers",
        source=UNTRAINED.format(name="window_tagger", k=1),
    ),
    # the window sweep
    Mutant(
        "test_window_sweep",
        "every k",
        "has no entry for k = [8]",
        cell="window_sweep",
        source="window_accuracies = {k: 0.4 for k in (0, 1, 2, 4)}\n",
    ),
    Mutant(
        "test_window_sweep",
        "fractions",
        "Store fractions",
        cell="window_sweep",
        source="window_accuracies = {k: 40.0 for k in K_VALUES}\n",
    ),
    Mutant(
        "test_window_sweep",
        "k = 0 near chance",
        "must be near chance",
        cell="window_sweep",
        source="window_accuracies = {0: 0.9, 1: 0.9, 2: 0.9, 4: 0.9, 8: 0.9}\n",
    ),
    Mutant(
        "test_window_sweep",
        "computed",
        "fill the dict with the values sweep_point computes",
        cell="window_sweep",
        source="window_accuracies = {0: 0.34, 1: 0.4, 2: 0.99, 4: 0.5, 8: 0.55}\n",
    ),
    Mutant(
        "test_window_sweep",
        "seeded",
        "it is not seeded",
        (("    torch.manual_seed(seed)\n", ""),),
        cell="sweep_point",
    ),
]
