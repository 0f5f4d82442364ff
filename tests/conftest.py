import shutil
from pathlib import Path

import pytest

from autograder.course import Course

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def course(tmp_path_factory) -> Course:
    """The real course sources, with a throwaway working folder (never the instructor's gradebook)."""
    return Course(ROOT, tmp_path_factory.mktemp("course-work"))


@pytest.fixture
def fresh_course(tmp_path) -> Course:
    return Course(ROOT, tmp_path / "work")


def copy_tree(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst
