"""The limits of one submission are defined once (autograder.engine.launcher.LIMITS): the sandbox's settings
take their defaults from there, and the README's table says the same."""

import re

from autograder.engine.launcher import LIMITS
from autograder.engine.sandbox import SandboxExecute, SandboxKernelManager

from ..conftest import ROOT


def test_the_sandbox_settings_default_to_the_limits():
    classes = {"SandboxExecute": SandboxExecute, "SandboxKernelManager": SandboxKernelManager,
               "Execute": SandboxExecute}
    for setting, value, _ in LIMITS.values():
        section, name = setting.split(".")
        assert classes[section].class_traits()[name].default_value == value, setting


def test_the_readme_table_lists_every_limit_with_its_default():
    readme = (ROOT / "README.md").read_text()
    rows = {setting: int(value) for value, setting in re.findall(r"^\| [^|]+ \| (\d+) \| `c\.([\w.]+)` \|$",
                                                                  readme, re.MULTILINE)}
    assert rows == {setting: value for setting, value, _ in LIMITS.values()}


def test_nbgrader_config_sets_no_limit_of_its_own():
    config = (ROOT / "nbgrader_config.py").read_text()
    for setting, _, _ in LIMITS.values():
        assert not re.search(rf"^c\.{re.escape(setting)}\s*=", config, re.MULTILINE), setting
