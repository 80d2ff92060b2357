"""Running the whole Stelling 1 study: the one function the CLI, the notebook and the tests call.

:func:`run_study` takes a dataset (or its path), runs every part that the data allows and records, for each
part that cannot run, the reason; it raises :class:`~analyser.errors.InputError` only when *nothing* useful
could run (no CSAT, mixed scales, too few tickets), so a study never ends in a silently empty report.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import math
import platform
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analyser import __version__
from analyser.errors import InputError
from analyser.io import (
    Dataset,
    dataset_paths,
    ensure_directory,
    neutralise_frame,
    read_dataset,
    write_json,
    write_table,
)
from analyser.settings import Settings
from analyser.study.config import MIN_TICKETS_MODEL, SMALL_CELL, StudyConfig
from analyser.study.prepare import (
    Limitation,
    PreparedData,
    feature_catalogue,
    frame_checksum,
    higher_is_better,
    prepare,
)
from analyser.study.stats import (
    ModelFit,
    TwoByTwo,
    correlation_mde,
    feature_correlations,
    fit_interaction_model,
    two_by_two,
)
from analyser.study.stelling2 import AgentProfiles, agent_profiles
from analyser.study.verdicts import Verdict, general_caveats, verdicts

STUDY_VERSION = "1.0"  # bump when a change to the method would change the numbers
PACKAGES = ("pandas", "numpy", "scipy", "statsmodels", "matplotlib", "jinja2", "spacy", "click")


@dataclass
class StudyResult:
    """Everything the study found, as Python objects; :meth:`to_dict` is what results.json holds."""

    config: StudyConfig
    data: PreparedData
    correlations: pd.DataFrame
    table: TwoByTwo | None
    model: ModelFit | None
    verdicts: list[Verdict]
    profiles: AgentProfiles | None
    limitations: list[Limitation]
    parts: dict[str, str]
    summary: dict[str, Any]
    reproducibility: dict[str, Any] = field(default_factory=dict)

    @property
    def tickets(self) -> pd.DataFrame:
        """The ticket-level table every statistic was computed on."""
        return self.data.tickets

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                "study": "stelling-1",
                "study_version": STUDY_VERSION,
                "data": self.summary,
                "parts": self.parts,
                "limitations": [item.to_dict() for item in self.limitations],
                "verdicts": [verdict.to_dict() for verdict in self.verdicts],
                "correlations": self.correlations.to_dict(orient="records"),
                "table_2x2": self.table.to_dict() if self.table else None,
                "model": self.model.to_dict() if self.model else None,
                "power": power_statement(self),
                "stelling2": self.profiles.to_dict() if self.profiles else None,
                "reproducibility": self.reproducibility,
            }
        )

    def summary_text(self) -> str:
        """A short plain-text summary for the terminal."""
        s = self.summary
        lines = [
            f"Stelling 1 study: {s['n_tickets_analysed']} rated tickets (CSAT {s['csat_scale']}), "
            f"{s['n_agents']} agents, {s['share_it_failed_text']} with IT failure; aggregate = "
            f"{self.config.aggregate}, alpha = {self.config.alpha:g}",
            "",
        ]
        for verdict in self.verdicts:
            lines.append(f"  {verdict.part:<14} {verdict.status.upper():<13} {verdict.summary}")
        if not self.correlations.empty:
            lines += ["", "Strongest feature correlations with CSAT (Spearman, BH-adjusted):"]
            for row in self.correlations.head(5).itertuples():
                mark = "*" if row.significant else " "
                lines.append(
                    f"  {mark} {row.feature:<28} rho {row.rho:+.3f} [{row.ci_low:+.3f}, {row.ci_high:+.3f}] "
                    f"p_bh {row.p_bh:.3g}"
                )
        if self.profiles is not None:
            lines += ["", f"Stelling 2: {self.profiles.summary}"]
        power = power_statement(self)
        if power.get("text"):
            lines += ["", f"Power: {power['text']}"]
        skipped = [item for item in self.limitations]
        if skipped:
            lines += ["", "Limitations:"]
            lines += [f"  - [{item.part}] {item.message}" for item in skipped]
        return "\n".join(lines)


def to_jsonable(value: Any) -> Any:
    """Plain JSON types: NaN and NA become null, numpy scalars Python numbers, timestamps ISO strings."""
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return [to_jsonable(v) for v in value.tolist()]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if not math.isfinite(float(value)) else float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value if isinstance(value, str) else str(value)


def power_statement(result: StudyResult) -> dict[str, Any]:
    """The smallest effects this data could detect (two-sided alpha, configured power)."""
    config = result.config
    out: dict[str, Any] = {"alpha": config.alpha, "power": config.power}
    parts = []
    if not result.correlations.empty:
        mde = float(correlation_mde(int(result.correlations["n"].max()), config.alpha, config.power))
        out["correlation_mde_rho"] = mde
        parts.append(f"a feature correlation of |rho| >= {mde:.2f} (before the multiple-testing correction)")
    if result.model is not None:
        inter = result.model.interaction
        out["interaction_mde_log_odds"] = inter.mde
        out["interaction_mde_odds_ratio"] = float(np.exp(inter.mde))
        out["slope_it_failed_mde_log_odds"] = result.model.slope_failed.mde
        parts.append(f"an interaction of {inter.mde:.2f} log-odds per 10 points (odds ratio {np.exp(inter.mde):.2f})")
    if result.table is not None:
        row = result.table.communication_within_it.set_index("it_outcome")
        if "failed" in row.index and np.isfinite(row.loc["failed", "mde_d"]):
            out["failed_good_vs_poor_mde_d"] = float(row.loc["failed", "mde_d"])
            parts.append(
                f"a good-versus-poor difference among failed tickets of Cohen's d >= {row.loc['failed', 'mde_d']:.2f}"
            )
    if parts:
        out["text"] = (
            f"with {config.power:.0%} power at alpha = {config.alpha:g}, this data could detect "
            + "; ".join(parts)
            + ". Smaller true effects may exist and go undetected."
        )
    return out


def _checksum(source: str | Path | None, dataset: Dataset, files: list[Path] | None = None) -> dict[str, Any]:
    """Checksums of the input files (``files`` when given: the tickets table and a feature folder's meta.json,
    which records every part's input checksum), else of the tables' content."""
    if source is not None or files:
        try:
            paths = files or [p for p in dataset_paths(source) if p is not None]
        except InputError:
            paths = []
        if paths:
            files = {}
            combined = hashlib.sha256()
            for path in paths:
                digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
                files[Path(path).name] = "sha256:" + digest
                combined.update(digest.encode())
            return {"input_checksum": "sha256:" + combined.hexdigest(), "input_files": files}
    return {"input_checksum": frame_checksum(dataset.tickets, dataset.replies), "input_files": {}}


def package_versions() -> dict[str, str]:
    """Versions of Python and of the packages that produce the numbers."""
    versions = {"python": platform.python_version(), "ticket-analyser": __version__}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def run_study(
    data: Dataset | str | Path,
    config: StudyConfig | None = None,
    *,
    scored_replies: pd.DataFrame | None = None,
    settings: Settings | None = None,
    features: str | Path | None = None,
) -> StudyResult:
    """Run the Stelling 1 study (and Stelling 2) on ``data``: a :class:`Dataset` or a path to one.

    ``scored_replies`` lets a caller pass agent replies that already carry features (the study then skips
    extraction).  ``settings`` are the general settings (language, default language, pipeline) the replies
    are scored with, the same as every other command's (:func:`analyser.scoring.score_replies`).
    ``features`` is a folder of feature parts (``extract --engine dask -o FOLDER/``) that takes the place of
    the dataset's replies; with ``settings.engine`` ``dask`` it is aggregated to tickets on a Dask cluster
    (:mod:`analyser.engines.feature_parts`, docs/scale.md).  Raises :class:`InputError` when nothing could run;
    otherwise every part that could not run is listed in ``result.limitations`` and ``result.parts``.
    """
    config = config or StudyConfig()
    settings = settings or Settings()
    source: str | Path | None = None
    summary = None
    checked: list[Path] = []
    if not isinstance(data, Dataset):
        source = data
    if features is not None:
        from analyser.engines.feature_parts import meta_path_of, study_input

        data, summary = study_input(data, features, config, settings)
        tickets_path = dataset_paths(source)[0] if source is not None else None
        checked = [path for path in (tickets_path, meta_path_of(features)) if path is not None]
    elif settings.engine.name == "dask":
        raise InputError(
            "study --engine dask works on a folder of feature parts: score the replies with "
            "`extract REPLIES --engine dask -o FOLDER/`, then give --features FOLDER/"
        )
    elif not isinstance(data, Dataset):
        data = read_dataset(data)
    prepared = prepare(data, config, scored=scored_replies, settings=settings, summary=summary)
    tickets = prepared.tickets
    limitations = list(prepared.limitations)
    parts: dict[str, str] = {}
    binary = prepared.scale == "good/bad"

    if tickets["csat"].nunique() < 2:
        raise InputError(
            f"CSAT is the same ({tickets['csat'].iloc[0]:g}) on all {len(tickets)} rated tickets: nothing can be "
            "related to it; none of the parts could run",
            file=str(source) if source else None,
            column="csat_score",
        )

    catalogue = feature_catalogue()
    direction = {name: higher_is_better(name, catalogue) for name in prepared.features}
    correlations, skipped = feature_correlations(
        tickets,
        prepared.features,
        alpha=config.alpha,
        seed=config.seed,
        resamples=config.bootstrap_resamples,
        power=config.power,
        direction=direction,
    )
    limitations += [Limitation("correlations", message) for message in skipped]
    parts["correlations"] = "ran" if not correlations.empty else "skipped: no feature could be correlated"

    communication = config.communication_feature
    reason = ""
    if communication not in tickets.columns:
        reason = f"the replies have no '{communication}' feature"
    elif tickets[communication].nunique(dropna=True) < 2:
        reason = f"'{communication}' is constant: good and poor communication cannot be told apart"
    elif not prepared.it_indicators:
        reason = "there is no IT outcome (resolved, reopened, sla_breached)"
    else:
        known = tickets.dropna(subset=["it_failed", communication])
        if known["it_failed"].nunique() < 2:
            outcome = "failed" if bool(known["it_failed"].iloc[0]) else "ok"
            reason = f"the IT outcome is '{outcome}' on every ticket, so there is nothing to compare"
    table: TwoByTwo | None = None
    model: ModelFit | None = None
    if reason:
        limitations.append(Limitation("2x2 table and model", f"skipped because {reason}", "skipped"))
        parts["table_2x2"] = parts["model"] = f"skipped: {reason}"
    else:
        table = two_by_two(
            tickets,
            communication=communication,
            cut=config.communication_cut,
            alpha=config.alpha,
            power=config.power,
            binary=binary,
        )
        parts["table_2x2"] = "ran"
        empty = [f"{r.it_outcome}/{r.communication}" for r in table.cells.itertuples() if r.n == 0]
        if empty:
            limitations.append(
                Limitation(
                    "2x2 table",
                    f"empty cell(s) {', '.join(empty)} at the communication cut {table.cut:g} ({table.cut_rule}): "
                    "their means are undefined and, when a whole communication group is empty, part (c) cannot "
                    "run; choose another --communication-cut (the model does not use the cut and still runs)",
                )
            )
        n_model = len(tickets.dropna(subset=["it_failed", communication]))
        if n_model < MIN_TICKETS_MODEL:
            reason = (
                f"too few tickets for a model: {n_model} rated tickets with an IT outcome, at least "
                f"{MIN_TICKETS_MODEL} needed; the correlations and the 2x2 table did run"
            )
            limitations.append(Limitation("model", reason, "skipped"))
            parts["model"] = f"skipped: {reason}"
        else:
            try:
                model = fit_interaction_model(
                    tickets,
                    prepared.scale,
                    communication=communication,
                    alpha=config.alpha,
                    power=config.power,
                    controls=config.controls,
                    extra_controls=prepared.ticket_controls,
                    communication_contrast=table.good_mean_score - table.poor_mean_score,
                )
                parts["model"] = "ran"
                limitations += [Limitation("model", note) for note in model.notes]
            except (ValueError, np.linalg.LinAlgError) as error:
                reason = f"the model could not be fitted ({error}); the correlations and the 2x2 table did run"
                limitations.append(Limitation("model", reason, "skipped"))
                parts["model"] = f"skipped: {reason}"
    n_agents = int(tickets["agent_id"].nunique(dropna=True))
    if n_agents < 2:
        who = "no agent ids" if n_agents == 0 else "1 agent only"
        limitations.append(
            Limitation(
                "agents",
                f"{who}: agent effects cannot be separated from communication effects, errors are "
                "not clustered, and Stelling 2 (comparing agents) cannot run; the other parts ran",
            )
        )

    # Response rate: rated among surveyed tickets when the export says which were surveyed (a csat_scale
    # without a score), else among all tickets (then open tickets without a survey count as non-response).
    n_rated = int(pd.to_numeric(data.tickets["csat_score"], errors="coerce").notna().sum())
    base = prepared.n_surveyed if prepared.n_surveyed > n_rated else prepared.n_tickets_total
    rated_share = n_rated / base if base else None
    scale_values = sorted(tickets["csat"].unique())
    extreme = float(tickets["csat"].isin([scale_values[0], scale_values[-1]]).mean()) if scale_values else None
    small_cells = (
        [f"{r.it_outcome}/{r.communication}" for r in table.cells.itertuples() if r.n < SMALL_CELL] if table else []
    )
    caveats = general_caveats(
        response_rate=rated_share,
        extreme_share=extreme,
        n_clusters=max(n_agents, 1),
        small_cells=small_cells,
        scale=prepared.scale,
    )
    verdict_list = verdicts(
        model,
        table,
        alpha=config.alpha,
        caveats=caveats,
        skipped_reason=parts.get("model", "").removeprefix("skipped: "),
    )
    parts["verdicts"] = "ran" if model is not None else "skipped: needs the model"

    profiles: AgentProfiles | None = None
    replies = prepared.reply_summary
    try:
        if replies.agent_axes is None:
            raise ValueError(replies.agent_axes_error)
        profiles = agent_profiles(
            None,
            tickets,
            axes=replies.agent_axes,
            technical=config.technical_feature,
            communication=communication,
            alpha=config.alpha,
            seed=config.seed,
            resamples=config.bootstrap_resamples,
            power=config.power,
        )
        parts["stelling2"] = "ran"
        limitations += [Limitation("Stelling 2", note) for note in profiles.notes]
    except ValueError as error:
        parts["stelling2"] = f"skipped: {error}"
        limitations.append(Limitation("Stelling 2", f"skipped: {error}", "skipped"))

    failed = tickets["it_failed"].dropna()
    summary = {
        "source": data.source,
        "n_tickets_total": prepared.n_tickets_total,
        "n_tickets_analysed": len(tickets),
        "response_rate": rated_share,
        "response_rate_base": "surveyed tickets" if base == prepared.n_surveyed and base > n_rated else "all tickets",
        "csat_scale": prepared.scale,
        "csat_scale_inferred": prepared.scale_inferred,
        "csat_distribution": {f"{k:g}": int(v) for k, v in tickets["csat"].value_counts().sort_index().items()},
        "csat_extreme_share": extreme,
        "n_agents": n_agents,
        "n_agent_replies": replies.n_replies,
        "it_outcome_indicators": prepared.it_indicators,
        "share_it_failed": float(failed.astype(bool).mean()) if len(failed) else None,
        "share_it_failed_text": f"{failed.astype(bool).mean():.0%}" if len(failed) else "unknown share",
        "features": prepared.features,
        "languages": replies.languages,
    }
    result = StudyResult(
        config=config,
        data=prepared,
        correlations=correlations,
        table=table,
        model=model,
        verdicts=verdict_list,
        profiles=profiles,
        limitations=limitations,
        parts=parts,
        summary=summary,
    )
    result.reproducibility = {
        **_checksum(source, data, checked),
        "seed": config.seed,
        "configuration": config.to_dict(),
        "study_version": STUDY_VERSION,
        "package_versions": package_versions(),
        "pipeline": prepared.pipeline,
        "command": " ".join(sys.argv) if sys.argv and "ticket-analyser" in sys.argv[0] else None,
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    return result


def write_study(result: StudyResult, out_dir: str | Path) -> dict[str, Path]:
    """Write ``report.html``, ``results.json`` and ``tickets.csv`` (the analysed table) into ``out_dir``."""
    from analyser.io import output_set
    from analyser.study.report import render_study_report

    out = ensure_directory(out_dir)
    paths = {"results": out / "results.json", "report": out / "report.html", "tickets": out / "tickets.csv"}
    html = render_study_report(result)
    with output_set(out) as outputs:  # all three appear together, results.json last
        outputs.stage(paths["report"]).write_text(html, encoding="utf-8")
        write_table(neutralise_frame(result.tickets), paths["tickets"], into=outputs)  # spreadsheet-safe
        write_json(result.to_dict(), paths["results"], into=outputs)
    return paths
