"""How long grading takes: one submission, a small class, and the tagger's training on this machine.

Prints figures only; nothing here is asserted (machines are shared and noisy). Run from the course root:

    python benchmarks/grading_speed.py [N_STUDENTS]
"""

import sys
import tempfile
import time
from pathlib import Path

import torch

from autograder import reference as ref
from autograder.course import Course
from autograder.grading import grade
from autograder.simulate import student_notebook, write_student
from autograder.tasks import train_test_long_range
from autograder.training import tagging_accuracy, train_tagger

ASSIGNMENT, NOTEBOOK = "04_self_attention", "self_attention"


def time_training(seeds=range(5)) -> None:
    train, test = train_test_long_range(0)
    for seed in seeds:
        torch.manual_seed(seed)
        model = ref.SelfAttentionTagger(train.vocab_size, train.n_classes).to(ref.default_device())
        start = time.perf_counter()
        train_tagger(model, train, seed=seed)
        print(f"tagger seed {seed}: trained in {time.perf_counter() - start:.1f} s, "
              f"test accuracy {tagging_accuracy(model, test):.1%}")


def time_grading(n_students: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        course = Course(Course.at().root, tmp / "work")
        nb = student_notebook(course, ASSIGNMENT, NOTEBOOK)
        for i in range(n_students):
            write_student(tmp / "subs", f"s{i:03d}", NOTEBOOK, nb)
        start = time.perf_counter()
        results, _ = grade(course, ASSIGNMENT, tmp / "subs", progress=open("/dev/null", "w"))
        elapsed = time.perf_counter() - start
        print(f"graded {n_students} correct submissions in {elapsed:.1f} s "
              f"({elapsed / n_students:.1f} s per submission, feedback and CSV included); "
              f"scores {sorted({r.score for r in results})}")


if __name__ == "__main__":
    print(f"device: {ref.default_device()}, torch threads: {torch.get_num_threads()}")
    time_training()
    time_grading(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
