"""Spelling and grammar: small hand-written English and Dutch cases, exemptions, vocabulary, bad input."""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyser.errors import AnalyserError, ConfigError
from analyser.nlp.pipeline import build_pipeline
from analyser.nlp.spelling import MissingDictionaryError, Speller, Vocabulary, vocabulary_from_table


def findings(lang: str, text: str, vocabulary: Vocabulary | None = None) -> list[tuple[str, str, str]]:
    doc = build_pipeline(lang, None, vocabulary)(text)
    return [
        (e["code"], e["text"], e["suggestion"])
        for e in doc._.ta_evidence
        if e["family"] == "correctness" and "code" in e
    ]


def test_english_misspellings_with_suggestions():
    found = findings("en", "Hi Sarah, we have recieved your mesage and will definately call you.")
    assert ("SP001", "recieved", "received") in found
    assert ("SP001", "mesage", "message") in found
    assert ("SP001", "definately", "definitely") in found
    assert len(found) == 3


def test_dutch_misspellings_with_suggestions():
    found = findings("nl", "Beste Daan, de bijlaage met uw wachtwoort is verstuurd.")
    assert ("SP001", "bijlaage", "bijlage") in found
    assert ("SP001", "wachtwoort", "wachtwoord") in found


@pytest.mark.parametrize(
    "text",
    [
        "Hi {{first_name}}, see https://support.example.com/kb/123 or mail helpdesk@example.com today.",
        r"The log is in C:\Users\anna\AppData\Local\Temp and /var/log/syslog; error 0x80070005 again.",
        "Hi Sarah-Jane, Citrix, Intune, Teams and Dynamics are back. OneDrive and SharePoint too.",
        "The VPN and MFA work again; clear the DNS cache at 14:30 or 2pm.",
        "Thanks Priyanka, I spoke to Mr Oyelaran about it.\n\nKind regards,\nWojciech Brzęczyszczykiewicz",
        "@CinVakas Thanks for the tag, please DM us. ^AS",
    ],
)
def test_english_things_that_are_not_misspellings(text):
    assert findings("en", text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Beste mevrouw Verhoeven, de netwerkstoring is voorbij en het wachtwoordbeleid is aangepast.",
        "Installeer de MFA-app en probeer opnieuw in te loggen; ik heb uw account gereset.",
        "Kunt u resetten, updaten en inloggen? De update is gedownload en gesynct.",
        "De waterbodemonderzoeken en de diepte-inmeting zijn klaar.",
        "Met vriendelijke groet,\nJoost van Rijckevorsel\nServicedesk",
    ],
)
def test_dutch_things_that_are_not_misspellings(text):
    assert findings("nl", text) == []


def test_english_accepts_us_and_uk_by_default_and_one_when_configured():
    text = "The colour and the color of the centre and the center."
    assert findings("en", text) == []
    us_only = findings("en", text, Vocabulary(english="us"))
    assert {w for _, w, _ in us_only} == {"colour", "centre"}


def test_vocabulary_accepts_and_rejects():
    vocabulary = Vocabulary(accept=("Zorgloket", "(?i)frobnicator"), reject=("Helpdeskportaal",))
    found = findings("nl", "Het Zorgloket en de FROBNICATOR staan in het Helpdeskportaal.", vocabulary)
    assert found == [("SP002", "Helpdeskportaal", "")]


def test_vocabulary_table_reads_lists_and_files(tmp_path):
    (tmp_path / "accept.txt").write_text("# our products\nZorgloket\n", encoding="utf-8")
    vocabulary = vocabulary_from_table(
        {"accept": ["Frobnik"], "accept-files": ["accept.txt"], "reject": ["helpdeskportaal"], "english": "gb"},
        root=tmp_path,
    )
    assert vocabulary.accept == ("Frobnik", "Zorgloket")
    assert vocabulary.english == "gb"
    with pytest.raises(ConfigError, match="unknown key"):
        vocabulary_from_table({"accepted": []})
    with pytest.raises(ConfigError, match="english"):
        vocabulary_from_table({"english": "au"})
    with pytest.raises(ConfigError, match="not a valid pattern"):
        vocabulary_from_table({"accept": ["(unclosed"]})


@pytest.mark.parametrize(
    ("text", "code", "wrong", "right"),
    [
        ("Uw pakket word morgen bezorgd.", "GR002", "word", "wordt"),
        ("Wat vind u van de nieuwe laptop?", "GR002", "vind", "vindt"),
        ("Ik wordt morgen gebeld.", "GR003", "wordt", "word"),
        ("Wordt je morgen gebeld?", "GR003", "Wordt", "Word"),
        ("Het is gisteren gebeurt.", "GR004", "gebeurt", "gebeurd"),
        ("Dat gebeurd vaak bij deze printer.", "GR004", "gebeurd", "gebeurt"),
        ("Uw laptop is gecontroleert.", "GR004", "gecontroleert", "gecontroleerd"),
        ("Wij hebben u bericht gelezen.", "GR005", "u", "uw"),
        ("Wij helpen uw graag verder.", "GR005", "uw", "u"),
        ("Ik heb me laptop al opnieuw opgestart.", "GR006", "me", "mijn"),
        ("Dat duurt langer als verwacht.", "GR007", "als", "dan"),
        ("Start de de laptop opnieuw op.", "GR001", "de de", "de"),
    ],
)
def test_dutch_grammar_rules(text, code, wrong, right):
    assert (code, wrong, right) in findings("nl", text)


@pytest.mark.parametrize(
    "text",
    [
        "Ik hoop dat ik morgen gebeld word.",
        "Word lid van onze nieuwsbrief.",
        "Dat vind ik ook. Hoe vind je het?",
        "Wordt je laptop morgen gerepareerd?",
        "Ik weet niet wat er gebeurd is.",
        "Het werkt beter als u opnieuw opstart.",
        "Wij sturen u graag een nieuwe laptop. Dank voor uw geduld.",
        "Laat me weten of het werkt. Ik zei dat dat klopt.",
    ],
)
def test_dutch_grammar_rules_stay_quiet_on_correct_text(text):
    assert [f for f in findings("nl", text) if f[0].startswith("GR")] == []


@pytest.mark.parametrize(
    ("text", "code", "wrong", "right"),
    [
        ("Your welcome!", "GR101", "Your", "You're"),
        ("Please check you're account settings.", "GR101", "you're", "your"),
        ("Their is a known issue with the app.", "GR102", "Their", "There"),
        ("We will update there account today.", "GR102", "there", "their"),
        ("Its a known issue.", "GR103", "Its", "It's"),
        ("It took longer then expected.", "GR104", "then", "than"),
        ("Restart it and than try again.", "GR104", "than", "then"),
        ("You will not loose any data.", "GR105", "loose", "lose"),
        ("You could of restarted it.", "GR106", "of", "have"),
        ("Please restart the the laptop.", "GR001", "the the", "the"),
    ],
)
def test_english_grammar_rules(text, code, wrong, right):
    assert (code, wrong, right) in findings("en", text)


@pytest.mark.parametrize(
    "text",
    [
        "You're welcome! Your account is ready and it's working.",
        "There is a fix; their team says it's in its final stage.",
        "It took longer than expected, then it worked. You could of course restart.",
        "I think that that is fine. The cable is loose; you will not lose data.",
        "Your welcome email is on its way.",
    ],
)
def test_english_grammar_rules_stay_quiet_on_correct_text(text):
    assert findings("en", text) == []


def test_columns_for_english_dutch_and_other_languages():
    import analyser

    out = analyser.extract_features(
        [
            "Hi Tom, we have recieved your request. Your welcome!",
            "Beste Tom, uw pakket word morgen bezorgd.",
            "Guten Tag, wir haben Ihre Nachricht erhalten und melden uns bald.",
        ]
    )
    assert out.loc[0, "spelling_errors"] == 1 and out.loc[0, "grammar_errors"] == 1
    assert out.loc[0, "spelling_error_rate"] == pytest.approx(100 / 9)
    assert out.loc[1, "spelling_errors"] == 0 and out.loc[1, "grammar_errors"] == 1
    assert 0 <= out.loc[1, "score_correctness"] < 10
    assert out.loc[2, "language"] == "und"
    for column in ("spelling_errors", "grammar_errors", "spelling_error_rate", "score_correctness"):
        assert math.isnan(out.loc[2, column])


def test_other_language_reply_says_it_was_not_checked():
    doc = build_pipeline("und")("Guten Tag, wir haben Ihre Nachricht erhalten.")
    notes = [e for e in doc._.ta_evidence if e["family"] == "correctness"]
    assert [e["category"] for e in notes] == ["not_checked"]
    assert "neither English nor Dutch" in notes[0]["message"]


def test_missing_dictionary_is_a_clear_error(monkeypatch, tmp_path):
    import analyser.nlp.spelling as spelling

    monkeypatch.setattr(spelling, "dictionary_folder", lambda name: tmp_path)
    with pytest.raises(MissingDictionaryError, match="reinstall") as caught:
        Speller("nl")
    assert isinstance(caught.value, AnalyserError)  # the CLI turns it into one line and exit code 2


def test_dictionaries_load_lazily_and_work_offline(tmp_path):
    """Building the pipeline loads no dictionary; the first reply does, with the network blocked."""
    script = textwrap.dedent(
        """
        import socket
        def refuse(*args, **kwargs):
            raise OSError("network blocked by test")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse

        from analyser.nlp.pipeline import build_pipeline
        from analyser.nlp.spelling import load_dictionary
        nlp = build_pipeline("nl")
        assert load_dictionary.cache_info().currsize == 0, "dictionary loaded before it was needed"
        doc = nlp("Uw wachtwoort is gereset.")
        assert load_dictionary.cache_info().currsize >= 1
        assert doc._.ta_correctness["spelling_errors"] == 1, doc._.ta_correctness
        print("ok")
        """
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("ok")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_spans_always_point_at_the_word(text):
    for lang in ("en", "nl"):
        for found in Speller(lang).check_text(text):
            assert text[found.start : found.end] == found.word
