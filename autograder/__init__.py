"""The self-attention course package, split by role:

* :mod:`autograder.learner`: what a learner's notebook imports (data, tasks, training, examples,
  devices); the only part the learner kit ships and the grading sandbox exposes;
* :mod:`autograder.reference` and :mod:`autograder.checks`: the answer key and the hidden tests'
  logic (instructor only);
* :mod:`autograder.engine`: release, the sandbox, the wire, the grading pipeline and the
  CLI (instructor);
* :mod:`autograder.tools`: the book's and the benchmarks' helpers (authors).
"""
