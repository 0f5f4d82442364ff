"""The wire between the learner's kernel and the grader.

* :mod:`.kernel`: the kernel's side, sent into the kernel as source; runs learner code on the
  checks' inputs and answers with plain data.
* :mod:`.grader`: the grader's side; runs the hidden tests in the grader's process, with proxies for
  the learner's objects.
"""
