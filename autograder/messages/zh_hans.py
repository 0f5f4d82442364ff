"""The learner's texts in Simplified Chinese, English -> translation, as a translator edits them:
the checks' messages (``zh_hans.toml``, templates with placeholders) and the parts' contracts
(``zh_hans_contracts.toml``, each clause's name and text, shown as they are). Two files, one table:
:func:`autograder.messages.translate` (and its Traditional conversion) serves both."""

import tomllib
from pathlib import Path


def _table(name: str) -> dict[str, str]:
    return tomllib.loads(Path(__file__).with_name(name).read_text(encoding="utf-8"))


MESSAGES: dict[str, str] = _table("zh_hans.toml")
CONTRACTS: dict[str, str] = _table("zh_hans_contracts.toml")
if both := sorted(t for t in MESSAGES.keys() & CONTRACTS.keys() if MESSAGES[t] != CONTRACTS[t]):
    raise ValueError(f"translated differently in zh_hans.toml and zh_hans_contracts.toml: {both}")
ZH_HANS: dict[str, str] = MESSAGES | CONTRACTS
