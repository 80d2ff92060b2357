"""The Dutch readability grade: its signals on hand-written sentences, and the grade ordering plain Dutch first."""

from __future__ import annotations

import math

import pytest

from analyser.nlp.components._util import words
from analyser.nlp.components.readability import DUTCH_SIGNALS, dutch_signals
from analyser.nlp.pipeline import build_pipeline


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline("nl")


def signals(nlp, text: str) -> dict[str, float]:
    doc = nlp(text)
    return dutch_signals(doc, words(doc), max(int(doc._.ta_readability["n_sentences"]), 1))


def test_every_signal_is_computed(nlp):
    values = signals(nlp, "Wij bellen u morgen terug.")
    assert set(values) == set(DUTCH_SIGNALS)
    assert all(not math.isnan(v) for v in values.values())


@pytest.mark.parametrize(
    ("text", "signal", "expected"),
    [
        ("De vijver wordt door de gemeente gehandhaafd.", "passives_per_sentence", 1.0),
        ("Wij houden de vijver.", "passives_per_sentence", 0.0),
        ("De waterdiepte is gemeten.", "passives_per_sentence", 0.5),
        ("U heeft in deze periode te veel toelage ontvangen.", "verb_bracket", 6.0),
        ("Dit geldt o.a. voor ma t/m vr.", "symbols_per_sentence", 2.0),
        ("U krijgt 75% van uw loon en/of een toelage.", "symbols_per_sentence", 2.0),
        ("U krijgt 75 procent van uw loon.", "symbols_per_sentence", 0.0),
        ("Indien u bezwaar maakt, omdat het besluit onjuist is.", "subordinators_per_sentence", 2.0),
    ],
)
def test_signal_on_a_sentence(nlp, text, signal, expected):
    assert signals(nlp, text)[signal] == pytest.approx(expected)


def test_plain_language_list_and_nominal_style(nlp):
    officialese = signals(nlp, "De realisatie van de pilot is cruciaal voor de verduurzaming.")
    plain = signals(nlp, "Het is belangrijk dat we de proef doen.")
    assert officialese["plain_list_share"] > plain["plain_list_share"] == 0
    assert officialese["nominal_share"] > plain["nominal_share"] == 0


@pytest.mark.parametrize(
    ("hard", "easy"),
    [
        (
            "Indien u van mening bent dat de beschikking ten onrechte is afgegeven, kunt u binnen zes weken "
            "een bezwaarschrift indienen.",
            "Bent u het niet eens met het besluit? Dan kunt u binnen zes weken bezwaar maken.",
        ),
        ("De vijver wordt door de gemeente gehandhaafd.", "De gemeente houdt de vijver."),
        ("Dit kan tot uiterlijk 11 maart, i.v.m. de verwerking t/m 17 maart.", "Dit kan tot en met 11 maart."),
        ("Desinfectie is niet nodig tijdens de quarantaine.", "Schoonmaken met bleek hoeft niet als u thuis blijft."),
    ],
)
def test_grade_scores_the_plain_version_easier(nlp, hard, easy):
    assert nlp(easy)._.ta_readability["readability_grade"] < nlp(hard)._.ta_readability["readability_grade"]


def test_grade_reads_as_a_school_grade(nlp):
    plain = nlp("Bedankt voor je bericht. Ik heb je wachtwoord opnieuw ingesteld. Lukt het niet? Laat het me weten.")
    dense = nlp(
        "De implementatie van de nieuwe functionaliteit wordt in verband met de migratie naar het "
        "cloudplatform uitgesteld tot nader order, waarbij de betreffende gebruikers tijdig worden geïnformeerd."
    )
    assert -2 < plain._.ta_readability["readability_grade"] < 7
    assert 12 < dense._.ta_readability["readability_grade"] < 30


def test_english_grade_is_still_flesch_kincaid():
    doc = build_pipeline("en")("The cat sat on the mat. It was happy.")
    r = doc._.ta_readability
    expected = 0.39 * r["words_per_sentence"] + 11.8 * r["syllables_per_word"] - 15.59
    assert r["readability_grade"] == pytest.approx(expected)
