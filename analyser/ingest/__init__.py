"""Ingest: read exports into the canonical tables (see :mod:`analyser.schema`).

``generic`` reads CSV/JSONL with a column mapping; the helpdesk readers (Zendesk, Freshdesk, TOPdesk,
ServiceNow, Jira Service Management) sit beside it, one module each.
"""
