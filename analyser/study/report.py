"""The study's HTML report: verdicts first, then the evidence behind them, then how to reproduce it.

Built on the shared :mod:`analyser.report` module, so it is one self-contained file (inline CSS and SVG).
Figures are drawn with matplotlib's Agg backend; every label that comes from data is escaped by the SVG
writer and every table cell by :func:`analyser.report.render_table`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from markupsafe import Markup

from analyser.report import (
    Section,
    callout,
    definition_list,
    figure_to_svg,
    paragraph,
    pyplot,
    render_report,
    render_table,
)
from analyser.study.prepare import feature_catalogue
from analyser.study.stats import BCA_MAX_TICKETS

if TYPE_CHECKING:
    from analyser.study.core import StudyResult

PALETTE = {"good": "#2f7d5b", "poor": "#c0504d", "ok": "#2f5d8a", "failed": "#c0504d", "neutral": "#5f6b7a"}
KIND = {"supported": "ok", "contradicted": "bad", "inconclusive": "warn", "not run": "neutral"}


def interaction_plot(result: StudyResult) -> Markup:
    """Mean CSAT by IT outcome, one line per communication level, with intervals: the 2x2 table as a picture."""
    plt = pyplot(10)
    cells = result.table.cells
    fig, ax = plt.subplots(figsize=(6, 4))
    for offset, level in ((-0.03, "good"), (0.03, "poor")):
        rows = cells[cells["communication"] == level].set_index("it_outcome").reindex(["ok", "failed"])
        x = np.array([0, 1]) + offset
        y = rows["mean_csat"].to_numpy(dtype=float)
        err = np.vstack([y - rows["ci_low"].to_numpy(dtype=float), rows["ci_high"].to_numpy(dtype=float) - y])
        ax.errorbar(
            x, y, yerr=np.nan_to_num(err), marker="o", capsize=4, color=PALETTE[level], label=f"{level} communication"
        )
        for xi, yi, n in zip(x, y, rows["n"], strict=True):
            if np.isfinite(yi):
                ax.annotate(
                    f"n={int(n)}",
                    (xi, yi),
                    textcoords="offset points",
                    xytext=(8, -3),
                    fontsize=8,
                    color=PALETTE[level],
                )
    ax.set_xticks([0, 1], ["IT ok", "IT failed"])
    ax.set_xlim(-0.4, 1.5)
    ax.set_ylabel("share satisfied" if result.data.scale == "good/bad" else f"mean CSAT ({result.data.scale})")
    ax.set_title("Interaction: communication x IT outcome")
    ax.legend(frameon=False)
    return figure_to_svg(fig, alt="Mean CSAT per IT outcome for good and poor communication")


def forest_plot(
    correlations: pd.DataFrame, *, title: str = "Feature correlations with CSAT", limit: int = 30
) -> Markup:
    """Spearman's rho with bootstrap interval per feature; filled markers survive Benjamini-Hochberg.

    Only the ``limit`` strongest correlations are drawn (the table below the plot lists every feature), so
    the plot stays readable with the full feature catalogue.
    """
    plt = pyplot(10)
    frame = correlations.head(limit).sort_values("rho").reset_index(drop=True)
    if len(correlations) > limit:
        title = f"{title} (strongest {limit} of {len(correlations)})"
    fig, ax = plt.subplots(figsize=(7, 0.32 * len(frame) + 1.2))
    y = np.arange(len(frame))
    ax.axvline(0, color="#999999", linewidth=1)
    ax.hlines(y, frame["ci_low"], frame["ci_high"], color=PALETTE["neutral"])
    significant = frame["significant"].to_numpy(dtype=bool)
    ax.scatter(frame["rho"][significant], y[significant], color=PALETTE["ok"], zorder=3, label="significant (BH)")
    ax.scatter(
        frame["rho"][~significant],
        y[~significant],
        facecolor="white",
        edgecolor=PALETTE["neutral"],
        zorder=3,
        label="not significant",
    )
    ax.set_yticks(y, frame["feature"].astype(str))
    ax.set_xlabel("Spearman's rho with CSAT (bootstrap interval)")
    ax.set_title(title)
    ax.legend(frameon=False, loc="lower right", fontsize=8)
    return figure_to_svg(fig, alt=title)


def distributions(result: StudyResult) -> Markup:
    """CSAT distribution, and the communication score by IT outcome with the good/poor cut."""
    plt = pyplot(10)
    tickets = result.tickets
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4))
    counts = tickets["csat"].value_counts().sort_index()
    left.bar([f"{v:g}" for v in counts.index], counts.to_numpy(), color=PALETTE["ok"])
    left.set_title(f"CSAT ({result.data.scale}), n = {len(tickets)}")
    left.set_ylabel("tickets")
    name = result.config.communication_feature
    if name in tickets.columns:
        bins = np.linspace(0, 100, 26)
        if tickets["it_failed"].notna().any():
            for outcome, label in ((False, "ok"), (True, "failed")):
                values = tickets.loc[tickets["it_failed"] == outcome, name].dropna()
                right.hist(
                    values,
                    bins=bins,
                    histtype="step",
                    linewidth=1.8,
                    color=PALETTE[label],
                    label=f"IT {label} (n={len(values)})",
                )
        else:
            right.hist(tickets[name].dropna(), bins=bins, color=PALETTE["neutral"])
        if result.table is not None:
            right.axvline(result.table.cut, color="#333333", linestyle="--", linewidth=1, label="good/poor cut")
        if right.get_legend_handles_labels()[1]:
            right.legend(frameon=False, fontsize=8)
        right.set_title(f"{name} per ticket ({result.config.aggregate})")
        right.set_xlabel("score (0-100)")
    fig.tight_layout()
    return figure_to_svg(fig, alt="Distributions of CSAT and of the communication score")


def agent_plot(result: StudyResult) -> Markup:
    """Stelling 2: agents on the technical and communication axes, coloured by mean CSAT."""
    plt = pyplot(10)
    agents = result.profiles.agents
    fig, ax = plt.subplots(figsize=(6, 4.5))
    sizes = 20 + 4 * np.sqrt(agents["n_rated_tickets"].to_numpy(dtype=float))
    points = ax.scatter(
        agents["technical"],
        agents["communication"],
        c=agents["mean_csat"],
        s=sizes,
        cmap="viridis",
        edgecolor="#333333",
        linewidth=0.5,
    )
    fig.colorbar(points, ax=ax, label="mean CSAT of the agent's tickets")
    ax.set_xlabel("technical-content score (mean over replies)")
    ax.set_ylabel("communication score (mean over replies)")
    ax.set_title("Agents: technicus (right, low) versus communicator (left, high)")
    return figure_to_svg(fig, alt="Agents placed on technical and communication axes")


def _fmt_p(value: float) -> str:
    if value is None or not np.isfinite(value):
        return "–"
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def render_study_report(result: StudyResult) -> str:
    """The complete HTML report of a study run (a string; see :func:`analyser.study.write_study`)."""
    s = result.summary
    config = result.config
    sections: list[Section] = []

    overview = [
        paragraph(
            f"{s['n_tickets_analysed']} rated tickets with public agent replies (of {s['n_tickets_total']} tickets), "
            f"CSAT on the {s['csat_scale']} scale, {s['n_agents']} agents, IT failure on {s['share_it_failed_text']} "
            f"of tickets (indicators: {', '.join(s['it_outcome_indicators']) or 'none'}). Reply features are "
            f"aggregated per ticket by '{config.aggregate}'; tests at alpha = {config.alpha:g}."
        )
    ]
    for verdict in result.verdicts:
        overview.append(
            callout(
                f"{verdict.part.capitalize()}: {verdict.status}", verdict.summary, kind=KIND.get(verdict.status, "info")
            )
        )
    if result.profiles is not None:
        overview.append(callout("Stelling 2", result.profiles.summary, kind="info"))
    sections.append(Section("Verdicts", overview, intro="Stelling 1 split into three testable parts."))

    skipped = [item for item in result.limitations]
    if skipped:
        items = Markup("").join(
            Markup("<li><strong>{}</strong> ({}): {}</li>").format(item.part, item.severity, item.message)
            for item in skipped
        )
        sections.append(
            Section("What could not run, and reservations", [Markup("<ul class='plain'>{}</ul>").format(items)])
        )

    if result.table is not None:
        table = result.table
        cells = table.cells.rename(columns={"it_outcome": "IT outcome", "mean_csat": "mean CSAT"})
        within = table.communication_within_it[
            ["it_outcome", "contrast", "n_a", "n_b", "difference", "ci_low", "ci_high", "p", "cohens_d", "mde_d"]
        ]
        blocks = [
            paragraph(
                f"Good communication: ticket communication score >= {table.cut:.1f} (cut rule: {table.cut_rule}); "
                f"mean score {table.good_mean_score:.1f} in the good group and {table.poor_mean_score:.1f} in the "
                "poor group. Intervals: t for mean scores, Wilson for shares."
            ),
            render_table(
                cells, caption="Mean CSAT per cell", row_classes=["muted" if n < 20 else "" for n in table.cells["n"]]
            ),
            render_table(
                within, caption="Good minus poor communication within each IT outcome (Welch)", formatters={"p": _fmt_p}
            ),
            interaction_plot(result),
        ]
        sections.append(Section("2x2 table: IT outcome x communication", blocks))

    if result.model is not None:
        model = result.model
        key = pd.DataFrame(
            [
                e.to_dict()
                for e in (
                    model.slope_failed,
                    model.slope_ok,
                    model.interaction,
                    model.it_effect,
                    model.communication_effect,
                    model.size_difference,
                )
                if e is not None
            ]
        )[["label", "estimate", "ci_low", "ci_high", "p", "odds_ratio", "mde"]]
        blocks = [
            paragraph(
                f"{model.family}; n = {model.n}; errors {model.cov_type}"
                + (
                    f" by agent ({model.n_clusters} agents, t with {model.df} df)"
                    if model.cov_type == "cluster"
                    else ""
                )
                + f"; controls: {', '.join(model.controls) or 'none'}. Communication is centred and counted per 10 "
                "points; estimates are log-odds (population-averaged), odds ratios = exp(estimate); 'mde' is the "
                "smallest effect detectable with the configured power."
            ),
            render_table(key, caption="Quantities the verdicts use", formatters={"p": _fmt_p}),
            render_table(model.terms, caption="All coefficients", formatters={"p": _fmt_p}),
        ]
        sections.append(Section("Model", blocks))

    power = result.to_dict()["power"]
    if power.get("text"):
        sections.append(Section("Power", [paragraph(power["text"][0].upper() + power["text"][1:])]))

    if not result.correlations.empty:
        shown = result.correlations.drop(columns=["higher_is_better"])
        catalogue = feature_catalogue()
        if catalogue:
            shown = shown.assign(meaning=[str(catalogue.get(f, {}).get("meaning", "")) for f in shown["feature"]])
        blocks = [
            paragraph(
                "Spearman's rho of each ticket-level feature with CSAT, bootstrap interval over tickets "
                f"({config.bootstrap_resamples} resamples; BCa up to {BCA_MAX_TICKETS:,} tickets, percentile above, "
                "where BCa's jackknife would cost the square of the tickets), p-values adjusted by Benjamini-Hochberg "
                f"across "
                f"{len(shown)} features. Effect-size labels follow Cohen (|rho| 0.1 small, 0.3 medium, 0.5 large)."
            ),
            forest_plot(result.correlations),
            render_table(
                shown,
                formatters={"p": _fmt_p, "p_bh": _fmt_p},
                row_classes=["significant" if v else "" for v in shown["significant"]],
            ),
        ]
        sections.append(Section("Feature correlations", blocks))

    sections.append(Section("Distributions", [distributions(result)]))

    if result.profiles is not None:
        profiles = result.profiles
        blocks = [
            paragraph(profiles.summary),
            agent_plot(result),
            render_table(
                profiles.correlations, caption="Across agents: Spearman with mean CSAT", formatters={"p": _fmt_p}
            ),
            render_table(profiles.by_profile, caption="Mean CSAT by profile"),
            render_table(profiles.agents, caption="Agents"),
        ]
        sections.append(Section("Stelling 2: technicus or communicator", blocks))

    caveats = result.verdicts[0].caveats if result.verdicts else []
    if caveats:
        items = Markup("").join(Markup("<li>{}</li>").format(c) for c in caveats)
        sections.append(Section("Caveats", [Markup("<ul class='plain'>{}</ul>").format(items)]))

    repro = result.to_dict()["reproducibility"]
    metadata = {
        "input checksum": repro.get("input_checksum"),
        "input files": repro.get("input_files") or "passed in memory",
        "seed": repro.get("seed"),
        "configuration": repro.get("configuration"),
        "study version": repro.get("study_version"),
        "package versions": repro.get("package_versions"),
        "NLP pipeline": repro.get("pipeline") or "features supplied with the input",
    }
    sections.append(Section("Data", [definition_list({k: v for k, v in s.items() if k != "features"})]))
    return render_report(
        "Stelling 1: does communication quality move CSAT?",
        sections,
        metadata,
        subtitle=f"Source: {s['source']}",
    )
