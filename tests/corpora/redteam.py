"""Hostile and faulty submissions of 04_self_attention, each with the score it must
get (tests/test_redteam.py).

Every case writes its code into the ``dot_product_score`` solution cell (``code``) and/or changes
the notebook (``mutate``). ``wrong=True`` cases also define a WRONG ``dot_product_score`` (it
returns 0.0): the attack tries to earn ``test_dot_product_score`` anyway, which must score 0; every
other automatic part must keep full marks. ``wrong=False`` cases are correct work that must keep
every point, except the parts listed in ``lost``. ``open_gap`` names a defence the grader does not
have yet (the test is then a strict xfail, see the README). Paths in the attacks are filled in with
the real course folders (``{root}``, ``{work}``), as an attacker who guessed them would write them;
``{port}`` is a web server on the grading machine's loopback that serves the right answer (a
stand-in for whatever a grading machine serves locally: a database, a Jupyter server); ``{planted}``
is a folder in the grader's own home holding a private key (``id_ed25519``) and a Unix socket
(``server.sock``) that also serves the right answer, as a local database's socket would.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

PART = "test_dot_product_score"
WRONG = "def dot_product_score(q, k):\n    return 0.0\n"
RIGHT = "def dot_product_score(q, k):\n    return float(np.dot(q, k))\n"


@dataclass
class Attack:
    name: str
    code: str = ""  # put before the function in the dot_product_score cell
    wrong: bool = True
    lost: tuple[str, ...] = ()  # parts a correct fault case may rightly lose
    mutate: Callable | None = None  # changes the notebook (test cells, metadata)
    open_gap: str = ""
    after: str = ""  # put after the function

    @property
    def student(self) -> str:
        return "rt-" + self.name.replace("_", "-")

    def source(self, root: str, work: str, port: int = 0, planted: str = "/nonexistent") -> str:
        body = WRONG if self.wrong else RIGHT

        def fill(text: str) -> str:
            return (
                text.replace("{root}", root)
                .replace("{work}", work)
                .replace("{port}", str(port))
                .replace("{planted}", planted)
            )

        return f"import numpy as np\n{fill(self.code)}\n{body}{fill(self.after)}"


def _test_cell(nb, grade_id=PART):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _delete_test(nb):
    nb.cells.remove(_test_cell(nb))


def _blank_test(nb):
    _test_cell(nb).source = "pass"


def _relabel_test(nb):
    meta = _test_cell(nb).metadata.nbgrader
    meta.update(grade=False, locked=False, points=0)


def _duplicate_test(nb):
    import copy

    cell = _test_cell(nb)
    twin = copy.deepcopy(cell)
    twin.source = "pass"
    twin.pop("id", None)
    nb.cells.insert(nb.cells.index(cell) + 1, twin)


SMUGGLED = "/tmp/autograder-rt-smuggled.txt"


def _smuggle_test(nb):
    """Test code of the learner's own, in the test cell and in a copy of it: it must run nowhere."""
    import copy

    cell = _test_cell(nb)
    cell.source = f"open({SMUGGLED!r}, 'w').write('ran outside the sandbox')"
    twin = copy.deepcopy(cell)
    twin.pop("id", None)
    nb.cells.insert(nb.cells.index(cell) + 1, twin)


def _raise_points(nb):
    _test_cell(nb).metadata.nbgrader["points"] = 100


# Right only on the exact inputs of a public copy of the checks (the table ``_public``), wrong
# everywhere else.
PUBLIC_LOOKUP = (
    "def dot_product_score(q, k):\n"
    "    return _public.get((np.asarray(q).tobytes(), "
    "np.asarray(k).tobytes()), 0.0)\n"
)
CHEAT = "def dot_product_score(q, k):\n    return float(np.dot(q, k))\n"

ATTACKS = [
    # Outcome 1: no false credit. Reading and writing what the grader keeps.
    Attack(
        "read_solution",
        """
try:
    _src = open("{root}/solutions/04_self_attention/self_attention.ipynb").read()
    _cheat = True
except OSError:
    _cheat = False
""",
        after=f"if _cheat:\n    exec({CHEAT!r})\n",
    ),
    Attack(
        "read_gradebook",
        """
import os
_cheat = os.path.exists("{work}/gradebook.db")
""",
        after=f"if _cheat:\n    exec({CHEAT!r})\n",
    ),
    Attack(
        "write_gradebook",
        """
try:
    with open("{work}/gradebook.db", "r+b") as _f:
        _f.write(b"garbage" * 100)
except OSError:
    pass
""",
    ),
    Attack(
        "write_other_students",
        """
import os
for _d in ["{work}/submitted/rt-baseline/04_self_attention",
           "{work}/feedback/rt-baseline/04_self_attention",
           "{work}/autograded/rt-baseline/04_self_attention"]:
    try:
        os.makedirs(_d, exist_ok=True)
        open(_d + "/planted.txt", "w").write("x")
    except OSError:
        pass
""",
    ),
    Attack(
        "list_other_students",
        """
import os
_cheat = bool(os.path.isdir("{work}/submitted") and os.listdir("{work}/submitted"))
""",
        after=f"if _cheat:\n    exec({CHEAT!r})\n",
    ),
    Attack(
        "ndarray_subclass_lies",
        """
class _Liar(np.ndarray):
    def __eq__(self, other): return True
    def __sub__(self, other): return np.zeros_like(np.asarray(other))
    def __array_ufunc__(self, *a, **k): return True
""",
        after="def dot_product_score(q, k):\n    return np.asarray(0.0).view(_Liar)\n",
    ),
    Attack(
        "float_liar",
        """
class _Liar(float):
    def __eq__(self, other): return True
    def __sub__(self, other): return 0.0
    def __abs__(self): return 0.0
""",
        after="def dot_product_score(q, k):\n    return _Liar(0.0)\n",
    ),
    Attack(
        "tensor_subclass_lies",
        """
import torch
class _Liar(torch.Tensor):
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        return torch.tensor(True)
""",
        after="def dot_product_score(q, k):\n    return torch.tensor(0.0).as_subclass(_Liar)\n",
    ),
    # Outcome 1, in-kernel tampering: the hidden tests still run in the learner's kernel (README:
    # open gaps). Outcome 1, in-kernel tampering: the hidden tests run in the grader's process,
    # never in the kernel.
    Attack(
        "patch_allclose", "np.allclose = lambda *a, **k: True\nnp.isclose = lambda *a, **k: True\n"
    ),
    Attack(
        "patch_torch_math_and_trace",
        """
import math, sys, torch
torch.allclose = lambda *a, **k: True
torch.equal = lambda *a, **k: True
math.isclose = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
get_ipython().events.register(
    "pre_run_cell", lambda *a: setattr(np, "allclose", lambda *b, **k: True))
sys.settrace(lambda *a: None)
""",
    ),
    Attack(
        "input_transformer",
        """
get_ipython().input_transformers_post.append(
    lambda lines: ["pass\\n"]
    if any("HIDDEN TESTS" in ln or "checks" in ln for ln in lines) else lines)
""",
    ),
    Attack(
        "patch_checks",
        """
import autograder.checks.common as _c
_c.compare = lambda *a, **k: None
""",
    ),
    Attack(
        "import_reference",
        "from autograder.reference import self_attention as _ref\n",
        after="def dot_product_score(q, k):\n    return float(_ref.dot_product_score(q, k))\n",
    ),
    Attack(
        "read_reference_source",
        """
import os, autograder
try:
    _src = open(os.path.join(os.path.dirname(autograder.__file__), "reference",
                             "self_attention.py")).read()
except OSError:
    _src = ""
""",
        after="""def dot_product_score(q, k):
    if not _src:
        return 0.0
    _ns = {}
    exec(_src, _ns)
    return float(_ns["dot_product_score"](q, k))
""",
    ),
    # Nothing of the grading machine but what a notebook needs: not the grader's home, its
    # environment, a server's Unix socket, the host's /tmp; the answer key cannot be changed for the
    # students graded next.
    Attack(
        "read_home",
        """
try:
    _cheat = "rt-private-key" in open("{planted}/id_ed25519").read()
except OSError:
    _cheat = False
""",
        after=f"if _cheat:\n    exec({CHEAT!r})\n",
    ),
    Attack(
        "write_outside",
        """
for _p in ("{planted}/exfil.txt", "/tmp/autograder-rt-exfil.txt",
           "/var/tmp/autograder-rt-exfil.txt"):
    try:
        open(_p, "w").write("taken")
    except OSError:
        pass
""",
    ),
    Attack(
        "overwrite_answer_key",
        """
import glob
for _p in ["{root}/autograder/reference/__init__.py",
           *glob.glob("{root}/autograder/reference/*.py"),
           *glob.glob("{root}/autograder/checks/**/*.py", recursive=True),
           "{root}/autograder/learner/__init__.py"]:
    try:
        with open(_p, "a") as _f:
            _f.write("\\n# rt-tampered\\n")
    except OSError:
        pass
""",
    ),
    Attack(
        "environment_token",
        """
import os
_cheat = any("rt-token" in _v for _v in os.environ.values())
""",
        after=f"if _cheat:\n    exec({CHEAT!r})\n",
    ),
    Attack(
        "unix_socket",
        """
import socket
try:
    _s = socket.socket(socket.AF_UNIX)
    _s.connect("{planted}/server.sock")
    _cheat = _s.recv(4096).decode()
except OSError:
    _cheat = ""
""",
        after="if _cheat:\n    exec(_cheat)\n",
    ),
    Attack(
        "new_user_namespace",
        """
import ctypes
# CLONE_NEWUSER: caps of its own
_cheat = ctypes.CDLL(None, use_errno=True).unshare(0x10000000) == 0
""",
        after=f"if _cheat:\n    exec({CHEAT!r})\n",
    ),
    # No network: the grading machine's loopback, other kernels' channels and DNS are out of reach.
    Attack(
        "network_loopback",
        """
import urllib.request
try:
    _cheat = urllib.request.urlopen("http://127.0.0.1:{port}/", timeout=5).read().decode()
except OSError:
    _cheat = ""
""",
        after="if _cheat:\n    exec(_cheat)\n",
    ),
    Attack(
        "other_kernels",
        """
import glob, os, socket
_cheat = len(glob.glob("/tmp/autograder-ipc-*")) > 1  # another kernel's channels (ours is the one)
# TCP listeners of other users: other kernels
for _line in open("/proc/net/tcp").read().splitlines()[1:]:
    _fields = _line.split()
    if _fields[3] == "0A" and int(_fields[7]) != os.getuid():
        try:
            socket.create_connection(
                ("127.0.0.1", int(_fields[1].split(":")[1], 16)), timeout=2).close()
            _cheat = True
        except OSError:
            pass
""",
        after=f"if _cheat:\n    exec({CHEAT!r})\n",
    ),
    Attack(
        "dns",
        """
import socket
try:
    _cheat = bool(socket.getaddrinfo("pypi.org", 443))
except OSError:
    _cheat = False
""",
        after=f"if _cheat:\n    exec({CHEAT!r})\n",
    ),
    # The checks are public, their inputs are not: drawn from the course's secret, not from the
    # bare seeds.
    Attack(
        "public_inputs",
        """
_public = {}
for _s in range(3):  # the inputs a public copy of check_dot_product_score draws: seeds 0, 1, 2
    _g = np.random.default_rng(_s)
    _q, _k = _g.normal(size=4), _g.normal(size=4)
    _public[(_q.tobytes(), _k.tobytes())] = float(_q @ _k)
""",
        after=PUBLIC_LOOKUP,
    ),
    # The kernel's answers are untrusted: forged ones are read as data, and unreadable data
    # earns nothing.
    Attack(
        "forge_answers",
        """
import json as _json
_forged = _json.dumps({"value": {"t": "nd", "dtype": "|O", "shape": [1], "b64": ""},
                       "seen": {"t": "py", "v": 1}})
get_ipython().input_transformers_post.append(
    lambda lines: [f"__autograder_reply__ = {_forged!r}\\n"]
    if any("__autograder" in ln for ln in lines) else lines)
""",
        lost=("*",),
    ),
    # Outcome 1: test cells and their metadata (nbgrader restores locked cells from the gradebook).
    Attack("delete_test_cell", mutate=_delete_test),
    Attack("blank_test_cell", mutate=_blank_test),
    Attack("relabel_test_cell", mutate=_relabel_test),
    Attack("duplicate_test_cell", mutate=_duplicate_test),
    Attack("raise_points", mutate=_raise_points),
    Attack("smuggle_test_code", mutate=_smuggle_test),
    # Outcome 2: correct work keeps its points.
    Attack(
        "warns",
        "import warnings\nwarnings.warn('old API', DeprecationWarning)\n",
        wrong=False,
        after="import warnings as _w\n_f = dot_product_score\n"
        "def dot_product_score(q, k):\n    _w.warn('slow', UserWarning)\n    return _f(q, k)\n",
    ),
    Attack(
        "stderr",
        "import sys\nprint('debug', file=sys.stderr)\n",
        wrong=False,
        after="import sys as _s\n_f = dot_product_score\n"
        "def dot_product_score(q, k):\n    print('q', q, file=_s.stderr)\n    return _f(q, k)\n",
    ),
    Attack("prints_a_lot", "for _i in range(20000):\n    print('line', _i)\n", wrong=False),
    Attack(
        "float32",
        "",
        wrong=False,
        after=(
            "def dot_product_score(q, k):\n    return "
            "np.float32(np.dot(np.float32(q), np.float32(k)))\n"
        ),
    ),
    # Outcome 3: faults cost only what they break.
    Attack(
        "infinite_loop", "", after=("def dot_product_score(q, k):\n    while True:\n        pass\n")
    ),
    Attack(
        "sleep", "", after=("import time\ndef dot_product_score(q, k):\n    time.sleep(10_000)\n")
    ),
    Attack("os_exit", "", after="import os\ndef dot_product_score(q, k):\n    os._exit(3)\n"),
    Attack(
        "memory_bomb",
        "",
        after=("def dot_product_score(q, k):\n    return len(bytearray(64 << 30))\n"),
    ),
    Attack(
        "fork_bomb",
        "",
        after="""import os, time
def dot_product_score(q, k):
    while True:
        if os.fork() == 0:
            time.sleep(300)
            os._exit(0)
""",
    ),
    Attack("huge_output", "for _i in range(300):\n    print('x' * 1_000_000)\n", wrong=False),
]

# Settings the test grades with: short limits so the fault cases finish quickly.
SETTINGS = {
    "Execute": {"timeout": 15},
    "SandboxExecute": {"notebook_timeout": 300},
    "SandboxKernelManager": {"max_processes": 128, "memory_mb": 4096},
}

# Submissions that leave something behind in their kernel (issue: warm kernel templates). Each is
# correct work and keeps every point; the WITNESS, graded next in the same worker, is correct work
# that fails its dot_product_score cell (so loses that part) if it sees any trace of the one before:
# a file, a process, a patched module, an environment variable, a handler's doing. Traces carry the
# marker "rt19".
LEFTOVERS = [
    Attack(
        "background_process",
        """
import os, subprocess, sys
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)  # rt19"],
                 start_new_session=True)
if os.fork() == 0:  # a daemon, detached twice
    os.setsid()
    if os.fork() == 0:
        os.execv(sys.executable,
                 [sys.executable, "-c", "import time; time.sleep(600)  # rt19 daemon"])
    os._exit(0)
""",
        wrong=False,
    ),
    Attack(
        "leaves_files",
        """
import os
for _folder in (os.getcwd(), "/tmp", "/var/tmp", "/dev/shm", os.path.expanduser("~")):
    try:
        with open(os.path.join(_folder, "rt19-left.txt"), "w") as _f:
            _f.write("for the next student")
    except OSError:
        pass  # the working folder is read-only
""",
        wrong=False,
    ),
    Attack(
        "monkey_patches",
        """
import builtins, os, sys, types
import torch
np.rt19 = builtins.rt19 = torch.rt19 = True
np.allclose = lambda *a, **k: True
torch.allclose = lambda *a, **k: True
builtins.sum = lambda *a, **k: 42
os.environ["RT19"] = "left"
sys.modules["rt19_planted"] = types.ModuleType("rt19_planted")
""",
        wrong=False,
    ),
    Attack(
        "exit_and_signal_handlers",
        """
import atexit, signal
def _leave(*_):
    open("/tmp/rt19-handler.txt", "w").write("ran")
atexit.register(_leave)
for _sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1):
    signal.signal(_sig, _leave)
""",
        wrong=False,
    ),
    Attack(
        "signal_and_trace_the_template",
        """
import ctypes, os, signal
_libc = ctypes.CDLL(None, use_errno=True)
_mine = {os.getpid(), *map(int, os.listdir("/proc/self/task"))}
for _pid in {*range(1, 400), *(int(p) for p in os.listdir("/proc") if p.isdigit())} - _mine:
    try:
        os.kill(_pid, signal.SIGKILL)
    except OSError:
        pass
    _libc.ptrace(16, _pid, 0, 0)  # PTRACE_ATTACH
""",
        wrong=False,
    ),
    Attack(
        "fills_memory",
        """
_chunks = []
try:
    while True:
        _chunks.append(bytearray(256 << 20))
except MemoryError:
    pass
del _chunks
""",
        wrong=False,
    ),
]

WITNESS = """
import builtins, os, sys
import torch
_seen = []
for _folder in (os.getcwd(), "/tmp", "/var/tmp", "/dev/shm", os.path.expanduser("~")):
    _seen += [name for name in os.listdir(_folder) if "rt19" in name]
for _pid in (p for p in os.listdir("/proc") if p.isdigit()):
    try:
        with open(f"/proc/{_pid}/cmdline", "rb") as _f:
            _seen += [f"process {_pid}"] * (b"rt19" in _f.read())
    except OSError:
        pass
_seen += [m.__name__ for m in (np, builtins, torch) if hasattr(m, "rt19")]
_seen += ["np.allclose"] * bool(np.allclose(1, 2))
_seen += ["torch.allclose"] * bool(torch.allclose(torch.zeros(1), torch.ones(1)))
_seen += ["sum"] * (sum([1, 2]) != 3) + ["environment"] * ("RT19" in os.environ)
_seen += [name for name in sys.modules if "rt19" in name]
if _seen:
    raise RuntimeError(f"traces of the student before: {_seen}")
"""
