"""``ticket-analyser audit INPUT -o audit/``: the team-lead report.

Exit codes as everywhere in ticket-analyser: 0 when the report was written (also when filters leave nothing:
the report says so), 2 for bad input, options or configuration, with one line saying what is wrong.
Settings may also live in ``[tool.ticket-analyser.audit]`` (keys as the long options without the dashes).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from analyser.cli_common import config_option, handle_errors, load_cli_settings, progress_bar, summary_format_option


@click.command("audit")
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("audit"),
    show_default=True,
    help="Directory for report.html, the tables as CSV and audit.json.",
)
@click.option("--from", "date_from", default=None, help="First day of replies to include (YYYY-MM-DD).")
@click.option("--to", "date_to", default=None, help="Last day of replies to include (YYYY-MM-DD).")
@click.option("--team", multiple=True, help="Only tickets of this team (repeat for more).")
@click.option("--channel", multiple=True, help="Only replies on this channel: email, chat, web, ... (repeatable).")
@click.option("--language", multiple=True, type=click.Choice(["en", "nl"]), help="Only replies in this language.")
@click.option("--min-replies", type=int, default=None, help="Replies an agent needs for a scorecard.  [default: 5]")
@click.option("--flagged-per-agent", type=int, default=None, help="Flagged replies shown per agent.  [default: 3]")
@click.option(
    "--flag-below", type=float, default=None, help="Flag replies scoring below this.  [default: team's 25th percentile]"
)
@click.option(
    "--compare-to",
    default=None,
    metavar="FROM:TO",
    help="Compare with this period (YYYY-MM-DD:YYYY-MM-DD), or 'none'.  [default: the period of equal length "
    "that ends the day before --from, or before the first reply]",
)
@click.option(
    "--pseudonymise-agents/--show-agents",
    default=None,
    help="Replace agent names with stable aliases.  [default: show agents]",
)
@summary_format_option
@config_option
@handle_errors
def audit(
    input_path: Path,
    output: Path,
    date_from: str | None,
    date_to: str | None,
    team: tuple[str, ...],
    channel: tuple[str, ...],
    language: tuple[str, ...],
    min_replies: int | None,
    flagged_per_agent: int | None,
    flag_below: float | None,
    compare_to: str | None,
    pseudonymise_agents: bool | None,
    output_format: str,
    config_path: Path | None,
) -> None:
    """Write a team-lead report: team overview, the change since the previous period, agent scorecards,
    flagged replies with suggestions, and the conversations behind them.

    INPUT is a dataset: a directory with tickets and replies tables, or NAME.parquet with NAME.replies.parquet
    beside it.  Customer personal data is pseudonymised in everything the report shows; nothing is sent
    anywhere.  The alias key for --pseudonymise-agents is read from `alias-key` in the configuration or the
    TICKET_ANALYSER_ALIAS_KEY environment variable.  A team's own scorecard ([tool.ticket-analyser.scorecard])
    and links to the helpdesk (`ticket-url` in [tool.ticket-analyser.audit]) come from the configuration.
    Details: docs/audit.md.

    \b
    Examples:
      ticket-analyser audit data/sample_tickets -o audit/
      ticket-analyser audit tickets.parquet --from 2026-03-01 --to 2026-03-31 -o audit/
      ticket-analyser audit tickets.parquet --from 2026-03-01 --compare-to 2026-01-01:2026-01-31 -o audit/
    """
    import os

    from analyser.audit.core import run_audit
    from analyser.audit.report import write_audit
    from analyser.settings import override

    settings = load_cli_settings(config_path, start=input_path if input_path.exists() else None)
    audit_settings = override(
        settings.audit,
        date_from=date_from,
        date_to=date_to,
        teams=team,
        channels=channel,
        languages=language,
        min_replies=min_replies,
        flagged_per_agent=flagged_per_agent,
        flag_below=flag_below,
        compare_to=compare_to,
        pseudonymise_agents=pseudonymise_agents,
        alias_key=os.environ.get("TICKET_ANALYSER_ALIAS_KEY") or None,
    )
    with progress_bar(None, "scoring replies") as bar:
        result = run_audit(input_path, audit_settings, settings=settings, progress=bar.update)
    paths = write_audit(result, output)
    if output_format == "json":
        payload = {"summary": result.summary, "notes": result.notes, "outputs": {k: str(v) for k, v in paths.items()}}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False, default=str))
        return
    s = result.summary
    click.echo(
        f"{s['replies']} replies by {s['agents']} agents ({s['agents_with_scorecard']} with a scorecard); "
        f"{s['flagged_replies']} replies flagged."
    )
    for messages in result.notes.values():
        for message in messages:
            click.echo(f"note: {message}")
    click.echo(f"Report: {paths['report']}")
