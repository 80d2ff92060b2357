"""Measured rule precision (issue 11): the stored figures match the rules, low-precision rules are off by
default, and well-written templates (greeting, closing, conditional next step) give no findings."""

from __future__ import annotations

import pytest

from analyser.lint import lint_paths, lint_text
from analyser.lint.precision import (
    THRESHOLD,
    default_off,
    describe,
    measure,
    rule_precision,
    stored,
    template_root,
)


@pytest.fixture(scope="module")
def template_scores():
    return {name: measure(template_root(name)) for name in ("templates", "heldout")}


def test_stored_template_figures_match_the_current_rules(template_scores) -> None:
    for name, (scores, _) in template_scores.items():
        for code, score in scores.items():
            entry = (rule_precision(code) or {}).get(name, {"tp": 0, "fp": 0})
            assert (entry["tp"], entry["fp"]) == (score.true_positives, score.false_positives), (name, code)


def test_rules_below_the_threshold_are_off_by_default() -> None:
    for code, entry in stored()["rules"].items():
        below = entry["precision"] is not None and entry["precision"] < THRESHOLD
        assert (code in default_off()) == below, code
    assert "Off by default" in describe(sorted(default_off())[0])
    assert "On by default" in describe("RD002")


def test_well_written_templates_give_no_findings_and_exit_0(cli) -> None:
    good = [
        path
        for name in ("templates", "heldout")
        for path in sorted(template_root(name).rglob("*"))
        if path.name.startswith(("good_", "goed_"))
    ]
    assert len(good) == 20
    assert lint_paths(good).findings == []
    result = cli("lint", *good)
    assert result.exit_code == 0, result.output


FRAME_EN = "Hi {{{{name}}}},\n\nWe replaced the toner cartridge this morning, so the printer works again.\n\n{}\n\nKind regards,\nService Desk\n"
FRAME_NL = "Beste {{{{naam}}}},\n\nWe hebben vanochtend de toner vervangen. De printer werkt weer.\n\n{}\n\nMet vriendelijke groet,\nServicedesk\n"


@pytest.mark.parametrize(
    "step",
    [
        "If it still fails, just reply to this email.",
        "Still stuck? Then give us a call on 4400.",
        "Can't print after all? Let us know and we'll send someone over.",
    ],
)
def test_a_conditional_next_step_is_a_next_step_en(step: str) -> None:
    codes = {f.code for f in lint_text(FRAME_EN.format(step + " " + "We keep the spare toner at the desk." * 2))}
    assert not codes & {"ST003", "TN003"}, codes


@pytest.mark.parametrize(
    "step",
    [
        "Merkt u nog problemen? Laat het ons dan weten.",
        "Lukt het nog steeds niet? Reageer dan op deze mail, dan kijk ik met u mee.",
        "Ziet u nog iets? Meld het dan via het portaal.",
        "Gaat er iets mis? Bel ons dan op 020 123 4567.",
    ],
)
def test_a_dutch_conditional_imperative_is_a_next_step_not_a_bare_command(step: str) -> None:
    text = FRAME_NL.format(step + " De reservetoner ligt bij de servicedesk op de begane grond.")
    codes = {f.code for f in lint_text(text)}
    assert not codes & {"ST003", "TN003"}, codes


def test_a_plain_dutch_command_is_still_a_bare_command() -> None:
    text = FRAME_NL.format("Stuur ons een schermafbeelding van de foutmelding.")
    assert "TN003" in {f.code for f in lint_text(text)}
