"""The team-lead audit: who needs coaching on what, and the replies that show it.

Steps: read the dataset, keep the public agent replies (what customers read), apply the filters, score them
the one way every command does (:func:`analyser.scoring.score_replies`: the cleaned text, the rubric), then aggregate per agent and per week, build a scorecard per agent with enough replies, and pick the
lowest-scoring replies per agent with the reasons that fired (:mod:`analyser.audit.reasons`).  Everything a
report shows is pseudonymised first (:mod:`analyser.audit.privacy`).

Bad input never stops the audit: an empty filter result, no CSAT, replies without an agent, agents with one
reply, a single language all become :attr:`AuditResult.notes` that the report shows where they matter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analyser.audit.config import AuditConfig
from analyser.audit.privacy import agent_aliases, agent_name_forms, greeting_names, mask_user_paths
from analyser.audit.reasons import DIMENSIONS, Reason, dimension_reasons, lint_reasons
from analyser.audit.scorecard import score_scorecard
from analyser.io import Dataset, read_dataset
from analyser.schema import invalid_cells
from analyser.scoring import author_roles, replies_to_score, score_replies
from analyser.settings import Settings

SCORE_COLUMNS = ("communication_score", *DIMENSIONS, "technical_score")
NO_AGENT = "(no agent)"
#: Same band as the study's Stelling 2 profile (analyser.study.stelling2), so both reports agree.
BALANCED_BAND = 0.5


@dataclass
class AuditResult:
    """Everything the report shows, as tables (also written as CSV/JSON) plus notes in words."""

    config: AuditConfig
    replies: pd.DataFrame  # scored, filtered, pseudonymised replies (one row per reply)
    agents: pd.DataFrame  # volume and means per agent
    dimensions: pd.DataFrame  # team mean and spread per dimension
    weekly: pd.DataFrame  # per ISO week
    scorecards: pd.DataFrame  # agent x dimension: mean, percentile, share of points
    flagged: pd.DataFrame  # flagged replies with reasons
    notes: dict[str, list[str]] = field(default_factory=dict)  # section -> messages
    summary: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    comparison: pd.DataFrame = field(default_factory=pd.DataFrame)  # agent x measure: now, before, change, interval
    conversations: pd.DataFrame = field(default_factory=pd.DataFrame)  # ticket features of the audited tickets
    conversation_agents: pd.DataFrame = field(default_factory=pd.DataFrame)  # ticket features per agent
    threads: list[dict[str, Any]] = field(default_factory=list)  # conversation view of each flagged ticket
    scorecard: Any = None  # analyser.audit.scorecard.Scorecard from [tool.ticket-analyser.scorecard], or None

    def note(self, section: str, message: str) -> None:
        self.notes.setdefault(section, []).append(message)


# --- preparing --------------------------------------------------------------------------------------


def _csat_percent(tickets: pd.DataFrame) -> tuple[pd.Series, str]:
    """CSAT per ticket on its own scale when there is one scale, else as 0-100 % so scales can be averaged."""
    score = pd.to_numeric(tickets["csat_score"], errors="coerce").astype(float)
    scale = tickets["csat_scale"].astype("string").str.strip().str.lower()
    scales = set(scale[score.notna()].dropna().unique())
    if len(scales) <= 1:
        label = next(iter(scales), "")
        return score, f"CSAT ({label})" if label else "CSAT"
    top = scale.map({"1-5": 5.0, "1-10": 10.0, "good/bad": 1.0})
    bottom = scale.map({"1-5": 1.0, "1-10": 1.0, "good/bad": 0.0})
    return (score - bottom) / (top - bottom) * 100.0, "CSAT (% of scale)"


def _other_filters(frame: pd.DataFrame, config: AuditConfig) -> pd.DataFrame:
    """``frame`` with the team and channel filters applied (not the dates)."""
    keep = pd.Series(True, index=frame.index)
    for column, wanted in (("team", config.teams), ("channel", config.channels)):
        if wanted:
            values = frame[column].astype("string").str.strip().str.lower()
            keep &= values.isin([w.lower() for w in wanted]).fillna(False)
    return frame.loc[keep.to_numpy(dtype=bool)]


def _between(frame: pd.DataFrame, first: Any, last: Any) -> pd.DataFrame:
    """Rows sent on ``first`` .. ``last`` (inclusive days, UTC; None: open)."""
    keep = pd.Series(True, index=frame.index)
    when = frame["when"]
    if first:
        keep &= (when.dt.date >= first).fillna(False)
    if last:
        keep &= (when.dt.date <= last).fillna(False)
    return frame.loc[keep.to_numpy(dtype=bool)]


def _filter(frame: pd.DataFrame, config: AuditConfig, result_notes: list[str]) -> pd.DataFrame:
    when = frame["when"]
    filtered = _between(_other_filters(frame, config), config.date_from, config.date_to)
    if filtered.empty and not frame.empty:
        span = when.dropna()
        covered = f" (the data covers {span.min():%Y-%m-%d} to {span.max():%Y-%m-%d})" if len(span) else ""
        result_notes.append(
            f"No agent replies match the filters ({config.filters_text()}){covered}: there is nothing to audit."
        )
    return filtered


def _blank_as_missing(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """An id that is empty or only spaces is no id: it must not become an agent called ''."""
    frame = frame.copy()
    for column in columns:
        if column in frame.columns:
            values = frame[column].astype("string").str.strip()
            frame[column] = values.mask(values == "")
    return frame


def _account_for_rows(
    all_rows: pd.DataFrame, replies: pd.DataFrame, tickets: pd.DataFrame
) -> tuple[pd.DataFrame, list[str]]:
    """Say what happened to every input row that is not audited, and drop repeated reply ids (first kept).

    Nothing leaves the audit without a word: customer messages and internal notes are not audited by design
    but are counted; a role the audit does not know, a repeated reply id, a reply whose ticket is not in the
    tickets table each get a note with their number."""
    messages: list[str] = []
    role = author_roles(all_rows)
    agent = (role == "agent").fillna(False)
    customers = int((role == "customer").fillna(False).sum())
    unknown = role[~agent & (role != "customer").fillna(True)]
    internal = int(agent.sum()) - len(replies)
    parts = [f"{len(all_rows)} rows read: {len(replies)} public agent replies"]
    if customers:
        parts.append(f"{customers} customer messages (context, not audited)")
    if internal:
        parts.append(f"{internal} internal notes (not audited)")
    if len(unknown):
        shown = ", ".join(f"'{v}' {n}" for v, n in unknown.fillna("(empty)").value_counts().head(3).items())
        parts.append(f"{len(unknown)} rows with another author role ({shown}; not audited)")
    messages.append("; ".join(parts) + ".")
    if "reply_id" in replies.columns:
        repeated = replies["reply_id"].notna() & replies["reply_id"].duplicated(keep="first")
        if repeated.any():
            examples = ", ".join(map(str, replies.loc[repeated, "reply_id"].unique()[:3]))
            messages.append(
                f"{int(repeated.sum())} replies repeat a reply id seen before ({examples}): only the first is audited."
            )
            replies = replies.loc[~repeated.to_numpy(dtype=bool)].reset_index(drop=True)
    if "ticket_id" in replies.columns and "ticket_id" in tickets.columns and len(tickets):
        known = set(tickets["ticket_id"].dropna().astype(str))
        orphans = replies["ticket_id"].isna() | ~replies["ticket_id"].astype(str).isin(known)
        if orphans.any():
            messages.append(
                f"{int(orphans.sum())} replies belong to no ticket in the tickets table: audited, without CSAT or team."
            )
    return replies, messages


# --- aggregating ------------------------------------------------------------------------------------


def _percentile_rank(values: pd.Series) -> pd.Series:
    """Each value's percentile within ``values`` (ties share the average rank), 0-100."""
    if len(values) <= 1:
        return pd.Series(50.0, index=values.index)
    return (values.rank(method="average") - 0.5) / len(values) * 100.0


def _agents_table(scored: pd.DataFrame, eligible: set[str], has_csat: bool) -> pd.DataFrame:
    grouped = scored.groupby("agent", sort=True, dropna=False)
    table = grouped.agg(
        team=("team", lambda s: str(s.dropna().astype(str).mode().iloc[0]) if s.notna().any() else "–"),
        replies=("reply_id", "size"),
        tickets=("ticket_id", "nunique"),
        communication_mean=("communication_score", "mean"),
        communication_sd=("communication_score", "std"),
    )
    for column in DIMENSIONS:
        table[column] = grouped[column].mean()
    table["technical_score"] = grouped["technical_score"].mean()
    if "scorecard_score" in scored.columns:
        table["scorecard_mean"] = grouped["scorecard_score"].mean()
        table["scorecard_fails"] = grouped["scorecard_fail"].agg(lambda s: int((s.astype(str) != "").sum()))
    if has_csat:
        tickets = scored.drop_duplicates(["agent", "ticket_id"])
        table["csat_mean"] = tickets.groupby("agent")["csat"].mean()
        table["csat_rated"] = tickets.groupby("agent")["csat"].count()
    table["scorecard"] = [agent in eligible for agent in table.index]
    return table.reset_index()


def _dimensions_table(scored: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for column, (label, points) in {"communication_score": ("communication score", 100.0), **DIMENSIONS}.items():
        values = scored[column].dropna()
        rows.append(
            {
                "dimension": label,
                "column": column,
                "points": points,
                "mean": values.mean() if len(values) else np.nan,
                "sd": values.std() if len(values) > 1 else np.nan,
                "p25": values.quantile(0.25) if len(values) else np.nan,
                "median": values.median() if len(values) else np.nan,
                "p75": values.quantile(0.75) if len(values) else np.nan,
                "share_of_points": values.mean() / points * 100 if len(values) else np.nan,
            }
        )
    return pd.DataFrame(rows)


def _weekly_table(scored: pd.DataFrame, has_csat: bool) -> pd.DataFrame:
    dated = scored.dropna(subset=["when"])
    if dated.empty:
        return pd.DataFrame(columns=["week", "replies", "agents", "communication_mean", "p25", "p75"])
    week = dated["when"].dt.tz_localize(None).dt.to_period("W-SUN").dt.start_time
    grouped = dated.groupby(week)
    table = grouped.agg(
        replies=("reply_id", "size"),
        agents=("agent", "nunique"),
        communication_mean=("communication_score", "mean"),
        p25=("communication_score", lambda s: s.quantile(0.25)),
        p75=("communication_score", lambda s: s.quantile(0.75)),
    )
    if has_csat:
        table["csat_mean"] = dated.drop_duplicates("ticket_id").groupby(week)["csat"].mean()
    table.index.name = "week"
    table = table.reset_index()
    table["week"] = table["week"].dt.strftime("%Y-%m-%d")
    return table


def _profile(agents: pd.DataFrame) -> pd.Series:
    """technicus / balanced / communicator, as the study's Stelling 2 defines it (z technical - z communication)."""
    if len(agents) < 3:
        return pd.Series("–", index=agents.index)
    z = {}
    for column in ("technical_score", "communication_mean"):
        spread = agents[column].std()
        if not spread > 0:
            return pd.Series("balanced", index=agents.index)
        z[column] = (agents[column] - agents[column].mean()) / spread
    index = z["technical_score"] - z["communication_mean"]
    return pd.Series(
        np.select([index > BALANCED_BAND, index < -BALANCED_BAND], ["technicus", "communicator"], "balanced"),
        index=agents.index,
    )


def _scorecards(scored: pd.DataFrame, eligible: set[str]) -> pd.DataFrame:
    columns = ["agent", "dimension", "column", "points", "agent_mean", "team_mean", "percentile", "share_of_points"]
    team = scored[scored["agent"].isin(eligible)]
    if team.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for column, (label, points) in DIMENSIONS.items():
        ranks = _percentile_rank(team[column].dropna())
        team_mean = team[column].mean()
        for agent, group in team.groupby("agent"):
            values = group[column].dropna()
            if values.empty:
                continue
            rows.append(
                {
                    "agent": agent,
                    "dimension": label,
                    "column": column,
                    "points": points,
                    "agent_mean": values.mean(),
                    "team_mean": team_mean,
                    "percentile": ranks.reindex(values.index).mean(),
                    "share_of_points": values.mean() / points * 100,
                }
            )
    return pd.DataFrame(rows, columns=columns)


def _flag(scored: pd.DataFrame, eligible: set[str], config: AuditConfig) -> tuple[pd.DataFrame, float | None]:
    """The lowest-scoring replies per agent below the flag threshold, with their reasons."""
    team = scored[scored["agent"].isin(eligible)].dropna(subset=["communication_score"])
    if team.empty or config.flagged_per_agent == 0:
        return pd.DataFrame(), None
    threshold = (
        config.flag_below if config.flag_below is not None else float(team["communication_score"].quantile(0.25))
    )
    low = team[team["communication_score"] < threshold].sort_values(["agent", "communication_score"], kind="stable")
    picked = low.groupby("agent", sort=True).head(config.flagged_per_agent)
    rows = []
    for _, reply in picked.iterrows():
        lang = str(reply["language"]) if isinstance(reply["language"], str) else "en"
        reasons: list[Reason] = lint_reasons(reply["text"], lang)
        scores = {column: float(reply[column]) for column in DIMENSIONS}
        reasons += dimension_reasons(scores, [r.code for r in reasons], lang)
        lost = {DIMENSIONS[c][0]: DIMENSIONS[c][1] - v for c, v in scores.items() if v == v}
        worst = max(lost, key=lambda k: lost[k]) if lost else ""
        rows.append(
            {
                "agent": reply["agent"],
                "reply_id": reply["reply_id"],
                "ticket_id": reply["ticket_id"],
                "date": reply["when"].strftime("%Y-%m-%d") if pd.notna(reply["when"]) else "",
                "language": lang,
                "communication_score": float(reply["communication_score"]),
                "most_points_lost": worst,
                **scores,
                **({"scorecard_score": float(reply["scorecard_score"])} if "scorecard_score" in reply.index else {}),
                "text": reply["text"],
                "reasons": [r.to_dict() for r in reasons],
            }
        )
    return pd.DataFrame(rows), threshold


# --- period over period ----------------------------------------------------------------------------------

#: Bootstrap resamples and seed for the interval of a change (fixed: the same data gives the same report).
RESAMPLES = 2000
SEED = 42


def _periods(frame: pd.DataFrame, config: AuditConfig) -> tuple[tuple[Any, Any] | None, tuple[Any, Any] | None]:
    """The audited period (``--from``/``--to``, else the data's first and last reply day) and the period it
    is compared with (``compare-to``, else the equal-length period that ends the day before)."""
    dated = frame["when"].dropna() if len(frame) else pd.Series(dtype="datetime64[ns, UTC]")
    start = config.date_from or (dated.min().date() if len(dated) else None)
    end = config.date_to or (dated.max().date() if len(dated) else None)
    if start is not None and end is not None and end < start:
        end = start
    period = (start, end) if start is not None and end is not None else None
    return period, config.comparison_period(start, end)


def _interval(now: np.ndarray, before: np.ndarray, rng: np.random.Generator) -> tuple[float, float]:
    """95 % percentile-bootstrap interval of mean(now) - mean(before), replies resampled within each period."""
    if len(now) < 2 or len(before) < 2:
        return np.nan, np.nan
    means_now = now[rng.integers(0, len(now), (RESAMPLES, len(now)))].mean(axis=1)
    means_before = before[rng.integers(0, len(before), (RESAMPLES, len(before)))].mean(axis=1)
    low, high = np.percentile(means_now - means_before, [2.5, 97.5])
    return float(low), float(high)


def measure_label(column: str, scorecard_name: str | None = None) -> str:
    if column == "communication_score":
        return "communication score"
    if column == "scorecard_score":
        return f"scorecard ({scorecard_name})" if scorecard_name else "scorecard"
    return DIMENSIONS[column][0]


def _comparison(now: pd.DataFrame, before: pd.DataFrame, measures: list[str], min_replies: int) -> pd.DataFrame:
    """Per agent (and the whole team) and measure: the mean now and before, the change, its 95 % bootstrap
    interval and the replies behind each mean.  ``clear`` is an interval that excludes 0; ``enough`` is
    ``min_replies`` or more in both periods."""
    rng = np.random.default_rng(SEED)
    groups: list[tuple[str, pd.DataFrame, pd.DataFrame]] = [("(team)", now, before)]
    for agent in sorted(now["agent"].dropna().astype(str).unique()):
        earlier = before[before["agent"].astype(str) == agent] if len(before) else before
        groups.append((agent, now[now["agent"].astype(str) == agent], earlier))
    rows = []
    for agent, a, b in groups:
        for column in measures:
            x = a[column].dropna().to_numpy(dtype=float) if column in a else np.array([])
            y = b[column].dropna().to_numpy(dtype=float) if len(b) and column in b else np.array([])
            low, high = _interval(x, y, rng)
            mean_now = float(x.mean()) if len(x) else np.nan
            mean_before = float(y.mean()) if len(y) else np.nan
            rows.append(
                {
                    "agent": agent,
                    "measure": measure_label(column),
                    "column": column,
                    "now": mean_now,
                    "before": mean_before,
                    "change": mean_now - mean_before,
                    "ci_low": low,
                    "ci_high": high,
                    "replies_now": len(x),
                    "replies_before": len(y),
                    "clear": bool(low > 0 or high < 0) if low == low else False,
                    "enough": bool(len(x) >= min_replies and len(y) >= min_replies),
                }
            )
    return pd.DataFrame(rows)


def _comparison_summary(
    period: tuple[Any, Any] | None,
    before: tuple[Any, Any] | None,
    now: pd.DataFrame,
    earlier: pd.DataFrame,
    comparison: pd.DataFrame,
) -> dict[str, Any] | None:
    if period is None:
        return None
    out: dict[str, Any] = {
        "period": [str(period[0]), str(period[1])],
        "compared_with": [str(before[0]), str(before[1])] if before else None,
        "replies_now": len(now),
        "replies_before": len(earlier),
    }
    if len(comparison):
        team = comparison[(comparison["agent"] == "(team)") & (comparison["column"] == "communication_score")]
        if len(team):
            row = team.iloc[0]
            out.update(
                change=None if pd.isna(row["change"]) else float(row["change"]),
                ci=None if pd.isna(row["ci_low"]) else [float(row["ci_low"]), float(row["ci_high"])],
            )
    return out


# --- conversations ---------------------------------------------------------------------------------------


def _ticket_agents(features: pd.DataFrame, scored: pd.DataFrame) -> pd.DataFrame:
    """The ticket features with the ticket's agent: who wrote most of its audited replies (the first of
    equals), so a ticket counts once, for the agent who carried it."""
    counts = scored.groupby(["ticket_id", "agent"], sort=False).size().reset_index(name="n")
    main = counts.sort_values("n", ascending=False, kind="stable").drop_duplicates("ticket_id")
    table = features.merge(main[["ticket_id", "agent"]].astype({"ticket_id": "string"}), on="ticket_id", how="inner")
    columns = ["ticket_id", "agent", *[c for c in table.columns if c not in ("ticket_id", "agent")]]
    return table[columns].reset_index(drop=True)


def _share(values: pd.Series) -> float:
    known = values.dropna()
    return float(known.astype(bool).mean() * 100) if len(known) else np.nan


def _conversation_agents(tickets: pd.DataFrame) -> pd.DataFrame:
    """Per agent, over the tickets they carried: solutions, speed, the customer's mood, unanswered questions."""
    rows = []
    for agent, group in tickets.groupby("agent", sort=True):
        change = group["customer_sentiment_change"].dropna()
        rows.append(
            {
                "agent": agent,
                "tickets": len(group),
                "solution_offered_pct": _share(group["solution_offered"]),
                "first_reply_hours_median": float(group["first_reply_hours"].median())
                if group["first_reply_hours"].notna().any()
                else np.nan,
                "mood_improved_pct": float((change > 0).mean() * 100) if len(change) else np.nan,
                "sentiment_change_mean": float(change.mean()) if len(change) else np.nan,
                "frustrated_pct": _share(group["customer_frustrated"]),
                "unanswered_questions": float(group["unanswered_questions"].sum(min_count=1)),
                "wrote_after_last_reply_pct": _share(group["customer_wrote_after_last_reply"]),
                "repeated_templates": float(group["repeated_template_replies"].sum(min_count=1)),
            }
        )
    return pd.DataFrame(rows)


def _conversation_summary(tickets: pd.DataFrame, conversation: Any) -> dict[str, Any] | None:
    if conversation is None or tickets.empty:
        return None
    change = tickets["customer_sentiment_change"].dropna()
    return {
        "tickets": len(tickets),
        "solution_offered_pct": _nan_none(_share(tickets["solution_offered"])),
        "first_reply_hours_median": _nan_none(float(tickets["first_reply_hours"].median())),
        "mood_improved_pct": _nan_none(float((change > 0).mean() * 100) if len(change) else np.nan),
        "threads_with_mood_change": len(change),
        "frustrated_pct": _nan_none(_share(tickets["customer_frustrated"])),
        "ordered_by_time": int((tickets["order_basis"] == "time").sum()),
        "messages": conversation.counts,
    }


def _nan_none(value: float) -> float | None:
    return None if value is None or value != value else float(value)


def _threads(
    messages: pd.DataFrame,
    tickets: pd.DataFrame,
    flagged: pd.DataFrame,
    aliases: dict[str, str],
    pseudonymiser: Any,
    config: AuditConfig,
) -> list[dict[str, Any]]:
    """The conversation view of each ticket with a flagged reply: every message in order, pseudonymised, each
    agent reply with its scores and the reasons that fired, the customer's sentiment per message."""
    if flagged.empty or messages.empty:
        return []
    flagged_ids = set(flagged["reply_id"].astype(str))
    features = tickets.set_index("ticket_id") if len(tickets) else pd.DataFrame()
    shown = [*SCORE_COLUMNS, "scorecard_score", "scorecard_fail"]
    out = []
    for ticket in dict.fromkeys(flagged["ticket_id"].astype(str)):
        thread = messages[messages["ticket_id"].astype(str) == ticket].sort_values("position")
        items = []
        for _, message in thread.iterrows():
            body = message.get("body_clean")
            text = mask_user_paths(pseudonymiser.pseudonymise(body if isinstance(body, str) else ""))
            when = pd.to_datetime(message.get("created_at"), errors="coerce", utc=True)
            lang = str(message.get("language")) if isinstance(message.get("language"), str) else "en"
            sentiment = pd.to_numeric(message.get("sentiment"), errors="coerce")
            item: dict[str, Any] = {
                "position": int(message["position"]),
                "role": str(message["role"]),
                "reply_id": str(message.get("reply_id")) if pd.notna(message.get("reply_id")) else "",
                "date": f"{when:%Y-%m-%d %H:%M}" if not pd.isna(when) else "",
                "language": lang,
                "sentiment": None if pd.isna(sentiment) else float(sentiment),
                "text": text,
            }
            if item["role"] == "agent":
                agent = message.get("agent_id")
                item["agent"] = aliases.get(str(agent), NO_AGENT) if pd.notna(agent) else NO_AGENT
                item["flagged"] = item["reply_id"] in flagged_ids
                scores = {c: message.get(c) for c in shown if c in message.index}
                item["scores"] = {
                    c: (None if v is None or (isinstance(v, float) and v != v) else v)
                    for c, v in scores.items()
                    if not (c == "scorecard_fail" and not v)
                }
                reasons: list[Reason] = lint_reasons(text, lang) if lang in ("en", "nl") else []
                dims = {c: float(scores[c]) for c in DIMENSIONS if scores.get(c) is not None and scores[c] == scores[c]}
                reasons += dimension_reasons(dims, [r.code for r in reasons], lang)
                item["reasons"] = [r.to_dict() for r in reasons]
            items.append(item)
        row = features.loc[ticket] if len(features) and ticket in features.index else None
        summary = (
            {
                k: (None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v)
                for k, v in row.to_dict().items()
            }
            if row is not None
            else {}
        )
        out.append({"ticket_id": ticket, "link": config.ticket_link(ticket), "features": summary, "messages": items})
    return out


# --- the whole audit --------------------------------------------------------------------------------


def run_audit(
    data: Dataset | str | Path,
    config: AuditConfig | None = None,
    *,
    settings: Settings | None = None,
    progress: Callable[[int], None] | None = None,
) -> AuditResult:
    """Run the audit on a dataset (or the path of one) and return every table the report shows.

    Replies are scored by :func:`analyser.scoring.score_replies` with ``settings`` (language, pipeline), the
    same way as every other command, or taken as they are when the input already carries the scores.  The
    replies of the comparison period are scored in the same call; the threads of the audited tickets go
    through :func:`analyser.conversations.conversation_features` (customer messages scored the same way).
    ``settings.scorecard`` (``[tool.ticket-analyser.scorecard]``) adds the team's own ``scorecard_score``.
    """
    from analyser.clean.pseudonymise import Pseudonymiser

    config = config or AuditConfig()
    settings = settings or Settings()
    scorecard = settings.scorecard
    dataset = data if isinstance(data, Dataset) else read_dataset(data)
    notes: dict[str, list[str]] = {}
    unreadable = invalid_cells(dataset.tickets, "csat_score")
    if unreadable:
        examples = ", ".join(repr(v) for v in list(dict.fromkeys(map(str, unreadable.values())))[:3])
        notes.setdefault("overview", []).append(
            f"{len(unreadable)} tickets have a CSAT value that is not a number ({examples}): counted as unrated."
        )
    tickets = dataset.tickets.drop_duplicates("ticket_id")
    audited = replies_to_score(dataset.replies)
    bad_dates = sum(bool(audited.get(i, False)) for i in invalid_cells(dataset.replies, "created_at"))
    replies = dataset.replies.loc[audited.to_numpy(dtype=bool)].reset_index(drop=True)
    replies = _blank_as_missing(replies, ("agent_id", "ticket_id", "reply_id"))
    replies, accounting = _account_for_rows(dataset.replies, replies, tickets)
    notes.setdefault("overview", []).extend(accounting)
    unread_rows = dataset.unreadable_note()
    if unread_rows:
        notes.setdefault("overview", []).append(unread_rows + ".")
    if bad_dates:
        notes.setdefault("overview", []).append(
            f"{bad_dates} replies have a date that is not a date: the ticket's date is used instead."
        )
    if replies.empty:
        notes.setdefault("overview", []).append(
            "The data has no public agent replies (author_role 'agent', public true): there is nothing to audit."
        )
    frame = replies.merge(
        tickets[["ticket_id", "team", "csat_score", "csat_scale", "created_at"]].rename(
            columns={"created_at": "ticket_created_at"}
        ),
        on="ticket_id",
        how="left",
    )
    csat, csat_label = _csat_percent(frame) if len(frame) else (pd.Series(dtype=float), "CSAT")
    frame["csat"] = csat.to_numpy(dtype=float) if len(frame) else []
    frame["when"] = frame["created_at"].fillna(frame["ticket_created_at"])
    filter_notes: list[str] = []
    current = _filter(frame, config, filter_notes).reset_index(drop=True)
    for message in filter_notes:
        notes.setdefault("overview", []).append(message)
    period, before = _periods(_other_filters(frame, config), config)
    previous = _between(_other_filters(frame, config), *before).reset_index(drop=True) if before else frame.iloc[0:0]

    both = pd.concat([current.assign(_period="current"), previous.assign(_period="previous")], ignore_index=True)
    outcome = score_replies(
        both, settings, context=dataset.replies, keep_columns=["team", "csat", "when", "_period"], progress=progress
    )
    everything = outcome.features
    for column in SCORE_COLUMNS:
        if column not in everything.columns:
            everything[column] = np.nan
    everything["text"] = everything["body_clean"].astype("string").fillna("").astype(str) if len(everything) else []
    if len(outcome.rejected):
        rejected = outcome.rejected[both.loc[outcome.rejected["index"], "_period"].to_numpy() == "current"]
        if len(rejected):
            reasons = rejected["reason"].value_counts()
            listed = "; ".join(f"{n} {reason}" for reason, n in reasons.items())
            notes.setdefault("overview", []).append(
                f"{len(rejected)} replies could not be scored and are left out ({listed})."
            )
    if config.languages:
        everything = everything[everything["language"].isin(config.languages)].reset_index(drop=True)
    is_current = everything["_period"] == "current" if len(everything) else pd.Series(dtype=bool)
    if config.languages and not is_current.any() and len(current):
        notes.setdefault("overview", []).append(
            f"No agent replies in {', '.join(config.languages)} after the other filters: there is nothing to audit."
        )
    others = outcome.other_languages
    unscored = int(everything.loc[is_current, "communication_score"].isna().sum()) if len(everything) else 0
    if unscored:
        listed = f" ({', '.join(f'{code} {n}' for code, n in others.most_common())})" if others else ""
        notes.setdefault("overview", []).append(
            f"{unscored} replies are in another language than English or Dutch{listed} and have no score; "
            "they are left out."
        )
    everything = everything.dropna(subset=["communication_score"]).reset_index(drop=True)
    if scorecard is not None and len(everything):
        everything = score_scorecard(everything, scorecard, settings)
    scored = everything[everything["_period"] == "current"].reset_index(drop=True)
    earlier = everything[everything["_period"] == "previous"].reset_index(drop=True)

    # The threads of the audited tickets, customer messages included (scored the one way, agent replies reused).
    conversation = None
    if len(scored):
        from analyser.conversations import conversation_features

        thread_replies = dataset.replies[dataset.replies["ticket_id"].isin(set(scored["ticket_id"].dropna()))]
        reuse = scored.drop(columns=["text", "team", "csat", "when", "_period"], errors="ignore")
        conversation = conversation_features(thread_replies, settings, tickets=tickets, scored=reuse)
        for message in conversation.notes:
            notes.setdefault("conversations", []).append(message[0].upper() + message[1:] + ".")

    # Privacy: customer names from greetings (and a requester column when the export has one), agents on request.
    texts = list(scored["text"]) if len(scored) else []
    if conversation is not None:
        texts += list(conversation.messages["body_clean"].dropna().astype(str))
    pseudonymiser = Pseudonymiser(greeting_names(texts))
    for column in ("requester_name", "customer_name"):
        if column in tickets.columns:
            pseudonymiser.add_names(tickets[column].dropna().astype(str))
    agent_ids = scored["agent_id"].astype("string") if len(scored) else pd.Series(dtype="string")
    missing_agent = int(agent_ids.isna().sum()) if len(scored) else 0
    known_agents = pd.concat(
        [
            agent_ids,
            earlier["agent_id"].astype("string") if len(earlier) else pd.Series(dtype="string"),
            conversation.messages["agent_id"].astype("string")
            if conversation is not None
            else pd.Series(dtype="string"),
        ]
    )
    if config.pseudonymise_agents:
        aliases = agent_aliases(known_agents.dropna().unique(), config.alias_key)
        for agent in aliases:
            pseudonymiser.add_names(agent_name_forms(agent))
    else:
        aliases = {str(a): str(a) for a in known_agents.dropna().unique()}
    for table in (scored, earlier):
        if len(table):
            # a plain lookup: ``map`` of an empty dict gives a float column that ``fillna`` cannot fill with text
            table["agent"] = [
                aliases.get(str(agent), NO_AGENT) if pd.notna(agent) else NO_AGENT
                for agent in table["agent_id"].astype("string")
            ]
        else:
            table["agent"] = []
    if len(scored):
        scored["text"] = [mask_user_paths(pseudonymiser.pseudonymise(t)) for t in scored["text"]]
    if missing_agent:
        notes.setdefault("agents", []).append(
            f"{missing_agent} replies have no agent: they count in the team figures as '{NO_AGENT}' but get no scorecard."
        )

    has_csat = bool(len(scored)) and scored["csat"].notna().any()
    if not has_csat and len(scored):
        notes.setdefault("overview", []).append("No CSAT in this data: the report shows writing only, no satisfaction.")

    counts = scored[scored["agent"] != NO_AGENT].groupby("agent").size() if len(scored) else pd.Series(dtype=int)
    eligible = {str(a) for a, n in counts.items() if n >= config.min_replies}
    few = {str(a): int(n) for a, n in counts.items() if n < config.min_replies}
    if few:
        listed = ", ".join(f"{a} ({n})" for a, n in sorted(few.items()))
        notes.setdefault("agents", []).append(
            f"Too few replies for a scorecard (fewer than {config.min_replies}): {listed}. "
            "They count in the team figures; a percentile from so few replies would say nothing."
        )

    agents = _agents_table(scored, eligible, has_csat) if len(scored) else pd.DataFrame()
    if len(agents):
        ranked = agents[agents["scorecard"]].set_index("agent")
        profile = _profile(ranked)
        # A plain lookup: ``map`` + ``fillna`` fails when no agent has a scorecard (an empty profile gives the
        # Arrow-backed agent column a float result that cannot take "–").
        agents["profile"] = [str(profile.get(agent, "–")) for agent in agents["agent"]]
        if 0 < len(ranked) < 3:
            notes.setdefault("profiles", []).append(
                f"Only {len(ranked)} agent(s) with a scorecard: a place on the technicus/communicator axes needs 3 or more."
            )
    scorecards = _scorecards(scored, eligible) if len(scored) else _scorecards(pd.DataFrame(columns=["agent"]), set())
    flagged, threshold = _flag(scored, eligible, config) if eligible else (pd.DataFrame(), None)

    measures = [c for c in ("communication_score", *DIMENSIONS, "scorecard_score") if c in scored.columns]
    comparison = _comparison(scored, earlier, measures, config.min_replies) if len(scored) else pd.DataFrame()
    if before and len(scored) and earlier.empty:
        notes.setdefault("comparison", []).append(
            f"No agent replies in the comparison period {before[0]} to {before[1]} (after the same filters): "
            "there is nothing to compare with"
            + ("; set --compare-to FROM:TO to choose a period." if not config.compare_to else ".")
        )

    conversations = pd.DataFrame()
    conversation_agents = pd.DataFrame()
    threads: list[dict[str, Any]] = []
    if conversation is not None:
        conversations = _ticket_agents(conversation.tickets, scored)
        conversation_agents = _conversation_agents(conversations)
        threads = _threads(conversation.messages, conversations, flagged, aliases, pseudonymiser, config)

    languages = scored["language"].value_counts().to_dict() if len(scored) else {}
    if len(languages) == 1:
        only = next(iter(languages))
        notes.setdefault("overview", []).append(
            f"All scored replies are {'Dutch' if only == 'nl' else 'English' if only == 'en' else only}: "
            "the u/je consistency check applies to Dutch replies only."
            if only == "nl" or only == "en"
            else f"All scored replies are in '{only}'."
        )
    span = scored["when"].dropna() if len(scored) else pd.Series(dtype="datetime64[ns, UTC]")
    summary: dict[str, Any] = {
        "source": dataset.source,
        "replies": len(scored),
        "tickets": int(scored["ticket_id"].nunique()) if len(scored) else 0,
        "agents": int((counts > 0).sum()),
        "agents_with_scorecard": len(eligible),
        "flagged_replies": len(flagged),
        "flag_threshold": threshold,
        "languages": {str(k): int(v) for k, v in languages.items()},
        "period": [f"{span.min():%Y-%m-%d}", f"{span.max():%Y-%m-%d}"] if len(span) else None,
        "csat_label": csat_label if has_csat else None,
        "communication_mean": float(scored["communication_score"].mean()) if len(scored) else None,
        "comparison": _comparison_summary(period, before, scored, earlier, comparison),
        "conversations": _conversation_summary(conversations, conversation),
        "scorecard": scorecard.to_dict() if scorecard is not None else None,
        "scorecard_mean": float(scored["scorecard_score"].mean())
        if scorecard is not None and len(scored) and scored["scorecard_score"].notna().any()
        else None,
    }
    if len(scorecards):
        by_dimension = scorecards.groupby("dimension")["share_of_points"].mean()
        summary["team_strongest"] = str(by_dimension.idxmax())
        summary["team_weakest"] = str(by_dimension.idxmin())
    keep = [
        "reply_id",
        "ticket_id",
        "agent",
        "team",
        "channel",
        "language",
        "when",
        "csat",
        *SCORE_COLUMNS,
        *(["scorecard_score", "scorecard_fail"] if scorecard is not None else []),
    ]
    return AuditResult(
        config=config,
        replies=scored[[c for c in keep if c in scored.columns]] if len(scored) else pd.DataFrame(columns=keep),
        agents=agents,
        dimensions=_dimensions_table(scored) if len(scored) else pd.DataFrame(),
        weekly=_weekly_table(scored, has_csat) if len(scored) else pd.DataFrame(),
        scorecards=scorecards,
        flagged=flagged,
        notes=notes,
        summary=summary,
        source=dataset.source,
        comparison=comparison,
        conversations=conversations,
        conversation_agents=conversation_agents,
        threads=threads,
        scorecard=scorecard,
    )


def agent_summary(result: AuditResult) -> pd.DataFrame:
    """One row per agent with a scorecard: strongest and weakest dimension (by team percentile)."""
    cards = result.scorecards
    if cards.empty:
        return pd.DataFrame(columns=["agent", "strongest", "weakest"])
    rows = []
    for agent, group in cards.groupby("agent", sort=True):
        ordered = group.sort_values(["percentile", "share_of_points"], kind="stable")
        rows.append(
            {
                "agent": agent,
                "strongest": ordered.iloc[-1]["dimension"],
                "strongest_percentile": ordered.iloc[-1]["percentile"],
                "weakest": ordered.iloc[0]["dimension"],
                "weakest_percentile": ordered.iloc[0]["percentile"],
            }
        )
    return pd.DataFrame(rows)
