"""Per-reply language detection (offline)."""

import pytest

from analyser.language import detect_language


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Hi Sarah, your password has been reset.", "en"),
        ("Thanks!", "en"),
        ("Bedankt!", "nl"),
        ("Hoi Sarah, je wachtwoord is gereset.", "nl"),
        ("Geachte heer De Vries, uw laptop staat klaar bij de servicedesk.", "nl"),
        ("Beste {{naam}}, dank voor uw melding.", "nl"),
        ("Guten Tag, ich habe ein Problem mit dem Drucker.", "und"),
        ("Bonjour, merci beaucoup pour votre aide.", "und"),
        ("https://status.example.com", "und"),
        ("", "und"),
        ("   ", "und"),
    ],
)
def test_detect(text, expected):
    assert detect_language(text) == expected


def test_non_string_is_undetermined():
    assert detect_language(None) == "und"  # type: ignore[arg-type]
