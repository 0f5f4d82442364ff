"""The shipped Slurm array script and Kubernetes Indexed Job run the grader as its shards expect."""

import os
import subprocess

import yaml

from autograder.grading import shards

from .helpers import ROOT


def test_slurm_array_task_grades_its_shard(tmp_path):
    stub = tmp_path / "bin" / "python"  # stands in for the grader: prints what it was asked to do
    stub.parent.mkdir()
    stub.write_text('#!/bin/sh\necho "$@"\n')
    stub.chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{stub.parent}:{os.environ['PATH']}",
        "SLURM_ARRAY_TASK_COUNT": "4",
        "SLURM_ARRAY_TASK_ID": "2",
        "SLURM_CPUS_PER_TASK": "3",
        "SLURM_SUBMIT_DIR": str(ROOT),
        "GRADEBOOK": "postgresql://grader@db/course",
        "WORK": "/shared/course",
    }
    run = subprocess.run(
        ["bash", str(ROOT / "deploy" / "slurm-grade.sh"), "04_self_attention", "dl.zip"],
        env=env,
        capture_output=True,
        text=True,
    )
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


def _slurm_command(tmp_path, env: dict) -> list[str]:
    """What the Slurm script runs, with a stub python that prints it."""
    stub = tmp_path / "stub" / "python"
    stub.parent.mkdir(exist_ok=True)
    stub.write_text('#!/bin/sh\nprintf "%s\\n" "$@"\n')
    stub.chmod(0o755)
    run = subprocess.run(
        ["bash", str(ROOT / "deploy" / "slurm-grade.sh"), "04_self_attention", "dl.zip"],
        env={**os.environ, "PATH": f"{stub.parent}:{os.environ['PATH']}", **env},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    return ["python", *run.stdout.splitlines()]


def _options(command: list[str]) -> dict[str, str]:
    return {a: command[i + 1] for i, a in enumerate(command) if a.startswith("--")}


def test_kubernetes_job_keeps_the_slurm_scripts_contract(tmp_path):
    """The two shipped ways of running shards must not drift: the same grade command with the same
    options, the shard count from the scheduler (K from its index variable, one the grader reads),
    the gradebook URL from the same variable (a Secret on Kubernetes), the working folder on storage
    every shard shares."""
    env = {
        "SLURM_ARRAY_TASK_COUNT": "8",
        "SLURM_ARRAY_TASK_ID": "5",
        "SLURM_CPUS_PER_TASK": "4",
        "SLURM_SUBMIT_DIR": str(ROOT),
        "GRADEBOOK": "postgresql://grader@db/course",
        "WORK": "/course/work",
    }
    slurm = _slurm_command(tmp_path, env)
    job = yaml.safe_load((ROOT / "deploy" / "kubernetes-grade.yaml").read_text())
    pod = job["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    kube = container["command"]
    assert kube[:4] == slurm[:4] == ["python", "-m", "autograder", "grade"]
    assert (
        set(_options(kube))
        == set(_options(slurm))
        == {"--work", "--gradebook", "--workers", "--shard"}
    )
    # the shard count: the array's size there, the Job's completions here; K from each
    # scheduler's index
    assert _options(slurm)["--shard"] == env["SLURM_ARRAY_TASK_COUNT"]
    assert (
        _options(kube)["--shard"] == str(job["spec"]["completions"])
        and job["spec"]["completionMode"] == "Indexed"
    )
    assert {"SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"} <= set(shards.INDEX_VARIABLES)
    assert shards.parse(_options(slurm)["--shard"], env) == (5, 8)
    assert shards.parse(_options(kube)["--shard"], {"JOB_COMPLETION_INDEX": "5"}) == (5, 8)
    # the gradebook: the variable the Slurm script requires, filled from a Secret
    assert _options(slurm)["--gradebook"] == env["GRADEBOOK"] and _options(kube)["--gradebook"] == (
        "$(GRADEBOOK)"
    )
    (gradebook,) = [e for e in container["env"] if e["name"] == "GRADEBOOK"]
    assert set(gradebook["valueFrom"]) == {"secretKeyRef"}
    # the working folder: a volume every pod shares, as WORK is on every Slurm node
    assert _options(slurm)["--work"] == env["WORK"]
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    work = volumes[mounts[_options(kube)["--work"]]]
    assert "persistentVolumeClaim" in work and not any(
        m.get("readOnly")
        for m in container["volumeMounts"]
        if m["mountPath"] == _options(kube)["--work"]
    )
    # one worker per core the scheduler gives each shard
    assert _options(slurm)["--workers"] == env["SLURM_CPUS_PER_TASK"]
    assert _options(kube)["--workers"] == str(container["resources"]["requests"]["cpu"])
