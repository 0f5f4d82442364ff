"""A cluster's shards: N processes started at once against one PostgreSQL grade exactly what one
sequential run grades, each student once; the export then writes the class's CSV from the
shared gradebook."""

import csv
import os
import subprocess
import sys

import pytest

from autograder.authoring.simulate import student_notebook, write_student
from autograder.grading import shards
from autograder.grading.course import Course
from autograder.lms.grade_class import grade_class

from ..corpora import vector_sets as corpus

SHARDS = 2


def _class(course, folder):
    """Four students, two per shard: full marks, one mistake, untouched, an empty file."""
    students = {}
    for name in ("ada_l", "ben.k", "cai", "dee", "eve", "fay", "gus"):
        students.setdefault(shards.shard_of(name, SHARDS), []).append(name)
    names = students[0][:2] + students[1][:2]
    write_student(
        folder,
        names[0],
        corpus.NOTEBOOK,
        student_notebook(course, corpus.ASSIGNMENT, corpus.NOTEBOOK),
    )
    case = corpus.WRONG[0]
    write_student(
        folder,
        names[1],
        corpus.NOTEBOOK,
        student_notebook(course, corpus.ASSIGNMENT, corpus.NOTEBOOK, case.answers),
    )
    write_student(
        folder,
        names[2],
        corpus.NOTEBOOK,
        student_notebook(course, corpus.ASSIGNMENT, corpus.NOTEBOOK, solve=False),
    )
    (folder / names[3]).mkdir()
    (folder / names[3] / f"{corpus.NOTEBOOK}.ipynb").write_bytes(b"")
    return names


@pytest.mark.slow
def test_shards_on_postgres_give_the_grades_of_one_sequential_run(tmp_path, postgres_url):
    root = Course.at().root
    folder = tmp_path / "subs"
    names = _class(Course(root, tmp_path / "x"), folder)
    _, sequential_csv = grade_class(
        Course(root, tmp_path / "seq"), corpus.ASSIGNMENT, folder, workers=1
    )

    # the cluster's shared folder; the gradebook is the PostgreSQL server
    work = tmp_path / "shared"
    env = {**os.environ, "PYTHONPATH": str(root)}
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "autograder",
                "grade",
                corpus.ASSIGNMENT,
                str(folder),
                "--work",
                str(work),
                "--gradebook",
                postgres_url,
                "--workers",
                "1",
                "--shard",
                str(SHARDS),
            ],
            env={**env, "SLURM_ARRAY_TASK_ID": str(k)},
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in range(SHARDS)
    ]
    outputs = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0] * SHARDS, [err[-2000:] for _, err in outputs]
    graded = [
        [
            line.split("]")[1].split(":")[0].strip()
            for line in err.splitlines()
            if line.startswith("[")
        ]
        for _, err in outputs
    ]
    # each once
    assert sorted(sum(graded, [])) == sorted(names) and all(len(g) == 2 for g in graded), graded

    export = subprocess.run(
        [
            sys.executable,
            "-m",
            "autograder",
            "export",
            corpus.ASSIGNMENT,
            "--work",
            str(work),
            "--gradebook",
            postgres_url,
        ],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert export.returncode == 0, export.stderr
    sharded = list(csv.reader(open(work / "grades" / f"{corpus.ASSIGNMENT}.csv")))
    sequential = list(csv.reader(open(sequential_csv)))
    assert sharded == sequential
    # a real mix: full, partial, zero
    assert len({row[1] for row in sequential[1:]}) >= 3, sequential
