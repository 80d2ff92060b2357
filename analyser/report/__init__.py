"""Self-contained HTML reports, shared by every stage that writes one (study, audit, ...).

A report is one HTML file: inline CSS, figures as inline SVG, no fonts, scripts or stylesheets from the
network, so it opens offline, can be mailed as an attachment and still renders in ten years.  Jinja2 runs with
autoescape on and every piece of data text passes through :func:`markupsafe.escape`; only the SVG that
matplotlib writes and the HTML that the helpers here build (from escaped parts) is trusted as
:class:`~markupsafe.Markup`.

Typical use::

    from analyser.report import Section, figure_to_svg, render_report, render_table

    html = render_report(
        "CSAT study",
        [Section("Verdicts", [paragraph("Compensation: supported.")]),
         Section("Table", [render_table(frame)])],
        metadata={"seed": 42},
    )
"""

from __future__ import annotations

from analyser.report.html import (
    Section,
    callout,
    definition_list,
    figure_to_svg,
    paragraph,
    pyplot,
    render_report,
    render_table,
)

__all__ = [
    "Section",
    "callout",
    "definition_list",
    "figure_to_svg",
    "paragraph",
    "pyplot",
    "render_report",
    "render_table",
]
