"""Synthetic tickets with a planted effect of chosen size: the proof that the study's method works.

A statistical method earns trust by finding an effect that is known to be there (with the promised interval
coverage and rising power as the sample grows) and by not finding one that is known to be absent (false
positives at the rate alpha).  Real data cannot show either, because the truth is unknown; simulated data
can.  The generator follows the study's own model exactly, so the planted numbers are the estimands:

    latent = b_comm * c + b_fail * failed + b_inter * c * failed + controls + u_agent + e,  e ~ logistic

where ``c`` is the ticket's communication score (mean over its public agent replies) in units of 10 points
around 60.  CSAT is ``good`` when ``latent + intercept > 0`` (good/bad scale) or the latent variable cut at
fixed thresholds (1-5, 1-10: a J-shaped distribution with many top scores, as real CSAT has).  With
``agent_sd > 0`` agents differ in how satisfied their customers are; the population-averaged coefficients
the study estimates are then slightly smaller than the planted (conditional) ones, which is why the
coverage tests use ``agent_sd = 0`` and the false-positive tests use agent effects.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from analyser.io import Dataset
from analyser.schema import conform_replies, conform_tickets

PRIORITIES = ("low", "normal", "high", "urgent")
PRIORITY_EFFECT = {"low": 0.0, "normal": 0.0, "high": -0.2, "urgent": -0.4}
CATEGORIES = ("password", "network", "hardware", "access")
CHANNELS = ("email", "web", "chat")
CHANNEL_EFFECT = {"email": 0.0, "web": 0.0, "chat": 0.1}
THRESHOLDS = {
    "1-5": np.array([-3.0, -2.0, -1.0, 0.3]),
    "1-10": np.linspace(-3.5, 1.0, 9),
}
GOOD_BAD_INTERCEPT = 1.2
COMMUNICATION_CENTRE = 60.0


@dataclass(frozen=True)
class PlantedEffects:
    """True effects on the log-odds scale; communication per 10 points of the communication score."""

    communication: float = 0.0  # slope when IT is ok (spoiling when > 0)
    it_failed: float = 0.0  # effect of IT failure at a communication score of 60
    interaction: float = 0.0  # change of the communication slope when IT fails

    @property
    def slope_failed(self) -> float:
        """The communication slope when IT failed (compensation when > 0)."""
        return self.communication + self.interaction

    def to_dict(self) -> dict[str, float]:
        return asdict(self)


NULL = PlantedEffects()
THESIS = PlantedEffects(communication=0.35, it_failed=-1.0, interaction=0.25)


def _generate(
    n_tickets: int,
    effects: PlantedEffects,
    *,
    scale: str,
    n_agents: int,
    agent_sd: float,
    failure_rate: float,
    response_rate: float,
    seed: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    if scale not in ("good/bad", "1-5", "1-10"):
        raise ValueError(f"unknown scale {scale!r}")
    rng = np.random.default_rng(seed)
    agent_comm = rng.normal(COMMUNICATION_CENTRE, 8.0, n_agents)
    agent_tech = rng.normal(50.0, 10.0, n_agents)
    agent_u = rng.normal(0.0, agent_sd, n_agents) if agent_sd > 0 else np.zeros(n_agents)
    agent = rng.integers(0, n_agents, n_tickets)
    priority = rng.choice(len(PRIORITIES), n_tickets, p=[0.25, 0.45, 0.2, 0.1])
    category = rng.integers(0, len(CATEGORIES), n_tickets)
    channel = rng.choice(len(CHANNELS), n_tickets, p=[0.5, 0.3, 0.2])
    failed = rng.random(n_tickets) < failure_rate
    hours = np.exp(rng.normal(np.log(8.0) + 1.0 * failed, 1.0))
    k = np.minimum(1 + rng.poisson(1.2 + 0.8 * failed), 8)

    reply_ticket = np.repeat(np.arange(n_tickets), k)
    reply_agent = agent[reply_ticket]
    comm = np.clip(agent_comm[reply_agent] + rng.normal(0.0, 10.0, len(reply_ticket)), 0, 100)
    tech = np.clip(agent_tech[reply_agent] + rng.normal(0.0, 12.0, len(reply_ticket)), 0, 100)
    mean_comm = np.bincount(reply_ticket, weights=comm, minlength=n_tickets) / k
    c = (mean_comm - COMMUNICATION_CENTRE) / 10.0

    latent = (
        effects.communication * c
        + effects.it_failed * failed
        + effects.interaction * c * failed
        + np.array([PRIORITY_EFFECT[PRIORITIES[i]] for i in priority])
        + np.array([CHANNEL_EFFECT[CHANNELS[i]] for i in channel])
        - 0.15 * (np.log1p(hours) - np.log1p(8.0))
        - 0.10 * (np.log1p(k) - np.log1p(2.0))
        + agent_u[agent]
        + rng.logistic(0.0, 1.0, n_tickets)
    )
    if scale == "good/bad":
        csat = (latent + GOOD_BAD_INTERCEPT > 0).astype(float)
    else:
        csat = 1.0 + (latent[:, None] > THRESHOLDS[scale][None, :]).sum(axis=1)
    csat[rng.random(n_tickets) >= response_rate] = np.nan

    agent_ids = np.array([f"A{i + 1:02d}" for i in range(n_agents)])
    tickets = pd.DataFrame(
        {
            "ticket_id": [f"T{i + 1:05d}" for i in range(n_tickets)],
            "agent_id": agent_ids[agent],
            "priority": np.array(PRIORITIES)[priority],
            "category": np.array(CATEGORIES)[category],
            "channel": np.array(CHANNELS)[channel],
            "csat": csat,
            "it_failed": failed,
            "n_replies": k,
            "resolution_hours": hours,
            "communication_score": mean_comm,
        }
    )
    noise = rng.normal
    m = len(reply_ticket)
    replies = pd.DataFrame(
        {
            "ticket_id": tickets["ticket_id"].to_numpy()[reply_ticket],
            "agent_id": agent_ids[reply_agent],
            "communication_score": comm,
            "technical_score": tech,
            "politeness": np.clip(0.3 + 0.006 * comm + noise(0, 0.08, m), 0, 1),
            "empathy": np.clip(0.0085 * comm - 0.05 + noise(0, 0.1, m), 0, 1),
            "empathy_emotional_reaction": np.clip(0.008 * comm - 0.1 + noise(0, 0.15, m), 0, 1),
            "empathy_interpretation": np.clip(0.007 * comm - 0.05 + noise(0, 0.15, m), 0, 1),
            "empathy_exploration": np.clip(0.006 * comm - 0.1 + noise(0, 0.15, m), 0, 1),
            "sentiment": np.clip(-0.6 + 0.015 * comm + noise(0, 0.2, m), -1, 1),
            "flesch_reading_ease": 60 + 0.2 * (comm - 60) - 0.3 * (tech - 50) + noise(0, 10, m),
            "readability_grade": np.clip(8 + 0.08 * (tech - 50) + noise(0, 1.5, m), 1, 18),
            "jargon_ratio": np.clip(1 + 0.08 * (tech - 50) + noise(0, 1.0, m), 0, None),
            "word_count": rng.poisson(60, m).astype(float),
        }
    )
    replies["_seq"] = replies.groupby("ticket_id").cumcount() + 1
    return tickets, replies


def simulate_tickets(
    n_tickets: int,
    effects: PlantedEffects = NULL,
    *,
    scale: str = "good/bad",
    n_agents: int = 20,
    agent_sd: float = 0.0,
    failure_rate: float = 0.3,
    response_rate: float = 1.0,
    seed: int = 0,
) -> pd.DataFrame:
    """The ticket-level table the study's statistics take (the fast path for repeated simulations).

    Columns as :func:`analyser.study.prepare.prepare` builds them: ticket_id, agent_id, priority, category,
    channel, csat, it_failed, n_replies, resolution_hours, communication_score.  Unrated tickets are dropped.
    """
    tickets, _ = _generate(
        n_tickets,
        effects,
        scale=scale,
        n_agents=n_agents,
        agent_sd=agent_sd,
        failure_rate=failure_rate,
        response_rate=response_rate,
        seed=seed,
    )
    tickets = tickets.dropna(subset=["csat"]).reset_index(drop=True)
    tickets.attrs["planted"] = effects.to_dict()
    return tickets


def simulate_dataset(
    n_tickets: int,
    effects: PlantedEffects = NULL,
    *,
    scale: str = "1-5",
    n_agents: int = 20,
    agent_sd: float = 0.0,
    failure_rate: float = 0.3,
    response_rate: float = 1.0,
    seed: int = 0,
) -> Dataset:
    """A complete canonical dataset (tickets + replies with feature columns) with a planted effect.

    Replies carry the feature columns the foundation's extractor produces, so the whole study (aggregation,
    every statistic, the report) runs on it without NLP.  Each ticket also has a customer message and some
    have an internal note with a communication score of 0, so a study that forgot to keep only public agent
    replies would be visibly wrong.  The effect is planted on the *mean* over agent replies (``--aggregate
    mean``).
    """
    tickets, replies = _generate(
        n_tickets,
        effects,
        scale=scale,
        n_agents=n_agents,
        agent_sd=agent_sd,
        failure_rate=failure_rate,
        response_rate=response_rate,
        seed=seed,
    )
    rng = np.random.default_rng(seed + 1_000_003)
    n = len(tickets)
    created = pd.Timestamp("2026-01-05 08:00", tz="UTC") + pd.to_timedelta(rng.uniform(0, 24 * 300, n), unit="h")
    failed = tickets["it_failed"].to_numpy()
    reason = rng.integers(0, 3, n)
    canonical = pd.DataFrame(
        {
            "ticket_id": tickets["ticket_id"],
            "created_at": created,
            "solved_at": created + pd.to_timedelta(tickets["resolution_hours"], unit="h"),
            "agent_id": tickets["agent_id"],
            "team": np.where(tickets["category"].isin(["network", "hardware"]), "infra", "workplace"),
            "category": tickets["category"],
            "priority": tickets["priority"],
            "status": "solved",
            "resolved": ~(failed & (reason == 0)),
            "reopened": failed & (reason == 1),
            "sla_breached": failed & (reason == 2),
            "csat_score": tickets["csat"],
            "csat_scale": np.where(tickets["csat"].notna(), scale, None),
            "channel": tickets["channel"],
        }
    )
    step = pd.to_timedelta(replies["_seq"] * 2.0, unit="h")
    start = pd.Series(pd.DatetimeIndex(created), index=tickets["ticket_id"].to_numpy())
    agent_rows = replies.drop(columns="_seq").assign(
        reply_id=replies["ticket_id"] + "-" + (replies["_seq"] + 1).astype(str),
        author_role="agent",
        public=True,
        created_at=pd.DatetimeIndex(start.loc[replies["ticket_id"]].to_numpy()) + pd.TimedeltaIndex(step),
        channel=tickets.set_index("ticket_id").loc[replies["ticket_id"], "channel"].to_numpy(),
        body="Simulated agent reply.",
    )
    customer_rows = pd.DataFrame(
        {
            "ticket_id": tickets["ticket_id"],
            "reply_id": tickets["ticket_id"] + "-1",
            "author_role": "customer",
            "public": True,
            "created_at": created,
            "channel": tickets["channel"],
            "body": "Simulated customer message.",
        }
    )
    noted = rng.random(n) < 0.2
    note_rows = pd.DataFrame(
        {
            "ticket_id": tickets["ticket_id"][noted],
            "reply_id": tickets["ticket_id"][noted] + "-note",
            "author_role": "agent",
            "agent_id": tickets["agent_id"][noted],
            "public": False,
            "created_at": created[noted] + pd.Timedelta(minutes=30),
            "channel": tickets["channel"][noted],
            "body": "internal: escalate to L2",
            "communication_score": 0.0,
            "technical_score": 100.0,
        }
    )
    all_replies = pd.concat([customer_rows, agent_rows, note_rows], ignore_index=True)
    all_replies = all_replies.sort_values(["ticket_id", "created_at"], kind="stable").reset_index(drop=True)
    dataset = Dataset(
        tickets=conform_tickets(canonical),
        replies=conform_replies(all_replies),
        source=f"simulated(n={n_tickets}, seed={seed})",
    )
    dataset.tickets.attrs["planted"] = effects.to_dict()
    return dataset
