"""The sandbox launcher on its own, with harmless programs: what the learner's kernel sees and may do.

These run before any red-team submission relies on the limits (a fork or memory bomb is only safe once
these pass).
"""

import json
import subprocess
import sys

import pytest

from autograder.engine import launcher
from autograder.engine.sandbox import BASE_UID, bwrap

pytestmark = pytest.mark.skipif(bwrap() is None, reason="bubblewrap (bwrap) not installed or not root")

PROBE = r"""
import json, os, resource
import autograder.learner.self_attention  # what a notebook may import is there; the answers and the checks are not
package = os.path.dirname(autograder.__file__)
out = {"uid": os.getuid(), "root_listing": sorted(os.listdir(ROOT)), "tmp": sorted(os.listdir("/tmp")),
       "package": sorted(os.listdir(package)), "engine": sorted(os.listdir(package + "/engine")),
       "learner": sorted(os.listdir(package + "/learner"))}
try:
    import autograder.reference
    out["reference"] = "imported"
except ImportError as e:
    out["reference"] = type(e).__name__
try:
    open(ROOT + "/solutions/04_self_attention/self_attention.ipynb")
    out["solution"] = "readable"
except OSError as e:
    out["solution"] = type(e).__name__
try:
    open(os.getcwd() + "/planted.txt", "w")
    out["write_cwd"] = "written"
except OSError as e:
    out["write_cwd"] = type(e).__name__
try:
    bytearray(4 << 30)
    out["memory"] = "allocated"
except MemoryError:
    out["memory"] = "MemoryError"
n = 0
try:
    for _ in range(100):
        if os.fork() == 0:
            import time; time.sleep(5); os._exit(0)
        n += 1
except OSError:
    pass
out["forks"] = n
print(json.dumps(out))
"""


def test_launcher_hides_the_course_and_enforces_limits(tmp_path):
    from autograder.engine.course import Course

    root = str(Course.at().root)
    own = tmp_path / "student"
    own.mkdir()
    result = subprocess.run(
        [sys.executable, launcher.__file__, "--hide", root, "--memory-mb", "3072", "--processes", "40",
         "--", sys.executable, "-c", f"ROOT = {root!r}\n{PROBE}"],
        cwd=own, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["uid"] == BASE_UID
    assert out["root_listing"] == ["autograder"], "only the package may show through the course folder"
    assert out["package"] == ["__init__.py", "engine", "learner"], "the learner side only: no reference, no checks"
    assert out["engine"] == ["launcher.py"], "of the engine, only the launcher"
    assert "self_attention.py" in out["learner"] and "data" in out["learner"]
    assert out["reference"] == "ModuleNotFoundError"
    assert out["solution"] == "FileNotFoundError"
    assert out["write_cwd"] in ("PermissionError", "OSError")
    assert not (own / "planted.txt").exists()
    assert out["memory"] == "MemoryError"
    assert 0 < out["forks"] < 40
