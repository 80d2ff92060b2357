"""Per-reply language detection (offline)."""

import pytest

from analyser.language import TicketLanguages, detect_language, guess_language, resolve_language


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


@pytest.mark.parametrize(
    "text,expected",
    [
        ("DONE!!! REBOOT NOW!!!", "en"),
        ("Fixed. Reboot.", "en"),
        ("OST rebuilt, re-sync via OWA. Closed.", "en"),
        ("KLAAR!!! HERSTARTEN!!!", "nl"),
        ("Melding gesloten.", "nl"),
        ("Toner vervangen.", "nl"),
        ("Vielen Dank für Ihre Geduld.", "und"),
        ("Il suo portatile è pronto.", "und"),
    ],
)
def test_short_and_terse_replies_are_told_apart(text, expected):
    assert guess_language(text).language == expected


def test_a_reply_too_short_to_tell_is_unsure_not_other():
    guess = guess_language("ok thx")
    assert guess.language is None and guess.words == 2


def test_unsure_replies_take_their_tickets_language_then_the_default():
    unsure = guess_language("ok thx")
    tickets = TicketLanguages()
    tickets.add_texts(["T1", "T1", "T2"], ["Mijn laptop werkt niet meer sinds vanochtend.", "ok thx", "ok thx"])
    assert tickets.get("T1") == "nl" and tickets.get("T2") is None
    assert resolve_language(unsure, ticket_language=tickets.get("T1")) == ("nl", "ticket")
    assert resolve_language(unsure, ticket_language=tickets.get("T2"), default="nl") == ("nl", "default")
    assert resolve_language(unsure, forced="en") == ("en", "forced")
    assert resolve_language(guess_language("Melding gesloten."), ticket_language="en") == ("nl", "detected")
    assert resolve_language(guess_language("https://example.com/status")) == ("und", "no words")


def test_detection_reads_a_bounded_prefix_of_a_long_reply():
    long = "Thanks for your patience, the laptop is ready. " * 20_000 + " Bedankt!"
    assert guess_language(long).language == "en"
