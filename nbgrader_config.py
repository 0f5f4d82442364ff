"""nbgrader configuration for the self-attention course.

Sources (with solutions and hidden tests) live in solutions/, the student release in exercises/.
Everything nbgrader writes while grading (submitted, autograded, feedback, the SQLite gradebook)
lives under course/, which git ignores. The instructor CLI (`python -m autograder`), `nbgrader
autograde` and formgrader's Autograde button all read this file, so all three grade with the same
sandbox, the same hidden tests and the same scores.
"""

import os
import sys

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)
# traitlets sets __file__ when it loads this file
COURSE = os.path.dirname(os.path.abspath(__file__))

# This copy of the course grades, whichever checkout the environment was installed from.
if COURSE not in sys.path:
    sys.path.insert(0, COURSE)
from autograder.grading.nbgrader_setup import configure_sandbox  # noqa: E402

# Learner code runs sandboxed (autograder/sandbox/): no network, none of the course's or the
# machine's files, its own user; the test cells run in the grader's process with inputs drawn from
# course/secret. Where no sandbox can be built, grading refuses with the reason; to grade anyway
# (unsafe: learner code then runs with the limits alone, as you), set
# c.SandboxKernelManager.unsandboxed = True.
configure_sandbox(c, COURSE, os.path.join(COURSE, "course"))

c.CourseDirectory.root = "."
c.CourseDirectory.course_id = "self-attention"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.submitted_directory = "course/submitted"
c.CourseDirectory.autograded_directory = "course/autograded"
c.CourseDirectory.feedback_directory = "course/feedback"
c.CourseDirectory.db_url = "sqlite:///course/gradebook.db"

# Correct work must not lose points for a warning: plain nbgrader fails any test cell that writes
# to stderr.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"[\s\S]"

# Limits for one submission: their defaults are defined once, in autograder/sandbox/launcher.py
# (LIMITS), and listed in the README. Override any of them here, e.g. c.Execute.timeout = 300
# (seconds per cell) or c.SandboxKernelManager.memory_mb = 8192. A cell that runs too long is
# interrupted and counts as failed; the rest still run. A kernel that dies is restarted. hidden
# tests run in the grader's process (autograder/wire/grader.py)
c.SandboxExecute.tests_outside = True
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 40

# The learner's language: the hidden checks' messages, the feedback page, `check` and the class
# report speak "en", "zh-hans" (Simplified Chinese) or "zh-hant" (Traditional Chinese as written in
# Taiwan). A notebook of a Chinese kit is answered in its own language (follow_notebook); the CLI's
# --language answers every notebook of one run in the language named. nbgrader autograde and
# formgrader's buttons use these as they are.
c.CourseLanguage.language = "en"
c.CourseLanguage.follow_notebook = True

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
