"""The ingest command: what it prints, what it writes, and exit code 2 with one line for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from analyser.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "sample_tickets"


def test_ingest_auto_writes_both_tables_and_says_what_it_read(tmp_path: Path) -> None:
    out = tmp_path / "tickets.parquet"
    result = CliRunner().invoke(main, ["ingest", str(SAMPLES / "freshdesk"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("detected Freshdesk (")
    tickets = pd.read_parquet(out)
    replies = pd.read_parquet(tmp_path / "tickets.replies.parquet")
    assert lines[1] == (
        f"freshdesk: {lines[1].split()[1]} records in = {lines[1].split()[1]} used + 0 rejected; "
        f"{len(tickets)} tickets, {len(replies)} messages"
    )
    assert int(lines[1].split()[1]) == sum(
        len(json.loads(p.read_text("utf-8"))) for p in (SAMPLES / "freshdesk").glob("*.json")
    )
    assert {"body", "body_clean"} <= set(replies.columns)
    assert lines[-1] == f"wrote {out} and {tmp_path / 'tickets.replies.parquet'}"


def test_ingest_writes_rejects_beside_the_output(tmp_path: Path) -> None:
    tickets = tmp_path / "tickets.jsonl"
    tickets.write_text(json.dumps({"id": 1, "requester_id": 5, "status": "open"}) + "\n", "utf-8")
    comments = tmp_path / "comments.jsonl"
    comments.write_text(
        json.dumps({"id": 2, "ticket_id": 1, "author_id": 5, "public": True, "body": "Hi"})
        + "\n"
        + json.dumps({"id": 3, "ticket_id": 8, "author_id": 5, "public": True, "body": "Hi"})
        + "\n",
        "utf-8",
    )
    out = tmp_path / "out" / "t.csv"
    result = CliRunner().invoke(main, ["ingest", str(tickets), str(comments), "--from", "zendesk", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rejects = pd.read_csv(tmp_path / "out" / "t.rejects.csv")
    assert list(rejects.columns) == ["file", "row", "reason"]
    assert rejects.loc[0, "row"] == 2
    assert f"1 rejected (file,row,reason) written to {tmp_path / 'out' / 't.rejects.csv'}" in result.output
    assert "3 records in = 2 used + 1 rejected" in result.output


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    broken = tmp_path / "tickets.json"
    broken.write_text('{"tickets": [{"id": 1, "status": "op', "utf-8")
    result = CliRunner().invoke(main, ["ingest", str(broken), "-o", str(tmp_path / "t.parquet")])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert result.output.startswith(f"error: {broken}: invalid JSON at line 1")
    assert "Traceback" not in result.output


def test_unknown_format_error_lists_formats(tmp_path: Path) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("colour,size\nred,3\n", "utf-8")
    result = CliRunner().invoke(main, ["ingest", str(odd)])
    assert result.exit_code == 2
    assert "tried zendesk (" in result.output and "generic (" in result.output


def test_bad_options_exit_2(tmp_path: Path) -> None:
    runner = CliRunner()
    bad_zone = runner.invoke(main, ["ingest", str(SAMPLES / "jira"), "--timezone", "Mars/Olympus"])
    assert bad_zone.exit_code == 2 and "unknown time zone 'Mars/Olympus'" in bad_zone.output
    bad_map = runner.invoke(main, ["ingest", str(SAMPLES / "jira"), "--map", "body"])
    assert bad_map.exit_code == 2 and "CANONICAL=SOURCE" in bad_map.output
    bad_from = runner.invoke(main, ["ingest", str(SAMPLES / "jira"), "--from", "remedy"])
    assert bad_from.exit_code == 2


def test_generic_with_a_column_mapping(tmp_path: Path) -> None:
    sheet = tmp_path / "replies.csv"
    sheet.write_text("Ticket;Message;Wie\nT1;Uw account is weer actief.;agent\nT1;Dank je!;klant\n", "utf-8")
    out = tmp_path / "t.parquet"
    result = CliRunner().invoke(
        main,
        [
            "ingest",
            str(sheet),
            "--map",
            "ticket_id=Ticket",
            "--map",
            "body=Message",
            "--map",
            "author_role=Wie",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    replies = pd.read_parquet(tmp_path / "t.replies.parquet")
    assert list(replies["author_role"]) == ["agent", "customer"]
    assert list(replies["body_clean"]) == ["Uw account is weer actief.", "Dank je!"]


def test_mapping_from_the_configuration_file_and_map_wins(tmp_path: Path) -> None:
    sheet = tmp_path / "replies.csv"
    sheet.write_text("Ticket;Message;Wie;Tekst\nT1;Uw account is weer actief.;agent;x\nT1;Dank je!;klant;y\n", "utf-8")
    config = tmp_path / "pyproject.toml"
    config.write_text(
        '[tool.ticket-analyser.mapping]\nticket_id = "Ticket"\nbody = "Tekst"\nauthor_role = "Wie"\n', "utf-8"
    )
    out = tmp_path / "t.parquet"
    command = ["ingest", str(sheet), "--config", str(config), "--map", "body=Message", "-o", str(out)]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    replies = pd.read_parquet(tmp_path / "t.replies.parquet")
    assert list(replies["author_role"]) == ["agent", "customer"]
    assert list(replies["body_clean"]) == ["Uw account is weer actief.", "Dank je!"]  # --map body wins


def test_a_broken_configuration_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    sheet = tmp_path / "replies.csv"
    sheet.write_text("ticket_id,body,author_role\nT1,Hallo,agent\n", "utf-8")
    config = tmp_path / "pyproject.toml"
    config.write_text("[tool.ticket-analyser.mapping\nbody = 'x'\n", "utf-8")
    result = CliRunner().invoke(
        main, ["ingest", str(sheet), "--config", str(config), "-o", str(tmp_path / "t.parquet")]
    )
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
