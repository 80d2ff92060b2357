"""Exceptions learned from real agent replies (docs/lint.md, 'Precision on real replies'): each pair is a
phrase the rule must flag and a near miss it must not."""

from __future__ import annotations

import pytest

from analyser.lint import lint_text
from analyser.lint.precision import every_rule

FRAME = "Hi Anna,\n\n{}\n\nKind regards,\nDesk"
FRAME_NL = "Beste Anna,\n\n{}\n\nMet vriendelijke groet,\nServicedesk"
DUTCH = ("Stuur", "Probeer")


def fires(code: str, body: str) -> bool:
    frame = FRAME_NL if body.startswith(DUTCH) else FRAME
    return code in {f.code for f in lint_text(frame.format(body), settings=every_rule())}


@pytest.mark.parametrize(
    ("code", "flagged", "not_flagged"),
    [
        ("TN001", "You should have installed the update.", "You should have received an email with the details."),
        ("TN003", "Send us a screenshot of the error.", "Try these steps to reset the app."),
        ("TN003", "Stuur ons een schermafdruk van de fout.", "Probeer deze stappen om de app te herstellen."),
        ("TN004", "Your ticket is CLOSED now.", "Zoom removed the limit for K-12 schools during COVID-19."),
        ("TN004", "Your ticket is CLOSED now.", "Please contact the BHIM developers about this app."),
        ("EM001", "We apologise for the inconvenience caused by the outage.", "Apologies for the delay in replying."),
        ("EM001", "Sorry for the trouble with the outage.", "Sorry for the frustration the outage caused."),
        ("JG002", "Please re-enrol your MFA.", "Your PS4 and PSN account are linked. ^AS"),
    ],
)
def test_flagged_and_near_miss(code: str, flagged: str, not_flagged: str) -> None:
    assert fires(code, flagged)
    assert not fires(code, not_flagged)


def test_a_url_followed_by_a_capital_ends_a_sentence() -> None:
    body = (
        "You can find all the details about how to annotate from your device here: https://example.com/help "
        "Let us know if you have any other questions about the annotation tools."
    )
    assert not fires("RD002", body)
    assert fires("RD002", body.replace("https://example.com/help Let", "https://example.com/help and let"))
