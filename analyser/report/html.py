"""Building blocks of a self-contained HTML report: sections, tables, figures, one page.

Why this shape: reports are read by managers and researchers who open them from a mail or a share, often
without network access, so everything is inlined.  The helpers return :class:`~markupsafe.Markup` built only
from escaped data, so a ticket body such as ``<script>`` in a table cell shows as text and never runs.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

__all__ = [
    "Section",
    "callout",
    "definition_list",
    "figure_to_svg",
    "paragraph",
    "pyplot",
    "render_report",
    "render_table",
    "table_script",
]

Block = Markup | str


@dataclass
class Section:
    """One titled part of a report.

    ``blocks`` are shown in order: a :class:`~markupsafe.Markup` block (from the helpers here) is inserted as
    HTML, a plain ``str`` is escaped and shown as a paragraph.  ``anchor`` is the id used by the table of
    contents; it is derived from the title when empty.
    """

    title: str
    blocks: Sequence[Block] = field(default_factory=list)
    intro: str = ""
    anchor: str = ""

    def __post_init__(self) -> None:
        if not self.anchor:
            slug = re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-")
            self.anchor = slug or "section"


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("analyser.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def paragraph(text: str, *, css_class: str = "") -> Markup:
    """A ``<p>`` holding ``text``, escaped."""
    attribute = Markup(' class="{}"').format(css_class) if css_class else Markup("")
    return Markup("<p{}>{}</p>").format(attribute, text)


def callout(title: str, text: str, *, kind: str = "info") -> Markup:
    """A highlighted box (``kind``: info, ok, warn, bad, neutral), for verdicts and warnings."""
    kind = kind if kind in {"info", "ok", "warn", "bad", "neutral"} else "info"
    return Markup('<div class="callout callout-{}"><strong>{}</strong><p>{}</p></div>').format(kind, title, text)


def definition_list(items: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> Markup:
    """A ``<dl>`` of term/value pairs (values formatted with :func:`_format_value`), escaped."""
    pairs = items.items() if isinstance(items, Mapping) else items
    rows = Markup("").join(
        Markup("<dt>{}</dt><dd>{}</dd>").format(str(key), _format_value(value)) for key, value in pairs
    )
    return Markup('<dl class="meta">{}</dl>').format(rows)


def _format_value(value: Any, digits: int = 3) -> str:
    if value is None or value is pd.NA:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isnan(value):
            return "–"
        if value != 0 and (abs(value) < 10 ** (-digits) or abs(value) >= 1e6):
            return f"{value:.{digits}g}"
        return f"{value:.{digits}f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_format_value(v, digits) for v in value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_format_value(v, digits)}" for k, v in value.items())
    try:
        if pd.isna(value):
            return "–"
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):
        return _format_value(value.item(), digits)
    return str(value)


def render_table(
    frame: pd.DataFrame,
    *,
    caption: str = "",
    digits: int = 3,
    index: bool = False,
    formatters: Mapping[str, Any] | None = None,
    row_classes: Sequence[str] | None = None,
    sortable: bool = False,
    values: Mapping[str, Sequence[Any]] | None = None,
) -> Markup:
    """Render ``frame`` as an HTML table: every header and cell escaped, numbers right-aligned.

    ``formatters`` maps a column name to a callable (value -> str) for columns that need their own format
    (p-values, percentages); ``row_classes`` gives an optional CSS class per row (e.g. ``significant``).
    ``sortable`` marks the table for the report's table script (:func:`table_script`: sort by a column,
    filter the rows); each numeric cell then carries its number in ``data-value`` so "12 %" sorts as 12.
    ``values`` gives those sort values for columns whose cells are formatted text (column -> one per row).
    """
    formatters = dict(formatters or {})
    shown = frame.reset_index() if index else frame
    header = Markup("").join(Markup("<th scope='col'>{}</th>").format(str(c)) for c in shown.columns)
    body_rows = []
    for position, (_, row) in enumerate(shown.iterrows()):
        cells = []
        for column in shown.columns:
            value = row[column]
            text = formatters[column](value) if column in formatters else _format_value(value, digits)
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            sort_value = values[column][position] if values and column in values else value if numeric else None
            attribute = Markup("")
            if sortable and isinstance(sort_value, (int, float)) and not isinstance(sort_value, bool):
                attribute = Markup(' data-value="{}"').format("" if math.isnan(sort_value) else repr(float(sort_value)))
            css = Markup(" class='num'") if numeric or (values and column in values) else Markup("")
            cells.append(Markup("<td{}{}>{}</td>").format(css, attribute, text))
        css = row_classes[position] if row_classes and position < len(row_classes) else ""
        row_attribute = Markup(" class='{}'").format(css) if css else Markup("")
        body_rows.append(Markup("<tr{}>{}</tr>").format(row_attribute, Markup("").join(cells)))
    caption_html = Markup("<caption>{}</caption>").format(caption) if caption else Markup("")
    marker = Markup(" data-sortable") if sortable else Markup("")
    return Markup(
        "<div class='table-wrap'><table{}>{}<thead><tr>{}</tr></thead><tbody>{}</tbody></table></div>"
    ).format(marker, caption_html, header, Markup("").join(body_rows))


def pyplot(font_size: float = 9) -> Any:
    """matplotlib's ``pyplot`` set up for report charts: the Agg backend (no display), the reports' style,
    and text taken literally.

    Chart labels are data (agent ids, team names, dimensions); with mathtext on, a ``$`` in an agent id
    makes matplotlib parse the label as a formula and fail (issue 12), so ``text.parse_math`` is off.
    Every report draws its charts through this one function.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {"font.size": font_size, "axes.spines.top": False, "axes.spines.right": False, "text.parse_math": False}
    )
    return plt


def figure_to_svg(fig: Any, *, alt: str = "", close: bool = True) -> Markup:
    """Serialise a matplotlib figure as inline, responsive SVG (no external fonts, deterministic ids).

    The XML prolog and DOCTYPE are dropped (not allowed inside HTML), fixed width/height become a
    ``viewBox``-driven ``width: 100%`` so the figure scales with the page, and text stays text
    (``svg.fonttype = none``) so it is searchable and small.  The figure is closed afterwards unless
    ``close=False``, so long report runs do not leak memory.
    """
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "analyser-report"}):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    if close:
        import matplotlib.pyplot as plt

        plt.close(fig)
    svg = buffer.getvalue()
    start = svg.find("<svg")
    svg = svg[start:] if start >= 0 else svg
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, count=1, flags=re.DOTALL)
    svg = re.sub(r'(<svg[^>]*?)\s(width|height)="[^"]*"', r"\1", svg, count=1)
    svg = re.sub(r'(<svg[^>]*?)\s(width|height)="[^"]*"', r"\1", svg, count=1)
    label = Markup(' role="img" aria-label="{}"').format(alt) if alt else Markup("")
    svg = svg.replace("<svg", "<svg" + str(label), 1)
    return Markup('<figure class="figure">{}</figure>').format(Markup(svg))


def table_script() -> str:
    """The one script a report may carry: sortable, filterable tables (``templates/tables.js``)."""
    from importlib import resources

    return (resources.files("analyser.report") / "templates" / "tables.js").read_text(encoding="utf-8")


def content_security_policy(scripts: Sequence[str] = ()) -> str:
    """The page's Content-Security-Policy: nothing from anywhere (no network, no plug-ins, no forms), inline
    styles (the report's CSS and the charts' SVG), and only the given inline scripts, each by its SHA-256
    hash, so script in ticket text or a changed script never runs."""
    import base64
    import hashlib

    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"
        for script in scripts
    )
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src {hashes or chr(39) + 'none' + chr(39)}; base-uri 'none'; form-action 'none'"
    )


def render_report(
    title: str,
    sections: Sequence[Section | Mapping[str, Any]],
    metadata: Mapping[str, Any] | None = None,
    *,
    subtitle: str = "",
    generated_at: datetime | None = None,
    scripts: Sequence[str] = (),
) -> str:
    """Render a complete, self-contained HTML page.

    ``sections`` are :class:`Section` objects (or mappings with ``title``, ``blocks`` and optional
    ``intro``); ``metadata`` is shown in a closing "Reproducibility" block (nested mappings are flattened one
    level).  Nothing on the page refers to the network.  ``scripts`` are inline scripts (in practice
    :func:`table_script`); the page's Content-Security-Policy allows exactly these by hash and nothing else.
    """
    parsed = [s if isinstance(s, Section) else Section(**dict(s)) for s in sections]
    seen: dict[str, int] = {}
    for section in parsed:  # unique anchors even when two sections share a title
        count = seen.get(section.anchor, 0)
        seen[section.anchor] = count + 1
        if count:
            section.anchor = f"{section.anchor}-{count + 1}"
    rendered_sections = [
        {
            "title": s.title,
            "anchor": s.anchor,
            "intro": s.intro,
            "blocks": [b if isinstance(b, Markup) else paragraph(b) for b in s.blocks],
        }
        for s in parsed
    ]
    meta_rows = []
    for key, value in (metadata or {}).items():
        if isinstance(value, Mapping):
            meta_rows.append((str(key), Markup(definition_list(value))))
        else:
            meta_rows.append((str(key), _format_value(value)))
    when = (generated_at or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    if any("</" in script for script in scripts):  # would end the element early, and the hash would not match
        raise ValueError("an inline script must not contain '</'")
    template = _environment().get_template("base.html.j2")
    return template.render(
        title=title,
        subtitle=subtitle,
        sections=rendered_sections,
        metadata=meta_rows,
        generated_at=when,
        csp=content_security_policy(scripts),
        scripts=[Markup(script) for script in scripts],
    )
