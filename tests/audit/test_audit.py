"""The audit on a slice of the sample data: tables, report content, safety and privacy."""

from __future__ import annotations

import json
import re

import pandas as pd

from analyser.audit import AuditConfig, agent_summary, run_audit

XSS_AGENT = "<script>alert('agent')</script>"  # as in conftest.py


def test_summary_counts_agents_replies_and_flags(audit_result):
    s = audit_result.summary
    replies = audit_result.replies
    assert s["replies"] == len(replies) > 50
    assert s["agents"] == replies["agent"].nunique()
    assert s["agents_with_scorecard"] == int(audit_result.agents["scorecard"].sum()) >= 5
    assert s["flagged_replies"] == len(audit_result.flagged) > 0
    assert set(s["languages"]) == {"en", "nl"}
    assert s["team_weakest"] in {"politeness", "empathy", "readability", "jargon", "structure", "respect"}


def test_agents_table_means_match_the_replies(audit_result):
    agents = audit_result.agents.set_index("agent")
    replies = audit_result.replies
    for agent, group in replies.groupby("agent"):
        assert agents.loc[agent, "replies"] == len(group)
        assert abs(agents.loc[agent, "communication_mean"] - group["communication_score"].mean()) < 1e-9
        assert abs(agents.loc[agent, "score_empathy"] - group["score_empathy"].mean()) < 1e-9
    assert "csat_mean" in agents.columns
    assert set(agents["profile"]) <= {"technicus", "communicator", "balanced", "–"}


def test_scorecards_percentiles_and_strongest_weakest(audit_result):
    cards = audit_result.scorecards
    assert cards["percentile"].between(0, 100).all()
    assert set(cards["dimension"]) == {
        "politeness",
        "empathy",
        "readability",
        "jargon",
        "structure",
        "respect",
        "correctness",
    }
    summary = agent_summary(audit_result)
    for _, row in summary.iterrows():
        mine = cards[cards["agent"] == row["agent"]]
        assert row["weakest_percentile"] == mine["percentile"].min()
        assert row["strongest_percentile"] == mine["percentile"].max()


def test_flagged_replies_are_each_agents_lowest_below_threshold(audit_result):
    flagged = audit_result.flagged
    threshold = audit_result.summary["flag_threshold"]
    assert (flagged["communication_score"] < threshold).all()
    assert flagged.groupby("agent").size().max() <= audit_result.config.flagged_per_agent
    replies = audit_result.replies
    for agent, group in flagged.groupby("agent"):
        lowest = replies[replies["agent"] == agent]["communication_score"].nsmallest(len(group))
        assert sorted(group["communication_score"]) == sorted(lowest)


def test_reasons_point_at_the_phrase_in_the_shown_text(audit_result):
    located = 0
    for _, reply in audit_result.flagged.iterrows():
        assert reply["reasons"], "a flagged reply has at least one reason"
        for reason in reply["reasons"]:
            assert reason["suggestion"]
            if reason["start"] is not None:
                assert reply["text"][reason["start"] : reason["end"]] == reason["phrase"]
                located += 1
    assert located > 0


def test_report_escapes_ticket_text_and_agent_ids(audit_dir):
    from analyser.report.html import content_security_policy, table_script

    html = (audit_dir / "report.html").read_text(encoding="utf-8")
    # The one script is the packaged table script, allowed by its hash; nothing from the tickets runs.
    assert html.lower().count("<script") == 1 and f"<script>{table_script()}</script>" in html
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1)
    assert policy.replace("&#39;", "'") == content_security_policy([table_script()])
    assert "<img" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the reply's text, shown as text
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "&lt;script&gt;alert(" in html and XSS_AGENT not in html


def test_report_is_offline_and_never_shows_nan(audit_dir):
    html = (audit_dir / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"""src\s*=\s*["']?(?:https?:)?//""", html, re.IGNORECASE)
    # The only addresses are the helpdesk links of the configured ticket-url (followed when clicked, never loaded).
    links = re.findall(r"""href\s*=\s*["']?((?:https?:)?//[^"' >]*)""", html, re.IGNORECASE)
    assert links and all(link.startswith("https://example.zendesk.com/agent/tickets/") for link in links)
    assert "@import" not in html and "url(http" not in html
    visible = re.sub(r"<svg.*?</svg>", "", html, flags=re.DOTALL)
    assert not re.search(r"\bnan\b", visible, re.IGNORECASE)
    assert html.count("<svg") >= 4  # distribution, per-agent spread, weekly trend, profile axes
    for title in ("At a glance", "Team overview", "Trend by week", "Agent scorecards", "Flagged replies"):
        assert f">{title}</h2>" in html


def test_customer_personal_data_is_pseudonymised(audit_dir, audit_result):
    html = (audit_dir / "report.html").read_text(encoding="utf-8")
    flagged_csv = (audit_dir / "flagged_replies.csv").read_text(encoding="utf-8")
    for secret in ("bob.marley@example.com", "12345678", "Bob Marley", "Marley"):
        assert secret not in html and secret not in flagged_csv
    assert "[EMAIL-" in html and "[NAME-" in html
    # Names harvested from greetings in the sample ("Hoi Ruud," ...) are hidden wherever they occur.
    texts = " ".join(audit_result.flagged["text"])
    assert not re.search(r"^(?:Hi|Hoi|Dear|Beste|Hallo) (?!\[NAME-)[A-Z][a-z]+,", texts, re.MULTILINE)


def test_csv_cells_are_neutralised_against_formulas(audit_dir):
    agents = pd.read_csv(audit_dir / "agents.csv", dtype=str, keep_default_na=False)
    assert '\'=HYPERLINK("http://x")' in set(agents["team"])
    for path in audit_dir.glob("*.csv"):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in frame.columns:
            texts = frame[column]
            numeric = pd.to_numeric(texts, errors="coerce").notna()
            assert not texts[~numeric].str.match(r"[=+\-@]").any(), f"{path.name}:{column}"


def test_json_holds_the_same_tables(audit_dir, audit_result):
    payload = json.loads((audit_dir / "audit.json").read_text(encoding="utf-8"))
    assert payload["summary"]["replies"] == audit_result.summary["replies"]
    assert len(payload["agents"]) == len(audit_result.agents)
    assert len(payload["flagged_replies"]) == len(audit_result.flagged)
    assert "alias_key" not in payload["settings"]


def test_pseudonymised_agents_get_stable_aliases(sample_slice):
    config = AuditConfig(min_replies=3, pseudonymise_agents=True, flagged_per_agent=1)
    first = run_audit(sample_slice, config)
    second = run_audit(sample_slice, config)
    ids = {a for a in sample_slice.replies["agent_id"].dropna() if a}
    assert set(first.agents["agent"]) == set(second.agents["agent"])
    assert all(a.startswith("Agent ") for a in first.agents["agent"])
    assert not ids & set(first.agents["agent"])
    from analyser.audit.report import render_audit

    html = render_audit(first)
    for agent_id in ids:
        assert agent_id not in html
    keyed = run_audit(
        sample_slice, AuditConfig(min_replies=3, pseudonymise_agents=True, alias_key="k", flagged_per_agent=0)
    )
    assert all(re.fullmatch(r"Agent [0-9A-F]{6}", a) for a in keyed.agents["agent"])
