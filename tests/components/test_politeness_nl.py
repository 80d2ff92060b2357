"""Dutch politeness markers and the politeness probability on hand-written Dutch and English replies."""

from __future__ import annotations

import pytest

from analyser.nlp.pipeline import build_pipeline


@pytest.fixture(scope="module")
def nl():
    return build_pipeline("nl")


@pytest.fixture(scope="module")
def en():
    return build_pipeline("en")


@pytest.mark.parametrize(
    "text,marker",
    [
        ("Wilt u alstublieft uw wachtwoord opnieuw instellen?", "please"),
        ("Graag ontvang ik een schermafdruk van de foutmelding.", "please"),
        ("Bedankt voor uw melding.", "gratitude"),
        ("Onze excuses voor het ongemak.", "apology"),
        ("Zou u de printer opnieuw kunnen starten?", "indirect_request"),
        ("Wilt u de laptop morgen langsbrengen?", "indirect_request"),
    ],
)
def test_dutch_markers(nl, text, marker):
    assert nl(text)._.ta_tone[f"{marker}_count"] >= 1


def test_dutch_subjunctive_request_is_a_strategy(nl):
    inputs = nl("Zou u de printer opnieuw kunnen starten?")._.ta_politeness_input
    assert inputs["subjunctive"] == 1.0 and inputs["question"] == 1.0


@pytest.mark.parametrize(
    "polite,rude",
    [
        (
            "Beste Anna, bedankt voor uw geduld. Zou u de laptop alstublieft opnieuw willen opstarten? Met "
            "vriendelijke groet, Daan",
            "Zoals ik al zei, u had de handleiding moeten lezen. Herstart die laptop!!",
        ),
        (
            "Goedemorgen, excuses voor de vertraging. Wilt u mij laten weten of het nu werkt? Groeten, Sem",
            "Dat is niet ons probleem. Lees de handleiding.",
        ),
    ],
)
def test_dutch_polite_reply_scores_higher(nl, polite, rude):
    assert nl(polite)._.ta_tone["politeness"] > nl(rude)._.ta_tone["politeness"] + 0.3


def test_english_polite_beats_blunt(en):
    polite = en("Hi Sam, thanks for your patience. Could you please restart the laptop? Kind regards, Anna")
    blunt = en("As I already said, restart the laptop!!")
    assert polite._.ta_tone["politeness"] > 0.7 > 0.3 > blunt._.ta_tone["politeness"]


def test_politeness_evidence_still_recorded(en):
    doc = en("Thanks for waiting. Could you send the log?")
    families = {(e["family"], e["category"]) for e in doc._.ta_evidence}
    assert ("politeness", "gratitude") in families
    assert all({"family", "category", "text", "start_char", "end_char"} <= set(e) for e in doc._.ta_evidence)


@pytest.mark.parametrize(
    ("text", "start", "inside"),
    [
        ("Graag ontvang ik een schermafdruk van de foutmelding.", 0.0, 1.0),
        ("Alstublieft, start de laptop opnieuw op.", 1.0, 0.0),
        ("Wilt u de laptop alstublieft opnieuw opstarten?", 0.0, 1.0),
        ("Start de laptop opnieuw op.", 0.0, 0.0),
    ],
)
def test_dutch_please_at_the_start_and_inside(nl, text, start, inside):
    inputs = nl(text)._.ta_politeness_input
    assert (inputs["please_start"], inputs["please_inside"]) == (start, inside)


@pytest.mark.parametrize(
    "polite,plain",
    [
        ("Hoi Sanne, bedankt voor je bericht! Ik help je graag verder.", "Het wachtwoord is gereset."),
        ("Excuses voor het wachten. Zou u het logbestand willen sturen?", "Stuur het logbestand."),
        ("Goedemiddag, fijn dat u het meldt. Wij kijken er vandaag naar.", "Waarom heeft u dat gedaan?"),
        ("Graag ontvang ik de foutmelding, dan kijk ik met u mee.", "Dus u heeft de handleiding niet gelezen?"),
    ],
)
def test_dutch_strategies_order_replies(nl, polite, plain):
    assert nl(polite)._.ta_tone["politeness"] > nl(plain)._.ta_tone["politeness"]


def test_dutch_reply_without_strategies_is_near_the_middle(nl):
    # no intercept: a reply with no politeness strategy either way scores about 0.5 in both languages
    score = nl("De printer staat op de tweede verdieping.")._.ta_tone["politeness"]
    assert 0.3 < score < 0.7
