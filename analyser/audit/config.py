"""Settings of an audit run: filters, thresholds and privacy, in one place so the report can list them.

They come from the command line or ``[tool.ticket-analyser.audit]`` (keys as the long options without the
dashes); :func:`audit_config` merges the two and validates every value, so a typo in pyproject.toml is one
clear error line rather than a filter that silently does nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

from analyser.errors import ConfigError, InputError

#: Keys of ``[tool.ticket-analyser.audit]`` (and the long options of ``audit``).
AUDIT_KEYS = (
    "from",
    "to",
    "team",
    "channel",
    "language",
    "min-replies",
    "flagged-per-agent",
    "flag-below",
    "pseudonymise-agents",
    "alias-key",
)


@dataclass(frozen=True)
class AuditConfig:
    """How the audit filters and flags.

    ``date_from``/``date_to`` are inclusive calendar days (UTC) on the reply's sent time.  ``min_replies``:
    an agent with fewer scored replies is counted in the team figures but gets no scorecard, because a
    percentile from two replies says nothing about how someone writes.  ``flag_below``: a reply is flagged
    only when its communication score is below this (default: the team's 25th percentile), so a strong
    agent's "worst" replies are not presented as problems.
    """

    date_from: date | None = None
    date_to: date | None = None
    teams: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    min_replies: int = 5
    flagged_per_agent: int = 3
    flag_below: float | None = None
    pseudonymise_agents: bool = False
    alias_key: str = ""

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InputError(f"--from {self.date_from} is after --to {self.date_to}: the date range is reversed")
        if self.min_replies < 1:
            raise InputError(f"--min-replies must be at least 1, got {self.min_replies}")
        if self.flagged_per_agent < 0:
            raise InputError(f"--flagged-per-agent must be 0 or more, got {self.flagged_per_agent}")
        if self.flag_below is not None and not 0 <= self.flag_below <= 100:
            raise InputError(f"--flag-below must be a score from 0 to 100, got {self.flag_below}")
        bad = [code for code in self.languages if code not in ("en", "nl", "und")]
        if bad:
            raise InputError(f"--language must be en, nl or und, got {', '.join(bad)}")

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("alias_key")  # a secret: never written to a report
        return {key: (list(value) if isinstance(value, tuple) else value) for key, value in out.items()}

    def filters_text(self) -> str:
        """The filters in force, in words (for the report header)."""
        parts = []
        if self.date_from or self.date_to:
            parts.append(f"replies from {self.date_from or 'the start'} to {self.date_to or 'the end'}")
        for label, values in (("team", self.teams), ("channel", self.channels), ("language", self.languages)):
            if values:
                parts.append(f"{label} {', '.join(values)}")
        return "; ".join(parts) or "all replies"


def _date(value: Any, name: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return pd.Timestamp(str(value)).date()
    except (ValueError, TypeError):
        raise InputError(f"--{name} must be a date like 2026-01-31, got '{value}'") from None


def _values(value: Any) -> tuple[str, ...]:
    if value is None or value == "" or value == ():
        return ()
    items = value if isinstance(value, (list, tuple)) else str(value).split(",")
    return tuple(str(item).strip() for item in items if str(item).strip())


def audit_config(given: Mapping[str, Any], settings: Mapping[str, Any], where: str = "") -> AuditConfig:
    """Merge command-line values (``None`` = not given) over the file's ``settings``; validate types."""
    value = {key: given.get(key) if given.get(key) not in (None, ()) else settings.get(key) for key in AUDIT_KEYS}

    def number(key: str, kind: type, default: Any) -> Any:
        raw = value[key]
        if raw is None:
            return default
        try:
            return kind(raw)
        except (TypeError, ValueError):
            raise ConfigError(f"{where or 'audit'}: '{key}' must be a number, got {raw!r}") from None

    flag = value["pseudonymise-agents"]
    if flag is not None and not isinstance(flag, bool):
        raise ConfigError(f"{where or 'audit'}: 'pseudonymise-agents' must be true or false, got {flag!r}")
    return AuditConfig(
        date_from=_date(value["from"], "from"),
        date_to=_date(value["to"], "to"),
        teams=_values(value["team"]),
        channels=_values(value["channel"]),
        languages=tuple(v.lower() for v in _values(value["language"])),
        min_replies=number("min-replies", int, 5),
        flagged_per_agent=number("flagged-per-agent", int, 3),
        flag_below=number("flag-below", float, None),
        pseudonymise_agents=bool(flag),
        alias_key=str(value["alias-key"] or ""),
    )
