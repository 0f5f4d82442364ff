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

# Limits for one submission (see autograder/sandbox.py and the README's "For instructors"). A cell that runs
# longer is interrupted and counts as failed; the rest still run. A kernel that dies is restarted.
c.Execute.timeout = 120  # seconds per cell (for a test cell: the learner's code it calls, in all)
c.SandboxExecute.notebook_timeout = 900  # seconds for the whole notebook
c.SandboxExecute.max_output_bytes = 1_000_000  # output kept per notebook; the rest is dropped
c.SandboxKernelManager.memory_mb = 4096  # memory (RLIMIT_DATA) of the learner's kernel; CUDA still starts
c.SandboxKernelManager.max_processes = 256  # processes + threads of the learner's kernel
c.SandboxKernelManager.cpu_seconds = 900  # CPU time of the learner's kernel
c.SandboxKernelManager.file_mb = 64  # largest file the kernel may write (it can write only its private /tmp)
c.SandboxExecute.tests_outside = True  # hidden tests run in the grader's process (autograder/remote.py)
c.SandboxKernelManager.require_sandbox = False  # True: refuse to run learner code without bubblewrap
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 40

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
