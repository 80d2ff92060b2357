"""Sentiment on hand-written English and Dutch service-desk cases (the cases the evaluation reports)."""

from __future__ import annotations

import pytest

from analyser.evaluation import sentiment
from analyser.nlp.pipeline import build_pipeline


@pytest.mark.parametrize(
    "text",
    ["No problem, I have reset your password.", "No worries, it is fixed.", "Don't hesitate to call us."],
)
def test_courtesy_formulas_are_not_negative(text):
    from analyser.nlp.components.tone import english_sentiment

    assert english_sentiment(text) >= 0


@pytest.mark.parametrize(
    "text,sign",
    [
        ("Dit is geen goede oplossing.", -1),  # negation before the word
        ("Het werkt niet.", -1),  # negation after the verb
        ("Dat is een heel slechte ervaring.", -1),  # inflected adjective
        ("Super, de update is gelukt!", 1),  # 'super' ends the phrase: a word, not an intensifier
        ("De laptop is erg goed.", 1),
    ],
)
def test_dutch_cases(text, sign):
    score = build_pipeline("nl")(text)._.ta_tone["sentiment"]
    assert score * sign > 0.05


def test_intensifier_strengthens():
    nlp = build_pipeline("nl")
    assert nlp("Het is heel goed.")._.ta_tone["sentiment"] > nlp("Het is goed.")._.ta_tone["sentiment"]


def test_hand_written_case_agreement_beats_baselines():
    _, detail = sentiment.evaluate()
    assert detail["en"] >= 0.85 and detail["en"] > detail["en_vader_plain"]
    assert detail["nl"] >= 0.8 and detail["nl"] > detail["nl_lexicon_plain"]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "As I already said, you should have read the KB. DO NOT LOG ANOTHER TICKET FOR THIS!!!"),
        (
            "en",
            "As I already said last week, you should have read the knowledge base article before logging this. "
            "We have explained it many times, the steps are all there and it is really great. "
            "DO NOT LOG ANOTHER TICKET FOR THIS!!!",
        ),
        ("nl", "Zoals ik al zei, u had de handleiding moeten lezen. MAAK GEEN NIEUWE MELDING AAN!!!"),
    ],
)
def test_blame_commands_and_shouting_pull_sentiment_down(lang, text):
    assert build_pipeline(lang)(text)._.ta_tone["sentiment"] < -0.3


@pytest.mark.parametrize(("lang", "text"), [("en", "Restart your laptop."), ("nl", "Start de computer opnieuw op.")])
def test_one_bare_instruction_stays_neutral(lang, text):
    assert abs(build_pipeline(lang)(text)._.ta_tone["sentiment"]) < 0.05


def test_sentence_sentiment_adds_up_like_vader_on_one_sentence():
    from analyser.nlp.components.tone import _vader

    text = "Thank you for your patience, everything works again."
    assert build_pipeline("en")(text)._.ta_tone["sentiment"] == pytest.approx(
        _vader().polarity_scores(text)["compound"], abs=1e-4
    )
