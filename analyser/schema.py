"""The canonical data model: the two tables every stage of the pipeline passes on.

Every reader (generic CSV/JSONL, and the helpdesk exports) produces these two tables; every later stage
(features, study, audit, lint, report) consumes them.  Keeping the contract in one module means a column is
named, typed and described exactly once; ``docs/data-model.md`` is generated from the same definitions
(``python -m analyser.schema`` prints it).

Replies table
    One row per message on a ticket: agent replies, customer messages and system notices alike, so that
    a later stage can tell who wrote what.  Only ``author_role == "agent"`` and ``public == True`` rows are
    scored as agent replies (:mod:`analyser.scoring`).  An ``extract`` output is a replies table too: it
    keeps these columns and adds the features, so ``study`` and ``audit`` read it without scoring again.

Tickets table
    One row per ticket, with the IT outcome (resolved, reopened, SLA breached) and customer satisfaction
    (CSAT), which the study joins to the reply features.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Column:
    """One column of a canonical table."""

    name: str
    dtype: str  # a pandas dtype name
    required: bool
    description: str


REPLY_COLUMNS: tuple[Column, ...] = (
    Column("ticket_id", "string", True, "Ticket the message belongs to."),
    Column("reply_id", "string", True, "Unique id of the message (generated as `<ticket_id>-<n>` when absent)."),
    Column("author_role", "string", True, "`agent`, `customer` or `system`."),
    Column("agent_id", "string", False, "Agent who wrote the message (agent messages only)."),
    Column("created_at", "datetime64[ns, UTC]", False, "When the message was sent, in UTC."),
    Column("channel", "string", False, "email, web, chat, phone, social, ... as the helpdesk names it."),
    Column("public", "boolean", False, "True when the customer saw the message (not an internal note)."),
    Column("body", "string", True, "The message text as exported (may hold HTML and quoted history)."),
    Column(
        "body_clean",
        "string",
        False,
        "The message as the customer read it: HTML to text, quoted history, signature and disclaimer removed, "
        "placeholders normalised (`ingest` writes it; every command scores it, cleaning `body` the same way "
        "when it is absent).",
    ),
    Column(
        "language",
        "string",
        False,
        "`en`, `nl` or `und` (another language); when absent, decided per reply: its own text when it is "
        "clear, else its ticket's other messages, else the `default-language` setting.",
    ),
)

TICKET_COLUMNS: tuple[Column, ...] = (
    Column("ticket_id", "string", True, "Unique ticket id."),
    Column("created_at", "datetime64[ns, UTC]", False, "When the ticket was opened, in UTC."),
    Column("solved_at", "datetime64[ns, UTC]", False, "When it was solved, in UTC (empty while open)."),
    Column("agent_id", "string", False, "Assignee at the time of the export."),
    Column("team", "string", False, "Team or group the ticket was assigned to."),
    Column("category", "string", False, "Category or type (password, network, hardware, access, ...)."),
    Column("priority", "string", False, "Priority as the helpdesk names it (low, normal, high, urgent, P1..P4)."),
    Column("status", "string", False, "Status at export (open, pending, solved, closed, ...)."),
    Column("resolved", "boolean", False, "IT outcome: resolved at first time of asking (no reopen, solved)."),
    Column("reopened", "boolean", False, "IT outcome: the ticket was reopened at least once."),
    Column("sla_breached", "boolean", False, "IT outcome: a resolution or response SLA was breached."),
    Column("csat_score", "Float64", False, "Customer satisfaction on the scale in `csat_scale`."),
    Column("csat_scale", "string", False, "`1-5`, `1-10` or `good/bad` (good=1, bad=0 in csat_score)."),
    Column("csat_comment", "string", False, "The customer's free-text comment with the rating."),
)

REPLY_COLUMN_NAMES = tuple(c.name for c in REPLY_COLUMNS)
TICKET_COLUMN_NAMES = tuple(c.name for c in TICKET_COLUMNS)
AUTHOR_ROLES = ("agent", "customer", "system")
CSAT_SCALES = ("1-5", "1-10", "good/bad")
LANGUAGES = ("en", "nl", "und")

_TRUE = {"true", "1", "yes", "y", "ja", "j", "t", "waar", "x"}
_FALSE = {"false", "0", "no", "n", "nee", "f", "onwaar", ""}


def to_boolean(values: pd.Series) -> pd.Series:
    """Parse the many spellings of a boolean in exports (true/1/yes/ja ...) into a nullable boolean."""

    def parse(value: object) -> object:
        if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
            return pd.NA
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE and text != "":
            return False
        return pd.NA

    return values.map(parse).astype("boolean")


def to_number(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers as exported, Dutch decimal commas included ("4,5" is 4.5), and the cells that held something
    that is not a number ("five"): those become NA, and the second series lists them (index -> value) so
    that a stage can say how many it left out instead of dropping them silently."""
    numbers = pd.to_numeric(values, errors="coerce")
    if values.dtype == object or pd.api.types.is_string_dtype(values):
        text = values.astype("string").str.strip()
        comma = text.str.fullmatch(r"[+-]?\d+,\d+").fillna(False) & numbers.isna()
        if comma.any():
            numbers = numbers.astype("float64")
            numbers[comma] = pd.to_numeric(text[comma].str.replace(",", ".", regex=False), errors="coerce")
        invalid = numbers.isna() & text.notna() & (text != "")
        return numbers.astype("Float64"), values[invalid]
    return numbers.astype("Float64"), values[[False] * len(values)]


def _coerce(frame: pd.DataFrame, columns: tuple[Column, ...]) -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    invalid: dict[str, dict[object, object]] = {}
    for column in columns:
        values = frame[column.name] if column.name in frame.columns else pd.Series(pd.NA, index=frame.index)
        if column.dtype.startswith("datetime"):
            out[column.name] = pd.to_datetime(values, errors="coerce", utc=True, format="mixed")
            text = values.astype("string").str.strip()
            bad = values[out[column.name].isna() & text.notna() & (text != "")]
            if len(bad):
                invalid[column.name] = bad.to_dict()
        elif column.dtype == "boolean":
            out[column.name] = to_boolean(values)
        elif column.dtype == "Float64":
            out[column.name], bad = to_number(values)
            if len(bad):
                invalid[column.name] = bad.to_dict()
        else:
            out[column.name] = values.astype("string")
    extra = [c for c in frame.columns if c not in out.columns]
    for name in extra:  # keep what the source had beyond the contract, after the canonical columns
        out[name] = frame[name]
    out.attrs["invalid"] = invalid  # column -> {index: value} of cells that could not be read (numbers, dates)
    return out


def invalid_cells(frame: pd.DataFrame, column: str) -> dict[object, object]:
    """Cells of ``column`` that :func:`conform_tickets` / :func:`conform_replies` could not read as the
    column's type, numbers or dates (index -> value as exported): a stage counts them instead of dropping
    them silently."""
    return dict(frame.attrs.get("invalid", {}).get(column, {}))


def conform_replies(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with every canonical reply column present and typed (extra columns kept at the end)."""
    return _coerce(frame, REPLY_COLUMNS)


def conform_tickets(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with every canonical ticket column present and typed (extra columns kept at the end)."""
    return _coerce(frame, TICKET_COLUMNS)


def empty_replies() -> pd.DataFrame:
    return conform_replies(pd.DataFrame(columns=list(REPLY_COLUMN_NAMES)))


def empty_tickets() -> pd.DataFrame:
    return conform_tickets(pd.DataFrame(columns=list(TICKET_COLUMN_NAMES)))


def markdown() -> str:
    """The data-model page (docs/data-model.md) rendered from the definitions above."""
    lines = ["# Canonical data model", "", (__doc__ or "").strip(), ""]
    for title, columns in (("Replies table", REPLY_COLUMNS), ("Tickets table", TICKET_COLUMNS)):
        lines += [f"## {title}", "", "| column | type | required | meaning |", "|---|---|---|---|"]
        lines += [f"| `{c.name}` | {c.dtype} | {'yes' if c.required else 'no'} | {c.description} |" for c in columns]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    print(markdown())
