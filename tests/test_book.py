"""The book builds with warnings as errors and every chapter executed (nb_execution_raise_on_error)."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_book(tmp_path_factory):
    if shutil.which("jupyter-book") is None:
        pytest.fail("jupyter-book is not installed: pip install -r requirements.txt")
    out = tmp_path_factory.mktemp("book")
    result = subprocess.run(
        ["jupyter-book", "build", str(ROOT / "book"), "-W", "-n", "--keep-going", "--path-output", str(out)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return out / "_build" / "html"


def test_every_chapter_is_built_and_executed(built_book):
    page = (built_book / "self_attention.html").read_text()
    assert "Self-attention, derived" in page
    assert page.count('<img alt=') + page.count("<img src=") >= 3, "the chapter's figures are in the page"
    assert "Traceback" not in page and "Error" not in page.split("<body")[1][:2000]


def test_exercise_page_shows_the_release_unexecuted_and_downloadable(built_book):
    page = (built_book / "assignment_04.html").read_text()
    assert "NotImplementedError" in page and "YOUR CODE HERE" in page
    assert "BEGIN SOLUTION" not in page and "check_softmax" not in page
    assert "_downloads/" in page and "self_attention.ipynb" in page
    assert (built_book / "self_attention.html").read_text().count('href="assignment_04.html') >= 1


def test_transformer_chapter_and_its_assignment_page(built_book):
    page = (built_book / "transformer_layer.html").read_text()
    assert "Self-attention in practice" in page
    assert page.count('<img alt=') + page.count("<img src=") >= 6, "the chapter's figures are in the page"
    assert "Traceback" not in page and 'href="assignment_05.html' in page
    exercise = (built_book / "assignment_05.html").read_text()
    assert "YOUR CODE HERE" in exercise and "BEGIN SOLUTION" not in exercise
    assert "_downloads/" in exercise and "transformer_layer.ipynb" in exercise
