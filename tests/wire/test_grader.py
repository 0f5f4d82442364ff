"""The wire between the grader and the learner's kernel (autograder.wire: kernel and grader sides),
without a kernel.

What crosses it from the kernel is untrusted: it must come back as fresh plain objects (no subclass,
no custom comparison survives), and anything malformed must be refused, never evaluated.
"""

import base64
import json

import numpy as np
import pytest
import torch

from autograder.checks import self_attention as checks
from autograder.checks.common import GradingError
from autograder.errors import ERROR, GENERIC, MISTAKE, NOT_ATTEMPTED, TIMEOUT
from autograder.wire import kernel as probe
from autograder.wire.grader import (
    KernelGone,
    Remote,
    _exception,
    _reads,
    run_test_cell,
    unfinished_cells,
    verdict,
)

from ..checks.harness import FakeLink


def roundtrip(value):
    return probe.decode(json.loads(json.dumps(probe.encode(value))))


def test_numbers_arrays_and_tensors_come_back_equal_and_plain():
    class Lying(np.ndarray):
        def __eq__(self, other):
            return True

    arr = np.arange(6.0).reshape(2, 3).view(Lying)
    back = roundtrip(
        {"a": arr, "t": (torch.ones(2, dtype=torch.float32), 3, 2.5, None, "x", float("nan"))}
    )
    assert type(back["a"]) is np.ndarray and back["a"].tolist() == arr.tolist()
    t = back["t"]
    assert type(t) is tuple and type(t[0]) is torch.Tensor and t[0].dtype == torch.float32
    assert t[1:5] == (3, 2.5, None, "x") and np.isnan(t[5])
    meta = roundtrip(torch.empty(2, 3, device="meta"))
    assert meta.device.type == "meta" and meta.shape == (2, 3)
    bf16 = roundtrip(torch.tensor([1.5, 2.0], dtype=torch.bfloat16))
    assert bf16.dtype == torch.bfloat16 and bf16.tolist() == [1.5, 2.0]
    assert isinstance(roundtrip(torch.nn.Parameter(torch.zeros(2))), torch.nn.Parameter)


def test_objects_that_are_not_data_become_handles():
    seen = []
    data = probe.encode(
        [len, torch.nn.Linear(2, 3)], handle=lambda obj: seen.append(obj) or len(seen)
    )
    assert [d["t"] for d in data["v"]] == ["obj", "obj"]
    assert (
        data["v"][1]["type"] == "Linear" and "torch.nn.modules.module.Module" in data["v"][1]["mro"]
    )


@pytest.mark.parametrize(
    "bad",
    [
        {"t": "nd", "dtype": "|O", "shape": [1], "b64": ""},  # object arrays would unpickle
        # too few bytes
        {"t": "nd", "dtype": "<f8", "shape": [3], "b64": base64.b64encode(b"\0" * 8).decode()},
        {"t": "nd", "dtype": "<f8", "shape": [-1], "b64": ""},
        {"t": "tensor", "dtype": "complex64", "shape": [1], "device": "cpu", "b64": ""},
        {"t": "dtype", "v": "__class__"},
        {"t": "py", "v": [1, 2]},
        {"t": "pickle", "v": "gASVAAAAAAAAAACMBXBvc2l4lIwGc3lzdGVtlJOUjAJpZJSFlFKULg=="},
        # no handles where none are expected
        {"t": "obj", "id": 1, "type": "X", "mro": [], "callable": True},
    ],
)
def test_malformed_data_is_refused(bad):
    with pytest.raises((ValueError, KeyError, TypeError)):
        probe.decode(bad)


def test_kernel_exceptions_keep_their_name_and_builtin_base_but_never_become_the_graders():
    err = _exception({"name": "ValueError", "mro": ["ValueError", "Exception"], "message": "bad"})
    assert type(err) is ValueError and str(err) == "bad"
    custom = _exception(
        {"name": "GradingError", "mro": ["GradingError", "AssertionError"], "message": "pass!"}
    )
    assert isinstance(custom, AssertionError) and not isinstance(custom, GradingError)
    assert type(custom).__name__ == "GradingError"


def learner(source: str) -> FakeLink:
    namespace = {}
    exec(source, namespace)
    return FakeLink(namespace)


def remote(link: FakeLink, name: str):
    return link.get(name)


def test_checks_grade_proxies_as_they_grade_local_functions():
    link = learner(
        "import numpy as np\ndef softmax(x, axis=-1):\n    e = np.exp(x - "
        "x.max(axis, keepdims=True))\n"
        "    return e / e.sum(axis, keepdims=True)\n"
    )
    fn = remote(link, "softmax")
    assert isinstance(fn, Remote) and fn.__name__ == "softmax"
    checks.check_softmax(fn)
    wrong = remote(
        learner(
            "import numpy as np\ndef softmax(x, axis=-1):\n    return np.exp(x) "
            "/ np.exp(x).sum(0)\n"
        ),
        "softmax",
    )
    with pytest.raises(GradingError, match="axis"):
        checks.check_softmax(wrong)


def test_a_lying_result_is_judged_by_its_numbers():
    link = learner(
        "import numpy as np\nclass L(float):\n    def __eq__(s, o): return True\n"
        "    def __sub__(s, o): return 0.0\n"
        "def dot_product_score(q, k):\n    return L(0.0)\n"
    )
    with pytest.raises(GradingError, match="dot_product_score"):
        checks.check_dot_product_score(remote(link, "dot_product_score"))


def test_modules_work_through_the_proxy_and_helpers_answer_only_during_their_call():
    src = (
        "import torch\nfrom torch import nn\nstolen = []\n"
        "def attention_scores(a, W_q, W_k):\n    raise RuntimeError('not mine')\n"
        "def softmax(x, axis=-1):\n    stolen.append(attention_scores)\n    return x\n"
        "class SelfAttention(nn.Module):\n"
        "    def __init__(self, d_in, d_k, d_v):\n        super().__init__()\n"
        "        self.W_q, self.W_k, self.W_v = (nn.Linear(d_in, d, bias=False) for d in (d_k, "
        "d_k, d_v))\n"
        "    def forward(self, x, mask=None):\n"
        "        s = self.W_q(x) @ self.W_k(x).transpose(-2, -1)\n"
        "        if mask is not None:\n            s = s.masked_fill(~mask[:, None, "
        ":], float('-inf'))\n"
        "        w = torch.softmax(s, -1)\n        return w @ self.W_v(x), w\n"
    )
    link = learner(src)
    checks.check_self_attention_module(remote(link, "SelfAttention"))
    checks.check_self_attention_mask(remote(link, "SelfAttention"))
    module = remote(link, "SelfAttention")(4, 3, 2)
    assert isinstance(module, torch.nn.Module) and isinstance(module.W_q, torch.nn.Linear)
    assert module.W_q.weight.shape == (3, 4)
    # A reference helper handed to the learner's code for one call does not answer afterwards.
    link.helpers = {"attention_scores": lambda *a: np.zeros((2, 2))}
    helper = probe.Helper(link.server, "attention_scores")
    assert helper(np.ones((2, 2)), None, None).tolist() == [[0, 0], [0, 0]]
    link.helpers = {}
    with pytest.raises(ValueError, match="KeyError"):
        helper(np.ones((2, 2)), None, None)


def test_gradients_flow_through_a_reference_helper():
    """A later part that calls an earlier one by name gets the reference, and backpropagation
    still works."""
    link = learner(
        "import torch\ndef context_windows(x, k):\n    raise NotImplementedError()\n"
        "def twice(x):\n    return 2 * context_windows(x, 1)\n"
    )
    link.helpers = {"context_windows": lambda x, k: x[..., :1] ** 2}
    x = torch.tensor([[1.0, 5.0], [3.0, 7.0]], requires_grad=True)
    value, seen = link.request(
        "call",
        target=link.target(remote(link, "twice")),
        args=link.encode([x]),
        kwargs=link.encode({}),
        helpers=["context_windows"],
        watch="grads",
    )
    assert value.tolist() == [[2.0], [18.0]]
    assert seen["grads"][0].tolist() == [[4.0, 0.0], [12.0, 0.0]]


def _cell(source: str, ename: str | None = None, evalue: str = "", **nbgrader) -> dict:
    outputs = (
        [{"output_type": "error", "ename": ename, "evalue": evalue, "traceback": []}]
        if ename
        else []
    )
    return {
        "cell_type": "code",
        "source": source,
        "outputs": outputs,
        "metadata": {"nbgrader": nbgrader},
    }


TRAINING = "tagger = Tagger()\nfor epoch in range(100):\n    step(tagger)\n"
TEST = "from autograder.checks import self_attention as checks\nchecks.check_tagger(tagger)\n"


def test_a_cell_cut_by_the_time_limit_is_not_graded_and_says_so():
    """The training ran past the cell's limit (nbgrader appends CellTimeoutError after the
    interrupt): the part that grades what it trained fails with a time-out, without grading the
    half-trained model."""
    link = learner("tagger = object()\n")
    link.earlier = (
        [_cell(TRAINING, "KeyboardInterrupt"), _cell(TRAINING, "CellTimeoutError")],
        120,
    )
    (out,) = run_test_cell(TEST, link)
    assert (
        "the cell that defines `tagger` was stopped after 120 s, the time limit for a cell"
        in out["evalue"]
    )
    assert out["ename"] == "GradingError" and link.verdict == {"cause": TIMEOUT, "mistake": None}


def test_a_cell_left_as_released_reads_not_implemented_and_a_crashed_one_names_its_error():
    link = learner("")
    link.earlier = ([_cell(TRAINING, "NotImplementedError")], 120)
    (out,) = run_test_cell(TEST, link)
    assert (
        out["evalue"]
        == (
            "the cell that defines `tagger` is not implemented yet: replace `raise "
            "NotImplementedError()` with your code."
        )
        and link.verdict["cause"] == NOT_ATTEMPTED
    )
    link.earlier = ([_cell(TRAINING, "TypeError", "unsupported operand {x}")], 120)
    (out,) = run_test_cell(TEST, link)
    assert out["evalue"].startswith(
        "`tagger` is not defined: the cell that defines it raised TypeError: "
        "unsupported operand {x}."
    )
    # defined again later
    link.earlier = ([_cell(TRAINING, "TypeError", "oops"), _cell("tagger = 3\n")], 120)
    (out,) = run_test_cell(TEST, link)
    assert "your notebook" in out["evalue"] and "Did you run" not in out["evalue"]


def test_a_name_a_finished_cell_defines_is_graded_as_usual():
    link = learner(
        "import numpy as np\ndef softmax(x, axis=-1):\n    return np.exp(x) / np.exp(x).sum(axis, "
        "keepdims=True)\n"
    )
    link.earlier = (
        [_cell("def softmax(x, axis=-1):\n    ...\n"), _cell(TRAINING, "CellTimeoutError")],
        120,
    )
    assert (
        run_test_cell(
            "from autograder.checks import self_attention as checks\n"
            "checks.check_softmax(softmax)\n",
            link,
        )
        == []
    )


def test_what_a_cell_binds_and_what_a_test_reads():
    cells = [
        _cell(
            "import torch as t\nx, (y, z) = 1, (2, 3)\nfor i in range(2):\n    w = i\n"
            "def f():\n    inner = 1\nclass C:\n    pass\nwith open('f') as "
            "fh:\n    pass\n",
            "ValueError",
        )
    ]
    assert set(unfinished_cells(cells, None)) == {"t", "x", "y", "z", "i", "w", "f", "C", "fh"}
    assert _reads(TEST) == {"tagger"}


# Why a test cell failed, as the grader records it for the class report (verdict): the check's own
# exception says it, in the grader's process; the learner's kernel has no say.

TEST_CELL = "from autograder.checks.self_attention import check_softmax\ncheck_softmax(softmax)\n"
HEAD = "import numpy as np\ndef softmax(x, axis=-1):\n"


def judged(body: str) -> tuple[list[dict], dict | None]:
    namespace = {}
    exec(HEAD + body, namespace)
    link = FakeLink(namespace)
    outputs = run_test_cell(TEST_CELL, link)
    return outputs, link.verdict


@pytest.mark.parametrize(
    "body, cause, mistake",
    [
        (
            "    e = np.exp(x - x.max(0, keepdims=True))\n    return e / e.sum(0, keepdims=True)\n",
            MISTAKE,
            "ran over axis 0 instead of axis -1",
        ),
        ("    return x * 0 + 0.5\n", GENERIC, None),
        ("    return undefined_name\n", ERROR, None),
        ("    raise NotImplementedError()\n", NOT_ATTEMPTED, None),
    ],
)
def test_a_failed_cell_records_its_cause_and_named_mistake(body, cause, mistake):
    outputs, found = judged(body)
    assert outputs and outputs[0]["output_type"] == "error"
    assert found["cause"] == cause
    if mistake:
        assert mistake in found["mistake"] and found["mistake"] in outputs[0]["evalue"]
    else:
        assert found["mistake"] is None


def test_a_passing_cell_records_nothing():
    outputs, found = judged(
        "    e = np.exp(x - x.max(axis, keepdims=True))\n"
        "    return e / e.sum(axis, keepdims=True)\n"
    )
    assert outputs == [] and found is None


def test_any_named_mistake_is_carried_without_listing_it_anywhere():
    import numpy as np

    from autograder.checks.common import compare, fail

    with pytest.raises(GradingError) as info:
        compare(np.ones(2), np.zeros(2), "f(x)", {"a mistake nobody has named before": np.ones(2)})
    # text no template made: carried as it is, in no other language
    assert verdict(info.value) == {
        "cause": MISTAKE,
        "mistake": "a mistake nobody has named before",
        "mistake_in": {},
    }
    with pytest.raises(GradingError) as info:
        fail("the mask was applied to the queries", mistake="mask on the queries")
    assert verdict(info.value)["mistake"] == "mask on the queries"


def test_a_named_mistake_is_carried_in_every_language_for_the_report():
    """A learner graded in Traditional Chinese reads the mistake in it; the verdict carries it in
    every language, its values (a nested message, a number) written again in each."""
    import numpy as np

    from autograder.checks.common import compare
    from autograder.messages import say, speaking

    template = "the query and key roles are swapped: q must come from W_q and k from W_k."
    with speaking("zh-hant"):
        mistake = say(template)
        assert mistake != template
        with pytest.raises(GradingError) as info:
            compare(np.ones(2), np.zeros(2), "f(x)", {mistake: np.ones(2)})
        nested = say("{what}: {message}", what=say("your function"), message=mistake)
    found = verdict(info.value)
    assert found["mistake"] == mistake
    assert found["mistake_in"]["en"] == template
    assert found["mistake_in"]["zh-hant"] == mistake
    assert found["mistake_in"]["zh-hans"] not in (template, mistake)
    from autograder.messages import in_every_language

    assert in_every_language(nested)["en"] == f"your function: {template}"
    assert verdict(KernelGone("ran past the limit", cause=TIMEOUT))["cause"] == TIMEOUT
    assert verdict(ValueError("x"))["cause"] == ERROR
