"""Suggestions: concrete rewrites for the rule that fired; CSV and alias helpers."""

from __future__ import annotations

import pandas as pd

from analyser.audit.privacy import agent_aliases, greeting_names, mask_user_paths, neutralise_frame
from analyser.audit.reasons import lint_reasons, split_sentence, suggestion_for
from analyser.audit.report import highlight


def test_split_sentence_at_the_conjunction_nearest_the_middle():
    sentence = "I have reset your password on the server, and you can now log in with the code we sent to your phone"
    assert split_sentence(sentence) == (
        "I have reset your password on the server. You can now log in with the code we sent to your phone"
    )
    assert split_sentence("Short one.") is None


def test_acronym_gets_its_plain_alternative_in_the_reply_language():
    assert "beveiligde verbinding" in suggestion_for("JG002", "VPN", "", "", None, None, "nl")
    assert "VPN" in suggestion_for("JG002", "VPN", "", "", None, None, "en")


def test_mixed_address_suggests_one_form_for_the_sentence():
    text = "Beste Ruud,\n\nKunt u uw laptop herstarten? Daarna kun je weer inloggen.\n\nMet vriendelijke groet,"
    reasons = [r for r in lint_reasons(text, "nl") if r.code == "AD001"]
    assert reasons, "AD001 fires on mixed u/je"
    assert all(text[r.start : r.end] == r.phrase for r in reasons)
    assert any("kunt u" in r.suggestion.lower() or "kun je" in r.suggestion.lower() for r in reasons)


def test_highlight_escapes_and_marks():
    text = "Use <b>VPN</b> now"
    marked = str(highlight(text, [{"start": 7, "end": 10, "code": "JG002", "message": "acronym", "level": "warning"}]))
    assert "&lt;b&gt;<mark" in marked and ">VPN<sup>JG002</sup></mark>&lt;/b&gt;" in marked


def test_greeting_names_and_user_paths():
    names = greeting_names(["Dear Ms Taylor,\n\nThanks", "Hoi Ruud,\nBedankt", "Hi all,\nx", "Geachte heer De Vries,"])
    assert names == {"Taylor", "Ruud", "De Vries"}
    assert mask_user_paths(r"C:\Users\tevans\Documents") == r"C:\Users\[USER]\Documents"


def test_aliases_are_stable_and_keyed():
    assert agent_aliases(["b", "a", "a"]) == {"a": "Agent 01", "b": "Agent 02"}
    keyed = agent_aliases(["a", "b"], key="secret")
    assert keyed == agent_aliases(["b", "a"], key="secret") and keyed != agent_aliases(["a", "b"], key="other")


def test_neutralise_frame_leaves_numbers_alone():
    frame = pd.DataFrame({"t": ["=1+1", "+x", "-y", "@z", "ok"], "n": [-1.5, 2, 3, 4, 5]})
    out = neutralise_frame(frame)
    assert list(out["t"]) == ["'=1+1", "'+x", "'-y", "'@z", "ok"]
    assert list(out["n"]) == [-1.5, 2, 3, 4, 5]
