"""Readability's difficulty_index and the empathy mechanisms on hand-written cases."""

from __future__ import annotations

import pytest

from analyser.nlp.pipeline import build_pipeline


def test_difficulty_index_prefers_plain_dutch_words():
    nlp = build_pipeline("nl")
    officialese = nlp("Ten tijde van de werkzaamheden is de applicatie niet beschikbaar.")
    plain = nlp("Tijdens het werk kunt u het programma niet gebruiken.")
    assert plain._.ta_readability["difficulty_index"] < officialese._.ta_readability["difficulty_index"]


def test_difficulty_index_grows_with_sentence_length():
    nlp = build_pipeline("en")
    short = nlp("Restart the laptop. Then log in.")
    long = nlp("Restart the laptop and then log in again with the password that we sent you yesterday evening.")
    assert long._.ta_readability["difficulty_index"] > short._.ta_readability["difficulty_index"]


def test_empathy_in_peer_and_service_desk_language():
    nlp = build_pipeline("en")
    doc = nlp("I'm so sorry you're going through this. I've been there too. How long has it been like this?")
    empathy = doc._.ta_empathy
    assert empathy["empathy_emotional_reaction"] > 0.5
    assert empathy["empathy_interpretation"] > 0.5
    assert empathy["empathy_exploration"] > 0.5
    flat = nlp("The ticket was closed. The update is available in the portal.")._.ta_empathy
    assert flat["empathy"] == 0


def test_service_desk_acknowledgement_is_reaction_and_interpretation():
    doc = build_pipeline("en")("I understand how frustrating it is that you couldn't work this morning.")
    assert doc._.ta_empathy["empathy_emotional_reaction"] > 0 and doc._.ta_empathy["empathy_interpretation"] > 0


def test_dutch_empathy_mechanisms():
    nlp = build_pipeline("nl")
    doc = nlp("Wat vervelend dat u vanochtend niet kon werken, dat begrijp ik. Hoe lang speelt dit al?")
    empathy = doc._.ta_empathy
    assert empathy["empathy_emotional_reaction"] > 0.5
    assert empathy["empathy_interpretation"] > 0.5
    assert empathy["empathy_exploration"] > 0.5
    assert nlp("Het wachtwoord is gereset.")._.ta_empathy["empathy"] == 0


@pytest.mark.parametrize(
    ("text", "mechanism"),
    [
        ("It sounds like the update wiped your settings.", "interpretation"),
        ("That must be really stressful with the deadline tomorrow.", "interpretation"),
        ("I understand that you could not work this morning.", "interpretation"),
        ("I've had the same problem with my own laptop.", "interpretation"),
        ("Take care, and I hope things get better soon.", "emotional_reaction"),
        ("Feel free to message me if you want to talk.", "emotional_reaction"),
    ],
)
def test_english_mechanism_phrases(text: str, mechanism: str) -> None:
    assert build_pipeline("en")(text)._.ta_empathy[f"empathy_{mechanism}"] >= 0.5


@pytest.mark.parametrize(
    ("text", "mechanism"),
    [
        ("Ik begrijp dat u hierdoor niet kon werken.", "interpretation"),
        ("Dat moet heel frustrerend zijn geweest.", "interpretation"),
        ("Ik heb dat zelf ook meegemaakt met mijn telefoon.", "interpretation"),
        ("Wat vervelend om te horen, sterkte!", "emotional_reaction"),
    ],
)
def test_dutch_mechanism_phrases(text: str, mechanism: str) -> None:
    assert build_pipeline("nl")(text)._.ta_empathy[f"empathy_{mechanism}"] >= 0.5


def test_agent_actions_and_formula_apologies_are_not_empathy() -> None:
    en = build_pipeline("en")
    assert en("I have reset your password and I will call you tomorrow.")._.ta_empathy["empathy_interpretation"] == 0
    formula = en("I am sorry for the inconvenience.")._.ta_empathy
    assert formula["empathy_emotional_reaction"] == 0 and formula["empathy_interpretation"] == 0
    nl = build_pipeline("nl")
    assert nl("Ik heb uw melding doorgezet naar onze netwerkbeheerder.")._.ta_empathy["empathy"] == 0


def test_a_suggestion_or_a_rhetorical_question_explores_less_than_a_question_to_the_reader() -> None:
    en = build_pipeline("en")
    asking = en("How long has this been going on for you?")._.ta_empathy["empathy_exploration"]
    suggesting = en("Maybe try restarting it?")._.ta_empathy["empathy_exploration"]
    answered = en("Why? Because the server was down.")._.ta_empathy["empathy_exploration"]
    assert asking > 0.5 > suggesting and answered < 0.5
