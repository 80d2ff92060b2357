"""The audit's settings are the ``[tool.ticket-analyser.audit]`` section of the one settings model
(:class:`analyser.settings.AuditSettings`): filters, thresholds and privacy, validated in one place, so a
typo in pyproject.toml is one clear error line rather than a filter that silently does nothing."""

from __future__ import annotations

from analyser.settings import AuditSettings

AuditConfig = AuditSettings

__all__ = ["AuditConfig"]
