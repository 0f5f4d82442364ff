"""The self-attention course package: one folder per role, each importing only from those below it
(tests/test_layers.py reads every import)::

    cli/                        parses a command and forwards it, one module per verb
    lms/  report/  authoring/   LMS downloads and grade files; the class report; release and kits
    grading/                    nbgrader, the gradebook, each student's result, the batch, shards
    checks/                     the hidden tests' logic                        (instructors only)
    reference/                  the answer key                                 (instructors only)
    wire/                       a check's two sides: kernel.py runs in the learner's kernel
    sandbox/                    starts the learner's kernel confined; three of its files run inside
    errors  cells  messages     how grading says no; nbgrader's cell metadata; messages, translated
    learner/  tools/            what a learner's notebook imports (all the kit ships); book helpers
"""
