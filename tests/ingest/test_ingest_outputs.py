"""ingest's outputs (issue 12): no output path may be an input or another output, and the tables and the
rejects of one run appear together or not at all (``analyser.io.output_set``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from analyser.cli import main

CSV = "ticket_id,body,author_role\nT1,Uw account is weer actief.,agent\nT1,Dank je!,customer\n,,agent\n"


def run(*arguments: str):
    return CliRunner().invoke(main, ["ingest", *arguments])


def one_line_exit_2(result) -> None:
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert "would overwrite the" in result.output


@pytest.mark.parametrize(
    "arguments",
    [
        ("{csv}", "-o", "{csv}"),  # the tickets table onto the input
        ("{csv}", "-o", "{out}", "--rejects", "{csv}"),  # the rejects onto the input
        ("{csv}", "-o", "{folder}/t.csv", "--rejects", "{folder}/t.replies.csv"),  # rejects onto the replies
        ("{folder}", "-o", "{csv}"),  # into a file of an input folder
    ],
)
def test_an_output_that_is_an_input_or_another_output_is_refused(tmp_path: Path, arguments: tuple[str, ...]) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    csv = folder / "replies.csv"
    csv.write_text(CSV, "utf-8")
    values = {"csv": str(csv), "out": str(tmp_path / "t.parquet"), "folder": str(tmp_path)}
    result = run(*(a.format(**values) for a in arguments))
    one_line_exit_2(result)
    assert csv.read_text("utf-8") == CSV  # the input is untouched
    assert not list(tmp_path.glob("t*"))  # and nothing was written


def test_tables_and_rejects_appear_together_or_not_at_all(tmp_path: Path) -> None:
    csv = tmp_path / "replies.csv"
    csv.write_text(CSV, "utf-8")
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder", "utf-8")
    result = run(str(csv), "-o", str(tmp_path / "t.parquet"), "--rejects", str(blocker / "rejects.csv"))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "t.parquet").exists() and not (tmp_path / "t.replies.parquet").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary or lock left
    good = run(str(csv), "-o", str(tmp_path / "t.parquet"))
    assert good.exit_code == 0, good.output
    assert {p.name for p in tmp_path.glob("t.*")} == {"t.parquet", "t.replies.parquet", "t.rejects.csv"}
