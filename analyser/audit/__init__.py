"""The team-lead audit: agent scorecards and flagged replies with reasons, as a self-contained report.

Library use (everything the CLI does)::

    from analyser.audit import AuditConfig, run_audit, write_audit

    result = run_audit("data/sample_tickets", AuditConfig(min_replies=5, pseudonymise_agents=True))
    paths = write_audit(result, "audit/")     # report.html, agents.csv, ..., audit.json

See ``docs/audit.md`` for what the report shows, the options and the privacy defaults.
"""

from __future__ import annotations

from analyser.audit.config import AuditConfig
from analyser.audit.core import AuditResult, agent_summary, run_audit
from analyser.audit.report import render_audit, write_audit

__all__ = [
    "AuditConfig",
    "AuditResult",
    "agent_summary",
    "render_audit",
    "run_audit",
    "write_audit",
]
