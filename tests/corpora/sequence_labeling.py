"""Realistic submissions for assignment 03_sequence_labeling, each with the grade it must get.

WRONG: one mistake each (answers replace the named solution cells); it must lose the points of
``part`` and only those (``also_lost`` lists later parts the same mistake may rightly break), and
the learner must read ``message`` in that part's failure. RIGHT: correct but written differently;
full marks.
"""

from . import Case

ASSIGNMENT, NOTEBOOK = "03_sequence_labeling", "sequence_labeling"
MANUAL = {"answer_whole_sequence_window"}  # graded by hand


WINDOWS = "def context_windows(x, k):\n"
COUNT = "def window_mlp_param_count(d_in, k, hidden, n_classes):\n"
MLP_INIT = """class WindowMLP(nn.Module):
    def __init__(self, d_in, k, hidden, n_classes):
        super().__init__()
        self.k = k
        self.hidden = nn.Linear((2 * k + 1) * d_in, hidden)
        self.out = nn.Linear(hidden, n_classes)

    def forward(self, x):
        n, k = x.shape[1], self.k
"""
MLP_OUT = "        return self.out(torch.relu(self.hidden(windows)))"
TRAIN_HEAD = "torch.manual_seed(0)\n"
SWEEP_HEAD = "def sweep_point(k, seed=0):\n"


def _train(per_vector_k: int = 0, window_k: int = 1, epochs: int = 100) -> str:
    return TRAIN_HEAD + (
        "per_vector_tagger = WindowTagger(corpus.vocab_size, "
        f"{per_vector_k}, corpus.n_tags).to(device)\n"
        f"train_tagger(per_vector_tagger, corpus_train, epochs={epochs}, lr=1e-2)\n"
        f"window_tagger = WindowTagger(corpus.vocab_size, {window_k}, corpus.n_tags).to(device)\n"
        f"train_tagger(window_tagger, corpus_train, epochs={epochs}, lr=1e-2)"
    )


WRONG = [
    # ---------------------------------------------------------------- Part 1: context_windows
    Case(
        "windows_reversed",
        {
            "context_windows": WINDOWS
            + (
                "    x = np.asarray(x)\n    n, d = x.shape\n"
                "    padded = np.concatenate([np.zeros((k, d)), x, np.zeros((k, d))])\n"
                "    return np.concatenate([padded[j:j + n] for j in reversed(range(2 * k + "
                "1))], axis=1)"
            )
        },
        "test_context_windows",
        "reversed order",
    ),
    Case(
        "windows_edge_copies",
        {
            "context_windows": WINDOWS
            + (
                "    x = np.asarray(x)\n    n = len(x)\n"
                "    padded = np.pad(x, ((k, k), (0, 0)), mode='edge')\n"
                "    return np.hstack([padded[j:j + n] for j in range(2 * k + 1)])"
            )
        },
        "test_context_windows",
        "edge copies",
    ),
    Case(
        "windows_wrap_around",
        {
            "context_windows": WINDOWS
            + (
                "    return np.concatenate([np.roll(x, -o, axis=0) for o in range(-k, k + "
                "1)], axis=1)"
            )
        },
        "test_context_windows",
        "wraps around",
    ),
    Case(
        "windows_off_by_one",
        {
            "context_windows": WINDOWS
            + (
                "    x = np.asarray(x)\n    n, d = x.shape\n"
                "    if k == 0:\n        return x\n"
                "    padded = np.concatenate([np.zeros((k, d)), x, np.zeros((k, d))])\n"
                "    return np.concatenate([padded[j:j + n] for j in range(2 * k)], axis=1)"
            )
        },
        "test_context_windows",
        "off by one",
    ),
    Case(
        "windows_not_centred",
        {
            "context_windows": WINDOWS
            + (
                "    x = np.asarray(x)\n    n, d = x.shape\n"
                "    padded = np.concatenate([x, np.zeros((2 * k, d))])\n"
                "    return np.concatenate([padded[j:j + n] for j in range(2 * k + 1)], axis=1)"
            )
        },
        "test_context_windows",
        "not centred",
    ),
    Case(
        "windows_interleaved",
        {
            "context_windows": WINDOWS
            + (
                "    x = np.asarray(x)\n    n, d = x.shape\n"
                "    padded = np.concatenate([np.zeros((k, d)), x, np.zeros((k, d))])\n"
                "    return np.stack([padded[j:j + n] for j in range(2 * k + 1)], "
                "axis=-1).reshape(n, -1)"
            )
        },
        "test_context_windows",
        "interleaved",
    ),
    # ---------------------------------------------------------------- Part 2: parameter count
    Case(
        "count_without_biases",
        {
            "window_mlp_param_count": COUNT
            + ("    return (2 * k + 1) * d_in * hidden + hidden * n_classes")
        },
        "test_window_mlp_param_count",
        "biases are left out",
    ),
    Case(
        "count_off_by_one",
        {
            "window_mlp_param_count": COUNT
            + ("    return 2 * k * d_in * hidden + hidden + hidden * n_classes + n_classes")
        },
        "test_window_mlp_param_count",
        "off by one",
    ),
    Case(
        "count_one_side",
        {
            "window_mlp_param_count": COUNT
            + ("    return (k + 1) * d_in * hidden + hidden + hidden * n_classes + n_classes")
        },
        "test_window_mlp_param_count",
        "one side only",
    ),
    # ---------------------------------------------------------------- Part 3: WindowMLP
    Case(
        "mlp_reversed",
        {
            "WindowMLP": MLP_INIT
            + (
                "        padded = nn.functional.pad(x, (0, 0, k, k))\n"
                "        windows = torch.cat([padded[:, j:j + n] for j in range(2 * k, -1, "
                "-1)], dim=-1)\n"
            )
            + MLP_OUT
        },
        "test_WindowMLP",
        "reversed order",
    ),
    Case(
        "mlp_edge_padding",
        {
            "WindowMLP": MLP_INIT
            + (
                "        padded = nn.functional.pad(x.transpose(1, 2), (k, k), "
                "mode='replicate').transpose(1, 2)\n"
                "        windows = torch.cat([padded[:, j:j + n] for j in range(2 * k + "
                "1)], dim=-1)\n"
            )
            + MLP_OUT
        },
        "test_WindowMLP",
        "edge copies",
    ),
    Case(
        "mlp_without_biases",
        {
            "WindowMLP": MLP_INIT.replace("hidden)\n", "hidden, bias=False)\n").replace(
                "n_classes)\n", "n_classes, bias=False)\n"
            )
            + (
                "        padded = nn.functional.pad(x, (0, 0, k, k))\n"
                "        windows = torch.cat([padded[:, j:j + n] for j in range(2 * k + "
                "1)], dim=-1)\n"
            )
            + MLP_OUT
        },
        "test_WindowMLP",
        "biases are left out",
    ),
    Case(
        "mlp_off_by_one",
        {
            "WindowMLP": MLP_INIT.replace("(2 * k + 1) * d_in", "2 * k * d_in")
            + (
                "        padded = nn.functional.pad(x, (0, 0, k, k))\n"
                "        windows = torch.cat([padded[:, j:j + n] for j in range(2 * "
                "k)], dim=-1)\n"
            )
            + MLP_OUT
        },
        "test_WindowMLP",
        "Off by one",
        (
            "test_WindowMLP_vectorised",
            "test_WindowMLP_device",
            "test_per_vector_tagger",
            "test_window_tagger",
            "test_window_sweep",
        ),
    ),
    Case(
        "mlp_no_relu",
        {
            "WindowMLP": MLP_INIT
            + (
                "        padded = nn.functional.pad(x, (0, 0, k, k))\n"
                "        windows = torch.cat([padded[:, j:j + n] for j in range(2 * k + "
                "1)], dim=-1)\n"
                "        return self.out(self.hidden(windows))"
            )
        },
        "test_WindowMLP",
        "ReLU between the two layers is missing",
    ),
    # The 2-D recipe of Part 1 applied to a batch: the loop runs over len(x), the batch, not
    # the positions.
    Case(
        "mlp_loop_breaks_batching",
        {
            "WindowMLP": MLP_INIT
            + (
                "        rows = []\n"
                "        for i in range(len(x)):\n"
                "            window = [x[j] if 0 <= j < len(x) else torch.zeros_like(x[0]) for j "
                "in range(i - k, i + k + 1)]\n"
                "            rows.append(torch.cat(window, dim=-1))\n"
                "        windows = torch.stack(rows)\n"
            )
            + MLP_OUT
        },
        # its per-position Python loop also makes the sweep, which trains with it, slow enough to
        # reach the cell's time limit on a small machine: the sweep may rightly be lost too
        "test_WindowMLP",
        "batch axis",
        ("test_window_tagger", "test_window_sweep"),
    ),
    Case(
        "mlp_flattened_batch",
        {
            "WindowMLP": MLP_INIT
            + (
                "        b, _, d = x.shape\n"
                "        flat = nn.functional.pad(x.reshape(b * n, d), (0, 0, k, k))\n"
                "        windows = torch.cat([flat[j:j + b * n] for j in range(2 * k + 1)], "
                "dim=-1).reshape(b, n, -1)\n"
            )
            + MLP_OUT
        },
        "test_WindowMLP",
        "leak from one sequence",
        ("test_window_tagger",),
    ),
    Case(
        "mlp_loop_over_positions",
        {
            "WindowMLP": MLP_INIT
            + (
                "        padded = nn.functional.pad(x, (0, 0, k, k))\n"
                "        windows = torch.stack([padded[:, i:i + 2 * k + 1].flatten(1) for i in "
                "range(n)], dim=1)\n"
            )
            + MLP_OUT
        },
        "test_WindowMLP_vectorised",
        "loops over positions",
    ),
    Case(
        "mlp_cpu_zeros",
        {
            "WindowMLP": MLP_INIT
            + (
                "        zeros = torch.zeros(x.shape[0], k, x.shape[2], dtype=x.dtype)\n"
                "        padded = torch.cat([zeros, x, zeros], dim=1)\n"
                "        windows = torch.cat([padded[:, j:j + n] for j in range(2 * k + "
                "1)], dim=-1)\n"
            )
            + MLP_OUT
        },
        "test_WindowMLP_device",
        "creates a tensor on the CPU",
    ),
    Case(
        "mlp_numpy_windows",
        {
            "WindowMLP": MLP_INIT
            + (
                "        w = [context_windows(s, k) for s in x.detach().cpu().numpy()]\n"
                "        windows = torch.tensor(np.stack(w), dtype=x.dtype, device=x.device)\n"
            )
            + MLP_OUT
        },
        "test_WindowMLP",
        "no gradient flows back",
        ("test_WindowMLP_device",),
    ),
    # ---------------------------------------------------------------- Part 4: I saw a saw
    Case(
        "per_vector_has_a_window",
        {"train_saw_taggers": _train(per_vector_k=1)},
        "test_per_vector_tagger",
        "sees more than one word",
    ),
    Case(
        "per_vector_untrained",
        {
            "train_saw_taggers": TRAIN_HEAD
            + (
                "per_vector_tagger = WindowTagger(corpus.vocab_size, 0, corpus.n_tags).to(device)\n"
                "window_tagger = WindowTagger(corpus.vocab_size, 1, corpus.n_tags).to(device)\n"
                "train_tagger(window_tagger, corpus_train, epochs=100, lr=1e-2)"
            )
        },
        "test_per_vector_tagger",
        "Train it",
    ),
    Case(
        "window_tagger_without_window",
        {"train_saw_taggers": _train(window_k=0)},
        "test_window_tagger",
        "Give it a window",
    ),
    # ---------------------------------------------------------------- Part 5: the sweep
    Case(
        "sweep_typed_in",
        {"window_sweep": ("window_accuracies = {0: 0.33, 1: 0.41, 2: 0.6, 4: 0.5, 8: 0.52}")},
        "test_window_sweep",
        "fill the dict with the values sweep_point computes",
    ),
    Case(
        "sweep_in_percent",
        {"window_sweep": ("window_accuracies = {k: 100 * sweep_point(k) for k in K_VALUES}")},
        "test_window_sweep",
        "not percentages",
    ),
    Case(
        "sweep_missing_points",
        {"window_sweep": ("window_accuracies = {k: sweep_point(k) for k in (0, 1, 2)}")},
        "test_window_sweep",
        "has no entry for k = [4, 8]",
    ),
    Case(
        "sweep_ignores_k",
        {
            "sweep_point": SWEEP_HEAD
            + (
                "    torch.manual_seed(seed)\n"
                "    model = WindowTagger(long_train.vocab_size, "
                "4, long_train.n_classes).to(device)\n"
                "    train_tagger(model, long_train, epochs=10, lr=5e-3, seed=seed)\n"
                "    return tagging_accuracy(model, long_test)"
            )
        },
        "test_window_sweep",
        "near chance",
    ),
]

RIGHT = [
    Case(
        "loops_and_float32",
        {
            "context_windows": WINDOWS
            + (
                "    n, d = len(x), len(x[0])\n"
                "    out = np.zeros((n, (2 * k + 1) * d), dtype=np.float32)\n"
                "    for i in range(n):\n"
                "        for m, j in enumerate(range(i - k, i + k + 1)):\n"
                "            if 0 <= j < n:\n"
                "                out[i, m * d:(m + 1) * d] = x[j]\n"
                "    return out"
            ),
            "window_mlp_param_count": COUNT
            + (
                "    net = nn.Sequential(nn.Linear((2 * k + 1) * d_in, hidden), nn.ReLU(), "
                "nn.Linear(hidden, n_classes))\n"
                "    return sum(p.numel() for p in net.parameters())"
            ),
            "window_sweep": (
                "window_accuracies = dict(zip(np.array(K_VALUES), map(np.float32, "
                "map(sweep_point, K_VALUES))))"
            ),
        },
    ),
    Case(
        "unfold_sequential_mask_argument",
        {
            "WindowMLP": (
                "class WindowMLP(nn.Module):\n"
                "    def __init__(self, d_in, k, hidden, n_classes):\n"
                "        super().__init__()\n"
                "        self.k, self.d_in = k, d_in\n"
                "        self.net = nn.Sequential(nn.Linear((2 * k + 1) * d_in, "
                "hidden), nn.ReLU(),\n"
                "                                 nn.Linear(hidden, n_classes))\n\n"
                "    def forward(self, x, mask=None):\n"
                "        import warnings\n"
                "        warnings.warn('unfold is neat')\n"
                "        print('windows of', 2 * self.k + 1)\n"
                "        padded = nn.functional.pad(x, (0, 0, self.k, self.k))\n"
                "        w = padded.unfold(1, 2 * self.k + 1, 1)  # (B, N, d, 2k + 1)\n"
                "        return self.net(w.transpose(-1, -2).flatten(-2))"
            ),
            "WindowTagger": (
                "class WindowTagger(nn.Module):\n"
                "    def __init__(self, vocab_size, k, n_classes, d_embed=16, hidden=64):\n"
                "        super().__init__()\n"
                "        self.embedding = nn.Embedding(vocab_size, d_embed)\n"
                "        self.window_mlp = WindowMLP(d_embed, k, hidden, n_classes)\n\n"
                "    def forward(self, tokens, mask=None):\n"
                "        h = self.embedding(tokens)\n"
                "        if mask is not None:\n"
                "            h = h * mask.unsqueeze(-1)\n"
                "        return self.window_mlp(h, mask)"
            ),
            "train_saw_taggers": _train(window_k=2, epochs=150),
        },
    ),
    # A context_windows written for NumPy and torch alike, reused inside the module.
    Case(
        "shared_windows_function",
        {
            "context_windows": WINDOWS
            + (
                "    if k == 0:\n        return x\n"
                "    n = x.shape[-2]\n"
                "    cat = torch.cat if isinstance(x, torch.Tensor) else np.concatenate\n"
                "    zeros = x[..., :1, :] * 0\n"
                "    padded = cat([zeros] * k + [x] + [zeros] * k, -2)\n"
                "    return cat([padded[..., j:j + n, :] for j in range(2 * k + 1)], -1)"
            ),
            "WindowMLP": MLP_INIT + "        windows = context_windows(x, k)\n" + MLP_OUT,
        },
    ),
    Case(
        "stderr_and_zeros_on_device",
        {
            "WindowMLP": MLP_INIT
            + (
                "        import sys\n"
                "        print('forward', tuple(x.shape), file=sys.stderr)\n"
                "        zeros = x.new_zeros(x.shape[0], k, x.shape[2])\n"
                "        padded = torch.cat([zeros, x, zeros], dim=1)\n"
                "        windows = torch.cat([padded[:, k + o:k + o + n] for o in range(-k, k + "
                "1)], dim=2)\n"
            )
            + MLP_OUT,
            "sweep_point": SWEEP_HEAD
            + (
                "    torch.manual_seed(seed)\n"
                "    tagger = WindowTagger(long_train.vocab_size, k, long_train.n_classes)\n"
                "    tagger = tagger.to(device)\n"
                "    losses = train_tagger(tagger, long_train, epochs=10, lr=5e-3, seed=seed)\n"
                "    print('final loss', losses[-1])\n"
                "    return float(tagging_accuracy(tagger, long_test))"
            ),
        },
    ),
]

# --------------------------------------------------------------------------------------------------
# Real-world mistakes and alternatives: the patterns of public window taggers (Collobert-style
# window approaches, NLP course assignments), PyTorch's unfold / F.pad / conv padding modes and the
# bug reports about them, rewritten in this course's API (no third-party code). The comment on each
# names the public pattern it reproduces. Run by the quick check tests only, locally and through the
# grading wire.
# --------------------------------------------------------------------------------------------------

MLP_SEQ_INIT = """class WindowMLP(nn.Module):
    def __init__(self, d_in, k, hidden, n_classes):
        super().__init__()
        self.k = k
        self.net = nn.Sequential(
            nn.Linear((2 * k + 1) * d_in, hidden), nn.ReLU(), nn.Linear(hidden, n_classes)
        )

    def forward(self, x):
        n, k = x.shape[1], self.k
"""
MLP_SEQ_OUT = "        return self.net(windows)"

REAL_WRONG = [
    # np.pad(x, k): the width applies to every axis (a frequent np.pad surprise).
    Case(
        "real_windows_np_pad_every_axis",
        {
            "context_windows": WINDOWS
            + (
                "    x = np.asarray(x)\n    n = len(x)\n    padded = np.pad(x, k)\n"
                "    return np.concatenate([padded[j:j + n] for j in range(2 * k + 1)], axis=1)"
            )
        },
        "test_context_windows",
        "pads every axis",
    ),
    # sliding_window_view on the unpadded sequence: only the N - 2k "valid" windows
    # (conv padding='valid').
    Case(
        "real_windows_valid_only",
        {
            "context_windows": WINDOWS
            + (
                "    x = np.asarray(x)\n    w = np.lib.stride_tricks.sliding_window_view(x, (2 * k "
                "+ 1, x.shape[1]))\n"
                "    return w.reshape(w.shape[0], -1)"
            )
        },
        "test_context_windows",
        "was not padded",
    ),
    # The per-position loop that cuts x[max(0, i - k):i + k + 1] and then zero-fills it to 2k +
    # 1 vectors.
    Case(
        "real_windows_cut_then_fill",
        {
            "context_windows": WINDOWS
            + (
                "    x = np.asarray(x)\n    n, d = x.shape\n    rows = []\n"
                "    for i in range(n):\n"
                "        w = x[max(0, i - k):i + k + 1].reshape(-1)\n"
                "        rows.append(np.concatenate([w, np.zeros((2 * k + 1) * d - len(w))]))\n"
                "    return np.array(rows)"
            )
        },
        "test_context_windows",
        "zero vectors went to the end",
    ),
    # padded[j:-(2k - j)]: the last slice is padded[2k:-0], which is empty.
    Case(
        "real_windows_negative_zero_slice",
        {
            "context_windows": WINDOWS
            + (
                "    x = np.asarray(x)\n    if k == 0:\n        return x\n"
                "    padded = np.pad(x, ((k, k), (0, 0)))\n"
                "    return np.concatenate([padded[j:-(2 * k - j)] for j in range(2 * k + "
                "1)], axis=1)"
            )
        },
        "test_context_windows",
        "-0 is 0",
    ),
    # sliding_window_view along axis 0 gives (N, d, 2k + 1): reshaping it interleaves the features.
    Case(
        "real_windows_sliding_view_interleaved",
        {
            "context_windows": WINDOWS
            + (
                "    x = np.asarray(x)\n    padded = np.pad(x, ((k, k), (0, 0)))\n"
                "    w = np.lib.stride_tricks.sliding_window_view(padded, 2 * k + 1, axis=0)\n"
                "    return w.reshape(len(x), -1)"
            )
        },
        "test_context_windows",
        "interleaved",
    ),
    # np.pad(..., mode='reflect'), as image code pads.
    Case(
        "real_windows_reflect_padding",
        {
            "context_windows": WINDOWS
            + (
                "    x = np.asarray(x)\n    n = len(x)\n    if k == 0:\n        return x\n"
                "    padded = np.pad(x, ((k, k), (0, 0)), mode='reflect')\n"
                "    return np.concatenate([padded[j:j + n] for j in range(2 * k + 1)], axis=1)"
            )
        },
        "test_context_windows",
        "reflect padding",
    ),
    # A first layer per window position (the count of a model with one Linear(d_in, hidden)
    # per offset).
    Case(
        "real_count_layer_per_position",
        {
            "window_mlp_param_count": COUNT
            + (
                "    first = (2 * k + 1) * (d_in * hidden + hidden)\n"
                "    return first + hidden * n_classes + n_classes"
            )
        },
        "test_window_mlp_param_count",
        "a first layer per window position",
    ),
    # k read as the window size rather than the neighbours on each side.
    Case(
        "real_count_k_as_window_size",
        {
            "window_mlp_param_count": COUNT
            + ("    return k * d_in * hidden + hidden + hidden * n_classes + n_classes")
        },
        "test_window_mlp_param_count",
        "on EACH side",
    ),
    # Units counted instead of weights (the layer sizes of a network diagram).
    Case(
        "real_count_units",
        {"window_mlp_param_count": COUNT + ("    return (2 * k + 1) * d_in + hidden + n_classes")},
        "test_window_mlp_param_count",
        "units",
    ),
    # F.pad(x, (k, k)) pads the LAST dimension (the features): the reverse order of F.pad's widths,
    # a bug even PyTorch's own conv padding had (pytorch/pytorch#37881, "F.pad takes in dims in
    # reverse order").
    Case(
        "real_mlp_fpad_last_dim",
        {
            "WindowMLP": MLP_INIT
            + (
                "        padded = nn.functional.pad(x, (k, k))\n"
                "        windows = torch.cat([padded[:, j:j + n] for j in range(2 * k + "
                "1)], dim=-1)\n"
            )
            + MLP_OUT
        },
        "test_WindowMLP",
        "pads the LAST dimension first",
        ("test_WindowMLP_vectorised", "test_WindowMLP_device"),
    ),
    # Tensor.unfold gives (B, N, d, 2k + 1); flattening it without moving the window
    # axis interleaves.
    Case(
        "real_mlp_unfold_interleaved",
        {
            "WindowMLP": MLP_INIT
            + (
                "        padded = nn.functional.pad(x, (0, 0, k, k))\n"
                "        windows = padded.unfold(1, 2 * k + 1, 1).flatten(2)\n"
            )
            + MLP_OUT
        },
        "test_WindowMLP",
        "interleaved",
    ),
    # nn.functional.unfold (im2col) orders its output channel by channel: interleaved features too.
    Case(
        "real_mlp_im2col_interleaved",
        {
            "WindowMLP": MLP_INIT
            + (
                "        cols = nn.functional.unfold(x.transpose(1, 2).unsqueeze(-1), "
                "kernel_size=(2 * k + 1, 1),\n"
                "                                    padding=(k, 0))\n"
                "        windows = cols.transpose(1, 2)\n"
            )
            + MLP_OUT
        },
        "test_WindowMLP",
        "interleaved",
    ),
    # torch.roll for the shifts (a "shift a tensor" answer), which wraps around.
    Case(
        "real_mlp_torch_roll",
        {
            "WindowMLP": MLP_INIT
            + (
                "        windows = torch.cat([torch.roll(x, -o, dims=1) for o in range(-k, k + "
                "1)], dim=-1)\n"
            )
            + MLP_OUT
        },
        "test_WindowMLP",
        "wraps around",
    ),
    # padding_mode='replicate' as in conv layers: edge copies.
    Case(
        "real_mlp_replicate_pad",
        {
            "WindowMLP": MLP_INIT
            + (
                "        padded = nn.functional.pad(x.transpose(1, 2), (k, k), "
                "mode='replicate').transpose(1, 2)\n"
                "        windows = torch.cat([padded[:, j:j + n] for j in range(2 * k + "
                "1)], dim=-1)\n"
            )
            + MLP_OUT
        },
        "test_WindowMLP",
        "edge copies",
    ),
    # An nn.Sequential of two Linear layers, the activation forgotten.
    Case(
        "real_mlp_sequential_without_activation",
        {
            "WindowMLP": MLP_SEQ_INIT.replace("nn.ReLU(), ", "")
            + (
                "        windows = nn.functional.pad(x, (0, 0, k, k)).unfold(1, 2 * k + 1, "
                "1).transpose(-1, -2).flatten(2)\n"
            )
            + MLP_SEQ_OUT
        },
        "test_WindowMLP",
        "ReLU between the two layers is missing",
    ),
    # A tutorial's classifier ending with nn.Softmax(dim=-1).
    Case(
        "real_mlp_softmax_head",
        {
            "WindowMLP": MLP_INIT
            + (
                "        padded = nn.functional.pad(x, (0, 0, k, k))\n"
                "        windows = torch.cat([padded[:, j:j + n] for j in range(2 * k + "
                "1)], dim=-1)\n"
                "        return torch.softmax(self.out(torch.relu(self.hidden(windows))), dim=-1)"
            )
        },
        "test_WindowMLP",
        "you returned probabilities",
    ),
    # The NumPy context_windows of Part 1 reused on x.numpy(): "Can't call numpy() on Tensor that
    # requires grad".
    Case(
        "real_mlp_numpy_on_grad_tensor",
        {
            "WindowMLP": MLP_INIT
            + (
                "        windows = torch.from_numpy(np.stack([context_windows(s, k) for s "
                "in x.numpy()]))\n"
            )
            + MLP_OUT
        },
        "test_WindowMLP",
        "so that the gradient reaches x",
        ("test_WindowMLP_device",),
    ),
    # x.view(-1, d) to window "all tokens at once": neighbours leak across sequences.
    Case(
        "real_mlp_view_all_tokens",
        {
            "WindowMLP": MLP_INIT
            + (
                "        b, _, d = x.shape\n"
                "        flat = context_windows(x.reshape(-1, d), k)\n"
                "        windows = flat.view(b, n, -1)\n"
            )
            + MLP_OUT
        },
        "test_WindowMLP",
        "leak from one sequence",
    ),
    # The centre slice x[k:-k]: with k = 0 it is x[0:-0], empty (Python reads -0 as 0), the slicing
    # gotcha behind many "x[:-0] returns an empty list" questions.
    Case(
        "real_windows_centre_slice_minus_zero",
        {
            "context_windows": WINDOWS
            + (
                "    x = np.asarray(x)\n    d = x.shape[1]\n"
                "    padded = np.concatenate([np.zeros((k, d)), x, np.zeros((k, d))])\n"
                "    n = len(padded[k:-k])\n"
                "    return np.concatenate([padded[j:j + n] for j in range(2 * k + 1)], axis=1)"
            )
        },
        "test_context_windows",
        "x[k:-k] is x[0:-0]",
    ),
]

REAL_RIGHT = [
    # sliding_window_view over (2k + 1, d) blocks of the padded sequence: window-major, as required.
    Case(
        "real_sliding_window_blocks",
        {
            "context_windows": WINDOWS
            + (
                "    x = np.asarray(x)\n    padded = np.pad(x, ((k, k), (0, 0)))\n"
                "    w = np.lib.stride_tricks.sliding_window_view(padded, (2 * k + "
                "1, x.shape[1]))\n"
                "    return w.reshape(len(x), -1)"
            )
        },
    ),
    # np.roll for every shift, with the wrapped rows zeroed (a vectorised "shift" idiom done right).
    Case(
        "real_roll_then_zero",
        {
            "context_windows": WINDOWS
            + (
                "    x = np.asarray(x, dtype=float)\n    n = len(x)\n    cols = []\n"
                "    for o in range(-k, k + 1):\n"
                "        s = np.roll(x, -o, axis=0)\n"
                "        valid = (np.arange(n) + o >= 0) & (np.arange(n) + o < n)\n"
                "        cols.append(s * valid[:, None])\n"
                "    return np.concatenate(cols, axis=1)"
            )
        },
    ),
    # The count as (inputs + 1) * outputs per layer (the "+1 for the bias" formula of course notes).
    Case(
        "real_count_plus_one_bias",
        {
            "window_mlp_param_count": COUNT
            + (
                "    layers = [((2 * k + 1) * d_in, hidden), (hidden, n_classes)]\n"
                "    return sum((n_in + 1) * n_out for n_in, n_out in layers)"
            )
        },
    ),
    # Tensor.unfold with the window axis moved before flattening (window-major), in
    # an nn.Sequential.
    Case(
        "real_unfold_transpose_sequential",
        {
            "WindowMLP": MLP_SEQ_INIT
            + (
                "        windows = nn.functional.pad(x, (0, 0, k, k)).unfold(1, 2 * k + 1, "
                "1).transpose(-1, -2).flatten(2)\n"
            )
            + MLP_SEQ_OUT
        },
    ),
    # torch.stack of the shifted slices on a new axis -2, then flatten: whole vectors one after
    # the other.
    Case(
        "real_stack_then_flatten",
        {
            "WindowMLP": MLP_INIT
            + (
                "        padded = nn.functional.pad(x, (0, 0, k, k))\n"
                "        windows = torch.stack([padded[:, j:j + n] for j in range(2 * k + "
                "1)], dim=-2).flatten(-2)\n"
            )
            + MLP_OUT
        },
    ),
    # Zeros made on the CPU and moved with .to(x) (device and dtype of the input).
    Case(
        "real_zeros_to_x",
        {
            "WindowMLP": MLP_INIT
            + (
                "        zeros = torch.zeros(x.shape[0], k, x.shape[2]).to(x)\n"
                "        padded = torch.cat([zeros, x, zeros], dim=1)\n"
                "        windows = torch.cat([padded[:, j:j + n] for j in range(2 * k + "
                "1)], dim=-1)\n"
            )
            + MLP_OUT
        },
    ),
    # torch.roll with the wrapped positions zeroed by a mask made on x's device.
    Case(
        "real_roll_masked_module",
        {
            "WindowMLP": MLP_INIT
            + (
                "        pos = torch.arange(n, device=x.device)\n"
                "        parts = [torch.roll(x, -o, dims=1) * ((pos + o >= 0) & (pos + o < "
                "n)).to(x.dtype)[None, :, None]\n"
                "                 for o in range(-k, k + 1)]\n"
                "        windows = torch.cat(parts, dim=-1)\n"
            )
            + MLP_OUT
        },
    ),
    # F.conv1d with an identity kernel builds every window at once (Collobert-style
    # convolutional window).
    Case(
        "real_conv1d_identity_windows",
        {
            "WindowMLP": MLP_INIT
            + (
                "        d, w = x.shape[2], 2 * k + 1\n"
                "        eye = torch.eye(w * d, dtype=x.dtype, device=x.device).reshape(w * d, w, "
                "d).transpose(1, 2)\n"
                "        windows = nn.functional.conv1d(x.transpose(1, 2), eye, "
                "padding=k).transpose(1, 2)\n"
            )
            + MLP_OUT
        },
    ),
]
