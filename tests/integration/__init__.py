"""Whole-class runs: each module grades a class (or many notebooks) end to end through nbgrader,
once, in a module fixture, and is slow; one module per scenario. The tests of one package module are
in the folder that mirrors it (tests/sandbox/, tests/grading/, ...)."""
