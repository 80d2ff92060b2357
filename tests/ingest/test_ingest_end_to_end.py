"""Each new format's sample goes through ingest -> audit -> study end to end (exit 0, reports written)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyser.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "sample_tickets"
FORMATS = {
    "zendesk/full_export": [],
    "jira/csv_export": ["--agent-comments-public"],  # the sample's desk writes no internal comments
    "freshdesk/csv_export": [],
    "freshdesk/xlsx_export": [],
    "topdesk/xlsx_export": [],
    "servicenow/xlsx_export": [],
    "conversations": [],
}


@pytest.mark.slow
@pytest.mark.parametrize("where", list(FORMATS))
def test_ingest_audit_study(tmp_path: Path, where: str) -> None:
    runner = CliRunner()
    tickets = tmp_path / "tickets.parquet"
    ingest = runner.invoke(main, ["ingest", str(SAMPLES / where), "-o", str(tickets), *FORMATS[where]])
    assert ingest.exit_code == 0, ingest.output
    audit = runner.invoke(main, ["audit", str(tickets), "-o", str(tmp_path / "audit")])
    assert audit.exit_code == 0, audit.output
    assert (tmp_path / "audit" / "report.html").stat().st_size > 0
    study = runner.invoke(
        main, ["study", str(tickets), "-o", str(tmp_path / "study"), "--bootstrap", "200", "--format", "json"]
    )
    assert study.exit_code == 0, study.output
    results = json.loads((tmp_path / "study" / "results.json").read_text("utf-8"))
    assert results["data"]["n_tickets_analysed"] >= 10
    assert results["parts"]["correlations"] == "ran"
