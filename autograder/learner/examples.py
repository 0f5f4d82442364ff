"""The chapter's worked example: four input vectors and small integer weights, checkable by hand.

Chosen so that every key differs and query 1 gives each key its own score (4, 1, 3, 2), so each
output has its own weights. Shared by the book (which prints every step) and the notebook's
visible tests.
"""

import numpy as np

A = np.array([[1, 0, 1], [0, 1, 0], [1, 1, 0], [0, 0, 1]], dtype=float)  # a^1 .. a^4 as rows
W_Q = np.array([[0, 1], [0, 1], [2, 0]], dtype=float)
W_K = np.array([[1, 0], [0, 1], [1, 0]], dtype=float)
W_V = np.array([[1, 0], [0, 2], [1, 1]], dtype=float)
