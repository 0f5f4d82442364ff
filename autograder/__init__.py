"""The self-attention course package: reference code, data sets, grading checks and the instructor CLI."""
