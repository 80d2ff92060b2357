"""Stelling 2: do "technicus" agents (technical-heavy replies) and "communicator" agents differ in CSAT?

Each agent is placed on two axes, the mean technical-content score and the mean communication score of
their public replies (both 0-100, from the foundation).  The *profile index* is the difference of the two
after standardising across agents (technical z minus communication z): positive leans technicus, negative
communicator, within half a standard deviation balanced.  Whether the profile relates to CSAT is tested
across agents (one point per agent, Spearman with a bootstrap interval), because the profile is a property
of the agent, not of the ticket; with few agents that test has little power and the report says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from analyser.study.config import MIN_AGENTS_PROFILE
from analyser.study.stats import bootstrap_ci, correlation_mde

BALANCED_BAND = 0.5


@dataclass
class AgentProfiles:
    """Agents on the technical and communication axes, and how the profile relates to CSAT."""

    agents: pd.DataFrame
    correlations: pd.DataFrame
    by_profile: pd.DataFrame
    summary: str
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "agents": self.agents.to_dict(orient="records"),
            "correlations": self.correlations.to_dict(orient="records"),
            "by_profile": self.by_profile.to_dict(orient="records"),
            "summary": self.summary,
            "notes": self.notes,
        }


def agent_ticket_sums(replies: pd.DataFrame, technical: str, communication: str) -> pd.DataFrame:
    """First step of :func:`agent_axes`: per agent and ticket, the sums and counts of the two scores.

    A ticket is never split over the parts of an extract output, so each part gives its (agent, ticket) rows
    completely and the same rows in the same order as the whole table does: the sums are the same to the
    last bit however the replies are cut (Dask runs this per part, :mod:`analyser.engines.dask_study`).
    Raises ``ValueError`` when the replies lack one of the two scores."""
    for name in (technical, communication):
        if name not in replies.columns:
            raise ValueError(f"the replies have no '{name}' column")
    frame = replies.dropna(subset=["agent_id"])
    grouped = frame.groupby(["agent_id", "ticket_id"], sort=False, dropna=False)
    return grouped.agg(
        technical_sum=(technical, "sum"),
        technical_n=(technical, "count"),
        communication_sum=(communication, "sum"),
        communication_n=(communication, "count"),
        n_replies=(communication, "size"),
    ).reset_index()


def agent_axes_from_sums(sums: pd.DataFrame) -> pd.DataFrame:
    """Second step of :func:`agent_axes`: per agent, the mean of each score over their replies.  The sums are
    added with ``math.fsum`` (correctly rounded, so in any order: the result does not depend on how the
    replies were partitioned)."""
    grouped = sums.groupby("agent_id")
    out = pd.DataFrame(
        {
            axis: grouped[f"{axis}_sum"].agg(math.fsum) / grouped[f"{axis}_n"].sum().replace(0, np.nan)
            for axis in ("technical", "communication")
        }
    )
    out["n_replies"] = grouped["n_replies"].sum().astype("int64")
    return out


def agent_axes(replies: pd.DataFrame, technical: str, communication: str) -> pd.DataFrame:
    """Per agent: mean technical and communication score over their scored replies, and how many replies.
    Raises ``ValueError`` when the replies lack one of the two scores."""
    return agent_axes_from_sums(agent_ticket_sums(replies, technical, communication))


def agent_profiles(
    replies: pd.DataFrame | None,
    tickets: pd.DataFrame,
    *,
    technical: str = "technical_score",
    communication: str = "communication_score",
    alpha: float = 0.05,
    seed: int = 42,
    resamples: int = 2000,
    power: float = 0.8,
    axes: pd.DataFrame | None = None,
) -> AgentProfiles:
    """Per agent: mean technical and communication score, profile, mean CSAT; and the test across agents.

    ``replies`` are the scored public agent replies, or None when ``axes`` (:func:`agent_axes` of them,
    computed elsewhere, e.g. by Dask) is given; ``tickets`` the ticket-level table (``agent_id``, ``csat``).
    Raises ``ValueError`` with a readable reason when Stelling 2 cannot run.
    """
    axes = agent_axes(replies, technical, communication) if axes is None else axes
    csat = tickets.dropna(subset=["agent_id", "csat"]).groupby("agent_id")["csat"].agg(["mean", "size"])
    agents = axes.join(csat.rename(columns={"mean": "mean_csat", "size": "n_rated_tickets"}), how="inner")
    agents = agents.dropna(subset=["technical", "communication", "mean_csat"])
    if len(agents) < MIN_AGENTS_PROFILE:
        raise ValueError(
            f"{len(agents)} agent(s) with scored replies and rated tickets; placing agents on two axes and "
            f"relating that to CSAT needs at least {MIN_AGENTS_PROFILE}"
        )
    notes: list[str] = []
    z = {}
    for axis in ("technical", "communication"):
        spread = agents[axis].std(ddof=1)
        if not spread > 0:
            raise ValueError(f"every agent has the same mean {axis} score: no profile to compare")
        z[axis] = (agents[axis] - agents[axis].mean()) / spread
    agents["profile_index"] = z["technical"] - z["communication"]
    agents["profile"] = np.select(
        [agents["profile_index"] > BALANCED_BAND, agents["profile_index"] < -BALANCED_BAND],
        ["technicus", "communicator"],
        "balanced",
    )
    rows = []
    y = agents["mean_csat"].to_numpy(dtype=float)
    for position, (name, label) in enumerate(
        (
            ("profile_index", "technicus - communicator index"),
            ("technical", "technical score"),
            ("communication", "communication score"),
        )
    ):
        x = agents[name].to_numpy(dtype=float)
        rho, p = stats.spearmanr(x, y)
        low, high = bootstrap_ci(x, y, alpha=alpha, resamples=resamples, seed=seed + 100 + position)
        rows.append(
            {
                "axis": label,
                "n_agents": len(x),
                "rho": float(rho),
                "ci_low": low,
                "ci_high": high,
                "p": float(p),
                "mde_rho": correlation_mde(len(x), alpha, power),
            }
        )
    correlations = pd.DataFrame(rows)
    by_profile = (
        agents.groupby("profile")
        .agg(n_agents=("mean_csat", "size"), mean_csat=("mean_csat", "mean"), rated_tickets=("n_rated_tickets", "sum"))
        .reset_index()
    )
    index_row = correlations.iloc[0]
    if index_row["p"] < alpha:
        lean = "technicus" if index_row["rho"] < 0 else "communicator"
        summary = (
            f"Across {len(agents)} agents, a more technical profile goes with "
            f"{'lower' if index_row['rho'] < 0 else 'higher'} mean CSAT (rho {index_row['rho']:+.2f}, "
            f"p = {index_row['p']:.3g}): customers of '{'communicator' if lean == 'technicus' else 'technicus'}' "
            "agents are more satisfied."
        )
    else:
        summary = (
            f"Across {len(agents)} agents, the technicus/communicator profile shows no clear relation with mean "
            f"CSAT (rho {index_row['rho']:+.2f}, interval {index_row['ci_low']:+.2f} to {index_row['ci_high']:+.2f},"
            f" p = {index_row['p']:.3g}); with this many agents only |rho| of about {index_row['mde_rho']:.2f} "
            "or more could be detected."
        )
    if len(agents) < 20:
        notes.append(f"only {len(agents)} agents: the across-agent test has little power")
    agents = agents.reset_index()
    return AgentProfiles(agents=agents, correlations=correlations, by_profile=by_profile, summary=summary, notes=notes)
