"""The study on two public data sets beside the checkout (../shared/data); each is skipped when absent.

    python evaluation/study_shared_data.py [--shared ../shared/data] [--out /tmp/study-shared] [--limit N]

* ``tickets-kaggle-synthetic``: a synthetic ticket CSV whose 1-5 CSAT is uniformly random and unrelated to
  the text.  A *null control*: a sound study must find nothing (no feature surviving Benjamini-Hochberg, no
  supported verdict).  The only agent-written text is the 'Resolution' column (random word salad); there are
  no agent ids and no IT outcome.  The export's "time to resolution" is earlier than the first response on
  half of the tickets, so it is no usable IT outcome; a second run uses it anyway as a clearly labelled proxy
  (failed = resolved more than 8 hours after the first response; negative durations unknown) only to
  exercise the model on random CSAT.
* ``satisfaction-uss-multiwoz``: 1,000 task-oriented dialogues with real 1-5 satisfaction ratings by several
  annotators.  A dialogue is a ticket, SYSTEM turns are the agent replies, the dialogue-level rating is the
  rounded mean of the annotators' OVERALL scores.  There is no IT outcome, so only the communication
  correlations run (the study says so).

The data is read from ``../shared/data`` and never copied into the project.  Writes each study's report and
results.json under ``--out`` and prints a summary.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

from analyser.io import Dataset
from analyser.schema import conform_replies, conform_tickets
from analyser.study import StudyConfig, run_study, write_study

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = HERE.parent.parent / "shared" / "data"


def kaggle_dataset(folder: Path, *, proxy_outcome: bool, limit: int | None = None) -> Dataset:
    """The Kaggle CSV as canonical tables (closed, rated tickets; the resolution text as the agent reply)."""
    raw = pd.read_csv(folder / "customer_support_tickets.csv")
    raw = raw[raw["Customer Satisfaction Rating"].notna()]
    if limit:
        raw = raw.head(limit)
    first = pd.to_datetime(raw["First Response Time"], format="%d-%m-%Y %H:%M", errors="coerce", utc=True)
    solved = pd.to_datetime(raw["Time to Resolution"], format="%d-%m-%Y %H:%M", errors="coerce", utc=True)
    ids = raw["Ticket ID"].astype(str)
    hours = (solved - first).dt.total_seconds() / 3600
    tickets = pd.DataFrame(
        {
            "ticket_id": ids,
            "created_at": first,
            "solved_at": solved.where(hours >= 0),
            "category": raw["Ticket Type"],
            "priority": raw["Ticket Priority"],
            "channel": raw["Ticket Channel"],
            "status": raw["Ticket Status"],
            "csat_score": raw["Customer Satisfaction Rating"],
            "csat_scale": "1-5",
        }
    )
    if proxy_outcome:
        tickets["sla_breached"] = np.where(hours >= 0, hours > 8, None)
    customer = pd.DataFrame(
        {"ticket_id": ids, "reply_id": ids + "-1", "author_role": "customer", "body": raw["Ticket Description"]}
    )
    agent = pd.DataFrame(
        {
            "ticket_id": ids,
            "reply_id": ids + "-2",
            "author_role": "agent",
            "public": True,
            "channel": raw["Ticket Channel"],
            "body": raw["Resolution"],
        }
    )
    replies = pd.concat([customer, agent], ignore_index=True)
    name = "kaggle-synthetic" + (" (proxy IT outcome)" if proxy_outcome else "")
    return Dataset(conform_tickets(tickets), conform_replies(replies), source=name)


def multiwoz_dataset(folder: Path, *, limit: int | None = None) -> Dataset:
    """MultiWOZ USS dialogues as tickets; SYSTEM turns as agent replies; rounded mean OVERALL rating as CSAT."""
    text = (folder / "MWOZ.txt").read_text("utf-8")
    tickets, replies = [], []
    for number, block in enumerate(b for b in text.split("\n\n") if b.strip()):
        if limit and number >= limit:
            break
        ticket_id = f"mwoz-{number + 1:04d}"
        overall = None
        for turn, line in enumerate(block.strip("\n").split("\n")):
            fields = line.split("\t")
            role, body = fields[0].strip(), fields[1] if len(fields) > 1 else ""
            if role == "USER" and body == "OVERALL":
                scores = [int(s) for s in fields[3].split(",") if s.strip()] if len(fields) > 3 else []
                overall = int(np.floor(np.mean(scores) + 0.5)) if scores else None
                continue
            replies.append(
                {
                    "ticket_id": ticket_id,
                    "reply_id": f"{ticket_id}-{turn + 1}",
                    "author_role": "agent" if role == "SYSTEM" else "customer",
                    "agent_id": "system" if role == "SYSTEM" else None,
                    "public": True,
                    "body": body,
                }
            )
        tickets.append({"ticket_id": ticket_id, "csat_score": overall, "csat_scale": "1-5", "agent_id": "system"})
    return Dataset(
        conform_tickets(pd.DataFrame(tickets)), conform_replies(pd.DataFrame(replies)), source="uss-multiwoz"
    )


def report(name: str, dataset: Dataset, out: Path, config: StudyConfig) -> None:
    started = time.time()
    result = run_study(dataset, config)
    paths = write_study(result, out / name)
    corr = result.correlations
    print(f"\n## {dataset.source}  ({time.time() - started:.0f} s, report: {paths['report']})")
    print(f"parts: {result.parts}")
    print(
        f"rated tickets: {result.summary['n_tickets_analysed']}, CSAT distribution {result.summary['csat_distribution']}"
    )
    print(f"features tested: {len(corr)}, significant after BH: {int(corr['significant'].sum())}")
    print(
        f"raw p < {config.alpha}: {int((corr['p'] < config.alpha).sum())} (expected by chance ~{config.alpha * len(corr):.1f})"
    )
    print("strongest correlations (Spearman with CSAT):")
    for row in corr.head(8).itertuples():
        print(
            f"  {row.feature:<28} rho {row.rho:+.3f} [{row.ci_low:+.3f}, {row.ci_high:+.3f}] "
            f"p {row.p:.3g} p_bh {row.p_bh:.3g}{' *' if row.significant else ''}"
        )
    for verdict in result.verdicts:
        print(f"  verdict {verdict.part}: {verdict.status}")
    if result.model is not None:
        inter = result.model.interaction
        print(f"  interaction {inter.estimate:+.3f} [{inter.ci_low:+.3f}, {inter.ci_high:+.3f}] p {inter.p:.3g}")
    for item in result.limitations:
        print(f"  limitation [{item.part}]: {item.message[:160]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=Path("/tmp/study-shared"))
    parser.add_argument("--limit", type=int, default=None, help="use only the first N tickets/dialogues")
    parser.add_argument("--bootstrap", type=int, default=1000)
    args = parser.parse_args()
    config = StudyConfig(bootstrap_resamples=args.bootstrap, seed=42)
    kaggle = args.shared / "tickets-kaggle-synthetic"
    if (kaggle / "customer_support_tickets.csv").exists():
        report("kaggle", kaggle_dataset(kaggle, proxy_outcome=False, limit=args.limit), args.out, config)
        report("kaggle-proxy", kaggle_dataset(kaggle, proxy_outcome=True, limit=args.limit), args.out, config)
    else:
        print(f"skipped: {kaggle} is absent")
    multiwoz = args.shared / "satisfaction-uss-multiwoz"
    if (multiwoz / "MWOZ.txt").exists():
        report("multiwoz", multiwoz_dataset(multiwoz, limit=args.limit), args.out, config)
    else:
        print(f"skipped: {multiwoz} is absent")


if __name__ == "__main__":
    main()
