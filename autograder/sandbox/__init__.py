"""The sandbox: run a learner's kernel where it can reach nothing of the course, within limits.

nbgrader executes each submitted notebook in a Jupyter kernel. Here that kernel is started through
this package's launcher, which builds its sandbox with bubblewrap (``bwrap``), the same whether the
grader runs as root or as an ordinary user:

* a file system of its own, built from an empty root: the system's programs, libraries and /etc
  (read-only, Jupyter's configuration folders hidden), the Python installation, the learner side of
  the ``autograder`` package (:mod:`autograder.learner`, whole: data and tools, never the reference
  answers, the checks or the rest of the package) and the learner's own autograded folder
  (read-only); a fresh, private /tmp. Nothing else: no course folder (solutions/, the gradebook,
  other students' folders), no /home, /root, /srv, /var or /run (no one's files, no server's
  Unix socket);
* its own user: as root, the grader gives each worker's kernels an unprivileged user id of their
  own; as an ordinary user, each kernel runs in a user namespace of its own, with no capability
  left; either way it may not create user namespaces (a seccomp filter) and keeps only the
  environment it needs (:mod:`autograder.sandbox.confinement`);
* resource limits: memory (the data segment: heap and arrays count, and CUDA still starts), number
  of processes and threads, CPU seconds, file size, no core dumps; its own process namespace, so
  every process it starts dies with it;
* no network: its own network namespace (only an empty loopback), so it reaches neither the grading
  machine's local servers nor other kernels nor the internet, and DNS fails. nbgrader still drives
  it: its channels are Unix sockets (jupyter_client's ``ipc`` transport) in a folder bound into its
  sandbox alone.

Where no sandbox can be built (no bwrap; user namespaces forbidden to an ordinary user), no kernel
starts: the grader refuses with the reason and the fix, unless the instructor sets
``c.SandboxKernelManager.unsandboxed = True`` (``--unsandboxed``).

What is here: :mod:`.launcher`, :mod:`.confinement` and :mod:`.forking_kernel` run inside the
sandbox (standard library only; they are the only files of the package bound into it besides
:mod:`autograder.learner`); :mod:`.kernel_manager` starts kernels through the launcher,
:mod:`.kernel_pool` keeps each worker's warm template, :mod:`.processes` and :mod:`.memory_probe`
read a kernel's processes and memory from /proc, and :mod:`.preflight` says whether a sandbox can be
built here at all.
"""
