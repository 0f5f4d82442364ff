"""nbgrader configuration for the self-attention course.

Sources (with solutions and hidden tests) live in solutions/, the student release in exercises/. Everything
nbgrader writes while grading (submitted, autograded, feedback, the SQLite gradebook) lives under course/,
which git ignores. The instructor CLI (`python -m autograder`) reads this file too.
"""

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

c.CourseDirectory.root = "."
c.CourseDirectory.course_id = "self-attention"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.submitted_directory = "course/submitted"
c.CourseDirectory.autograded_directory = "course/autograded"
c.CourseDirectory.feedback_directory = "course/feedback"
c.CourseDirectory.db_url = "sqlite:///course/gradebook.db"

# Correct work must not lose points for a warning: plain nbgrader fails any test cell that writes to stderr.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"[\s\S]"

# Limits for one submission: their defaults are defined once, in autograder/engine/launcher.py (LIMITS), and
# listed in the README. Override any of them here, e.g. c.Execute.timeout = 300 (seconds per cell) or
# c.SandboxKernelManager.memory_mb = 8192. A cell that runs too long is interrupted and counts as failed; the
# rest still run. A kernel that dies is restarted.
c.SandboxExecute.tests_outside = True  # hidden tests run in the grader's process (autograder/engine/wire/grader.py)
c.SandboxKernelManager.require_sandbox = False  # True: refuse to run learner code without bubblewrap
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 40

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
