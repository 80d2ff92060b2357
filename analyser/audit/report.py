"""The audit as a self-contained HTML page, plus the same tables as CSV and JSON.

Built on the shared report module (:mod:`analyser.report`: base template with autoescape, inline SVG
figures, escaped tables).  What is added here is specific to coaching: summary tiles, per-agent scorecards
drawn as percentile bars in plain HTML/CSS (crisp at any zoom, readable by a screen reader), and flagged
replies with the phrases that fired highlighted.  Every piece of ticket text goes through
:class:`markupsafe.Markup` formatting, which escapes it: a reply holding ``<script>`` shows as text.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from markupsafe import Markup

from analyser.audit.core import NO_AGENT, AuditResult, agent_summary
from analyser.audit.reasons import DIMENSIONS
from analyser.io import OutputSet, ensure_directory, neutralise_frame, write_json, write_table
from analyser.report import Section, callout, figure_to_svg, pyplot, render_report, render_table

ACCENT, LIGHT, WARN, GOOD, GREY = "#2f5d8a", "#9fb8d3", "#c2571a", "#1f7a4d", "#8a96a3"
DIMENSION_LABELS = [label for label, _ in DIMENSIONS.values()]

STYLE = Markup(
    """<style>
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .75rem; margin: 1rem 0; }
.tile { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: .7rem .9rem; }
.tile .value { font-size: 1.6rem; font-weight: 650; color: var(--accent); line-height: 1.2; }
.tile .label { color: var(--muted); font-size: .85rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(28rem, 100%), 1fr)); gap: 1rem; }
.card { border: 1px solid var(--line); border-radius: 10px; padding: .8rem 1rem; background: #fff; }
.card h3 { margin: 0 0 .2rem; font-size: 1.1rem; }
.card .meta { color: var(--muted); font-size: .85rem; margin-bottom: .5rem; }
.bar-row { display: grid; grid-template-columns: 6.5rem minmax(3rem, 1fr) 9rem; gap: .5rem; align-items: center; font-size: .85rem; margin: .2rem 0; }
.bar { position: relative; height: .8rem; background: var(--neutral-bg); border-radius: 4px; }
.bar .fill { position: absolute; left: 0; top: 0; bottom: 0; border-radius: 4px; background: #6b8fb5; }
.bar .fill.low { background: #d98b5f; } .bar .fill.high { background: #4f9e74; }
.bar .mid { position: absolute; left: 50%; top: -2px; bottom: -2px; border-left: 1px dashed var(--muted); }
.bar-row .num { text-align: right; font-variant-numeric: tabular-nums; color: var(--muted); }
.pill { display: inline-block; border-radius: 999px; padding: 0 .55rem; font-size: .8rem; margin-right: .25rem; }
.pill.good { background: var(--ok-bg); color: var(--ok); } .pill.bad { background: var(--bad-bg); color: var(--bad); }
.pill.info { background: var(--info-bg); color: var(--accent); }
details.reply { border: 1px solid var(--line); border-radius: 8px; margin: .6rem 0; background: #fff; }
details.reply > summary { cursor: pointer; padding: .5rem .8rem; background: var(--panel); border-radius: 8px; }
details.reply[open] > summary { border-bottom: 1px solid var(--line); border-radius: 8px 8px 0 0; }
.reply-body { display: grid; grid-template-columns: minmax(0, 1.1fr) minmax(0, 1fr); gap: 1rem; padding: .8rem; }
@media (max-width: 50rem) { .reply-body { grid-template-columns: 1fr; } }
.reply-text { white-space: pre-wrap; font-family: inherit; font-size: .9rem; line-height: 1.5; background: var(--panel); border-radius: 6px; padding: .6rem .8rem; margin: 0; }
.reply-text mark { background: #ffe08a; border-radius: 3px; padding: 0 1px; }
.reply-text mark.error { background: #f7c2c2; }
.reply-text mark sup { font-size: .65rem; color: var(--muted); margin-left: 1px; }
ol.reasons { margin: 0; padding-left: 1.2rem; font-size: .9rem; } ol.reasons li { margin-bottom: .45rem; }
.code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .8rem; background: var(--neutral-bg); padding: 0 .3rem; border-radius: 3px; }
.suggestion { display: block; color: var(--ok); }
h3.agent { margin-top: 1.5rem; }
a.back { font-size: .8rem; }
.muted { color: var(--muted); }
.nowrap { white-space: nowrap; }
</style>"""
)


def _num(value: Any, digits: int = 1, empty: str = "–") -> str:
    """A number for display; never 'nan'."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return empty
    return empty if math.isnan(number) else f"{number:.{digits}f}"


def _ordinal(value: float) -> str:
    n = round(float(value))
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _anchor(agent: str) -> str:
    return "agent-" + "".join(c if c.isalnum() else "-" for c in agent.lower())


def _tiles(result: AuditResult) -> Markup:
    s = result.summary
    tiles = [
        (str(s["replies"]), "agent replies scored"),
        (f"{s['agents_with_scorecard']} / {s['agents']}", "agents with a scorecard"),
        (_num(s.get("communication_mean")), "mean communication score (0-100)"),
    ]
    if s.get("csat_label") and len(result.replies):
        csat = result.replies.drop_duplicates("ticket_id")["csat"]
        tiles.append((_num(csat.mean(), 2), f"mean {s['csat_label']} ({int(csat.notna().sum())} rated tickets)"))
    tiles.append((str(s["flagged_replies"]), "replies flagged for coaching"))
    cells = Markup("").join(
        Markup('<div class="tile"><div class="value">{}</div><div class="label">{}</div></div>').format(v, label)
        for v, label in tiles
    )
    return Markup('<div class="tiles">{}</div>').format(cells)


def _notes(result: AuditResult, section: str) -> list[Markup]:
    return [callout("Note", message, kind="warn") for message in result.notes.get(section, [])]


# --- figures ----------------------------------------------------------------------------------------


def _hboxplot(ax: Any, data: list[Any], widths: float) -> dict[str, Any]:
    """Horizontal box plots: ``orientation`` since matplotlib 3.10, ``vert=False`` before (now deprecated)."""
    style = {"patch_artist": True, "widths": widths, "medianprops": {"color": "black"}}
    try:
        return ax.boxplot(data, orientation="horizontal", **style)
    except TypeError:
        return ax.boxplot(data, vert=False, **style)


def _distribution_figure(result: AuditResult) -> Markup:
    plt = pyplot(9)
    replies = result.replies
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6), gridspec_kw={"width_ratios": [1, 1.3]})
    scores = replies["communication_score"].dropna()
    left.hist(scores, bins=np.arange(0, 105, 5), color=ACCENT, edgecolor="white")
    left.axvline(scores.mean(), color=WARN, linestyle="--", linewidth=1.2, label=f"team mean {scores.mean():.0f}")
    threshold = result.summary.get("flag_threshold")
    if threshold is not None:
        left.axvline(threshold, color=GREY, linestyle=":", linewidth=1.2, label=f"flagged below {threshold:.0f}")
    left.set_xlabel("communication score (0-100)")
    left.set_ylabel("replies")
    left.set_title("Communication score of every reply", loc="left")
    left.legend(frameon=False)
    shares = [(replies[c] / points * 100).dropna() for c, (_, points) in DIMENSIONS.items()]
    box = _hboxplot(right, shares, widths=0.55)
    for patch in box["boxes"]:
        patch.set_facecolor(LIGHT)
    right.set_yticks(range(1, len(DIMENSION_LABELS) + 1), DIMENSION_LABELS)
    right.invert_yaxis()
    right.set_xlim(-2, 102)
    right.set_xlabel("% of the dimension's points")
    right.set_title("Each dimension across all replies", loc="left")
    fig.tight_layout()
    return figure_to_svg(fig, alt="Distribution of communication scores and of each dimension")


def _agents_figure(result: AuditResult) -> Markup:
    plt = pyplot(9)
    replies = result.replies
    order = replies.groupby("agent")["communication_score"].median().sort_values().index.tolist()
    fig, ax = plt.subplots(figsize=(10, 0.42 * len(order) + 1.2))
    data = [replies.loc[replies["agent"] == a, "communication_score"].dropna() for a in order]
    box = _hboxplot(ax, data, widths=0.6)
    for patch in box["boxes"]:
        patch.set_facecolor(LIGHT)
    ax.set_yticks(range(1, len(order) + 1), [f"{a} (n={len(d)})" for a, d in zip(order, data, strict=True)])
    ax.axvline(replies["communication_score"].mean(), color=WARN, linestyle="--", linewidth=1, label="team mean")
    ax.set_xlim(0, 100)
    ax.set_xlabel("communication score (0-100)")
    ax.set_title("Spread of each agent's replies (sorted by median)", loc="left")
    ax.legend(frameon=False, loc="lower right")
    fig.tight_layout()
    return figure_to_svg(fig, alt="Communication score per agent")


def _weekly_figure(result: AuditResult) -> Markup:
    plt = pyplot(9)
    weekly = result.weekly
    x = pd.to_datetime(weekly["week"])
    has_csat = "csat_mean" in weekly.columns and weekly["csat_mean"].notna().any()
    rows = 3 if has_csat else 2
    fig, axes = plt.subplots(
        rows, 1, figsize=(10, 1.9 * rows + 1), sharex=True, gridspec_kw={"height_ratios": [2.2, *([1.2] * (rows - 1))]}
    )
    top = axes[0]
    top.fill_between(x, weekly["p25"], weekly["p75"], color=LIGHT, alpha=0.5, label="middle half of the replies")
    top.plot(x, weekly["communication_mean"], color=ACCENT, marker="o", label="mean")
    top.axhline(
        result.summary.get("communication_mean") or 0, color=GREY, linestyle=":", linewidth=1, label="period mean"
    )
    top.set_ylim(0, 100)
    top.set_ylabel("communication")
    top.set_title("Communication score by week", loc="left")
    top.legend(frameon=False, loc="lower left", ncol=3)
    axes[1].bar(x, weekly["replies"], width=5, color=GREY, alpha=0.6)
    axes[1].set_ylabel("replies")
    if has_csat:
        label = result.summary.get("csat_label") or "CSAT"
        axes[2].plot(x, weekly["csat_mean"], color=WARN, marker="s")
        axes[2].set_ylabel(f"mean {label}")
    axes[-1].set_xlabel("week starting")
    fig.autofmt_xdate()
    fig.tight_layout()
    return figure_to_svg(fig, alt="Weekly trend of the communication score, replies and CSAT")


def _label_points(ax: Any, xs: pd.Series, ys: pd.Series, labels: pd.Series) -> None:
    """Name each point, moving a label to another side of its point when it would overlap one already placed
    (agents with similar profiles cluster, and overlapping names are unreadable)."""
    ax.figure.canvas.draw()  # fixes the axis limits so data -> pixel positions are final
    placed: list[tuple[float, float, float, float]] = []
    offsets = [(5, 3), (5, -10), (-6, 3), (-6, -10), (5, 12), (5, -19)]
    for x, y, label in sorted(zip(xs, ys, labels, strict=True), key=lambda item: -item[1]):
        px, py = ax.transData.transform((x, y)) * 72.0 / ax.figure.dpi  # in points, as the offsets
        width, height = 4.8 * len(label), 9.0
        for dx, dy in offsets:
            left = px + dx if dx > 0 else px + dx - width
            box = (left, py + dy, left + width, py + dy + height)
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
                break
        placed.append(box)
        ax.annotate(
            label,
            (x, y),
            xytext=(dx, dy),
            textcoords="offset points",
            fontsize=8,
            ha="left" if dx > 0 else "right",
        )


def _axes_figure(result: AuditResult) -> Markup:
    plt = pyplot(9)
    agents = result.agents[result.agents["scorecard"]]
    fig, ax = plt.subplots(figsize=(7.5, 5))
    colours = {"technicus": WARN, "communicator": GOOD, "balanced": ACCENT, "–": GREY}
    for profile, group in agents.groupby("profile"):
        ax.scatter(
            group["technical_score"],
            group["communication_mean"],
            s=30 + group["replies"] * 3,
            color=colours.get(profile, GREY),
            alpha=0.8,
            label=profile,
            edgecolor="white",
        )
    _label_points(ax, agents["technical_score"], agents["communication_mean"], agents["agent"].astype(str))
    ax.axvline(agents["technical_score"].median(), color=GREY, linestyle=":", linewidth=1)
    ax.axhline(agents["communication_mean"].median(), color=GREY, linestyle=":", linewidth=1)
    ax.set_xlabel("technical score (0-100): jargon, acronyms, codes, paths per 100 words →")
    ax.set_ylabel("communication score (0-100) →")
    ax.set_title("Where each agent writes: technicus versus communicator", loc="left")
    legend = ax.legend(frameon=False, title="profile (dot size: replies)", loc="best")
    for handle in getattr(legend, "legend_handles", getattr(legend, "legendHandles", [])):
        handle.set_sizes([40])
    fig.tight_layout()
    return figure_to_svg(fig, alt="Agents on the technical and communication axes")


# --- sections ---------------------------------------------------------------------------------------


def _focus_table(result: AuditResult) -> Markup:
    summary = agent_summary(result).set_index("agent") if len(result.scorecards) else pd.DataFrame()
    flagged = result.flagged.groupby("agent").size() if len(result.flagged) else pd.Series(dtype=int)
    rows = []
    for _, agent in result.agents.sort_values("communication_mean").iterrows():
        name = str(agent["agent"])
        if agent["scorecard"] and name in summary.index:
            card = summary.loc[name]
            link = Markup('<a href="#{}">{}</a>').format(_anchor(name), name)
            weakest = (
                Markup('<span class="nowrap"><span class="pill bad">{}</span> {} pct</span>').format(
                    card["weakest"], _ordinal(card["weakest_percentile"])
                )
                if card["weakest_percentile"] < 50
                else Markup('<span class="muted">none below the team middle (lowest: {}, {} pct)</span>').format(
                    card["weakest"], _ordinal(card["weakest_percentile"])
                )
            )
            strongest = Markup('<span class="nowrap"><span class="pill good">{}</span> {} pct</span>').format(
                card["strongest"], _ordinal(card["strongest_percentile"])
            )
        else:
            link, weakest, strongest = Markup("{}").format(name), "no scorecard (too few replies)", ""
        rows.append(
            Markup(
                "<tr><td>{}</td><td class='num'>{}</td><td class='num'>{}</td><td>{}</td><td>{}</td><td class='num'>{}</td></tr>"
            ).format(
                link,
                int(agent["replies"]),
                _num(agent["communication_mean"]),
                weakest,
                strongest,
                int(flagged.get(name, 0)),
            )
        )
    head = Markup(
        "<thead><tr><th>agent</th><th>replies</th><th>communication score</th><th>coach on (weakest)</th>"
        "<th>strongest</th><th>flagged replies</th></tr></thead>"
    )
    return Markup("<div class='table-wrap'><table><caption>{}</caption>{}<tbody>{}</tbody></table></div>").format(
        "Agents from the lowest mean communication score up; percentiles are against the team's replies.",
        head,
        Markup("").join(rows),
    )


def _agents_display(result: AuditResult) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The per-agent table with readable headers, and per-column formatters (numbers stay right-aligned)."""
    table = result.agents.copy()
    columns = {
        "agent": "agent",
        "team": "main team",
        "replies": "replies",
        "tickets": "tickets",
        "communication_mean": "communication",
        "communication_sd": "spread (sd)",
        **{c: label for c, (label, _) in DIMENSIONS.items()},
        "technical_score": "technical",
    }
    if "csat_mean" in table.columns:
        columns["csat_mean"] = result.summary.get("csat_label") or "CSAT"
        columns["csat_rated"] = "rated"
    columns["profile"] = "profile"
    table = table[[c for c in columns if c in table.columns]].rename(columns=columns)
    formatters: dict[str, Any] = {}
    for column in table.columns:
        if column in ("replies", "tickets", "rated"):
            formatters[column] = lambda v: _num(v, 0)
        elif pd.api.types.is_float_dtype(table[column]):
            formatters[column] = (lambda v: _num(v, 2)) if "CSAT" in str(column) else _num
    return table, formatters


def _dimensions_display(result: AuditResult) -> pd.DataFrame:
    table = result.dimensions.drop(columns=["column"]).copy()
    table["points"] = table["points"].map(lambda v: f"{v:.0f}")
    for column in ("mean", "sd", "p25", "median", "p75"):
        table[column] = table[column].map(_num)
    table["share_of_points"] = table["share_of_points"].map(lambda v: f"{_num(v, 0)} %")
    return table.rename(columns={"share_of_points": "mean as % of points", "sd": "spread (sd)"})


def _bar(percentile: float) -> Markup:
    level = "low" if percentile < 40 else "high" if percentile > 60 else ""
    return Markup(
        '<div class="bar"><div class="fill {}" style="width: {}%"></div><div class="mid"></div></div>'
    ).format(level, f"{max(1.0, min(100.0, percentile)):.0f}")


def _scorecard(result: AuditResult, agent: str, row: pd.Series, cards: pd.DataFrame, n_flagged: int) -> Markup:
    ordered = cards.sort_values("percentile", kind="stable")
    weakest, strongest = ordered.iloc[0], ordered.iloc[-1]
    bars = Markup("").join(
        Markup(
            '<div class="bar-row"><span>{}</span>{}<span class="num" title="{}">{} pct · {} of {}</span></div>'
        ).format(
            r["dimension"],
            _bar(r["percentile"]),
            f"agent mean {r['agent_mean']:.1f}, team mean {r['team_mean']:.1f} of {r['points']:.0f} points",
            _ordinal(r["percentile"]),
            _num(r["agent_mean"]),
            f"{r['points']:.0f}",
        )
        for _, r in cards.iterrows()
    )
    csat = ""
    if "csat_mean" in row.index and pd.notna(row.get("csat_mean")):
        csat = (
            f" · {result.summary.get('csat_label') or 'CSAT'} {row['csat_mean']:.2f} ({int(row['csat_rated'])} rated)"
        )
    meta = (
        f"{int(row['replies'])} replies on {int(row['tickets'])} tickets · communication {row['communication_mean']:.1f}"
        f" (team {result.summary['communication_mean']:.1f}){csat}"
    )
    profile = str(row.get("profile", "–"))
    profile_text = (
        Markup('<span class="pill info">{}</span> technical {} · communication {}').format(
            profile, _num(row["technical_score"]), _num(row["communication_mean"])
        )
        if profile != "–"
        else Markup("")
    )
    flagged_link = (
        Markup(' · <a href="#flagged-{}">{} flagged repl{}</a>').format(
            _anchor(agent), n_flagged, "y" if n_flagged == 1 else "ies"
        )
        if n_flagged
        else Markup(" · no reply below the flag threshold")
    )
    return Markup(
        '<div class="card" id="{}"><h3>{}</h3><div class="meta">{}</div>{}'
        '<p><span class="pill good">strongest: {}</span> {}</p>'
        '<p class="meta">{}{}</p></div>'
    ).format(
        _anchor(agent),
        agent,
        meta,
        bars,
        strongest["dimension"],
        Markup('<span class="pill bad">coach on: {}</span>').format(weakest["dimension"])
        if weakest["percentile"] < 50
        else Markup('<span class="pill info">no dimension below the team middle</span>'),
        profile_text,
        flagged_link,
    )


def highlight(text: str, reasons: list[dict[str, Any]]) -> Markup:
    """``text`` escaped, with each reason's phrase wrapped in ``<mark>`` (overlaps: the first one wins)."""
    spans = sorted(
        (r for r in reasons if r.get("start") is not None and r.get("end") is not None and r["end"] > r["start"]),
        key=lambda r: (r["start"], -(r["end"] - r["start"])),
    )
    pieces: list[Markup] = []
    position = 0
    for reason in spans:
        start, end = int(reason["start"]), int(reason["end"])
        if start < position or end > len(text):
            continue
        pieces.append(Markup("{}").format(text[position:start]))
        css = "error" if reason.get("level") == "error" else ""
        pieces.append(
            Markup('<mark class="{}" title="{}">{}<sup>{}</sup></mark>').format(
                css, f"{reason['code']}: {reason['message']}", text[start:end], reason["code"]
            )
        )
        position = end
    pieces.append(Markup("{}").format(text[position:]))
    return Markup("").join(pieces)


def _flagged_reply(reply: pd.Series) -> Markup:
    reasons = list(reply["reasons"])
    items = Markup("").join(
        Markup('<li><span class="code">{}</span> {}{}<span class="suggestion">→ {}</span></li>').format(
            r["code"],
            r["message"].replace("template", "reply"),
            Markup(' <em>("{}")</em>').format(r["phrase"])
            if r["phrase"] and len(r["phrase"]) < 60 and r["phrase"] not in r["message"]
            else "",
            r["suggestion"],
        )
        for r in reasons
    ) or Markup("<li>No rule fired; the points were lost across dimensions.</li>")
    summary = Markup(
        "<summary><strong>{}</strong> · ticket {} · {} · score {} · most points lost on {}</summary>"
    ).format(
        reply["reply_id"],
        reply["ticket_id"],
        reply["date"] or "undated",
        _num(reply["communication_score"]),
        reply["most_points_lost"],
    )
    return Markup(
        '<details class="reply" open>{}<div class="reply-body"><pre class="reply-text">{}</pre>'
        '<div><strong>Why it scored low, and what to write instead</strong><ol class="reasons">{}</ol></div></div></details>'
    ).format(summary, highlight(str(reply["text"]), reasons), items)


def build_sections(result: AuditResult) -> list[Section]:
    """The report's sections, in reading order for a team lead: summary, team, trend, agents, replies."""
    s = result.summary
    empty = s["replies"] == 0
    glance: list[Any] = [STYLE, _tiles(result), *_notes(result, "overview")]
    if not empty and s.get("team_weakest"):
        glance.append(
            callout(
                "Where the team loses most points",
                f"Across agents, {s['team_weakest']} scores lowest as a share of its points and "
                f"{s['team_strongest']} highest. The table below names each agent's weakest dimension "
                "relative to the team: that is the coaching topic, with example replies further down.",
                kind="info",
            )
        )
    if len(result.agents):
        glance.append(_focus_table(result))
    sections = [Section("At a glance", glance, intro=_intro(result))]
    if empty:
        sections.append(_about(result))
        return sections

    team: list[Any] = [*_notes(result, "agents")]
    agents_table, agents_formatters = _agents_display(result)
    team.append(
        render_table(
            agents_table,
            formatters=agents_formatters,
            caption="Volume and mean scores per agent (dimension points: politeness, empathy and readability of 20, jargon and structure of 15, respect of 10).",
        )
    )
    team.append(
        render_table(
            _dimensions_display(result),
            caption="Team mean and spread of the communication score and each dimension, over all replies.",
        )
    )
    team.append(_distribution_figure(result))
    team.append(_agents_figure(result))
    sections.append(Section("Team overview", team, intro="How the whole team writes, and how far agents differ."))

    trend: list[Any] = []
    if len(result.weekly) >= 2:
        trend.append(_weekly_figure(result))
    else:
        trend.append(
            callout(
                "Note", "The replies span fewer than two weeks (or carry no dates): no trend to show.", kind="neutral"
            )
        )
    if len(result.weekly):
        weekly = result.weekly.copy()
        for column in ("communication_mean", "p25", "p75"):
            weekly[column] = weekly[column].map(_num)
        if "csat_mean" in weekly.columns:
            weekly["csat_mean"] = weekly["csat_mean"].map(lambda v: _num(v, 2))
        trend.append(
            render_table(
                weekly.rename(
                    columns={
                        "week": "week starting",
                        "communication_mean": "communication mean",
                        "csat_mean": s.get("csat_label") or "CSAT",
                    }
                )
            )
        )
    sections.append(Section("Trend by week", trend))

    cards: list[Any] = [*_notes(result, "profiles")]
    scored_agents = result.agents[result.agents["scorecard"]]
    if len(scored_agents) >= 3:
        cards.append(_axes_figure(result))
    flagged_counts = result.flagged.groupby("agent").size() if len(result.flagged) else pd.Series(dtype=int)
    deck = Markup("").join(
        _scorecard(
            result,
            str(row["agent"]),
            row,
            result.scorecards[result.scorecards["agent"] == row["agent"]],
            int(flagged_counts.get(row["agent"], 0)),
        )
        for _, row in scored_agents.sort_values("agent").iterrows()
        if (result.scorecards["agent"] == row["agent"]).any()
    )
    cards.append(
        Markup('<div class="cards">{}</div>').format(deck)
        if deck
        else callout("Note", f"No agent has {result.config.min_replies} or more replies: no scorecards.", kind="warn")
    )
    sections.append(
        Section(
            "Agent scorecards",
            cards,
            intro="Each bar is the agent's percentile against the team's replies on one dimension (the dashed line is the "
            "team middle): the 80th percentile means the agent's replies typically score better than 80 % of the team's. "
            "Profile: technicus writes more technical detail and communicates less than the team, communicator the reverse.",
        )
    )

    flagged: list[Any] = []
    if len(result.flagged):
        threshold = s.get("flag_threshold")
        flagged.append(
            Markup("<p>{}</p>").format(
                f"Up to {result.config.flagged_per_agent} replies per agent with a communication score below {threshold:.0f}"
                f" ({'set in the options' if result.config.flag_below is not None else 'the team’s 25th percentile'}), lowest first. "
                "Highlighted phrases are what the rules found; each reason comes with what to write instead. "
                "Customer names, e-mail addresses, phone numbers, IBANs and postcodes are replaced by markers such as [NAME-1]."
            )
        )
        for agent, group in result.flagged.groupby("agent", sort=True):
            flagged.append(
                Markup('<h3 class="agent" id="flagged-{}">{} <a class="back" href="#{}">scorecard ↑</a></h3>').format(
                    _anchor(str(agent)), agent, _anchor(str(agent))
                )
            )
            flagged.extend(_flagged_reply(reply) for _, reply in group.iterrows())
    else:
        flagged.append(
            callout(
                "Nothing flagged", "No reply of an agent with a scorecard scored below the flag threshold.", kind="ok"
            )
        )
    sections.append(Section("Flagged replies", flagged))
    sections.append(_about(result))
    return sections


def _intro(result: AuditResult) -> str:
    s = result.summary
    period = f"{s['period'][0]} to {s['period'][1]}" if s.get("period") else "no dated replies"
    languages = (
        ", ".join(f"{ {'en': 'English', 'nl': 'Dutch'}.get(k, k) } {v}" for k, v in s["languages"].items()) or "none"
    )
    return f"Public agent replies, {period}; filters: {result.config.filters_text()}; languages: {languages}."


def _about(result: AuditResult) -> Section:
    privacy = (
        "Customer personal data in every reply shown is pseudonymised (names from greetings and requester fields, "
        "e-mail addresses, phone numbers, IBANs, postcodes); the mapping is kept in memory only and written nowhere. "
        + (
            "Agent names are replaced by aliases (--pseudonymise-agents)."
            if result.config.pseudonymise_agents
            else "Agent names are shown; use --pseudonymise-agents where monitoring employees needs the works council's consent."
        )
    )
    return Section(
        "About this report",
        [
            Markup("<p>{}</p>").format(
                "The communication score (0-100) is the sum of six dimensions: politeness (20), empathy (20), readability (20), "
                "jargon (15), structure (15) and respect (10). The technical score (0-100) counts jargon, acronyms, error codes and "
                "paths per 100 words. The reasons under flagged replies are the template linter's rules (see `ticket-analyser rule CODE`)."
            ),
            Markup("<p>{}</p>").format(privacy),
            render_table(pd.DataFrame([{"setting": k, "value": str(v)} for k, v in result.config.to_dict().items()])),
        ],
    )


def render_audit(result: AuditResult) -> str:
    """The audit as one self-contained HTML page."""
    s = result.summary
    subtitle = f"{s['replies']} replies by {s['agents']} agents" + (
        f", {s['period'][0]} to {s['period'][1]}" if s.get("period") else ""
    )
    metadata = {"source": Path(result.source).name if result.source else "–", "settings": result.config.to_dict()}
    return render_report("Team communication audit", build_sections(result), metadata, subtitle=subtitle)


def _flagged_flat(result: AuditResult) -> pd.DataFrame:
    if result.flagged.empty:
        return pd.DataFrame(
            columns=["agent", "reply_id", "ticket_id", "communication_score", "reasons", "suggestions", "text"]
        )
    flat = result.flagged.copy()
    flat["reason_codes"] = flat["reasons"].map(lambda rs: ", ".join(r["code"] for r in rs))
    flat["suggestions"] = flat["reasons"].map(lambda rs: " | ".join(f"{r['code']}: {r['suggestion']}" for r in rs))
    flat["reasons"] = flat["reasons"].map(lambda rs: " | ".join(f"{r['code']}: {r['message']}" for r in rs))
    return flat


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    clean = frame.astype(object).where(pd.notna(frame), None) if len(frame) else frame
    return clean.to_dict(orient="records")


def write_audit(result: AuditResult, output: str | Path) -> dict[str, Path]:
    """Write report.html, the tables as CSV (spreadsheet-safe) and everything as audit.json into ``output``."""
    from analyser.io import output_set

    output = ensure_directory(output)
    paths: dict[str, Path] = {}
    html = render_audit(result)
    report = output / "report.html"
    with output_set(output) as outputs:  # every file appears together, audit.json last
        outputs.stage(report).write_text(html, encoding="utf-8")
        paths["report"] = report
        _write_tables(result, output, paths, outputs)
    return paths


def _write_tables(result: AuditResult, output: Path, paths: dict[str, Path], outputs: OutputSet) -> None:
    tables = {
        "replies": result.replies,  # every scored reply's scores (no text): sortable in a spreadsheet
        "agents": result.agents,
        "dimensions": result.dimensions,
        "weekly": result.weekly,
        "scorecards": result.scorecards,
        "flagged_replies": _flagged_flat(result),
    }
    for name, frame in tables.items():
        paths[name] = write_table(neutralise_frame(frame), output / f"{name}.csv", into=outputs)
    payload = {
        "summary": result.summary,
        "notes": result.notes,
        "settings": result.config.to_dict(),
        **{name: _records(frame) for name, frame in tables.items() if name not in ("flagged_replies", "replies")},
        "flagged_replies": _records(result.flagged),
    }
    paths["json"] = write_json(payload, output / "audit.json", into=outputs)


__all__ = ["NO_AGENT", "build_sections", "highlight", "render_audit", "write_audit"]
