"""A one-node Slurm cluster for the tests: munged, slurmctld and slurmd as plain processes (Debian's
slurm-wlm 22.05 and munge), configured in a temporary folder (nothing written to /etc), stopped by
their process ids.

What it takes: root (the daemons run as root, as on a cluster's nodes) and the Debian packages
munge, slurmctld, slurmd and slurm-client. Where either is missing the tests skip with the reason,
except where REQUIRE_SLURM=1 (.ci/run sets it): there they fail. The daemons listen on free ports of
the loopback, so this cluster does not meet another one on the same machine. slurmd runs in a mount
namespace in which this Python, its environment and ``reach`` can be crossed by an ordinary user
(tests/unprivileged.py), as on a cluster where the course's Python environment is installed for
everyone: the jobs it starts, as the instructor, inherit it.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .unprivileged import instructor, reachable_namespace

DAEMONS = ("munged", "slurmctld", "slurmd", "sbatch", "squeue", "sinfo", "scancel")
CONF = Path(__file__).resolve().parent / "slurm-one-node.conf"


def slurm_unavailable() -> str | None:
    """Why a one-node Slurm cannot start here, or None."""
    if os.geteuid() != 0:
        return "a one-node Slurm needs root (its daemons run as root, as on a cluster's nodes)"
    missing = [d for d in DAEMONS if not _binary(d)]
    if missing:
        return (
            f"Slurm is not installed ({', '.join(missing)} missing): "
            "apt-get install munge slurmctld slurmd slurm-client"
        )
    return None


def require_slurm() -> None:
    problem = slurm_unavailable()
    if problem:
        if os.environ.get("REQUIRE_SLURM") == "1":
            pytest.fail(f"REQUIRE_SLURM=1 but {problem}")
        pytest.skip(problem)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _binary(name: str) -> str:
    return shutil.which(name, path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")


@dataclass
class Slurm:
    folder: Path
    env: dict  # SLURM_CONF: what every client command needs
    processes: list = field(default_factory=list)

    def run(self, *command: str, check: bool = True) -> str:
        done = subprocess.run(
            command, env={**os.environ, **self.env}, capture_output=True, text=True, timeout=60
        )
        if check and done.returncode != 0:
            raise AssertionError(f"{' '.join(command)}: {done.stderr.strip()}")
        return done.stdout

    def node_state(self) -> str:
        return self.run("sinfo", "-h", "-o", "%t", check=False).strip()

    def jobs(self, job: str) -> list[tuple[str, str]]:
        """(job id, state) of every task of ``job`` still known to the controller (finished ones
        stay a while)."""
        out = self.run("squeue", "-h", "-r", "-t", "all", "-j", job, "-o", "%i %T", check=False)
        return [tuple(line.split()) for line in out.splitlines() if line.strip()]

    def wait_done(self, job: str, timeout: float) -> list[tuple[str, str]]:
        """Wait until no task of ``job`` is pending or running; returns the last states seen."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            states = self.jobs(job)
            if states and not any(
                s in ("PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "REQUEUED")
                for _, s in states
            ):
                return states
            time.sleep(1)
        raise AssertionError(
            f"job {job} still running after {timeout} s: {self.jobs(job)}\n{self.logs()}"
        )

    def logs(self) -> str:
        return "\n".join(
            f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}"
            for p in sorted(self.folder.glob("*.log"))
        )


def _wait(condition, timeout: float, what: str, cluster: Slurm) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for process in cluster.processes:
            if process.poll() is not None:
                raise AssertionError(
                    f"{process.args[0]} exited ({process.returncode}) "
                    f"before {what}\n{cluster.logs()}"
                )
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"no {what} after {timeout} s\n{cluster.logs()}")


def slurm_conf(folder: Path, munge_socket: Path) -> str:
    """The shipped one-node conf, with this machine's name, cores and memory, this folder and
    free ports."""
    host = subprocess.run(
        ["hostname", "-s"], capture_output=True, text=True, check=True
    ).stdout.strip()
    found = subprocess.run(
        [_binary("slurmd"), "-C"], capture_output=True, text=True, check=True
    ).stdout
    memory = int(re.search(r"RealMemory=(\d+)", found).group(1))
    from autograder.grading.workers import usable_cpus

    cpus = usable_cpus()
    values = {
        "HOST": host,
        "CPUS": str(cpus),
        "MEMORY": str(max(1, memory - 256)),
        "DIR": str(folder),
        "CTLD_PORT": str(_free_port()),
        "SLURMD_PORT": str(_free_port()),
        "MUNGE_SOCKET": str(munge_socket),
    }
    return re.sub(r"@(\w+)@", lambda m: values[m.group(1)], CONF.read_text())


def start_slurm(reach: tuple[str, ...] = ()) -> Slurm:
    """Start munged, slurmctld and slurmd; returns once the node is idle."""
    folder = Path(tempfile.mkdtemp(prefix="autograder-slurm-"))
    folder.chmod(0o755)  # the instructor's clients read slurm.conf and reach munge's socket here
    munge = folder / "munge"
    munge.mkdir(mode=0o700)
    (munge / "munge.key").write_bytes(os.urandom(1024))
    (munge / "munge.key").chmod(0o400)
    sockets = folder / "socket"
    sockets.mkdir(mode=0o755)
    (folder / "state").mkdir()
    (folder / "spool").mkdir()
    conf = folder / "slurm.conf"
    conf.write_text(slurm_conf(folder, sockets / "munge.socket"))
    cluster = Slurm(folder, {"SLURM_CONF": str(conf)})
    env = {**os.environ, **cluster.env}
    subprocess.run(
        [
            _binary("munged"),
            "--force",
            f"--socket={sockets / 'munge.socket'}",
            f"--key-file={munge / 'munge.key'}",
            f"--pid-file={munge / 'munged.pid'}",
            f"--log-file={folder / 'munged.log'}",
            f"--seed-file={munge / 'munged.seed'}",
        ],
        # it forks: its pid is in its pid file
        check=True,
        capture_output=True,
        timeout=30,
    )
    try:
        cluster.munged = int((munge / "munged.pid").read_text())
        log = open(folder / "daemons.log", "ab")
        cluster.processes.append(
            subprocess.Popen(
                [_binary("slurmctld"), "-D", "-f", str(conf)],
                env=env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        )
        user = instructor()
        cluster.processes.append(
            subprocess.Popen(
                [_binary("slurmd"), "-D", "-f", str(conf)],
                env=env,
                stdout=log,
                stderr=log,
                start_new_session=True,
                preexec_fn=reachable_namespace([sys.base_prefix, sys.prefix, *reach], user),
            )
        )
        _wait(lambda: cluster.node_state() == "idle", 60, "idle node", cluster)
    except BaseException:
        stop_slurm(cluster)
        raise
    return cluster


def stop_slurm(cluster: Slurm) -> None:
    """Cancel what is left of the jobs (a test that failed half-way), stop the daemons by their
    process ids, and remove the folder."""
    if cluster.processes and all(p.poll() is None for p in cluster.processes):
        jobs = cluster.run("squeue", "-h", "-o", "%A", check=False).split()
        if jobs:
            cluster.run("scancel", *jobs, check=False)
            deadline = time.monotonic() + 30
            while (
                cluster.run("squeue", "-h", "-o", "%A", check=False).split()
                and time.monotonic() < deadline
            ):
                time.sleep(1)
    for process in reversed(cluster.processes):
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    munged = getattr(cluster, "munged", None)
    if munged:
        try:
            os.kill(munged, signal.SIGTERM)
        except ProcessLookupError:
            pass
    shutil.rmtree(cluster.folder, ignore_errors=True)
