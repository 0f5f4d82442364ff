"""The checks' messages in Simplified Chinese, English template -> translation: kept in
``zh_hans.toml`` beside this module (one line per message, as a translator edits it)."""

import tomllib
from pathlib import Path

ZH_HANS: dict[str, str] = tomllib.loads(
    (Path(__file__).with_name("zh_hans.toml")).read_text(encoding="utf-8")
)
