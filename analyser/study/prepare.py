"""From the canonical tables to one row per rated ticket: the unit the study analyses.

CSAT is given per ticket, but communication is measured per reply, so reply features must be aggregated to
the ticket.  Three aggregations are offered because they answer different questions (see docs/study.md):

* ``first``: the first public agent reply, which sets the tone and is what every customer reads;
* ``mean``: the mean over all public agent replies, the overall impression (the default);
* ``worst``: the reply with the lowest communication score (all its features together, so the ticket gets
  one coherent reply rather than a mix of per-feature minima): one rude reply may be what is remembered.

The IT outcome is *failed* when the ticket was not resolved at first time of asking, was reopened, or
breached its SLA (any of the three that the export has); it is unknown when none of the three is known.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analyser.errors import InputError
from analyser.io import Dataset
from analyser.schema import invalid_cells
from analyser.scoring import ScoredReplies, replies_to_score, score_replies
from analyser.settings import Settings
from analyser.study.config import MIN_TICKETS_CORRELATION, StudyConfig

#: Columns of a replies table (or an extract output) that are never features, whatever their dtype.
NON_FEATURE_COLUMNS = frozenset(
    {
        "ticket_id",
        "reply_id",
        "author_role",
        "agent_id",
        "created_at",
        "channel",
        "public",
        "body",
        "language",
        "_row",
        "row",
        "removed_chars",
        "csat_score",
        "csat_scale",
        "resolved",
        "reopened",
        "sla_breached",
    }
)

#: When the foundation's catalogue is not available: features where a lower value is the better one.
LOWER_IS_BETTER_FALLBACK = frozenset({"jargon_ratio", "readability_grade", "passive_ratio", "sentence_length"})

IT_INDICATORS = ("resolved", "reopened", "sla_breached")


@dataclass
class Limitation:
    """A part of the study that did not run, or ran with a reservation, and why (shown to the user)."""

    part: str
    message: str
    severity: str = "warning"  # "warning": ran with a reservation; "skipped": did not run

    def to_dict(self) -> dict[str, str]:
        return {"part": self.part, "message": self.message, "severity": self.severity}


@dataclass
class PreparedData:
    """The ticket-level table plus everything learned while building it."""

    tickets: pd.DataFrame
    replies: pd.DataFrame | None  # the scored agent replies; None when they were aggregated by Dask
    features: list[str]
    scale: str
    scale_inferred: bool
    it_indicators: list[str]
    n_tickets_total: int
    n_tickets_with_replies: int
    n_surveyed: int = 0  # tickets whose survey was sent (a csat_scale or a score): the response-rate base
    pipeline: dict[str, Any] = field(default_factory=dict)
    limitations: list[Limitation] = field(default_factory=list)
    #: Conversation features added to the model's controls (``ticket-features = "controls"``).
    ticket_controls: list[str] = field(default_factory=list)
    #: What the study takes from the reply rows (``replies`` is None when Dask aggregated them elsewhere).
    reply_summary: ReplySummary | None = None


@dataclass
class ReplySummary:
    """Everything the study takes from the scored agent replies, so that the reply rows themselves need not be
    in memory: the per-ticket table (:func:`_aggregate`), the per-agent axes of Stelling 2
    (:func:`analyser.study.stelling2.agent_axes`) and a few counts.  Built here from a frame
    (:func:`summarise_replies`) or by Dask over a folder of feature parts
    (:mod:`analyser.engines.dask_study`), with the same aggregation functions."""

    per_ticket: pd.DataFrame
    features: list[str]
    agent_axes: pd.DataFrame | None
    n_replies: int
    n_tickets: int
    languages: dict[str, int] = field(default_factory=dict)
    other_languages: Counter = field(default_factory=Counter)
    pipeline: dict[str, Any] = field(default_factory=dict)
    #: why ``agent_axes`` is None (a score column the axes need is missing)
    agent_axes_error: str = ""


def feature_catalogue() -> dict[str, dict[str, Any]]:
    """The foundation's ``FEATURE_CATALOGUE`` as ``{name: {...}}``, or ``{}`` while it does not exist.

    Accepts a mapping of name to spec or a sequence of specs; a spec may be a mapping or an object with
    attributes (``name``, ``higher_is_better``, ``meaning``, ``range``), so this keeps working however the
    catalogue is shaped.
    """
    try:
        from analyser.features import FEATURE_CATALOGUE  # type: ignore[attr-defined]
    except Exception:  # the foundation is not installed (yet): fall back to column inspection
        return {}
    entries = FEATURE_CATALOGUE.items() if isinstance(FEATURE_CATALOGUE, Mapping) else None
    out: dict[str, dict[str, Any]] = {}
    if entries is None:
        entries = ((None, spec) for spec in FEATURE_CATALOGUE)
    for key, spec in entries:
        if isinstance(spec, Mapping):
            info = dict(spec)
        else:
            info = {
                k: getattr(spec, k)
                for k in ("name", "range", "meaning", "languages", "higher_is_better", "description")
                if hasattr(spec, k)
            }
        name = str(info.get("name") or key or "")
        if name:
            out[name] = info
    return out


def higher_is_better(name: str, catalogue: Mapping[str, Mapping[str, Any]] | None = None) -> bool | None:
    """Whether a higher value of feature ``name`` is better communication (None when the catalogue is silent)."""
    catalogue = feature_catalogue() if catalogue is None else catalogue
    info = catalogue.get(name)
    if info is not None and "higher_is_better" in info:
        value = info["higher_is_better"]
        return None if value is None else bool(value)
    if name in LOWER_IS_BETTER_FALLBACK:
        return False
    return None


def feature_columns(frame: pd.DataFrame, catalogue: Mapping[str, Any] | None = None) -> list[str]:
    """The numeric feature columns of ``frame``: the catalogue's names when present, else any numeric column
    that is not an id, a flag or a ticket field.  Boolean columns are never features (they are flags)."""
    catalogue = feature_catalogue() if catalogue is None else catalogue

    def numeric(name: str) -> bool:
        dtype = frame[name].dtype
        return pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)

    if catalogue:
        names = [n for n in catalogue if n in frame.columns and numeric(n)]
        if names:
            return names
    return [
        str(c)
        for c in frame.columns
        if str(c) not in NON_FEATURE_COLUMNS and not str(c).endswith("_id") and numeric(str(c))
    ]


def agent_replies(replies: pd.DataFrame) -> pd.DataFrame:
    """Public replies written by agents: what the customer read (the rows :mod:`analyser.scoring` scores)."""
    return replies.loc[replies_to_score(replies).to_numpy(dtype=bool)].copy()


def _infer_scale(scores: pd.Series) -> str | None:
    values = set(np.unique(scores.to_numpy(dtype=float)))
    if values <= {0.0, 1.0}:
        return "good/bad"
    if values <= {1.0, 2.0, 3.0, 4.0, 5.0}:
        return "1-5"
    if values <= {float(v) for v in range(1, 11)}:
        return "1-10"
    return None


SCALE_VALUES: dict[str, tuple[float, ...]] = {
    "1-5": (1.0, 2.0, 3.0, 4.0, 5.0),
    "1-10": tuple(float(v) for v in range(1, 11)),
    "good/bad": (0.0, 1.0),
}


def select_scale(tickets: pd.DataFrame, config: StudyConfig, source: str = "") -> tuple[pd.DataFrame, str, bool]:
    """Rated tickets on a single CSAT scale, the scale, and whether it was inferred from the values.

    Mixing scales would put a 4 out of 5 next to a 4 out of 10; the study refuses and says how to choose.
    """
    scores = pd.to_numeric(tickets["csat_score"], errors="coerce")
    rated = tickets.loc[scores.notna().to_numpy(dtype=bool)].copy()
    n_total = len(tickets)
    if rated.empty:
        raise InputError(
            f"no CSAT at all: 0 of {n_total} tickets have a csat_score, and every part of the study "
            "(correlations, 2x2 table, model, verdicts, Stelling 2 versus CSAT) needs it; what could still run "
            "without CSAT are the reply features (`ticket-analyser extract`) and the agent profiles "
            "(`ticket-analyser audit`)",
            file=source or None,
            column="csat_score",
        )
    rated["csat"] = pd.to_numeric(rated["csat_score"], errors="coerce").astype(float)
    given = rated["csat_scale"].astype("string").str.strip().str.lower().replace({"": pd.NA})
    given = given.replace({"good_bad": "good/bad", "goodbad": "good/bad", "1-5 ": "1-5"})
    counts = given.value_counts(dropna=True)
    inferred = False
    if config.scale is not None:
        if config.scale not in SCALE_VALUES:
            raise InputError(f"--scale must be one of {', '.join(SCALE_VALUES)}, got '{config.scale}'")
        keep = (given == config.scale).fillna(False) if len(counts) else pd.Series(True, index=rated.index)
        rated = rated.loc[keep.to_numpy(dtype=bool)]
        scale = config.scale
        if rated.empty:
            raise InputError(f"no tickets rated on the scale '{scale}' (scales present: {_counts_text(counts)})")
    elif len(counts) > 1:
        raise InputError(
            f"CSAT on mixed scales ({_counts_text(counts)}): a score means something different on each, so the "
            "study runs on one scale at a time; every part could run on each scale separately, "
            f"e.g. `--scale {counts.index[0]}` for the {int(counts.iloc[0])} tickets on '{counts.index[0]}'",
            file=source or None,
            column="csat_scale",
        )
    elif len(counts) == 1:
        scale = str(counts.index[0])
        if scale not in SCALE_VALUES:
            raise InputError(
                f"unknown CSAT scale '{scale}': use one of {', '.join(SCALE_VALUES)}",
                file=source or None,
                column="csat_scale",
            )
        if given.isna().any():
            inferred_rest = _infer_scale(rated.loc[given.isna().to_numpy(dtype=bool), "csat"])
            if inferred_rest not in (None, scale):
                raise InputError(
                    f"CSAT on mixed scales: {int(counts.iloc[0])} tickets say '{scale}' but "
                    f"{int(given.isna().sum())} without a csat_scale look like '{inferred_rest}': "
                    f"fill csat_scale or choose one with `--scale`",
                    file=source or None,
                    column="csat_scale",
                )
    else:
        inferred_scale = _infer_scale(rated["csat"])
        if inferred_scale is None:
            raise InputError(
                "CSAT scale unknown: csat_scale is empty and the scores are not all 1-5, 1-10 or 0/1; "
                "fill csat_scale or choose one with `--scale`",
                file=source or None,
                column="csat_scale",
            )
        scale, inferred = inferred_scale, True
    allowed = SCALE_VALUES[scale]
    bad = ~rated["csat"].isin(allowed)
    if bad.any():
        examples = ", ".join(f"{v:g}" for v in rated.loc[bad, "csat"].unique()[:5])
        raise InputError(
            f"{int(bad.sum())} CSAT scores are not on the '{scale}' scale (e.g. {examples}); "
            f"allowed: {', '.join(f'{v:g}' for v in allowed)}",
            file=source or None,
            column="csat_score",
        )
    return rated, scale, inferred


def _counts_text(counts: pd.Series) -> str:
    return ", ".join(f"'{k}': {int(v)} tickets" for k, v in counts.items()) or "none"


def it_failed(tickets: pd.DataFrame) -> tuple[pd.Series, list[str]]:
    """IT outcome per ticket: True = failed (not resolved first time, reopened or SLA breached).

    Uses whichever of the three indicators the export has; a ticket is *ok* only when every known indicator
    says ok, and unknown when none is known.  Returns the outcome (nullable boolean) and the indicators used.
    """
    used: list[str] = []
    signals: list[pd.Series] = []
    for name in IT_INDICATORS:
        if name not in tickets.columns:
            continue
        values = tickets[name].astype("boolean")
        if values.notna().sum() == 0:
            continue
        used.append(name)
        signals.append(~values if name == "resolved" else values)
    if not signals:
        return pd.Series(pd.NA, index=tickets.index, dtype="boolean"), used
    stacked = pd.concat(signals, axis=1)
    known = stacked.notna().any(axis=1)
    failed = stacked.fillna(False).any(axis=1).astype("boolean")
    failed[~known] = pd.NA
    return failed, used


def _aggregate(scored: pd.DataFrame, features: list[str], how: str, communication: str) -> pd.DataFrame:
    """One row of reply features per ticket (see the module docstring for the three choices)."""
    frame = scored.copy()
    frame["_order"] = np.arange(len(frame))
    if "created_at" in frame.columns and frame["created_at"].notna().any():
        frame = frame.sort_values(["ticket_id", "created_at", "_order"], na_position="last", kind="stable")
    else:
        frame = frame.sort_values(["ticket_id", "_order"], kind="stable")
    grouped = frame.groupby("ticket_id", sort=False)
    if how == "mean":
        out = grouped[features].mean()
    elif how == "first":
        out = frame.drop_duplicates("ticket_id", keep="first").set_index("ticket_id")[features]
    else:  # worst: the whole reply with the lowest communication score
        if communication in frame.columns and frame[communication].notna().any():
            ranked = frame.dropna(subset=[communication])
            index = ranked.groupby("ticket_id", sort=False)[communication].idxmin()
            out = ranked.loc[index.to_numpy()].set_index("ticket_id")[features]
        else:
            out = grouped[features].mean()
    counts = grouped.size().rename("n_replies")
    channel = (
        frame.dropna(subset=["channel"]).drop_duplicates("ticket_id").set_index("ticket_id")["channel"]
        if "channel" in frame.columns
        else pd.Series(dtype="string")
    )
    reply_agent = frame.dropna(subset=["agent_id"]).drop_duplicates("ticket_id").set_index("ticket_id")["agent_id"]
    out = out.join(counts).join(channel.rename("reply_channel")).join(reply_agent.rename("reply_agent"))
    return out


def _note_unscored(outcome: ScoredReplies | None, others: Counter, limitations: list[Limitation]) -> None:
    """Say how many agent replies had no score, and why, instead of dropping them silently."""
    if outcome is not None and len(outcome.rejected):
        reasons = outcome.rejected["reason"].value_counts()
        listed = "; ".join(f"{n} {reason}" for reason, n in reasons.items())
        limitations.append(Limitation("data", f"{len(outcome.rejected)} agent replies could not be scored ({listed})"))
    if others:
        listed = ", ".join(f"{code} {n}" for code, n in others.most_common())
        limitations.append(
            Limitation(
                "data",
                f"{sum(others.values())} agent replies are in another language ({listed}): they have no "
                "communication score and are left out of the ticket means",
            )
        )


def summarise_replies(
    scored: pd.DataFrame, config: StudyConfig, pipeline: Mapping[str, Any] | None = None
) -> ReplySummary:
    """The :class:`ReplySummary` of scored agent replies held in memory (Dask builds the same from parts)."""
    from analyser.study.stelling2 import agent_axes

    features = feature_columns(scored) if len(scored) else []
    per_ticket = _aggregate(scored, features, config.aggregate, config.communication_feature) if features else None
    try:
        axes, axes_error = agent_axes(scored, config.technical_feature, config.communication_feature), ""
    except ValueError as error:
        axes, axes_error = None, str(error)
    return ReplySummary(
        per_ticket=per_ticket if per_ticket is not None else pd.DataFrame(),
        features=features,
        agent_axes=axes,
        agent_axes_error=axes_error,
        n_replies=len(scored),
        n_tickets=int(scored["ticket_id"].nunique()) if len(scored) else 0,
        languages=(
            {str(k): int(v) for k, v in scored["language"].value_counts().items()} if "language" in scored else {}
        ),
        other_languages=(
            Counter(scored["other_language"].dropna().astype(str)) if "other_language" in scored else Counter()
        ),
        pipeline=dict(pipeline or scored.attrs.get("pipeline") or {}),
    )


def prepare(
    dataset: Dataset,
    config: StudyConfig,
    scored: pd.DataFrame | None = None,
    pipeline: Mapping[str, Any] | None = None,
    settings: Settings | None = None,
    *,
    summary: ReplySummary | None = None,
) -> PreparedData:
    """Build the ticket-level table the statistics run on, checking the input on the way.

    ``summary`` is the replies already aggregated (``study --features DIR --engine dask``); then
    ``dataset.replies`` is not used and the conversation features, which need whole threads, are not computed.
    Raises :class:`InputError` when nothing at all could run (no CSAT, mixed scales, too few tickets, no
    agent replies); records a :class:`Limitation` for anything that only restricts the study.
    """
    source = dataset.source
    tickets = dataset.tickets
    if tickets.empty:
        raise InputError("no tickets table (or it is empty): the study needs tickets with CSAT", file=source or None)
    if tickets["ticket_id"].isna().all():
        raise InputError("no ticket ids in the tickets table", file=source or None, column="ticket_id")
    rated, scale, inferred = select_scale(tickets, config, source)
    limitations: list[Limitation] = []
    settings = settings or Settings()
    unread_rows = dataset.unreadable_note()
    if unread_rows:
        limitations.append(Limitation("data", unread_rows))
    unreadable = invalid_cells(tickets, "csat_score")
    if unreadable:
        examples = ", ".join(repr(v) for v in list(dict.fromkeys(map(str, unreadable.values())))[:3])
        limitations.append(
            Limitation(
                "data",
                f"{len(unreadable)} tickets have a CSAT value that is not a number ({examples}): they are left "
                "out as unrated",
            )
        )
    if summary is None:
        outcome = None
        if scored is None:
            outcome = score_replies(dataset.replies, settings)
            scored, pipeline = outcome.features, outcome.pipeline
        summary = summarise_replies(scored, config, pipeline)
        if outcome is not None:
            _note_unscored(outcome, summary.other_languages, limitations)
    else:
        _note_unscored(None, summary.other_languages, limitations)
    if summary.n_replies == 0:
        raise InputError(
            "no public agent replies (author_role 'agent', public true): there is no communication to measure; "
            "what could still run is a CSAT summary by IT outcome, which is not a study of communication",
            file=source or None,
            column="author_role",
        )
    features = list(summary.features)
    if not features:
        raise InputError("the agent replies have no numeric feature columns to study", file=source or None)
    per_ticket = summary.per_ticket
    ticket_controls: list[str] = []
    if config.ticket_features != "off" and scored is None:
        limitations.append(
            Limitation(
                "ticket features",
                "conversation features need the whole threads (customer messages too), and a folder of feature "
                "parts holds agent replies only: the study uses reply features only",
                "skipped",
            )
        )
    elif config.ticket_features != "off":
        conversation = _ticket_features(dataset, settings, scored, limitations, config.ticket_features)
        if conversation is not None:
            per_ticket = per_ticket.join(conversation)
            if config.ticket_features == "measures":
                features = [*features, *conversation.columns]
            else:
                ticket_controls = list(conversation.columns)
    rated = rated.drop_duplicates("ticket_id").set_index("ticket_id", drop=False)
    failed, indicators = it_failed(rated)
    rated["it_failed"] = failed
    table = rated.join(per_ticket, how="inner")
    n_rated = len(rated)
    missing_replies = n_rated - len(table)
    if missing_replies:
        limitations.append(
            Limitation(
                "data", f"{missing_replies} of {n_rated} rated tickets have no public agent reply and are left out"
            )
        )
    if len(table) < MIN_TICKETS_CORRELATION:
        raise InputError(
            f"too few tickets: {len(table)} rated tickets with agent replies, the study needs at least "
            f"{MIN_TICKETS_CORRELATION} for correlations and 40 for the model; nothing could run",
            file=source or None,
        )
    table["agent_id"] = table["agent_id"].astype("string").fillna(table["reply_agent"].astype("string"))
    table["channel"] = (
        table["channel"].astype("string").fillna(table["reply_channel"].astype("string"))
        if "channel" in table.columns
        else table["reply_channel"].astype("string")
    )
    hours = (table["solved_at"] - table["created_at"]).dt.total_seconds() / 3600.0
    table["resolution_hours"] = hours.where(hours >= 0)
    table["csat"] = table["csat"].astype(float)
    if not indicators:
        limitations.append(
            Limitation(
                "IT outcome",
                "no IT outcome (resolved, reopened, sla_breached are all empty): the 2x2 table, the interaction "
                "model and the compensation/spoiling/relative-size verdicts need it and are skipped; the "
                "feature correlations with CSAT and Stelling 2 still run",
                "skipped",
            )
        )
    keep = [
        "ticket_id",
        "agent_id",
        "team",
        "category",
        "priority",
        "channel",
        "csat",
        "it_failed",
        "n_replies",
        "resolution_hours",
        *features,
        *ticket_controls,
    ]
    table = table.reset_index(drop=True)[[c for c in keep if c in table.columns]]
    return PreparedData(
        tickets=table,
        replies=scored,
        features=features,
        scale=scale,
        scale_inferred=inferred,
        it_indicators=indicators,
        n_tickets_total=len(tickets),
        n_surveyed=int((_nonempty(tickets["csat_scale"]) | tickets["csat_score"].notna()).to_numpy(dtype=bool).sum()),
        n_tickets_with_replies=summary.n_tickets,
        pipeline=summary.pipeline,
        limitations=limitations,
        ticket_controls=ticket_controls,
        reply_summary=summary,
    )


#: Conversation features the study can use per ticket (:mod:`analyser.conversations`).
STUDY_TICKET_FEATURES = ("customer_sentiment_change", "solution_offered", "first_reply_hours")


def _ticket_features(
    dataset: Dataset, settings: Settings, scored: pd.DataFrame, limitations: list[Limitation], use: str
) -> pd.DataFrame | None:
    """The conversation features of each ticket (customer messages scored too; the agent replies already
    scored are reused), as numbers indexed by ticket id, or None when the threads give none of them."""
    from analyser.conversations import conversation_features

    result = conversation_features(dataset.replies, settings, tickets=dataset.tickets, scored=scored)
    table = result.tickets.set_index("ticket_id")
    columns = [c for c in STUDY_TICKET_FEATURES if c in table.columns and table[c].notna().sum() >= 2]
    absent = [c for c in STUDY_TICKET_FEATURES if c not in columns]
    role = "communication measures (correlated with CSAT)" if use == "measures" else "controls in the model"
    if not columns:
        limitations.append(
            Limitation(
                "ticket features",
                "no conversation feature could be computed (no customer messages, timestamps or service "
                "detectors in the threads): the study uses reply features only",
            )
        )
        return None
    message = f"conversation features per ticket used as {role}: {', '.join(columns)}"
    if absent:
        message += f" ({', '.join(absent)}: empty in these threads)"
    limitations.append(Limitation("ticket features", message + "; ticket-features = off leaves them out"))
    out = table[columns].astype("Float64").astype(float)
    out.index = out.index.astype(str)
    return out


def _nonempty(values: pd.Series) -> pd.Series:
    """True where a text cell holds something (CSV readers give "" as well as NA for an empty cell)."""
    return (values.astype("string").str.strip().fillna("") != "").astype(bool)


def frame_checksum(*frames: pd.DataFrame) -> str:
    """SHA-256 over the content of ``frames`` (row order and values), for data passed in memory."""
    digest = hashlib.sha256()
    for frame in frames:
        digest.update(pd.util.hash_pandas_object(frame.astype("string"), index=False).to_numpy().tobytes())
    return "sha256:" + digest.hexdigest()
