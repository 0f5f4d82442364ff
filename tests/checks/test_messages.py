"""Every message a learner or an instructor reads has its translation: found statically in
the sources.

A template is the first argument of ``say``, ``say_in`` or ``template`` (autograder.messages); a
part's contract is its check's ``Clause(name, text)`` calls (autograder.checks.contracts), whose
texts and names are translated in ``zh_hans_contracts.toml``. Cheap: it parses a few dozen source
files (well under a second), and converts each translation once to Traditional Chinese.
"""

from __future__ import annotations

import ast
import re
import string
from functools import cache
from pathlib import Path

import pytest

from autograder import messages
from autograder.messages.zh_hans import CONTRACTS, MESSAGES

ROOT = Path(__file__).resolve().parents[2]
CHECKS = ROOT / "autograder" / "checks"
# Learner-facing text outside the checks: the generic "not implemented", the feedback page, `check`,
# the catalogue.
ENGINE = [
    ROOT / "autograder" / name
    for name in (
        "errors.py",
        "grading/feedback.py",
        "grading/selfcheck.py",
        "authoring/catalogue.py",
        "report/class_report.py",
        "wire/grader.py",
        "grading/batch.py",
        "grading/execute.py",
        "grading/submissions.py",
    )
]
NOT_MESSAGES = {"__init__.py", "messages.py", "zh_hans.py"}
# Literals in the checks that are not messages: fragments of PyTorch's and NumPy's own errors,
# matched in them.
NOT_TEXT = {
    "Expected `value` to be on same device",
    # a call, in code: no words
    "scaled_dot_product_attention(q, k, v, mask=mask, causal=True)",
}
MARKERS = {"say", "say_in", "template"}
# two words, maybe a value between
ENGLISH = re.compile(
    r"[A-Za-z]{2,}[\s,;:]+(?:\{\}[\s,;:]+)?[A-Za-z]{2,}"
    r"|\b[Pp]art \d"  # a part named by its number: "part 3 (sinusoidal_positional_encoding)"
)
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def quoted() -> set[str]:
    """Templates said from data: the tasks a check quotes (output_types' TASKS), the causes the
    report names."""
    from autograder.errors import CAUSES
    from autograder.grading.record import NOT_GRADED
    from autograder.reference.output_types import TASKS

    # and the report's causes
    return {description for description, _, _ in TASKS.values()} | {*CAUSES, NOT_GRADED}


def converted() -> list[Path]:
    """The checks' modules (a chapter split into a package: each of its modules), then the
    engine's."""
    return [p for p in sorted(CHECKS.rglob("*.py")) if p.name not in NOT_MESSAGES] + ENGINE


def in_checks(path: Path) -> bool:
    return CHECKS in path.parents


def _name(call: ast.Call) -> str:
    return call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")


def templates(path: Path) -> list[tuple[int, str]]:
    """(line, template) of every marked literal; a marker given anything but a literal or a
    constant's name fails."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and _name(node) in MARKERS and node.args:
            arg = (
                node.args[1 if _name(node) == "say_in" else 0]
                if len(node.args) > (_name(node) == "say_in")
                else None
            )
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.append((node.lineno, arg.value))
            else:
                assert isinstance(arg, (ast.Name, ast.Attribute, ast.Subscript)), (
                    f"{path.name}:{node.lineno}: {_name(node)}() of a non-literal"
                )  # a constant made by template()
    return found


def bypassing(path: Path) -> list[tuple[int, str]]:
    """English literals in a check module that reach no marker: they would stay English in
    every language."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside, docstrings = set(), set()
    for node in ast.walk(tree):
        regex = (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and getattr(node.func.value, "id", "") == "re"
        )  # a pattern matched in an error, not a message
        if isinstance(node, ast.Call) and (
            _name(node) in MARKERS or _name(node) == "Clause" or regex
        ):
            inside.update(id(n) for n in ast.walk(node))
        if (
            isinstance(node, ast.Raise)
            and isinstance(node.exc, ast.Call)
            and _name(node.exc)
            in (
                # a mistake of the course's own code, for its authors
                "ValueError",
                "TypeError",
                "KeyError",
            )
        ):
            inside.update(id(n) for n in ast.walk(node))
        # the patterns that recognise a slip
        if isinstance(node, ast.Call) and _name(node) == "Slip":
            inside.update(id(n) for arg in [node.args[1], *node.args[3:]] for n in ast.walk(arg))
        if (
            isinstance(node, ast.Dict)
            and node.values
            and all(
                (isinstance(v, ast.Call) and _name(v) == "template")
                or (isinstance(v, ast.Name) and v.id.isupper())
                for v in node.values
            )
        ):
            # hints: a fragment of an error -> the advice it calls for
            inside.update(id(k) for k in node.keys)
        if isinstance(node, ast.JoinedStr):  # its pieces are judged with it
            inside.update(id(n) for n in node.values)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    out = []
    for node in ast.walk(tree):
        if id(node) in inside or id(node) in docstrings:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        else:
            continue
        if ENGLISH.search(text) and text not in NOT_TEXT:
            out.append((node.lineno, text))
    return out


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_template_is_translated():
    missing = [
        f"{p.relative_to(ROOT)}:{line}: {t!r}"
        for p in converted()
        for line, t in templates(p)
        if t not in MESSAGES
    ]
    missing += [f"reference TASKS: {t!r}" for t in quoted() if t not in MESSAGES]
    assert not missing, "templates without a zh-hans translation:\n" + "\n".join(missing)


def test_no_translation_outlives_its_template():
    used = {t for p in converted() for _, t in templates(p)} | quoted()
    stale = [t for t in MESSAGES if t not in used]
    assert not stale, "translations whose template is gone:\n" + "\n".join(map(repr, stale))


def clauses(path: Path) -> list[tuple[int, str, str]]:
    """(line, "name" or "text", words) of every clause's name and text in a check module,
    ``Clause(name, text, ...)``; a clause given anything but literals fails (a static scan could not
    see its words)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and _name(node) == "Clause":
            given = dict(zip(("name", "text"), node.args)) | {k.arg: k.value for k in node.keywords}
            for part in ("name", "text"):
                arg = given.get(part)
                assert isinstance(arg, ast.Constant) and isinstance(arg.value, str), (
                    f"{path.relative_to(ROOT)}:{node.lineno}: a Clause {part} that is not a literal"
                )
                found.append((node.lineno, part, arg.value))
    return found


@cache
def contract_words() -> list[tuple[Path, int, str, str]]:
    return [(p, *clause) for p in sorted(CHECKS.rglob("*.py")) for clause in clauses(p)]


# A clause's name that is code reads the same in every language (`k = 0`, `(b, weights)`,
# `pad_value`, `ReLU`, `ValueError`): each of its words holds a symbol or a digit, or capitals
# inside, or is a letter or two.
_CODE_WORD = re.compile(r"[^A-Za-z]|[a-z][A-Z]|^[A-Z]{2}|^[A-Za-z]{1,2}$")


def is_code(name: str) -> bool:
    return all(_CODE_WORD.search(word) for word in name.split())


def test_every_clause_is_translated():
    """Each clause's text and name, as the contracts list them in docs/mistakes.zh-*.md."""
    words = contract_words()
    assert len(words) > 400, "the scan finds too few clauses"
    missing = [
        f"{p.relative_to(ROOT)}:{line}: {part} {w!r}"
        for p, line, part, w in words
        if w not in CONTRACTS
    ]
    assert not missing, (
        "clauses without a zh-hans translation (autograder/messages/zh_hans_contracts.toml):\n"
        + "\n".join(missing)
    )


def test_no_clause_translation_outlives_its_clause():
    used = {w for _, _, _, w in contract_words()}
    stale = [w for w in CONTRACTS if w not in used]
    assert not stale, "zh_hans_contracts.toml: translations whose clause is gone:\n" + "\n".join(
        map(repr, stale)
    )


def test_clause_translations_are_chinese_and_convert_to_traditional():
    """A text reads in Chinese; so does a name, unless it is code and translated to itself."""
    texts = {w for _, _, part, w in contract_words() if part == "text"}
    wrong = [
        f"{english!r} = {zh!r}"
        for english, zh in CONTRACTS.items()
        if not CHINESE.search(zh) and (english in texts or zh != english or not is_code(english))
    ]
    assert not wrong, "clauses left in English:\n" + "\n".join(wrong)
    for english, zh in CONTRACTS.items():
        hant = messages.translate(english, "zh-hant")
        assert bool(CHINESE.search(hant)) == bool(CHINESE.search(zh)), english
    assert is_code("forward(tokens, mask)") and is_code("k = 0") and is_code("ReLU")
    assert not is_code("logits") and not is_code("PyTorch's layout") and not is_code("bool")
    inside = messages.translate("Never call .cpu() (nor .numpy()) inside the function.", "zh-hant")
    assert inside == "函式裡絕不呼叫 .cpu()（也不呼叫 .numpy()）。"  # 里 as "in" is 裡


def test_no_message_bypasses_the_catalogue():
    found = [
        f"{p.relative_to(ROOT)}:{line}: {t!r}"
        for p in converted()
        if in_checks(p)
        for line, t in bypassing(p)
    ]
    assert not found, "English message literals not given to say()/template():\n" + "\n".join(found)


def test_translations_keep_the_placeholders():
    wrong = [t for t, zh in MESSAGES.items() if placeholders(t) != placeholders(zh)]
    assert not wrong, "translations with other placeholders than their template:\n" + "\n".join(
        map(repr, wrong)
    )


def test_translations_are_chinese_and_convert_to_traditional():
    for template, zh in MESSAGES.items():
        hant = messages.translate(template, "zh-hant")
        assert re.search(r"[\u4e00-\u9fff]", zh) or not ENGLISH.search(template), template
        assert placeholders(hant) == placeholders(zh), template
    assert messages.translate(
        "the tanh is missing: w . tanh(W @ concat(q, k)).", "zh-hant"
    ).startswith("少了")
    assert "歸一化" not in messages.translate(
        "the result is not normalised: divide exp(x) by its sum along the axis.", "zh-hant"
    )  # the course's Taiwan term: 正規化


def test_taiwan_rows_are_mainland_columns():
    """Mainland 行 is a row, 列 a column; Taiwan the other way round: a message about matrices
    swaps them."""
    transposed = messages.translate(
        "the weights are transposed: row i must hold query i's weights over the keys.", "zh-hant"
    )
    assert transposed.startswith("權重轉置了：第 i 列")
    columns = (
        "the softmax ran over the queries (axis 0), so each column sums to 1; it must run over the "
        "keys, so that each row (one query's weights) sums to 1."
    )
    assert "每一行" in messages.translate(columns, "zh-hant")
    # a line of code
    assert "這一行拋出了" in messages.translate(
        "{what} raised {name} at `{line}`: {text}", "zh-hant"
    )
    assert "陣列" in messages.translate(
        "{what} returned {x_type}, which is not an array of numbers.", "zh-hant"
    )


def test_say_renders_in_the_process_language():
    template = "{what} returned shape {shape}, expected {shape2}.{show_input}"
    values = dict(what="f(x)", shape=(2,), shape2=(3,), show_input="")
    assert messages.say(template, **values) == "f(x) returned shape (2,), expected (3,)."
    try:
        messages.use_language("zh-hans")
        assert messages.say(template, **values) == "f(x) 返回的形状是 (2,)，应该是 (3,)。"
        messages.use_language("zh-hant")
        assert messages.say(template, **values) == "f(x) 回傳的形狀是 (2,)，應該是 (3,)。"
    finally:
        messages.use_language("en")
    with pytest.raises(ValueError):
        messages.use_language("fr")


def test_the_detector_finds_a_bypassing_message(tmp_path):
    source = tmp_path / "check.py"
    source.write_text(
        'def f(x):\n    """Doc string here."""\n    fail(f"{x} returned the wrong thing")\n'
        '    fail(say("{x} is fine here", x=x))\n'
    )
    assert [line for line, _ in bypassing(source)] == [3]
    assert templates(source) == [(4, "{x} is fine here")]


def test_every_check_module_says_its_messages():
    """Each module of the checks that fails a learner's part renders its words through say()."""
    for path in converted():
        source = path.read_text(encoding="utf-8")
        if in_checks(path) and re.search(r"\bfail\(", source):
            assert templates(path), (
                f"{path.relative_to(ROOT)} fails parts but says nothing through say()"
            )


def _softmax_over_axis_0(x, axis=-1):
    import numpy as np

    e = np.exp(x - np.max(x, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


@pytest.mark.parametrize(
    "language, expected",
    [
        (
            "en",
            "the softmax ran over axis 0 instead of axis -1: each slice along the requested axis "
            "must sum to 1",
        ),
        ("zh-hans", "Softmax 沿着 axis 0 做了，而不是 axis -1：沿指定的轴，每一片的和都必须是 1"),
        ("zh-hant", "Softmax 沿著 axis 0 做了，而不是 axis -1：沿指定的軸，每一片的和都必須是 1"),
    ],
)
def test_a_check_names_the_mistake_in_the_learners_language(language, expected):
    from autograder.checks import self_attention
    from autograder.checks.common import GradingError

    try:
        messages.use_language(language)
        with pytest.raises(GradingError) as failed:
            self_attention.check_softmax(_softmax_over_axis_0)
    finally:
        messages.use_language("en")
    first = str(failed.value).splitlines()[0]
    assert first.startswith("softmax(x, axis=-1)") and expected in first
    # the class report counts the mistake in the words the learner read
    assert failed.value.mistake in first


def test_english_kept_for_later_is_read_in_another_language():
    """A reason kept in English (the results, the CSV) reads in the report's language: the most
    specific template it matches, its values read back; text no template made stays as it is."""
    died = "grader error: the grading worker died twice while grading it (SIGKILL)"
    assert (
        messages.from_english(died, "zh-hans")
        == "批改程序出错：批改它的工作进程两次中途退出（SIGKILL）"
    )
    assert messages.from_english("grader error: boom", "zh-hans") == "批改程序出错：boom"
    assert messages.from_english("nobody wrote this", "zh-hant") == "nobody wrote this"
    assert messages.from_english(died, "en") == died
