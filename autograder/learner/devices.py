"""Where PyTorch code of the course runs: picked at run time, never hard-coded."""

from __future__ import annotations

import numpy as np
import torch


def default_device() -> torch.device:
    """CUDA when there is a GPU, else the CPU: chosen at run time, never hard-coded."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def set_seed(seed: int) -> None:
    """Seed NumPy's and PyTorch's global generators (what a notebook's "make it reproducible"
    cell does)."""
    np.random.seed(seed)
    torch.manual_seed(seed)
