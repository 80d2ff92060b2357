"""Ingest: read exports into the canonical tables (see :mod:`analyser.schema`).

``read_export(paths, fmt="auto")`` (in :mod:`analyser.ingest.readers`) is the entry point for helpdesk
exports: Zendesk, Freshdesk, TOPdesk, ServiceNow and Jira Service Management, one module each, with
``generic`` (CSV/JSONL with a column mapping, :mod:`analyser.ingest.generic`) as the fallback.  Every
message gets ``body_clean`` from :func:`analyser.clean.clean_reply`.  Field mappings: ``docs/ingest.md``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FORMATS", "IngestResult", "read_export"]


def __getattr__(name: str) -> Any:
    # Lazy, so that importing analyser.ingest.generic (the foundation's reader) stays light.
    if name in __all__:
        from analyser.ingest import readers

        return getattr(readers, name)
    raise AttributeError(name)
