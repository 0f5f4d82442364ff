"""The grading engine (instructor side): the course on disk, release, submissions, the sandboxed kernel and
its launcher, the wire between the kernel and the grader, the grading pipeline and the command line.

Importing this package imports nothing else: the launcher runs inside the sandbox, where only the standard
library may be assumed.
"""
