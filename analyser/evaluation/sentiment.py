"""Sentiment: hand-written service-desk cases in English and Dutch, each with the sign a reader would give.

No labelled support-desk sentiment data with a licence we can use is at hand, so the check is a set of
cases written for this project (below): courtesy formulas VADER misreads, negation, intensifiers, and plain
positive and negative replies.  A case passes when the score has the expected sign (|score| < 0.05 counts as
neutral).  Baselines: VADER without our overrides (English) and the Pattern lexicon without negation or
intensifier handling (Dutch).
"""

from __future__ import annotations

import math

from analyser.evaluation.common import row

NEUTRAL = 0.05
# (text, expected sign: 1 positive, 0 neutral, -1 negative)
CASES_EN: tuple[tuple[str, int], ...] = (
    ("No problem, I have reset your password.", 1),
    ("No worries, the laptop is ready for pick-up.", 1),
    ("Don't hesitate to contact us if anything is unclear.", 1),
    ("Not a problem at all, happy to help.", 1),
    ("Do not worry, your files are safe.", 1),
    ("The installation failed again and you still cannot log in.", -1),
    ("Thank you for your patience, everything works again.", 1),
    ("Unfortunately the server is down and we cannot fix it today.", -1),
    ("This is not acceptable and we apologise for the terrible delay.", -1),
    ("Great news: the issue is resolved.", 1),
    ("Your ticket has been assigned to the network team.", 0),
    ("Please restart the computer and log in again.", 0),
    ("I'm sorry to hear the printer is still broken.", -1),
    ("The update was very successful.", 1),
    ("The backup is not working.", -1),
)
CASES_NL: tuple[tuple[str, int], ...] = (
    ("Het probleem is opgelost, fijn dat u het meldde.", 1),
    ("De printer werkt niet goed.", -1),
    ("Dit is geen goede oplossing.", -1),
    ("De storing is niet erg, het werkt alweer.", 1),
    ("Bedankt voor uw geduld, alles werkt weer.", 1),
    ("Helaas is de server nog steeds onbereikbaar.", -1),
    ("Uw ticket is doorgezet naar het netwerkteam.", 0),
    ("Wat vervelend dat u vanochtend niet kon werken.", -1),
    ("De nieuwe laptop is erg snel en prettig.", 1),
    ("Dat is een heel slechte ervaring.", -1),
    ("Ik ben niet tevreden over de afhandeling.", -1),
    ("Geen probleem, ik help u graag.", 1),
    ("Start de computer opnieuw op.", 0),
    ("Het was een vreselijk lange storing.", -1),
    ("Super, de update is gelukt!", 1),
)


def _sign(value: float) -> int:
    if value != value or abs(value) < NEUTRAL:
        return 0
    return 1 if value > 0 else -1


def english_scores(texts: list[str], overrides: bool = True) -> list[float]:
    """The component's sentiment (what every output carries), or plain VADER as the baseline."""
    from analyser.evaluation.common import docs
    from analyser.nlp.components.tone import _vader

    if overrides:
        return [float(doc._.ta_tone["sentiment"]) for doc in docs(texts, "en")]
    return [float(_vader().polarity_scores(t)["compound"]) for t in texts]


def dutch_scores(texts: list[str], modifiers: bool = True) -> list[float]:
    from analyser.evaluation.common import docs
    from analyser.nlp.components.tone import _dutch_lexicon

    scores = []
    for doc in docs(texts, "nl"):
        if modifiers:
            scores.append(float(doc._.ta_tone["sentiment"]))
        else:
            lexicon = _dutch_lexicon()
            total = sum(lexicon.get(t.lower_, 0.0) for t in doc)
            scores.append(total / math.sqrt(total * total + 15.0) if total else 0.0)
    return scores


def agreement(scores: list[float], expected: list[int]) -> float:
    return sum(_sign(s) == e for s, e in zip(scores, expected, strict=True)) / len(expected)


def evaluate() -> tuple[list[dict[str, object]], dict[str, object]]:
    """Sign agreement on the hand-written cases (always available: no external data)."""
    en_texts, en_expected = [t for t, _ in CASES_EN], [e for _, e in CASES_EN]
    nl_texts, nl_expected = [t for t, _ in CASES_NL], [e for _, e in CASES_NL]
    detail = {
        "en": agreement(english_scores(en_texts), en_expected),
        "en_vader_plain": agreement(english_scores(en_texts, overrides=False), en_expected),
        "nl": agreement(dutch_scores(nl_texts), nl_expected),
        "nl_lexicon_plain": agreement(dutch_scores(nl_texts, modifiers=False), nl_expected),
    }
    rows = [
        row(
            "sentiment cases, English (hand-written)",
            "sign agreement",
            detail["en"],
            {"VADER without overrides": detail["en_vader_plain"]},
            n=len(CASES_EN),
        ),
        row(
            "sentiment cases, Dutch (hand-written)",
            "sign agreement",
            detail["nl"],
            {"Pattern lexicon, no negation/intensifiers": detail["nl_lexicon_plain"]},
            n=len(CASES_NL),
        ),
    ]
    return rows, detail
