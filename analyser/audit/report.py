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

from analyser.audit.core import NO_AGENT, AuditResult, agent_summary, measure_label
from analyser.audit.reasons import DIMENSIONS
from analyser.io import OutputSet, ensure_directory, neutralise_frame, write_json, write_table
from analyser.report import Section, callout, figure_to_svg, pyplot, render_report, render_table
from analyser.report.html import table_script

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
details.thread { border: 1px solid var(--line); border-radius: 8px; margin: .8rem 0; background: #fff; }
details.thread > summary { cursor: pointer; padding: .5rem .8rem; background: var(--panel); border-radius: 8px; }
.thread-body { padding: .6rem .8rem; }
.mood { display: flex; flex-wrap: wrap; align-items: center; gap: .3rem 1rem; font-size: .85rem; color: var(--muted); }
svg.sentiment-line { width: 20rem; max-width: 100%; height: auto; background: var(--panel); border-radius: 6px; }
svg.sentiment-line polyline { fill: none; stroke: var(--accent); stroke-width: 2; }
svg.sentiment-line line.zero { stroke: var(--line); stroke-dasharray: 3 3; }
svg.sentiment-line text.axis { font-size: 9px; fill: var(--muted); }
svg.sentiment-line circle.pos { fill: var(--ok); } svg.sentiment-line circle.neg { fill: var(--bad); }
svg.sentiment-line circle.neu { fill: var(--muted); }
ol.messages { list-style: none; padding: 0; margin: .6rem 0 0; }
li.msg { margin: .5rem 0; padding: .5rem .7rem; border-radius: 8px; border: 1px solid var(--line); max-width: 52rem; }
li.msg.customer { background: var(--neutral-bg); margin-right: 3rem; }
li.msg.agent { background: #fff; margin-left: 3rem; }
li.msg.flagged { border: 2px solid var(--warn); }
@media (max-width: 40rem) { li.msg.customer { margin-right: 0; } li.msg.agent { margin-left: 0; } }
li.msg .who { font-size: .8rem; color: var(--muted); margin-bottom: .3rem; }
li.msg .scores { font-size: .8rem; color: var(--muted); margin-top: .3rem; }
table.pivot td.change .ci { display: block; font-size: .72rem; color: var(--muted); }
table.pivot td.up { background: var(--ok-bg); } table.pivot td.down { background: var(--bad-bg); }
details.all-changes > summary, details.all-tickets > summary { cursor: pointer; color: var(--accent); margin: .5rem 0; }
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
    comparison = s.get("comparison") or {}
    if comparison.get("change") is not None:
        tiles.append(
            (
                _signed(comparison["change"]),
                f"change in the communication score since {comparison['compared_with'][0]} to "
                f"{comparison['compared_with'][1]}",
            )
        )
    if s.get("scorecard_mean") is not None and result.scorecard is not None:
        tiles.append((_num(s["scorecard_mean"]), f"mean {result.scorecard.name} score (0-100)"))
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
                "<tr><td>{}</td><td class='num' data-value='{}'>{}</td><td class='num' data-value='{}'>{}</td>"
                "<td>{}</td><td>{}</td><td class='num' data-value='{}'>{}</td></tr>"
            ).format(
                link,
                int(agent["replies"]),
                int(agent["replies"]),
                _num(agent["communication_mean"], 3, ""),
                _num(agent["communication_mean"]),
                weakest,
                strongest,
                int(flagged.get(name, 0)),
                int(flagged.get(name, 0)),
            )
        )
    head = Markup(
        "<thead><tr><th>agent</th><th>replies</th><th>communication score</th><th>coach on (weakest)</th>"
        "<th>strongest</th><th>flagged replies</th></tr></thead>"
    )
    return Markup(
        "<div class='table-wrap'><table data-sortable><caption>{}</caption>{}<tbody>{}</tbody></table></div>"
    ).format(
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
    if "scorecard_mean" in table.columns and result.scorecard is not None:
        columns["scorecard_mean"] = result.scorecard.name
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


def _flagged_reply(result: AuditResult, reply: pd.Series) -> Markup:
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
        "<summary><strong>{}</strong> · ticket {} · {} · score {} · most points lost on {}{} · "
        '<a href="#{}">the conversation ↓</a></summary>'
    ).format(
        reply["reply_id"],
        ticket_cell(result, reply["ticket_id"]),
        reply["date"] or "undated",
        _num(reply["communication_score"]),
        reply["most_points_lost"],
        f" · {result.scorecard.name} {_num(reply.get('scorecard_score'))}"
        if result.scorecard is not None and "scorecard_score" in reply.index
        else "",
        _ticket_anchor(reply["ticket_id"]),
    )
    return Markup(
        '<details class="reply" open>{}<div class="reply-body"><pre class="reply-text">{}</pre>'
        '<div><strong>Why it scored low, and what to write instead</strong><ol class="reasons">{}</ol></div></div></details>'
    ).format(summary, highlight(str(reply["text"]), reasons), items)


# --- period over period ---------------------------------------------------------------------------------


def _signed(value: Any, digits: int = 1) -> str:
    """A change with its sign ("+1.2", "-0.4"); one that rounds to zero is "0.0", not "-0.0"."""
    text = _num(value, digits)
    if text == "–" or float(text) == 0:
        return text.lstrip("-")
    return text if text.startswith("-") else f"+{text}"


def _comparison_figure(result: AuditResult) -> Markup:
    """Change in the communication score per agent since the previous period, with its 95 % interval."""
    plt = pyplot(9)
    table = result.comparison[
        (result.comparison["column"] == "communication_score") & result.comparison["change"].notna()
    ].copy()
    table = table.iloc[::-1]
    fig, ax = plt.subplots(figsize=(9, 0.38 * len(table) + 1.3))
    y = np.arange(len(table))
    colours = [GOOD if r.clear and r.change > 0 else WARN if r.clear else GREY for r in table.itertuples()]
    low = (table["change"] - table["ci_low"]).fillna(0).clip(lower=0)
    high = (table["ci_high"] - table["change"]).fillna(0).clip(lower=0)
    ax.errorbar(table["change"], y, xerr=[low, high], fmt="none", ecolor=LIGHT, elinewidth=3, capsize=0)
    ax.scatter(table["change"], y, color=colours, zorder=3, s=36)
    ax.axvline(0, color=GREY, linewidth=1)
    ax.set_yticks(y, [f"{r.agent} (n={r.replies_now}/{r.replies_before})" for r in table.itertuples()])
    ax.set_xlabel("change in mean communication score (points; bar: 95 % bootstrap interval)")
    ax.set_title("Since the previous period", loc="left")
    fig.tight_layout()
    return figure_to_svg(fig, alt="Change in the communication score per agent since the previous period")


def _comparison_pivot(result: AuditResult) -> Markup:
    """Agents (the team first) by measure: the change, its 95 % interval under it, green or red when the
    interval excludes 0; sortable by any column (the change is the sort value)."""
    comparison = result.comparison
    name = result.scorecard.name if result.scorecard is not None else None
    columns = list(dict.fromkeys(comparison["column"]))
    head = Markup("").join(
        Markup("<th scope='col'>{}</th>").format(label)
        for label in [
            "agent",
            "replies now",
            "replies before",
            *(
                "communication"
                if c == "communication_score"
                else name or "scorecard"
                if c == "scorecard_score"
                else measure_label(c)
                for c in columns
            ),
        ]
    )
    rows = []
    for agent, group in comparison.groupby("agent", sort=False):
        by_column = group.set_index("column")
        first = group.iloc[0]
        cells = [
            Markup("<td>{}</td>").format(agent),
            Markup("<td class='num' data-value='{}'>{}</td>").format(
                int(first["replies_now"]), int(first["replies_now"])
            ),
            Markup("<td class='num' data-value='{}'>{}</td>").format(
                int(first["replies_before"]), int(first["replies_before"])
            ),
        ]
        for column in columns:
            row = by_column.loc[column]
            level = ("up" if row["change"] > 0 else "down") if row["clear"] else ""
            interval = f"{_signed(row['ci_low'])} … {_signed(row['ci_high'])}" if row["ci_low"] == row["ci_low"] else ""
            cells.append(
                Markup("<td class='num change {}' data-value='{}' title='{}'>{}<span class='ci'>{}</span></td>").format(
                    level,
                    "" if row["change"] != row["change"] else f"{row['change']:.4f}",
                    f"now {_num(row['now'])} ({int(row['replies_now'])} replies), before {_num(row['before'])} "
                    f"({int(row['replies_before'])} replies); 95 % interval {interval or 'not available'}",
                    _signed(row["change"]),
                    interval,
                )
            )
        muted = Markup(" class='muted'") if not bool(group["enough"].iloc[0]) else Markup("")
        rows.append(Markup("<tr{}>{}</tr>").format(muted, Markup("").join(cells)))
    return Markup(
        "<div class='table-wrap'><table data-sortable class='pivot'><caption>{}</caption><thead><tr>{}</tr></thead>"
        "<tbody>{}</tbody></table></div>"
    ).format(
        "Change in points since the previous period, per agent (the team first) and measure, with the 95 % interval "
        "below it. Green or red: the interval excludes 0. Greyed: fewer than min-replies replies in a period. "
        "Click a column to sort; type in the box to filter.",
        head,
        Markup("").join(rows),
    )


def _comparison_section(result: AuditResult) -> Section:
    summary = result.summary.get("comparison") or {}
    blocks: list[Any] = [*_notes(result, "comparison")]
    before = summary.get("compared_with")
    period = summary.get("period")
    if before is None:
        blocks.append(callout("Note", "No comparison period (--compare-to none, or no dated replies).", kind="neutral"))
        return Section("Compared with the previous period", blocks)
    chosen = "set with --compare-to" if result.config.compare_to else "the period of equal length just before"
    intro = (
        f"Replies from {period[0]} to {period[1]} ({summary['replies_now']}) against {before[0]} to {before[1]} "
        f"({summary['replies_before']}, {chosen}). Each change comes with a 95 % bootstrap interval (replies resampled "
        "within each period, 2,000 times) and the number of replies behind each mean: a change whose interval "
        "includes 0 may be chance, and a mean of a few replies says little."
    )
    comparison = result.comparison
    if summary.get("change") is not None:
        ci = summary.get("ci")
        blocks.append(
            callout(
                "The team",
                f"Mean communication score {_signed(summary['change'])} points"
                + (f" (95 % interval {_signed(ci[0])} to {_signed(ci[1])})" if ci else "")
                + f" since {before[0]} to {before[1]}.",
                kind="info",
            )
        )
    if len(comparison) and comparison["change"].notna().any():
        if comparison[comparison["column"] == "communication_score"]["change"].notna().sum() >= 2:
            blocks.append(_comparison_figure(result))
        shown = comparison.copy()
        shown["interval"] = [
            f"{_signed(lo)} to {_signed(hi)}" if lo == lo else "–"
            for lo, hi in zip(shown["ci_low"], shown["ci_high"], strict=True)
        ]
        shown["reading"] = [
            ("up" if r.change > 0 else "down")
            if r.clear
            else ("no clear change" if r.change == r.change else "no replies before")
            for r in shown.itertuples()
        ]
        shown["measure"] = [
            measure_label(c, result.scorecard.name if result.scorecard is not None else None) for c in shown["column"]
        ]
        table = shown[
            ["agent", "measure", "now", "before", "change", "interval", "replies_now", "replies_before", "reading"]
        ].rename(columns={"replies_now": "replies now", "replies_before": "replies before"})
        blocks.append(_comparison_pivot(result))
        long_table = render_table(
            table,
            sortable=True,
            formatters={
                "now": _num,
                "before": _num,
                "change": _signed,
                "replies now": lambda v: _num(v, 0),
                "replies before": lambda v: _num(v, 0),
            },
            values={"interval": list(shown["ci_low"])},
            row_classes=["muted" if not r.enough else "" for r in shown.itertuples()],
            caption="Per agent and measure (the team first). Greyed: fewer than min-replies replies in a period. "
            "Click a column to sort; type in the box to filter (e.g. an agent or 'empathy').",
        )
        blocks.append(
            Markup(
                '<details class="all-changes"><summary>Every change with its means and interval</summary>{}</details>'
            ).format(long_table)
        )
    return Section("Compared with the previous period", blocks, intro=intro)


# --- conversations ----------------------------------------------------------------------------------------


def _hours(value: Any) -> str:
    text = _num(value, 1)
    return text if text == "–" else f"{text} h"


def _pct(value: Any) -> str:
    text = _num(value, 0)
    return text if text == "–" else f"{text} %"


def _ticket_anchor(ticket: Any) -> str:
    return "ticket-" + "".join(c if c.isalnum() else "-" for c in str(ticket).lower())


def ticket_cell(result: AuditResult, ticket: Any) -> Markup:
    """A ticket id that links to the helpdesk when ``ticket-url`` is set (opens outside the report)."""
    link = result.config.ticket_link(ticket)
    if not link:
        return Markup("{}").format(ticket)
    return Markup('<a href="{}" rel="noopener noreferrer" target="_blank" title="open in the helpdesk">{}</a>').format(
        link, ticket
    )


def _resolution_text(features: dict[str, Any]) -> str:
    resolution = features.get("resolution")
    if resolution == "solution":
        return f"solution offered in reply {int(features['solution_reply'])}"
    return {
        "next step": "a next step with a time, no solution",
        "referral only": "only referred elsewhere",
        "declined": "declined, no solution",
        "none": "no solution, next step or referral",
    }.get(resolution, "solution not measured")


def sentiment_line(values: list[tuple[int, float]], *, width: int = 320, height: int = 84) -> Markup:
    """The customer's sentiment per message (-1..1) as a small inline SVG line; numbers only, no text from data."""
    pad_x, pad_y = 28, 10
    if not values:
        return Markup('<p class="muted">No customer message with a sentiment in this thread.</p>')
    positions = [p for p, _ in values]
    first, last = min(positions), max(positions)
    span = max(last - first, 1)

    def x(p: int) -> float:
        return pad_x + (p - first) / span * (width - 2 * pad_x) if last > first else width / 2

    def y(v: float) -> float:
        return pad_y + (1 - (max(-1.0, min(1.0, v)) + 1) / 2) * (height - 2 * pad_y)

    points = " ".join(f"{x(p):.1f},{y(v):.1f}" for p, v in values)
    dots = Markup("").join(
        Markup('<circle cx="{}" cy="{}" r="4" class="{}"><title>message {}: sentiment {}</title></circle>').format(
            f"{x(p):.1f}", f"{y(v):.1f}", "pos" if v > 0.05 else "neg" if v < -0.05 else "neu", p, f"{v:+.2f}"
        )
        for p, v in values
    )
    return Markup(
        '<svg class="sentiment-line" viewBox="0 0 {w} {h}" role="img" aria-label="customer sentiment per message">'
        '<line x1="{px}" x2="{rx}" y1="{zy}" y2="{zy}" class="zero"/>'
        '<text x="2" y="{ty}" class="axis">+1</text><text x="6" y="{zt}" class="axis">0</text>'
        '<text x="2" y="{by}" class="axis">−1</text>'
        '<polyline points="{points}"/>{dots}</svg>'
    ).format(
        w=width,
        h=height,
        px=pad_x,
        rx=width - pad_x,
        zy=f"{y(0):.1f}",
        ty=pad_y + 4,
        zt=f"{y(0) + 4:.1f}",
        by=height - pad_y + 4,
        points=points,
        dots=dots,
    )


def _message(result: AuditResult, item: dict[str, Any]) -> Markup:
    if item["role"] == "customer":
        sentiment = item.get("sentiment")
        who = Markup("Customer · {} · sentiment {}").format(item["date"] or "undated", _signed(sentiment, 2))
        return Markup('<li class="msg customer"><div class="who">{}</div><pre class="reply-text">{}</pre></li>').format(
            who, item["text"]
        )
    scores = item.get("scores", {})
    reasons = item.get("reasons", [])
    parts = [f"{DIMENSIONS[c][0]} {_num(scores.get(c))}/{DIMENSIONS[c][1]:.0f}" for c in DIMENSIONS if c in scores]
    extra = ""
    if result.scorecard is not None and scores.get("scorecard_score") is not None:
        extra = f" · {result.scorecard.name} {_num(scores['scorecard_score'])}"
        if scores.get("scorecard_fail"):
            extra += f" (auto-fail: {scores['scorecard_fail']})"
    who = Markup("{} · {} · communication score {}{}{}").format(
        item.get("agent", NO_AGENT),
        item["date"] or "undated",
        _num(scores.get("communication_score")),
        extra,
        Markup(' <span class="pill bad">flagged</span>') if item.get("flagged") else "",
    )
    listed = Markup("").join(
        Markup('<li><span class="code">{}</span> {}<span class="suggestion">→ {}</span></li>').format(
            r["code"], r["message"].replace("template", "reply"), r["suggestion"]
        )
        for r in reasons
    )
    return Markup(
        '<li class="msg agent{}"><div class="who">{}</div><pre class="reply-text">{}</pre>'
        '<div class="scores">{}</div>{}</li>'
    ).format(
        " flagged" if item.get("flagged") else "",
        who,
        highlight(item["text"], reasons),
        " · ".join(parts),
        Markup('<ol class="reasons">{}</ol>').format(listed) if reasons else "",
    )


def _thread(result: AuditResult, thread: dict[str, Any], *, open_: bool = False) -> Markup:
    features = thread.get("features", {})
    values = [
        (m["position"], m["sentiment"])
        for m in thread["messages"]
        if m["role"] == "customer" and m.get("sentiment") is not None
    ]
    facts = [_resolution_text(features)]
    if features.get("first_reply_hours") is not None:
        facts.append(f"first reply after {_hours(features['first_reply_hours'])}")
    if features.get("customer_sentiment_change") is not None:
        facts.append(f"customer mood {_signed(features['customer_sentiment_change'], 2)}")
    if features.get("unanswered_questions"):
        facts.append(f"{int(features['unanswered_questions'])} question(s) not answered")
    if features.get("order_basis") == "input order":
        facts.append("order as exported (no timestamps)")
    link = (
        Markup(' · <a href="{}" rel="noopener noreferrer" target="_blank">open in the helpdesk</a>').format(
            thread["link"]
        )
        if thread.get("link")
        else ""
    )
    summary = Markup("<summary><strong>Ticket {}</strong> · {} · {}{}</summary>").format(
        thread["ticket_id"], features.get("agent") or "", " · ".join(facts), link
    )
    messages = Markup("").join(_message(result, m) for m in thread["messages"])
    # The id sits inside the <details>: a link to it opens a closed thread (the browser reveals the target).
    return Markup(
        '<details class="thread"{}>{}<div class="thread-body" id="{}">'
        '<div class="mood"><strong>The customer\'s sentiment, message by message</strong>{}</div>'
        '<ol class="messages">{}</ol></div></details>'
    ).format(
        Markup(" open") if open_ else "", summary, _ticket_anchor(thread["ticket_id"]), sentiment_line(values), messages
    )


def _conversations_section(result: AuditResult) -> Section | None:
    summary = result.summary.get("conversations")
    if not summary:
        return None
    blocks: list[Any] = [*_notes(result, "conversations")]
    facts = [f"{summary['tickets']} audited tickets"]
    if summary.get("solution_offered_pct") is not None:
        facts.append(f"a solution offered in {_pct(summary['solution_offered_pct'])}")
    if summary.get("first_reply_hours_median") is not None:
        facts.append(f"median first reply after {_hours(summary['first_reply_hours_median'])}")
    if summary.get("mood_improved_pct") is not None:
        facts.append(
            f"the customer's mood improved in {_pct(summary['mood_improved_pct'])} of the "
            f"{summary['threads_with_mood_change']} threads where the customer wrote more than once"
        )
    if summary.get("frustrated_pct") is not None:
        facts.append(f"signs of frustration from the customer in {_pct(summary['frustrated_pct'])}")
    blocks.append(callout("The whole thread", "; ".join(facts) + ".", kind="info"))
    agents = result.conversation_agents
    if len(agents):
        table = agents.rename(
            columns={
                "solution_offered_pct": "solution offered",
                "first_reply_hours_median": "first reply (median)",
                "mood_improved_pct": "mood improved",
                "sentiment_change_mean": "mood change (mean)",
                "frustrated_pct": "customer frustrated",
                "unanswered_questions": "questions not answered",
                "wrote_after_last_reply_pct": "customer wrote after last reply",
                "repeated_templates": "same template again",
            }
        )
        blocks.append(
            render_table(
                table,
                sortable=True,
                formatters={
                    "tickets": lambda v: _num(v, 0),
                    "solution offered": _pct,
                    "first reply (median)": _hours,
                    "mood improved": _pct,
                    "mood change (mean)": lambda v: _signed(v, 2),
                    "customer frustrated": _pct,
                    "questions not answered": lambda v: _num(v, 0),
                    "customer wrote after last reply": _pct,
                    "same template again": lambda v: _num(v, 0),
                },
                caption="Per agent, over the tickets they carried (wrote most of the audited replies of). Mood: the "
                "customer's last message against the first (sentiment); frustration: 'again', 'nog steeds', "
                "capitals, '!!!', or chasing an unanswered message.",
            )
        )
    tickets = result.conversations
    if len(tickets):
        shown = pd.DataFrame(
            {
                "ticket": [ticket_cell(result, t) for t in tickets["ticket_id"]],
                "agent": tickets["agent"],
                "messages": tickets["messages"],
                "resolution": tickets["resolution"].fillna("–"),
                "first reply": tickets["first_reply_hours"],
                "longest wait": tickets["reply_wait_hours_max"],
                "mood change": tickets["customer_sentiment_change"],
                "frustration": tickets["customer_frustration_markers"],
                "questions not answered": tickets["unanswered_questions"],
            }
        )
        table = render_table(
            shown,
            sortable=True,
            formatters={
                "ticket": lambda v: v,
                "messages": lambda v: _num(v, 0),
                "first reply": _hours,
                "longest wait": _hours,
                "mood change": lambda v: _signed(v, 2),
                "frustration": lambda v: _num(v, 0),
                "questions not answered": lambda v: _num(v, 0),
            },
            caption="Every audited ticket (sort by a column, filter by agent, resolution or ticket).",
        )
        blocks.append(
            Markup('<details class="all-tickets"><summary>All {} audited tickets</summary>{}</details>').format(
                len(tickets), table
            )
        )
    if result.threads:
        blocks.append(
            Markup(
                "<h3 id='conversation-view'>Conversation view of the tickets with a flagged reply</h3><p>{}</p>"
            ).format(
                "Every public message in order: the customer's text pseudonymised, each agent reply with its scores and "
                "the reasons that fired, and the customer's sentiment line (above 0: positive). Click a ticket to open "
                "it; 'the conversation' under a flagged reply opens its ticket here."
            )
        )
        blocks.extend(_thread(result, thread, open_=index == 0) for index, thread in enumerate(result.threads))
    return Section(
        "Conversations",
        blocks,
        intro="Whole threads, customer messages included: did the customer get a solution, how fast, and did their "
        "mood improve.",
    )


# --- the team's own scorecard -----------------------------------------------------------------------------


def _scorecard_section(result: AuditResult) -> Section | None:
    card = result.scorecard
    if card is None or "scorecard_mean" not in result.agents.columns:
        return None
    components = pd.DataFrame(card.components())
    components["share_of_weight"] = components["share_of_weight"].map(lambda v: _pct(v) if v == v else "–")
    agents = result.agents[["agent", "replies", "scorecard_mean", "communication_mean", "scorecard_fails"]].rename(
        columns={
            "scorecard_mean": card.name,
            "communication_mean": "communication score (rubric)",
            "scorecard_fails": "auto-fails",
        }
    )
    return Section(
        f"Scorecard: {card.name}",
        [
            Markup("<p>{}</p>").format(
                f"Your own scorecard, from [tool.ticket-analyser.scorecard] ('{card.name}'): "
                f"mean {_num(result.summary.get('scorecard_mean'))} of 100 over {result.summary['replies']} replies. "
                "It is scored beside the communication score, which stays the fixed rubric that every command "
                "computes the same way; replies.csv has both (scorecard_score, communication_score)."
            ),
            render_table(
                components.rename(columns={"share_of_weight": "share of the score"}),
                caption="What the scorecard is made of.",
            ),
            render_table(
                agents,
                sortable=True,
                formatters={
                    "replies": lambda v: _num(v, 0),
                    card.name: _num,
                    "communication score (rubric)": _num,
                    "auto-fails": lambda v: _num(v, 0),
                },
                caption=f"Per agent: the mean {card.name} score beside the rubric's communication score.",
            ),
        ],
    )


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
            sortable=True,
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
    sections.append(_comparison_section(result))
    scorecard = _scorecard_section(result)
    if scorecard is not None:
        sections.append(scorecard)

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
            flagged.extend(_flagged_reply(result, reply) for _, reply in group.iterrows())
    else:
        flagged.append(
            callout(
                "Nothing flagged", "No reply of an agent with a scorecard scored below the flag threshold.", kind="ok"
            )
        )
    sections.append(Section("Flagged replies", flagged))
    conversations = _conversations_section(result)
    if conversations is not None:
        sections.append(conversations)
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
    return render_report(
        "Team communication audit", build_sections(result), metadata, subtitle=subtitle, scripts=[table_script()]
    )


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
        "comparison": result.comparison,  # agent x measure: now, before, change, 95 % interval, replies
        "conversations": result.conversations,  # ticket features of the audited tickets (no text)
        "conversation_agents": result.conversation_agents,
    }
    for name, frame in tables.items():
        paths[name] = write_table(neutralise_frame(frame), output / f"{name}.csv", into=outputs)
    payload = {
        "summary": result.summary,
        "notes": result.notes,
        "settings": result.config.to_dict(),
        **{name: _records(frame) for name, frame in tables.items() if name not in ("flagged_replies", "replies")},
        "flagged_replies": _records(result.flagged),
        "threads": result.threads,  # the conversation view: pseudonymised text, scores and reasons
    }
    paths["json"] = write_json(payload, output / "audit.json", into=outputs)


__all__ = ["NO_AGENT", "build_sections", "highlight", "render_audit", "write_audit"]
