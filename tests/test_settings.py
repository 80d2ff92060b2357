"""The one settings model: kebab-case keys, types checked with one-line errors, snake_case deprecated."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyser.cli import main
from analyser.errors import ConfigError, InputError
from analyser.settings import (
    AuditSettings,
    ExtractSettings,
    Settings,
    StudySettings,
    load_settings,
    markdown,
    override,
    settings_from_dict,
)

ROOT = Path(__file__).resolve().parents[1]


def _pyproject(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.ticket-analyser]\n" + body, encoding="utf-8")
    return path


def test_defaults_live_in_the_dataclasses() -> None:
    settings = Settings()
    assert settings.language == "auto" and settings.default_language == "en"
    assert settings.extract == ExtractSettings() and settings.extract.chunksize == 2000
    assert settings.study.alpha == StudySettings.alpha == 0.05
    assert settings.audit.min_replies == AuditSettings.min_replies == 5


def test_every_table_is_read_with_kebab_case_keys(tmp_path: Path) -> None:
    path = _pyproject(
        tmp_path,
        'language = "nl"\ndefault-language = "nl"\n'
        '[tool.ticket-analyser.mapping]\nbody = "Message"\n'
        '[tool.ticket-analyser.extract]\ntext-column = "Message"\nchunksize = 50\nall-messages = true\n'
        "[tool.ticket-analyser.study]\nalpha = 0.01\ncommunication-cut = 60\nbootstrap = 500\n"
        '[tool.ticket-analyser.audit]\nfrom = 2026-01-01\nteam = ["Service Desk", "Werkplek"]\nmin-replies = 3\n'
        '[tool.ticket-analyser.lint]\nignore = ["ST003"]\n',
    )
    settings = load_settings(path)
    assert settings.language == "nl" and settings.default_language == "nl"
    assert settings.mapping == {"body": "Message"}
    assert settings.extract == ExtractSettings(text_column="Message", chunksize=50, all_messages=True)
    assert settings.study.alpha == 0.01 and settings.study.communication_cut == 60.0
    assert settings.study.bootstrap_resamples == 500
    assert settings.audit.date_from == date(2026, 1, 1)
    assert settings.audit.teams == ("Service Desk", "Werkplek") and settings.audit.min_replies == 3
    assert settings.lint.scope.ignore == ["ST003"]
    assert settings.warnings == ()


def test_snake_case_keys_still_work_with_a_deprecation_warning(tmp_path: Path) -> None:
    path = _pyproject(tmp_path, '[tool.ticket-analyser.extract]\ntext_column = "Message"\nlanguage = "nl"\n')
    settings = load_settings(path)
    assert settings.extract.text_column == "Message"
    assert settings.language == "nl"  # moved from [extract] to the top level
    assert any("'text_column' is deprecated; write 'text-column'" in w for w in settings.warnings)
    assert any("'language' is deprecated here" in w for w in settings.warnings)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            '[tool.ticket-analyser.study]\nseed = "abc"\n',
            "[tool.ticket-analyser.study]: 'seed' must be an integer, got 'abc'",
        ),
        ('[tool.ticket-analyser.extract]\nchunksize = "big"\n', "'chunksize' must be an integer, got 'big'"),
        ("[tool.ticket-analyser.extract]\nchunksize = 0\n", "chunksize must be at least 1"),
        ('[tool.ticket-analyser.study]\naggregate = "median"\n', "'aggregate' must be one of 'first', 'mean', 'worst'"),
        ("[tool.ticket-analyser.audit]\npseudonymise-agents = 1\n", "'pseudonymise-agents' must be true or false"),
        ('[tool.ticket-analyser.audit]\nfrom = "last week"\n', "'from' must be a date (YYYY-MM-DD)"),
        ('language = "de"\n', "'language' must be one of 'auto', 'en', 'nl'"),
        ("[tool.ticket-analyser.mapping]\nbody = 3\n", "'mapping' must be a table of strings"),
        ("[tool.ticket-analyser.study]\nalpah = 0.1\n", "unknown key 'alpah'; valid: alpha, seed"),
        ("colour = 1\n", "unknown key(s) colour"),
        ('extract = "yes"\n', "[tool.ticket-analyser.extract] must be a table"),
    ],
)
def test_a_wrong_value_is_one_line_naming_file_table_and_key(tmp_path: Path, body: str, expected: str) -> None:
    path = _pyproject(tmp_path, body)
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert expected in message and str(path) in message and "\n" not in message


@pytest.mark.parametrize(
    ("command", "body"),
    [
        ("extract", '[tool.ticket-analyser.extract]\nchunksize = "big"\n'),
        ("study", '[tool.ticket-analyser.study]\nseed = "abc"\n'),
        ("audit", "[tool.ticket-analyser.audit]\nflag-below = true\n"),
        ("lint", '[tool.ticket-analyser.lint]\nfail-on = "fatal"\n'),
    ],
)
def test_every_command_reports_a_bad_setting_in_one_line_with_exit_2(tmp_path: Path, command: str, body: str) -> None:
    _pyproject(tmp_path, body)
    data = tmp_path / "replies.csv"
    data.write_text("body\nThanks for waiting, your laptop is ready.\n", encoding="utf-8")
    args = {
        "extract": ["extract", str(data), "-o", str(tmp_path / "out.csv")],
        "study": ["study", str(tmp_path), "-o", str(tmp_path / "study")],
        "audit": ["audit", str(tmp_path), "-o", str(tmp_path / "audit")],
        "lint": ["lint", str(data)],
    }[command]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output and "pyproject.toml" in lines[0]


def test_command_line_values_go_through_the_same_checks() -> None:
    study = override(StudySettings(), seed=7, communication_cut="60", bootstrap_resamples=None)
    assert study.seed == 7 and study.communication_cut == 60.0 and study.bootstrap_resamples == 2000
    audit = override(AuditSettings(), date_from="2026-02-01", teams=("a",), languages=())
    assert audit.date_from == date(2026, 2, 1) and audit.teams == ("a",) and audit.languages == ()
    with pytest.raises(InputError, match="--from must be a date"):
        override(AuditSettings(), date_from="yesterday")


def test_a_symlink_loop_as_input_does_not_break_the_configuration_lookup(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    os.symlink(loop, loop)
    assert isinstance(load_settings(start=loop), Settings)


def test_the_configuration_page_is_generated_from_the_model() -> None:
    page = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert page.strip() == markdown().strip(), "run: python -m analyser.settings > docs/configuration.md"


def test_settings_from_dict_records_no_path_when_given_a_table() -> None:
    settings = settings_from_dict({"study": {"seed": 3}})
    assert settings.path is None and settings.study.seed == 3
