"""The shipped Slurm array script and Kubernetes Indexed Job run the grader as its shards expect."""

import os
import subprocess
from pathlib import Path

import yaml

from autograder.engine import shards

ROOT = Path(__file__).resolve().parent.parent.parent


def test_slurm_array_task_grades_its_shard(tmp_path):
    stub = tmp_path / "bin" / "python"  # stands in for the grader: prints what it was asked to do
    stub.parent.mkdir()
    stub.write_text('#!/bin/sh\necho "$@"\n')
    stub.chmod(0o755)
    env = {**os.environ, "PATH": f"{stub.parent}:{os.environ['PATH']}", "SLURM_ARRAY_TASK_COUNT": "4",
           "SLURM_ARRAY_TASK_ID": "2", "SLURM_CPUS_PER_TASK": "3", "SLURM_SUBMIT_DIR": str(ROOT),
           "GRADEBOOK": "postgresql://grader@db/course", "WORK": "/shared/course"}
    run = subprocess.run(["bash", str(ROOT / "deploy" / "slurm-grade.sh"), "04_self_attention", "dl.zip"],
                         env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    args = run.stdout.split()
    assert args[:5] == ["-m", "autograder", "grade", "04_self_attention", "dl.zip"]
    assert args[args.index("--shard") + 1] == "4" and args[args.index("--workers") + 1] == "3"
    assert args[args.index("--gradebook") + 1] == "postgresql://grader@db/course"
    assert shards.parse("4", env) == (2, 4)  # the task id picks the slice


def test_kubernetes_indexed_job_has_one_pod_per_shard_and_can_sandbox():
    job = yaml.safe_load((ROOT / "deploy" / "kubernetes-grade.yaml").read_text())
    spec = job["spec"]
    (container,) = spec["template"]["spec"]["containers"]
    command = container["command"]
    assert spec["completionMode"] == "Indexed"
    assert command[command.index("--shard") + 1] == str(spec["completions"])
    assert shards.parse(str(spec["completions"]), {"JOB_COMPLETION_INDEX": "7"}) == (7, 8)
    security = container["securityContext"]
    assert security["runAsUser"] == 0 and "SYS_ADMIN" in security["capabilities"]["add"]
