"""The shared HTML report module: escaped data, inline SVG, nothing loaded from the network."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
from markupsafe import Markup

from analyser.report import Section, callout, definition_list, figure_to_svg, paragraph, render_report, render_table

EVIL = "<script>alert('x')</script>"


def test_render_table_escapes_headers_and_cells_and_formats_numbers() -> None:
    frame = pd.DataFrame({EVIL: [EVIL, "plain"], "value": [0.123456, float("nan")], "n": [3, 4]})
    html = str(render_table(frame, caption=EVIL, formatters={"n": lambda v: f"{v} tickets"}))
    assert "<script>" not in html
    assert html.count("&lt;script&gt;") == 3  # header, cell, caption
    assert "0.123" in html and "–" in html and "3 tickets" in html
    assert "<td class='num'>" in html


def test_figure_to_svg_is_inline_responsive_and_closed() -> None:
    fig, ax = plt.subplots()
    ax.plot([1, 2, 3], [1, 4, 9])
    ax.set_title(EVIL)
    svg = str(figure_to_svg(fig, alt=EVIL))
    assert svg.startswith('<figure class="figure"><svg')
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg and "<metadata>" not in svg
    assert "viewBox" in svg and not re.search(r"<svg[^>]*\swidth=", svg)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert not plt.fignum_exists(fig.number)


def test_render_report_is_one_self_contained_page() -> None:
    html = render_report(
        EVIL,
        [
            Section("Results", [paragraph(EVIL), callout(EVIL, EVIL, kind="ok"), EVIL]),
            Section("Results", [render_table(pd.DataFrame({"a": [1]}))]),
            {"title": "Mapping section", "blocks": [Markup("<p>trusted</p>")]},
        ],
        {"seed": 42, "versions": {"pandas": "3.x", EVIL: EVIL}, "missing": None},
        generated_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
    )
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html.lower()
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html) == []
    assert 'id="results"' in html and 'id="results-2"' in html  # unique anchors
    assert "<p>trusted</p>" in html
    assert "2026-01-01 00:00 UTC" in html
    assert "<style>" in html


def test_definition_list_flattens_and_escapes() -> None:
    html = str(definition_list({"a": 1.5, "b": [1, 2], EVIL: {"x": True}}))
    assert "<dt>a</dt><dd>1.500</dd>" in html
    assert "1, 2" in html and "x: yes" in html and "&lt;script&gt;" in html
