"""What every learner's kernel is given, however it starts: its environment, its limits, its user,
and no way to build a sandbox of its own.

Both ways a kernel starts use this one module: a plain start (:mod:`autograder.sandbox.launcher`,
inside bubblewrap) and a fork of a worker's warm template
(:mod:`autograder.sandbox.forking_kernel`). It is bound into the sandbox and imports only the
standard library.

* **Environment**: a kernel gets only the variables it needs to run (the locale, the path, thread
  counts, CUDA's), never the grader's own: a JupyterHub's API token, a database password or a cloud
  key in the instructor's environment would otherwise be one ``print(os.environ)`` away from the
  learner's feedback.
* **User**: run as root, the grader hands each worker's kernels an unprivileged user id of their own
  (``setuid``). Run as an ordinary user, the kernel is already that user inside its own user
  namespace; what it may drop is the capabilities that namespace gave its creator.
* **No new user namespaces**: a kernel may not create one (a seccomp filter refuses ``unshare`` and
  ``clone`` with ``CLONE_NEWUSER``). Inside a new user namespace it would hold every capability over
  namespaces of its own: not a way out of the sandbox's view (the kernel locks those mounts), but a
  large attack surface.
"""

from __future__ import annotations

import ctypes
import os
import platform
import resource
import struct

# The course's secret (the hidden tests draw their inputs from it): the grader's own, never passed
# to a kernel nor left in a warm template's environment.
SECRET_ENV = "AUTOGRADER_SECRET"

# Variables a kernel keeps from the grader's environment (names, and prefixes ending in "_").
PASSED_NAMES = (
    "PATH",
    "LANG",
    "LANGUAGE",
    "TZ",
    "TERM",
    "PYTHONHASHSEED",
    "PYTHONIOENCODING",
    "PYTHONUTF8",
    "PYTHONWARNINGS",
    "PYTHONDONTWRITEBYTECODE",
    "VIRTUAL_ENV",
    "MPLBACKEND",
    "JPY_SESSION_NAME",
)
PASSED_PREFIXES = (
    "LC_",
    "OMP_",
    "MKL_",
    "OPENBLAS_",
    "KMP_",
    "CUDA_",
    "NVIDIA_",
    "CUBLAS_",
    "CUDNN_",
    "TORCH_",
    "PYTORCH_",
)
KERNEL_HOME = {
    "HOME": "/tmp",
    "IPYTHONDIR": "/tmp/.ipython",
    "MPLCONFIGDIR": "/tmp/.mpl",
    "TMPDIR": "/tmp",
}


def kernel_environment(
    environ: dict, python_path: str, passed: tuple[str, ...] = ()
) -> dict[str, str]:
    """The kernel's environment: what it needs of ``environ`` (and the names in ``passed``), its
    private home, and ``python_path`` (the course's own package) first on its import path."""
    kept = {
        name: value
        for name, value in environ.items()
        if name in PASSED_NAMES or name in passed or name.startswith(PASSED_PREFIXES)
    }
    return {**kept, **KERNEL_HOME, "PYTHONPATH": python_path}


def set_limits(memory_mb: int, processes: int, cpu_seconds: int, file_mb: int) -> None:
    """The resource limits of one submission (their defaults: ``launcher.LIMITS``). RLIMIT_DATA
    rather than RLIMIT_AS: CUDA reserves far more address space than it uses."""
    for what, value in [
        (resource.RLIMIT_DATA, memory_mb << 20),
        (resource.RLIMIT_NPROC, processes),
        (resource.RLIMIT_CPU, cpu_seconds),
        (resource.RLIMIT_FSIZE, file_mb << 20),
        (resource.RLIMIT_CORE, 0),
    ]:
        resource.setrlimit(what, (value, value))


PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, PR_CAP_AMBIENT = 24, 38, 22, 47
PR_CAP_AMBIENT_CLEAR_ALL, SECCOMP_MODE_FILTER = 4, 2
CAPABILITY_VERSION_3 = 0x20080522
CLONE_NEWUSER = 0x10000000

_libc = ctypes.CDLL(None, use_errno=True)


def become_learner(uid: int) -> None:
    """Drop for good to the learner's user: no capability left, none to gain by exec, no
    user namespaces.

    As root (the grader ran as root): the worker's own ``uid``. As an ordinary user, the process
    already is ``uid`` in its user namespace, and only sheds the capabilities it may hold there (a
    warm template's)."""
    # the bounding set: what an exec could ever give back (needs CAP_SETPCAP; else moot)
    for cap in range(64):
        # EINVAL: no such cap
        if _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 and ctypes.get_errno() == 22:
            break
    if os.getuid() == 0:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    _libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    header = ctypes.create_string_buffer(struct.pack("Ii", CAPABILITY_VERSION_3, 0))
    # effective, permitted, inheritable: none
    if _libc.capset(header, ctypes.create_string_buffer(24)) != 0:
        raise OSError(ctypes.get_errno(), "capset: cannot drop the kernel's capabilities")
    if _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl: cannot set no_new_privs")
    install_seccomp()


# Syscall numbers and audit architecture per machine (the filter is built only for these two).
_SYSCALLS = {
    "x86_64": (0xC000003E, {"unshare": 272, "clone": 56, "clone3": 435}),
    "aarch64": (0xC00000B7, {"unshare": 97, "clone": 220, "clone3": 435}),
}


def seccomp_program(machine: str | None = None) -> bytes | None:
    """A classic-BPF seccomp filter: ``unshare``/``clone`` with CLONE_NEWUSER fail with EPERM,
    ``clone3`` with ENOSYS (its flags are out of a filter's reach; the C library then falls back to
    ``clone``), system calls of another ABI (32-bit, x32) with EPERM; everything else is allowed.
    None on other machines."""
    machine = machine or platform.machine()
    if machine not in _SYSCALLS:
        return None
    arch, nr = _SYSCALLS[machine]
    allow, eperm, enosys = 0x7FFF0000, 0x00050000 | 1, 0x00050000 | 38
    ld, jeq, jge, jset, ret = 0x20, 0x15, 0x35, 0x45, 0x06
    # (opcode, k, jump-if-true label, jump-if-false label); labels name the instructions below
    code = [("arch", ld, 4, None, None), (None, jeq, arch, None, "deny"), (None, ld, 0, None, None)]
    if machine == "x86_64":
        code.append((None, jge, 0x40000000, "deny", None))  # the x32 ABI's numbers
    code += [
        (None, jeq, nr["unshare"], "flags", None),
        (None, jeq, nr["clone"], "flags", None),
        (None, jeq, nr["clone3"], "enosys", None),
        (None, ret, allow, None, None),
        # the low half of the first argument: the flags of both calls
        ("flags", ld, 16, None, None),
        (None, jset, CLONE_NEWUSER, "deny", None),
        (None, ret, allow, None, None),
        ("deny", ret, eperm, None, None),
        ("enosys", ret, enosys, None, None),
    ]
    where = {label: i for i, (label, *_) in enumerate(code) if label}
    jump = lambda i, label: 0 if label is None else where[label] - i - 1  # noqa: E731
    return b"".join(
        struct.pack("HBBI", op, jump(i, t), jump(i, f), k)
        for i, (_, op, k, t, f) in enumerate(code)
    )


def install_seccomp() -> None:
    """Load :func:`seccomp_program` into this process and every process it starts (no_new_privs must
    be set)."""
    program = seccomp_program()
    if program is None:
        return
    filters = ctypes.create_string_buffer(program)
    fprog = struct.pack(
        "HxxxxxxQ" if struct.calcsize("P") == 8 else "HxxI",
        len(program) // 8,
        ctypes.addressof(filters),
    )
    if (
        _libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.create_string_buffer(fprog), 0, 0)
        != 0
    ):
        raise OSError(ctypes.get_errno(), "prctl: cannot install the kernel's seccomp filter")
