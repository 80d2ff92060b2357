"""``ticket-analyser extract`` end to end with click's CliRunner: outputs, rejects, counts, errors."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from analyser.cli import main

ROWS = [
    ("r1", "Hi Sarah,\n\nThanks for waiting. I have reset your password.\n\nKind regards,\nAnna"),
    ("r2", "Beste Daan, bedankt voor uw geduld. Ik ga dit voor u uitzoeken."),
    ("r3", ""),
    ("r4", "   "),
    ("r5", "https://status.example.com"),
    ("r2", "A duplicate id."),
    ("r6", "Guten Tag, das Problem ist gelöst."),
]


def _write_csv(path, delimiter=",", encoding="utf-8"):
    frame = pd.DataFrame(ROWS, columns=["Id", "Message"])
    frame.to_csv(path, sep=delimiter, index=False, encoding=encoding)


@pytest.fixture
def runner():
    return CliRunner()


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".jsonl"])
def test_extract_writes_features_and_rejects(runner, tmp_path, suffix):
    source = tmp_path / "replies.csv"
    _write_csv(source)
    output = tmp_path / f"features{suffix}"
    result = runner.invoke(
        main, ["extract", str(source), "-o", str(output), "--text-column", "Message", "--id-column", "Id"]
    )
    assert result.exit_code == 0, result.output
    assert "7 rows read: 4 scored, 3 rejected" in result.output
    features = {".csv": pd.read_csv, ".parquet": pd.read_parquet, ".jsonl": lambda p: pd.read_json(p, lines=True)}[
        suffix
    ](output)
    assert features["Id"].astype(str).tolist() == ["r1", "r2", "r5", "r6"]
    assert features["language"].tolist() == ["en", "nl", "und", "und"]
    assert {"politeness", "communication_score", "jargon_ratio"} <= set(features.columns)
    rejects = pd.read_csv(tmp_path / "features.rejects.csv")
    assert rejects["row"].tolist() == [3, 4, 6]
    assert rejects["reason"].str.contains("empty body").sum() == 2
    assert "duplicate id 'r2' (first at row 2)" in rejects["reason"].iloc[2]
    meta = json.loads((tmp_path / "features.meta.json").read_text())
    assert meta["counts"]["rows_in"] == meta["counts"]["rows_out"] + meta["counts"]["rows_rejected"]
    assert meta["pipeline"]["pipelines"]["en"]["name"] == "spacy.blank(en)"
    assert len(meta["input"]["sha256"]) == 64


def test_dutch_excel_semicolon_cp1252(runner, tmp_path):
    source = tmp_path / "export.csv"
    pd.DataFrame(
        [("1", "Geachte heer Müller,\nuw café-account is hersteld. Met vriendelijke groet"), ("2", "Dank u wel!")],
        columns=["id", "body"],
    ).to_csv(source, sep=";", index=False, encoding="cp1252")
    output = tmp_path / "out.csv"
    result = runner.invoke(main, ["extract", str(source), "-o", str(output), "--id-column", "id"])
    assert result.exit_code == 0, result.output
    features = pd.read_csv(output)
    assert features["language"].tolist() == ["nl", "nl"]


def test_utf8_bom_header(runner, tmp_path):
    source = tmp_path / "bom.csv"
    source.write_bytes("\ufeffbody\nThanks for your patience!\n".encode())
    result = runner.invoke(main, ["extract", str(source), "-o", str(tmp_path / "o.csv")])
    assert result.exit_code == 0, result.output
    assert "1 rows read: 1 scored, 0 rejected" in result.output


def test_ragged_rows_are_rejected_with_row_number(runner, tmp_path):
    source = tmp_path / "ragged.csv"
    source.write_text('id,body\n1,"Thanks, all sorted."\n2,too,many,fields\n3,Hello there\n', encoding="utf-8")
    result = runner.invoke(main, ["extract", str(source), "-o", str(tmp_path / "o.csv"), "--id-column", "id"])
    assert result.exit_code == 0, result.output
    rejects = pd.read_csv(tmp_path / "o.rejects.csv")
    assert rejects.to_dict("records") == [
        {"file": str(source), "row": 2, "reason": "ragged row: 4 fields where the header has 2"}
    ]


def test_truncated_jsonl_line_is_rejected(runner, tmp_path):
    source = tmp_path / "replies.jsonl"
    source.write_text('{"body": "Thanks!"}\n{"body": "Dank je wel"}\n{"body": "cut off', encoding="utf-8")
    result = runner.invoke(main, ["extract", str(source), "-o", str(tmp_path / "o.parquet")])
    assert result.exit_code == 0, result.output
    assert "3 rows read: 2 scored, 1 rejected" in result.output


def test_missing_file_is_one_line_exit_2(runner, tmp_path):
    result = runner.invoke(main, ["extract", str(tmp_path / "nope.csv"), "-o", str(tmp_path / "o.csv")])
    assert result.exit_code == 2
    assert result.output.strip() == f"error: {tmp_path / 'nope.csv'}: file not found"


def test_missing_text_column_names_file_and_column(runner, tmp_path):
    source = tmp_path / "r.csv"
    source.write_text("id,message\n1,hi\n", encoding="utf-8")
    result = runner.invoke(main, ["extract", str(source), "-o", str(tmp_path / "o.csv")])
    assert result.exit_code == 2
    assert "column 'body'" in result.output and str(source) in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "o.csv").exists()  # nothing half-written


def test_unknown_output_format(runner, tmp_path):
    source = tmp_path / "r.csv"
    source.write_text("body\nhi\n", encoding="utf-8")
    result = runner.invoke(main, ["extract", str(source), "-o", str(tmp_path / "o.xlsx")])
    assert result.exit_code == 2 and "unknown output format" in result.output


def test_mapping_from_pyproject(runner, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.ticket-analyser.mapping]\nbody = "Bericht"\n', encoding="utf-8")
    source = tmp_path / "r.csv"
    source.write_text("Bericht\nBedankt voor uw geduld.\n", encoding="utf-8")
    result = runner.invoke(main, ["extract", str(source), "-o", str(tmp_path / "o.csv")])
    assert result.exit_code == 0, result.output


def test_invalid_config_key_is_exit_2(runner, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.ticket-analyser.extract]\ntext_colum = "x"\n', encoding="utf-8")
    source = tmp_path / "r.csv"
    source.write_text("body\nhi\n", encoding="utf-8")
    result = runner.invoke(main, ["extract", str(source), "-o", str(tmp_path / "o.csv")])
    assert result.exit_code == 2 and "text_colum" in result.output


def test_features_catalogue_command(runner):
    result = runner.invoke(main, ["features", "--format", "json"])
    assert result.exit_code == 0
    names = {entry["name"] for entry in json.loads(result.output)}
    assert {"politeness", "communication_score", "technical_score"} <= names


def test_help_lists_commands(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "extract" in result.output and "demo" in result.output
