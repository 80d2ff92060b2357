"""Bad input and output paths give one line and exit 2 in every command, never a traceback (issue 12).

Corrupt Parquet input in every command that reads Parquet; an output whose parent is a file, a name too
long for the file system, a read-only folder; and outputs created with the user's umask, not 0600.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner, Result

from analyser.cli import main
from analyser.io import Dataset, write_dataset, write_table
from analyser.schema import conform_replies, conform_tickets
from analyser.study.simulate import PlantedEffects, simulate_dataset

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_tickets"
REPLY = "Hi Sam,\n\nI have reset your password. Could you try again? I will check back tomorrow.\n\nKind regards,"


def _one_line_error(result: Result, *fragments: str) -> None:
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert isinstance(result.exception, SystemExit)  # not an uncaught exception that click turned into exit 1
    assert "Traceback" not in result.output
    assert result.output.startswith("error: ") and result.output.strip().count("\n") == 0, result.output
    for fragment in fragments:
        assert fragment in result.output, (fragment, result.output)


def _small_dataset() -> Dataset:
    tickets = pd.DataFrame([{"ticket_id": "T1", "team": "Desk", "csat_score": 4.0, "csat_scale": "1-5"}])
    replies = pd.DataFrame(
        [
            {
                "ticket_id": "T1",
                "reply_id": f"T1-{i}",
                "author_role": "agent",
                "agent_id": "ann",
                "created_at": pd.Timestamp("2026-01-05T09:00:00Z"),
                "channel": "email",
                "public": True,
                "body": REPLY,
            }
            for i in range(2)
        ]
    )
    return Dataset(conform_tickets(tickets), conform_replies(replies), "test")


@pytest.fixture(scope="module")
def corrupt(tmp_path_factory) -> dict[str, Path]:
    """A file that is not Parquet, and a real Parquet file cut short (its magic bytes at the start only)."""
    root = tmp_path_factory.mktemp("corrupt")
    not_parquet = root / "replies.parquet"
    not_parquet.write_text("reply_id,body\n1,hello\n", "utf-8")
    good = root / "good.parquet"
    write_table(pd.DataFrame({"reply_id": ["1", "2"], "body": ["Thanks, it works.", "Bedankt!"]}), good)
    truncated = root / "truncated.parquet"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    dataset = root / "dataset"
    dataset.mkdir()
    (dataset / "tickets.parquet").write_bytes(truncated.read_bytes())
    (dataset / "replies.parquet").write_bytes(truncated.read_bytes())
    return {"not_parquet": not_parquet, "truncated": truncated, "dataset": dataset}


@pytest.mark.parametrize("which", ["not_parquet", "truncated"])
def test_extract_corrupt_parquet_is_one_line(corrupt, which, tmp_path) -> None:
    result = CliRunner().invoke(main, ["extract", str(corrupt[which]), "-o", str(tmp_path / "out.csv")])
    _one_line_error(result, str(corrupt[which]), "not a readable Parquet file")


@pytest.mark.parametrize("command", ["study", "audit"])
def test_study_and_audit_corrupt_parquet_is_one_line(corrupt, command, tmp_path) -> None:
    result = CliRunner().invoke(main, [command, str(corrupt["dataset"]), "-o", str(tmp_path / "out")])
    _one_line_error(result, "tickets.parquet", "not a readable Parquet file")


@pytest.fixture
def a_file(tmp_path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("not a folder", "utf-8")
    return path


def test_extract_output_under_a_file(a_file, tmp_path) -> None:
    replies = tmp_path / "replies.csv"
    pd.DataFrame({"reply_id": ["1"], "body": ["Thanks, it works."]}).to_csv(replies, index=False)
    result = CliRunner().invoke(main, ["extract", str(replies), "-o", str(a_file / "out.csv")])
    _one_line_error(result, "is a file, not a folder")


def test_ingest_output_under_a_file(a_file) -> None:
    result = CliRunner().invoke(main, ["ingest", str(SAMPLE / "zendesk"), "-o", str(a_file / "out.parquet")])
    _one_line_error(result, "is a file, not a folder")


def test_audit_output_under_a_file(a_file, tmp_path) -> None:
    write_dataset(_small_dataset(), tmp_path / "data")
    result = CliRunner().invoke(main, ["audit", str(tmp_path / "data"), "-o", str(a_file / "audit")])
    _one_line_error(result, "is a file, not a folder")


def test_study_output_under_a_file(a_file, tmp_path) -> None:
    write_dataset(simulate_dataset(120, PlantedEffects(0.6, -1.2, 0.4), seed=12), tmp_path / "data")
    result = CliRunner().invoke(
        main, ["study", str(tmp_path / "data"), "-o", str(a_file / "study"), "--bootstrap", "100"]
    )
    _one_line_error(result, "is a file, not a folder")


def test_ingest_file_name_too_long(tmp_path) -> None:
    result = CliRunner().invoke(main, ["ingest", str(SAMPLE / "zendesk"), "-o", str(tmp_path / ("x" * 300))])
    _one_line_error(result, "file name too long")


def test_a_long_name_the_file_system_allows_is_written(tmp_path) -> None:
    """The temporary file beside the output must not be what makes a valid name too long."""
    output = tmp_path / ("x" * 230 + ".parquet")  # 238 bytes; its replies file 246; the limit is 255
    result = CliRunner().invoke(main, ["ingest", str(SAMPLE / "zendesk"), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert output.is_file()


def test_ingest_into_a_read_only_folder(tmp_path, monkeypatch) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    if os.access(folder, os.W_OK):  # root ignores the mode: refuse writes the way the file system would
        real_open = os.open

        def refuse(path, flags, *args, **kwargs):
            if Path(path).parent == folder and flags & os.O_CREAT:
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", refuse)
    try:
        result = CliRunner().invoke(main, ["ingest", str(SAMPLE / "zendesk"), "-o", str(folder / "t.parquet")])
    finally:
        folder.chmod(0o755)
    _one_line_error(result, "Permission denied", str(folder / "t.parquet"))


def test_an_os_error_that_reaches_a_command_is_one_line(tmp_path, monkeypatch) -> None:
    """What analyser.io does not turn into a clear message, the shared handler still reports in one line."""

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("analyser.ingest.readers.read_export", full)
    result = CliRunner().invoke(main, ["ingest", str(SAMPLE / "zendesk"), "-o", str(tmp_path / "t.parquet")])
    _one_line_error(result, "No space left on device")


@pytest.mark.parametrize("mask", [0o022, 0o027])
def test_outputs_respect_the_umask(tmp_path, mask) -> None:
    old = os.umask(mask)
    try:
        result = CliRunner().invoke(main, ["ingest", str(SAMPLE / "zendesk"), "-o", str(tmp_path / "t.parquet")])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    for name in ("t.parquet", "t.replies.parquet"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o666 & ~mask, name
