"""extract under hostile input: no output over an input, a schema that never depends on chunk boundaries,
non-text bodies rejected; study and audit count the CSAT values they cannot read (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from analyser.cli import main
from analyser.schema import conform_tickets, invalid_cells

REPLY = "Thanks for waiting, your laptop is ready for pick-up at the service desk."


def test_an_output_may_not_overwrite_the_input(tmp_path: Path) -> None:
    source = tmp_path / "same.csv"
    source.write_text(f"body\n{REPLY}\n", encoding="utf-8")
    before = source.read_bytes()
    runner = CliRunner()
    for args in (
        ["extract", str(source), "-o", str(source)],
        ["extract", str(source), "-o", str(tmp_path / "out.csv"), "--rejects", str(source)],
        ["extract", str(source), "-o", str(tmp_path / "out.csv"), "--rejects", str(tmp_path / "out.csv")],
        ["extract", str(source), "-o", str(tmp_path / "x.csv"), "--rejects", str(tmp_path / "x.meta.json")],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, (args, result.output)
        assert "would overwrite" in result.output and len(result.output.strip().splitlines()) == 1
    assert source.read_bytes() == before


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_a_trailing_summary_record_is_a_reject_wherever_the_chunk_boundary_falls(tmp_path: Path) -> None:
    records = [{"reply_id": f"r{i}", "body": REPLY} for i in range(2000)]
    records.append({"type": "export_summary", "count": 2000})
    source = _jsonl(tmp_path / "export.jsonl", records)
    result = CliRunner().invoke(main, ["extract", str(source), "-o", str(tmp_path / "out.parquet")])
    assert result.exit_code == 0, result.output
    assert "2001 rows read: 2000 scored, 1 rejected" in result.output
    rejects = pd.read_csv(tmp_path / "out.rejects.csv")
    assert rejects["row"].tolist() == [2001]


def test_a_later_chunk_without_the_id_column_is_not_an_error(tmp_path: Path) -> None:
    records = [{"reply_id": f"r{i}", "body": REPLY} for i in range(2000)] + [{"body": REPLY}] * 10
    source = _jsonl(tmp_path / "export.jsonl", records)
    result = CliRunner().invoke(main, ["extract", str(source), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 0, result.output
    assert "2010 rows read: 2010 scored, 0 rejected" in result.output


def test_a_file_without_the_text_column_anywhere_is_one_line(tmp_path: Path) -> None:
    source = _jsonl(tmp_path / "export.jsonl", [{"message": REPLY}] * 3)
    result = CliRunner().invoke(main, ["extract", str(source), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 2 and "no such text column" in result.output
    assert not (tmp_path / "out.csv").exists()


def test_non_text_bodies_in_parquet_are_rejected_not_scored_as_their_repr(tmp_path: Path) -> None:
    frame = pd.DataFrame({"reply_id": ["a", "b", "c"], "body": [REPLY, ["a", "list"], {"x": "struct"}]})
    frame["body"] = frame["body"].astype(object)
    source = tmp_path / "replies.parquet"
    try:
        frame.to_parquet(source)
    except Exception:  # pyarrow cannot store mixed types in one column: write the non-text ones as a list column
        frame = pd.DataFrame({"reply_id": ["a", "b"], "body": [[REPLY], ["a", "list"]]})
        frame.to_parquet(source)
    result = CliRunner().invoke(main, ["extract", str(source), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 0, result.output
    rejects = pd.read_csv(tmp_path / "out.rejects.csv")
    assert len(rejects) >= 1 and rejects["reason"].str.startswith("body is not text").all()


def test_csat_values_that_are_not_numbers_are_counted_not_dropped_silently() -> None:
    tickets = conform_tickets(pd.DataFrame({"ticket_id": ["a", "b", "c", "d"], "csat_score": ["4", "five", "4,5", ""]}))
    assert tickets["csat_score"].tolist()[0] == 4.0 and tickets["csat_score"].tolist()[2] == 4.5
    assert list(invalid_cells(tickets, "csat_score").values()) == ["five"]
