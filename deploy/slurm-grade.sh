#!/usr/bin/env bash
# Grade one assignment on a Slurm cluster: one array task per shard, all into one PostgreSQL gradebook.
#
#   export WORK=/shared/course GRADEBOOK=postgresql://grader@dbhost/selfattention   # sbatch passes them on
#   sbatch --parsable --array=0-7 deploy/slurm-grade.sh 04_self_attention /shared/downloads/04.zip   # job id
#   sbatch --dependency=afterok:<job id> --output=export-%j.log \
#     --wrap 'python -m autograder export 04_self_attention --work "$WORK" --gradebook "$GRADEBOOK"'
#
# Progress: squeue -r -j <job id>; each task's log is autograde-<job id>_<task>.log. A task that died (scancel,
# --time or --mem exceeded, a node lost) loses only the student it was grading; the export then refuses:
# rerun the same sbatch --array command (it grades only what is missing), then the export (README, "On a cluster").
#
# Every node needs the course checkout (this folder) and its Python environment (which brings the sandbox,
# bubblewrap); the job runs as any user where user namespaces are allowed (as root, each worker's kernels get
# a user id of their own); a node that cannot sandbox refuses to grade.
# WORK must be a folder every node shares (submitted, autograded and feedback files live there); GRADEBOOK is
# the PostgreSQL server they all reach. Rerunning the array grades only what is not graded yet.
#SBATCH --job-name=autograde
#SBATCH --cpus-per-task=4
#SBATCH --mem=16G
#SBATCH --time=04:00:00
#SBATCH --output=autograde-%A_%a.log
set -euo pipefail
assignment=${1:?usage: sbatch --array=0-N-1 deploy/slurm-grade.sh ASSIGNMENT SUBMISSIONS}
submissions=${2:?usage: sbatch --array=0-N-1 deploy/slurm-grade.sh ASSIGNMENT SUBMISSIONS}
: "${WORK:=/shared/course}"
: "${GRADEBOOK:?set GRADEBOOK to the PostgreSQL URL, e.g. postgresql://grader@dbhost/selfattention}"
cd "${SLURM_SUBMIT_DIR:-.}"
# SLURM_ARRAY_TASK_COUNT is the number of tasks in the array: the shard count.
exec python -m autograder grade "$assignment" "$submissions" --work "$WORK" --gradebook "$GRADEBOOK" \
  --workers "${SLURM_CPUS_PER_TASK:-1}" --shard "${SLURM_ARRAY_TASK_COUNT:?run it as an array job}"
