"""``study --features FOLDER/ --engine dask``: the replies of a study aggregated on a Dask cluster.

The replies are a folder of feature parts (:mod:`analyser.engines.feature_parts`); the tickets table is read
where the command runs.  Each part becomes one partition of a ``dask.dataframe`` (``from_map``: one part, one
partition, never merged or split) on which a worker runs exactly what the in-process study runs on a replies
table:

* :func:`scored_part`: the part conformed to the canonical replies table and passed through
  :func:`analyser.scoring.score_replies`, which keeps the public agent replies and, as they carry features,
  never scores them again;
* :func:`analyser.study.prepare._aggregate`: one row per ticket.  ``extract`` cuts parts by ticket, so a
  part holds every reply of its tickets and per-part aggregation is the whole aggregation (checked: a ticket
  found in two parts stops the run with one line);
* :func:`analyser.study.stelling2.agent_ticket_sums`: per agent and ticket, the sums and counts of the two
  scores of Stelling 2, which are added up per agent here (:func:`~analyser.study.stelling2.agent_axes_from_sums`,
  correctly rounded, so the order of the parts does not matter); and the counts the study reports.

What comes back is the per-ticket table (one row per ticket), about as many (agent, ticket) sums and a few
counts: the reply rows are never all in one process.  Every number is the in-process study's to the last bit
(the tests compare results.json whole).

Workers read the parts themselves, so the folder must be where every worker can read it (a shared file system;
on a LocalCluster, this machine).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from analyser.engines.dask_engine import dask_client, require_dask
from analyser.engines.feature_parts import FeatureParts
from analyser.errors import InputError
from analyser.io import read_table
from analyser.schema import conform_replies
from analyser.scoring import has_features, score_replies
from analyser.settings import Settings
from analyser.study.prepare import ReplySummary, _aggregate, feature_columns
from analyser.study.stelling2 import agent_axes_from_sums, agent_ticket_sums


def scored_part(path: str | Path, settings: Settings) -> pd.DataFrame:
    """One part as the study sees a replies table: read, conformed, public agent replies kept, features reused
    (:func:`analyser.scoring.score_replies`)."""
    return score_replies(conform_replies(read_table(path)), settings).features


def summarise_on_dask(
    parts: FeatureParts, config, settings: Settings, echo: Callable[[str], None] | None = None
) -> ReplySummary:
    """The study's :class:`ReplySummary` of the feature parts, computed on the cluster ``settings.engine``
    names (a LocalCluster when it names none)."""
    import pyarrow.parquet as pq

    require_dask("study")
    import dask.dataframe as dd

    empty = pq.read_schema(parts.files[0]).empty_table().to_pandas()
    if not has_features(empty):
        raise InputError(
            "the parts carry no numeric communication_score: not an extract output (score the replies first)",
            file=str(parts.files[0]),
        )
    outcome = score_replies(conform_replies(empty), settings)  # what scored_part gives, without rows
    meta = outcome.features
    features = feature_columns(meta)
    technical, communication = config.technical_feature, config.communication_feature
    scored = dd.from_map(scored_part, [str(path) for path in parts.files], settings=settings, meta=meta)
    wanted: dict[str, object] = {
        "n_replies": scored.map_partitions(len, meta=(None, "int64")).sum(),
        "n_tickets": scored["ticket_id"].nunique(),
        "languages": scored["language"].value_counts(),
        "other_languages": scored["other_language"].dropna().value_counts(),
    }
    if features:
        aggregated = _aggregate(meta, features, config.aggregate, communication)
        wanted["per_ticket"] = scored.map_partitions(
            _aggregate, features, config.aggregate, communication, meta=aggregated
        )
    axes_error = ""
    try:
        sums = agent_ticket_sums(meta, technical, communication)  # raises when a score is missing
        wanted["agent_sums"] = scored.map_partitions(agent_ticket_sums, technical, communication, meta=sums)
    except ValueError as error:
        axes_error = str(error)
    with dask_client(settings.engine, echo, command="study", nlp=False) as client:
        names = list(wanted)
        computed = dict(zip(names, client.compute([wanted[name] for name in names], sync=True), strict=True))
    per_ticket = computed.get("per_ticket", pd.DataFrame())
    split = per_ticket.index[per_ticket.index.notna()]
    if split.has_duplicates:
        ticket = split[split.duplicated()][0]
        raise InputError(
            f"ticket {ticket} has replies in more than one part: the parts were not cut by ticket",
            file=str(parts.folder),
        )
    sums = computed.get("agent_sums")
    return ReplySummary(
        per_ticket=per_ticket.sort_index(kind="stable"),
        features=features,
        agent_axes=agent_axes_from_sums(sums) if sums is not None else None,
        agent_axes_error=axes_error,
        n_replies=int(computed["n_replies"]),
        n_tickets=int(computed["n_tickets"]),
        languages={str(k): int(v) for k, v in computed["languages"].sort_values(ascending=False).items()},
        other_languages=Counter({str(k): int(v) for k, v in computed["other_languages"].items()}),
        pipeline=dict(outcome.pipeline),
    )


__all__ = ["scored_part", "summarise_on_dask"]
