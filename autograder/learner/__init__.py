"""What a learner's notebook may import: the data, the tasks, the training loop, the worked examples
and the device helper, one module per chapter (named like its assignment) plus the shared
tagging helpers.

This folder is the learner side of the course: it ships alone in the learner kit (``python -m
autograder release`` builds it) and it is all of the package that a graded notebook's sandbox can
see. Nothing here holds an answer to a graded part; ``autograder.reference`` and
``autograder.checks`` stay with the instructor.
"""
