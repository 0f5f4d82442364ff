"""Feedback pages (autograder.engine.feedback): the shared exporter writes what nbconvert's HTMLExporter writes."""

import base64

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbconvert.exporters import HTMLExporter
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from autograder.engine.feedback import FeedbackHTMLExporter

PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5f0000000049454e44ae426082")).decode()


def notebook(image: bool) -> nbformat.NotebookNode:
    outputs = [new_output("stream", name="stdout", text="a & b < c\n")]
    if image:
        outputs.append(new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"}))
    return new_notebook(cells=[new_markdown_cell("# Title\n\nSome *text* & `code`."),
                               new_code_cell("x = 1 < 2\nprint('a & b < c')", outputs=outputs, execution_count=1)],
                        metadata={"language_info": {"name": "python", "pygments_lexer": "ipython3"}})


@pytest.mark.parametrize("template", ["classic", "lab"])
@pytest.mark.parametrize("image", [False, True])
def test_the_page_is_the_document_nbconvert_writes(template, image):
    nb = notebook(image)
    theirs, _ = HTMLExporter(template_name=template).from_notebook_node(nb)
    ours, _ = FeedbackHTMLExporter(template_name=template).from_notebook_node(nb)
    assert str(BeautifulSoup(ours, features="html.parser")) == theirs
    if image or template == "lab":  # a page the pass changes gets it, so it is the very same text
        assert ours == theirs
        assert ("No description has been provided" in ours) == image


def test_a_page_with_nothing_to_change_skips_the_pass():
    nb = notebook(False)
    ours, _ = FeedbackHTMLExporter(template_name="classic").from_notebook_node(nb)
    theirs, _ = HTMLExporter(template_name="classic").from_notebook_node(nb)
    assert ours != theirs  # not written out again by BeautifulSoup (which is what costs the time)
