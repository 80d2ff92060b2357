"""Runs every evaluation that has its data and renders the table."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from analyser.evaluation import datasets

EVALUATIONS = ("politeness", "empathy", "empathy-nl", "readability", "sentiment", "csat", "lint", "conversations")


def run_all(
    data: Path,
    only: Iterable[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, object]:
    """All table rows, the detail per evaluation, and the names of sets that were absent."""
    from analyser.evaluation import csat, empathy, lint, politeness, readability, sentiment
    from analyser.models_store import find_model

    wanted = set(only or EVALUATIONS)
    rows: list[dict[str, object]] = []
    detail: dict[str, object] = {}
    skipped: list[str] = []

    def step(name: str, folder: str | None, run: Callable[[], tuple[list, dict]]) -> None:
        if folder is not None and not (Path(data) / folder).is_dir():
            skipped.append(folder)
            return
        if progress:
            progress(name)
        found, extra = run()
        rows.extend(found)
        detail[name] = extra

    if "politeness" in wanted:
        step("politeness", datasets.POLITENESS, lambda: politeness.evaluate(data, find_model("politeness.json")))
    if "empathy" in wanted:
        step("empathy", datasets.EPITOME, lambda: empathy.evaluate(data))
    if "empathy-nl" in wanted:
        step("empathy-nl", None, empathy.evaluate_dutch)
    if "readability" in wanted:
        step("readability-en", datasets.ONESTOP, lambda: readability.evaluate_onestop(data))
        step("readability-nl", datasets.AMSTERDAM, lambda: readability.evaluate_amsterdam(data))
    if "sentiment" in wanted:
        step("sentiment", None, sentiment.evaluate)
    if "csat" in wanted:
        if datasets.uss_files(data):
            step("csat", None, lambda: csat.evaluate(data))
        else:
            skipped.append(datasets.SATISFACTION)
    if "lint" in wanted:
        if not (Path(data) / datasets.TWITTER_CARE).is_dir():
            skipped.append(f"{datasets.TWITTER_CARE} (lint precision on real replies; the template sets still run)")
        step("lint", None, lambda: lint.evaluate(data))
    if "conversations" in wanted:
        from analyser.evaluation import conversations

        step("conversations", datasets.TWITTER_CARE, lambda: conversations.evaluate(data))
    return {"data": str(data), "rows": rows, "detail": detail, "skipped": skipped}


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return "" if value is None else str(value)


def render(rows: list[dict[str, object]], markdown: bool = False) -> str:
    """The table: data set, metric, ours (95% CI), n, baselines."""
    lines = []
    header = ("data set", "metric", "ours", "95% CI", "n", "baselines")
    body = []
    for r in rows:
        ci = r.get("ci95")
        baselines = "; ".join(f"{k} {_fmt(v)}" for k, v in (r.get("baselines") or {}).items())
        body.append(
            (
                str(r["dataset"]),
                str(r["metric"]),
                _fmt(r["ours"]),
                f"{ci[0]:.3f}-{ci[1]:.3f}" if ci else "",
                _fmt(r.get("n")),
                baselines,
            )
        )
    if markdown:
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "---|" * len(header))
        lines.extend("| " + " | ".join(cells) + " |" for cells in body)
        return "\n".join(lines)
    widths = [max(len(h), *(len(c[i]) for c in body)) if body else len(h) for i, h in enumerate(header[:-1])]
    lines.append("  ".join(h.ljust(w) for h, w in zip(header[:-1], widths, strict=True)) + "  " + header[-1])
    for cells in body:
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells[:-1], widths, strict=True)) + "  " + cells[-1])
    return "\n".join(lines)
