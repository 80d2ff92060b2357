"""The installed package is the product: a wheel installed outside the checkout behaves exactly as the checkout.

The wheel is built from a copy of the source tree without build isolation, installed with ``--no-deps`` into a
fresh virtual environment that sees this test environment's packages (so no download is needed), and run
from a folder outside the checkout.  ``demo`` must print exactly what it prints from the checkout, and
``extract`` must give the same features (the trained models and the sample data travel inside the wheel).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from analyser.models_store import ModelError, load_linear_model

ROOT = Path(__file__).resolve().parents[1]
IGNORED = shutil.ignore_patterns(
    ".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", "demo-output"
)


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"{' '.join(args)}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    shutil.copytree(ROOT, source, ignore=IGNORED)
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(root / "dist"),
            str(source),
        ],
        root,
    )
    wheel = next((root / "dist").glob("ticket_analyser-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "analyser/trained_models/politeness.json" in names
    assert "analyser/sample_tickets/replies.csv" in names and "analyser/sample_tickets/zendesk/tickets.json" in names
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], root)
    python = venv / "bin" / "python"
    site = Path(
        _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], root).stdout.strip()
    )
    (site / "_test_environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)], root)
    return venv


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TICKET_ANALYSER_MODELS")}
    env["CI"] = "1"  # no progress bars
    return env


def test_the_wheel_runs_from_its_own_files(installed: Path, tmp_path: Path) -> None:
    where = _run([str(installed / "bin" / "python"), "-c", "import analyser; print(analyser.__file__)"], tmp_path)
    assert str(ROOT) not in where.stdout and str(installed) in where.stdout


def test_demo_prints_the_same_from_the_wheel_and_the_checkout(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "wheel").mkdir()
    (tmp_path / "checkout").mkdir()
    from_wheel = _run([str(installed / "bin" / "ticket-analyser"), "demo"], tmp_path / "wheel", _environment())
    checkout_cli = Path(sys.executable).with_name("ticket-analyser")
    from_checkout = _run([str(checkout_cli), "demo"], tmp_path / "checkout", _environment())
    assert from_wheel.stdout == from_checkout.stdout
    assert "736 scored" in from_wheel.stdout and from_wheel.stderr == from_checkout.stderr
    wheel_features = pd.read_csv(tmp_path / "wheel" / "demo-output" / "features.csv")
    checkout_features = pd.read_csv(tmp_path / "checkout" / "demo-output" / "features.csv")
    pd.testing.assert_frame_equal(wheel_features, checkout_features)
    meta = (tmp_path / "wheel" / "demo-output" / "features.meta.json").read_text("utf-8")
    assert '"politeness_model": "politeness-wikipedia' in meta  # the trained model travelled with the wheel


def test_extract_from_the_wheel_scores_as_the_checkout(installed: Path, tmp_path: Path) -> None:
    replies = tmp_path / "replies.csv"
    replies.write_text(
        "reply_id,body\n"
        'r1,"Beste Joost, bedankt voor uw geduld. Ik heb uw wachtwoord gereset. Met vriendelijke groet, Anna"\n'
        'r2,"Hi Sarah, thanks for waiting! Your laptop is ready for pick-up at the service desk."\n'
        "r3,KLAAR!!! HERSTARTEN!!!\n",
        encoding="utf-8",
    )
    _run(
        [str(installed / "bin" / "ticket-analyser"), "extract", str(replies), "-o", str(tmp_path / "w.csv")],
        tmp_path,
        _environment(),
    )
    checkout_cli = Path(sys.executable).with_name("ticket-analyser")
    _run([str(checkout_cli), "extract", str(replies), "-o", str(tmp_path / "c.csv")], tmp_path, _environment())
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "w.csv"), pd.read_csv(tmp_path / "c.csv"))
    scores = pd.read_csv(tmp_path / "w.csv").set_index("reply_id")
    assert scores.loc["r1", "politeness"] > 0.9  # the trained model, not a fallback
    assert scores["communication_score"].notna().all()


def test_a_missing_model_is_an_error_not_a_fallback(monkeypatch, tmp_path: Path) -> None:
    import analyser.models_store as store

    monkeypatch.setattr(store, "model_dirs", lambda: [tmp_path])
    load_linear_model.cache_clear()
    try:
        with pytest.raises(ModelError, match=r"model 'politeness\.json' not found"):
            load_linear_model("politeness.json")
    finally:
        load_linear_model.cache_clear()


def test_every_package_of_the_source_is_in_the_wheel() -> None:
    import tomllib

    declared = set(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"])
    found = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in (ROOT / "analyser").rglob("__init__.py")
        if "__pycache__" not in path.parts
    }
    assert found <= declared, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(found - declared)}"
