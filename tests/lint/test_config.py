"""Configuration ([tool.ticket-analyser.lint]) and inline suppressions."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyser.errors import ConfigError
from analyser.lint import lint_paths, lint_text, load_settings
from analyser.lint.settings import settings_from_table

POOR = "Restart your laptop!!! You should have read the FAQ about the VPN.\n"


def codes(findings) -> set[str]:
    return {f.code for f in findings}


def write_project(tmp_path: Path, lint_table: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[tool.ticket-analyser.lint]\n{lint_table}\n", encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "poor.txt").write_text(POOR, encoding="utf-8")
    legacy = folder / "legacy"
    legacy.mkdir()
    (legacy / "old.txt").write_text(POOR, encoding="utf-8")
    return folder


def test_select_ignore_severity_from_pyproject(tmp_path: Path) -> None:
    folder = write_project(tmp_path, 'select = ["TN", "JG"]\nignore = ["TN005"]\nseverity = { JG002 = "error" }')
    settings = load_settings(start=folder)
    result = lint_paths([folder], settings)
    assert codes(result.findings) == {"TN001", "TN003", "JG002"}
    assert {f.level for f in result.findings if f.code == "JG002"} == {"error"}


def test_per_path_overrides_apply_to_matching_files_only(tmp_path: Path) -> None:
    folder = write_project(
        tmp_path,
        'extend-select = ["JG"]\n[tool.ticket-analyser.lint.per-path."templates/legacy/*"]\nignore = ["TN", "ST"]',
    )
    result = lint_paths([folder], load_settings(start=folder))
    legacy = {f.code for f in result.findings if "legacy" in f.path}
    current = {f.code for f in result.findings if "legacy" not in f.path}
    assert "TN001" in current and not any(c.startswith(("TN", "ST")) for c in legacy)
    assert "JG002" in legacy


def test_thresholds_per_language() -> None:
    long_sentence = (
        "Hi Anna,\n\n"
        + " ".join(["We checked the account and the mailbox again today"] * 2)
        + ".\n\nKind regards,\nDesk"
    )
    assert "RD002" not in codes(lint_text(long_sentence))
    strict = settings_from_table({"thresholds": {"en": {"max-sentence-words": 10}}})
    [finding] = [f for f in lint_text(long_sentence, settings=strict) if f.code == "RD002"]
    assert "sentence of 18 words (more than 10)" in finding.message
    assert finding.line == 3


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"selectt": ["TN"]}, "unknown key(s) selectt"),
        ({"select": ["QQ"]}, "'QQ' matches no rule code or prefix"),
        ({"fail-on": "fatal"}, "fail-on must be one of info, warning, error"),
        ({"thresholds": {"de": {}}}, "unknown key(s) de"),
        ({"thresholds": {"en": {"max-sentence-words": "long"}}}, "must be a non-negative number"),
        ({"severity": {"XX001": "error"}}, "unknown rule code 'XX001'"),
        ({"per-path": {"x/*": {"colour": "red"}}}, "unknown key(s) colour"),
    ],
)
def test_invalid_settings_are_config_errors(table: dict, message: str) -> None:
    with pytest.raises(ConfigError) as error:
        settings_from_table(table)
    assert message in str(error.value)


def test_inline_disable_from_a_line_and_enable() -> None:
    text = "Hi Anna,\n<!-- ticket-analyser: disable=TN005 -->\nThat is done!!!\n{# ticket-analyser: enable=TN005 #}\nGreat!!\n\nKind regards,\nDesk"
    findings = [f for f in lint_text(text) if f.code == "TN005"]
    assert [f.line for f in findings] == [5]


def test_disable_next_line_and_prefix() -> None:
    text = "Hi Anna,\n{# ticket-analyser: disable-next-line=TN #}\nThat is DONE!!!\nGreat!!\n\nKind regards,\nDesk"
    assert [(f.code, f.line) for f in lint_text(text) if f.code.startswith("TN")] == [("TN005", 4)]


def test_template_wide_finding_is_suppressed_by_a_disable_anywhere() -> None:
    text = "Your password was reset.\n\nKind regards,\nDesk\n<!-- ticket-analyser: disable=ST001 -->\n"
    assert "ST001" not in codes(lint_text(text))


def test_unused_and_unknown_suppressions_are_reported() -> None:
    text = "Hi Anna,\n<!-- ticket-analyser: disable=TN004 -->\nAll is well.\n{# ticket-analyser: disable=QQ123 #}\n\nKind regards,\nDesk"
    ta003 = [f for f in lint_text(text) if f.code == "TA003"]
    assert [(f.line, f.message) for f in ta003] == [
        (2, "suppression of TN004 suppresses nothing"),
        (4, "unknown rule code(s) QQ123 in suppression"),
    ]
