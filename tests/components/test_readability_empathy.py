"""Readability's difficulty_index and the empathy mechanisms on hand-written cases."""

from __future__ import annotations

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
