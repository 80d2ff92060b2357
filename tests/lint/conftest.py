"""Shared fixtures for the linter tests: the sample templates and a CliRunner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "templates"


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def sample_result(samples: Path):
    """One lint run over every sample with every rule on, the ones off by default too (the pipeline is loaded
    once per session)."""
    from analyser.lint import lint_paths
    from analyser.lint.precision import every_rule

    return lint_paths([samples], every_rule())


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def cli(runner: CliRunner):
    """Run ``ticket-analyser ARGS...`` in-process; exceptions propagate so a traceback fails the test."""
    from analyser.cli import main

    def invoke(*args: str):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke
