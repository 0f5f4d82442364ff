"""What every kernel is given however it starts (autograder.sandbox.confinement): only the
environment it needs, and a seccomp filter that refuses new user namespaces and nothing else."""

import json
import subprocess
import sys

from autograder.sandbox.confinement import kernel_environment


def test_a_kernel_keeps_only_the_environment_it_needs():
    grader = {
        "PATH": "/usr/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C",
        "OMP_NUM_THREADS": "2",
        "CUDA_VISIBLE_DEVICES": "0",
        "JUPYTERHUB_API_TOKEN": "t",
        "PGPASSWORD": "p",
        "AUTOGRADER_SECRET": "s",
        "AWS_SECRET_ACCESS_KEY": "k",
        "HOME": "/home/teacher",
        "PYTHONPATH": "/elsewhere",
        "DATA_DIR": "/d",
    }
    env = kernel_environment(grader, "/course", ("DATA_DIR",))
    assert env == {
        "PATH": "/usr/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C",
        "OMP_NUM_THREADS": "2",
        "CUDA_VISIBLE_DEVICES": "0",
        "DATA_DIR": "/d",
        "HOME": "/tmp",
        "IPYTHONDIR": ("/tmp/.ipython"),
        "MPLCONFIGDIR": "/tmp/.mpl",
        "TMPDIR": "/tmp",
        "PYTHONPATH": "/course",
    }


def test_the_seccomp_filter_refuses_new_user_namespaces_only(tmp_path):
    probe = (
        "import ctypes, json, os, subprocess, sys, threading\n"
        "from autograder.sandbox import confinement as c\n"
        "libc = ctypes.CDLL(None, use_errno=True)\n"
        "libc.prctl(c.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)\n"
        "c.install_seccomp()\n"
        "out = {'userns': libc.unshare(c.CLONE_NEWUSER) == 0}\n"
        "t = threading.Thread(target=lambda: out.update(thread=True)); t.start(); t.join()\n"
        "out['child'] = subprocess.run([sys.executable, '-c', 'print(6 * "
        "7)'], capture_output=True,\n"
        "                              text=True).stdout.strip()\n"
        "pid = os.fork()\n"
        "if pid == 0:\n    os._exit(5)\n"
        "out['fork'] = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])\n"
        "print(json.dumps(out))"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert json.loads(run.stdout.strip().splitlines()[-1]) == {
        "userns": False,
        "thread": True,
        "child": "42",
        "fork": 5,
    }, run.stderr
