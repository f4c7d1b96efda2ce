"""The README keeps its promises: the two commands first, every setting documented."""

from __future__ import annotations

import pytest

from core.config import PROJECT_ROOT, describe_settings

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands() -> None:
    first_block = README.split("```")[1]
    commands = [line.strip() for line in first_block.splitlines() if line.strip()]
    assert commands[-2:] == ["make run", "make test"]


@pytest.mark.parametrize("setting", describe_settings(), ids=lambda s: s.env)
def test_every_setting_is_documented(setting: object) -> None:
    assert setting.env in README  # type: ignore[attr-defined]
    assert setting.help  # type: ignore[attr-defined]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
