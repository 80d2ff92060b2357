"""Awkward input: the report says what is missing where it matters, never fails, never shows NaN."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from analyser.audit import AuditConfig, render_audit, run_audit
from analyser.cli import main
from analyser.io import Dataset

GOOD = (
    "Hi Sam,\n\nThanks for letting us know, I understand how annoying this is. I have reset your password. "
    "Could you try to log in again? I will check back with you tomorrow.\n\nKind regards,"
)
POOR = "READ THE MANUAL. You should have restarted the VPN client and flushed the DNS cache!!!"


def _dataset(rows: list[tuple[str | None, str]], *, csat: bool = True, days: int = 1) -> Dataset:
    """One ticket per (agent, text) row, a day apart from 2026-01-05."""
    tickets, replies = [], []
    for i, (agent, text) in enumerate(rows):
        ticket = f"T{i:03d}"
        when = pd.Timestamp("2026-01-05T09:00:00Z") + pd.Timedelta(days=i * days)
        tickets.append(
            {
                "ticket_id": ticket,
                "team": "Desk",
                "csat_score": (4.0 if i % 2 else 2.0) if csat else None,
                "csat_scale": "1-5" if csat else None,
            }
        )
        replies.append(
            {
                "ticket_id": ticket,
                "reply_id": f"{ticket}-1",
                "author_role": "agent",
                "agent_id": agent,
                "created_at": when,
                "channel": "email",
                "public": True,
                "body": text,
            }
        )
    from analyser.schema import conform_replies, conform_tickets

    return Dataset(conform_tickets(pd.DataFrame(tickets)), conform_replies(pd.DataFrame(replies)), "test")


def _visible(html: str) -> str:
    return re.sub(r"<svg.*?</svg>", "", html, flags=re.DOTALL)


def test_agent_with_one_reply_no_agent_no_csat_one_language():
    rows = [("ann", GOOD), ("ann", POOR), ("ann", GOOD), ("bo", POOR), (None, GOOD), (None, POOR)]
    result = run_audit(_dataset(rows, csat=False), AuditConfig(min_replies=2))
    html = render_audit(result)
    notes = " ".join(m for ms in result.notes.values() for m in ms)
    assert "bo (1)" in notes and "Too few replies for a scorecard" in notes
    assert "2 replies have no agent" in notes
    assert "No CSAT in this data" in notes
    assert "All scored replies are English" in notes
    assert set(result.agents["agent"]) == {"ann", "bo", "(no agent)"}
    assert result.agents.set_index("agent")["scorecard"].to_dict() == {"(no agent)": False, "ann": True, "bo": False}
    assert "csat_mean" not in result.agents.columns
    assert "No CSAT in this data" in html and "no scorecard (too few replies)" in html
    assert not re.search(r"\bnan\b", _visible(html), re.IGNORECASE)


def test_empty_date_range_writes_a_report_that_says_so(tmp_path: Path):
    data = _dataset([("ann", GOOD), ("ann", POOR)])
    result = run_audit(data, AuditConfig(date_from=pd.Timestamp("2027-01-01").date()))
    assert result.summary["replies"] == 0
    html = render_audit(result)
    assert "No agent replies match the filters" in html and "2026-01-05 to 2026-01-06" in html
    assert not re.search(r"\bnan\b", _visible(html), re.IGNORECASE)


def test_no_agent_replies_at_all():
    data = _dataset([("ann", GOOD)])
    data.replies["author_role"] = "customer"
    result = run_audit(data)
    assert "no public agent replies" in render_audit(result)


def test_single_week_has_no_trend_but_a_table():
    result = run_audit(_dataset([("ann", GOOD), ("ann", POOR), ("ann", GOOD)], days=0), AuditConfig(min_replies=1))
    html = render_audit(result)
    assert "fewer than two weeks" in html
    assert "profile" in result.agents.columns  # one agent: no axes, but the column is there
    assert "needs 3 or more" in " ".join(result.notes.get("profiles", []))


def _write(data: Dataset, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    data.tickets.to_csv(directory / "tickets.csv", index=False)
    data.replies.to_csv(directory / "replies.csv", index=False)
    return directory


def test_cli_writes_report_and_tables_with_config_from_pyproject(tmp_path: Path):
    data = _write(_dataset([("ann", GOOD), ("ann", POOR), ("bo", POOR), ("bo", GOOD)] * 2), tmp_path / "data")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.ticket-analyser.audit]\nmin-replies = 2\nflagged-per-agent = 1\nchannel = ["email"]\n', "utf-8"
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["audit", str(data), "-o", str(out), "--pseudonymise-agents"])
    assert result.exit_code == 0, result.output
    assert "8 replies by 2 agents (2 with a scorecard)" in result.output
    for name in (
        "report.html",
        "agents.csv",
        "dimensions.csv",
        "weekly.csv",
        "scorecards.csv",
        "flagged_replies.csv",
        "audit.json",
    ):
        assert (out / name).is_file(), name
    agents = pd.read_csv(out / "agents.csv")
    assert set(agents["agent"]) == {"Agent 01", "Agent 02"}
    assert len(pd.read_csv(out / "flagged_replies.csv")) <= 2


def test_cli_bad_options_and_config_exit_2_in_one_line(tmp_path: Path):
    data = _write(_dataset([("ann", GOOD)]), tmp_path / "data")
    runner = CliRunner()
    reversed_range = runner.invoke(
        main, ["audit", str(data), "-o", str(tmp_path / "o"), "--from", "2026-02-01", "--to", "2026-01-01"]
    )
    assert reversed_range.exit_code == 2
    assert "reversed" in reversed_range.output and "Traceback" not in reversed_range.output
    bad_date = runner.invoke(main, ["audit", str(data), "-o", str(tmp_path / "o"), "--from", "yesterday-ish"])
    assert bad_date.exit_code == 2 and "must be a date" in bad_date.output
    (tmp_path / "pyproject.toml").write_text("[tool.ticket-analyser.audit]\nmin-replys = 2\n", "utf-8")
    unknown = runner.invoke(main, ["audit", str(data), "-o", str(tmp_path / "o")])
    assert unknown.exit_code == 2 and "min-replys" in unknown.output and "min-replies" in unknown.output
    assert len(unknown.output.strip().splitlines()) == 1
    (tmp_path / "pyproject.toml").write_text("[tool.ticket-analyser.audit]\nmin-replies = 'two'\n", "utf-8")
    wrong_type = runner.invoke(main, ["audit", str(data), "-o", str(tmp_path / "o")])
    assert wrong_type.exit_code == 2 and "'min-replies' must be an integer, got 'two'" in wrong_type.output
    missing = runner.invoke(main, ["audit", str(tmp_path / "nope"), "-o", str(tmp_path / "o")])
    assert missing.exit_code == 2 and len(missing.output.strip().splitlines()) == 1


def test_cli_empty_filter_is_not_an_error(tmp_path: Path):
    data = _write(_dataset([("ann", GOOD), ("ann", POOR)]), tmp_path / "data")
    result = CliRunner().invoke(main, ["audit", str(data), "-o", str(tmp_path / "o"), "--team", "Nobody"])
    assert result.exit_code == 0, result.output
    assert "No agent replies match the filters" in result.output
    assert "No agent replies match the filters" in (tmp_path / "o" / "report.html").read_text("utf-8")


def test_scores_supplied_with_the_input_are_reused():
    data = _dataset([("ann", GOOD), ("ann", POOR), ("bo", GOOD)])
    data.replies["communication_score"] = [90.0, 10.0, 80.0]
    for column in ("score_politeness", "score_empathy", "score_readability"):
        data.replies[column] = 10.0
    result = run_audit(data, AuditConfig(min_replies=1, languages=("en",)))
    assert sorted(result.replies["communication_score"]) == [10.0, 80.0, 90.0]
    assert set(result.replies["language"]) == {"en"}
    html = render_audit(result)
    assert "–" in html  # dimensions the input lacks show as a dash, not NaN
    assert not re.search(r"\bnan\b", _visible(html), re.IGNORECASE)


def test_dollar_signs_in_agent_ids_and_team_names_are_text_not_mathtext(tmp_path: Path):
    """matplotlib read "$a$b" as a formula and crashed the report (issue 12)."""
    rows = [("$ann$", GOOD), ("$ann$", POOR), ("bo$", POOR), ("bo$", GOOD), ("c$$", GOOD), ("c$$", POOR)] * 2
    data = _dataset(rows, days=4)
    data.tickets["team"] = r"Desk $\frac{1}{0}$"
    result = run_audit(data, AuditConfig(min_replies=2))
    html = render_audit(result)
    assert "$ann$" in html and "bo$" in html


@pytest.mark.parametrize("vendor", ["zendesk", "freshdesk"])
def test_readme_flow_ingest_then_audit_when_no_agent_has_enough_replies(tmp_path: Path, vendor: str):
    """The README's ingest -> audit flow on the bundled samples: no agent reaches --min-replies (issue 12)."""
    sample = Path(__file__).resolve().parents[2] / "data" / "sample_tickets" / vendor
    runner = CliRunner()
    ingested = runner.invoke(main, ["ingest", str(sample), "-o", str(tmp_path / "tickets.parquet")])
    assert ingested.exit_code == 0, ingested.output
    audited = runner.invoke(main, ["audit", str(tmp_path / "tickets.parquet"), "-o", str(tmp_path / "audit")])
    assert audited.exit_code == 0, (audited.output, audited.exception)
    assert "(0 with a scorecard)" in audited.output and "Too few replies for a scorecard" in audited.output
    assert (tmp_path / "audit" / "report.html").is_file()
