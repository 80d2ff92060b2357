"""The feature extraction API: columns, ranges, languages, odd input; hand-written EN and NL cases."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analyser.features import FEATURE_CATALOGUE, FEATURE_COLUMNS, REQUIRED_COLUMNS
from analyser.scoring import SCORED_COLUMNS

GOOD_EN = (
    "Hi Sarah,\n\nI'm sorry to hear you couldn't work this morning, that must be frustrating. "
    "I have reset your password and I will check back with you tomorrow at 10:00. "
    "Could you tell me whether you can log in now?\n\nKind regards,\nAnna"
)
POOR_EN = "As I already said, you should have read the manual. Restart your PC!!! DO NOT SHARE YOUR PASSWORD."
GOOD_NL = (
    "Beste {{naam}},\n\nWat vervelend dat u vanochtend niet kon werken. Ik ga dit voor u uitzoeken en bel u "
    "morgen terug. Kunt u mij vertellen wanneer dit begon?\n\nMet vriendelijke groet,\nDaan"
)
POOR_NL = "Zoals ik al zei, u had de handleiding moeten lezen. Zet je VPN uit en weer aan."


@pytest.fixture(scope="module")
def scored(extract):
    return extract(
        [GOOD_EN, POOR_EN, GOOD_NL, POOR_NL, "", "https://example.com/status", "Guten Tag, das Problem ist gelöst."]
    )


def test_required_columns_present(scored):
    for column in REQUIRED_COLUMNS:
        assert column in scored.columns, column


def test_every_output_column_is_in_the_catalogue(scored):
    features = [c for c in scored.columns if c not in SCORED_COLUMNS]
    assert set(features) == set(FEATURE_COLUMNS)
    assert set(FEATURE_COLUMNS) <= set(FEATURE_CATALOGUE)


def test_languages_detected(scored):
    assert scored["language"].tolist() == ["en", "en", "nl", "nl", "und", "und", "und"]


def test_ranges(scored):
    known = scored.iloc[:4]
    for column in (
        "politeness",
        "empathy",
        "empathy_emotional_reaction",
        "empathy_interpretation",
        "empathy_exploration",
    ):
        assert known[column].between(0, 1).all(), column
    assert known["sentiment"].between(-1, 1).all()
    assert known["communication_score"].between(0, 100).all()


@pytest.mark.parametrize("good,poor", [(0, 1), (2, 3)])
def test_good_reply_beats_poor_reply(scored, good, poor):
    for column in ("politeness", "empathy", "communication_score"):
        assert scored.loc[good, column] > scored.loc[poor, column] + 0.1, column
    assert scored.loc[poor, "impoliteness_markers"] >= 2
    assert scored.loc[good, "impoliteness_markers"] == 0


def test_english_poor_reply_signals(scored):
    row = scored.loc[1]
    assert row["blame_count"] >= 2  # "as I already said", "you should have"
    assert row["shouting_words"] == 3
    assert row["exclamation_runs"] == 1
    assert row["command_without_please_count"] >= 1


def test_dutch_address_mixing(scored):
    assert scored.loc[2, "formality"] == "formal" and not scored.loc[2, "address_mixed"]
    assert scored.loc[3, "formality"] == "mixed" and scored.loc[3, "address_mixed"]
    assert scored.loc[3, "unexplained_acronyms"] == 1  # VPN


def test_placeholder_is_not_jargon_and_counts_as_name(scored):
    assert scored.loc[2, "jargon_ratio"] == 0
    assert scored.loc[2, "uses_customer_name"]


def test_empathy_mechanisms_in_service_desk_acknowledgement(scored):
    row = scored.loc[0]
    assert row["empathy_emotional_reaction"] > 0.5  # "sorry to hear", "must be frustrating"
    assert row["empathy_interpretation"] > 0.5  # "you couldn't work this morning"
    assert row["empathy_exploration"] > 0.5  # "Could you tell me ...?"


def test_undetermined_language_gets_only_language_independent_features(scored):
    german = scored.loc[6]
    assert german["n_words"] == 6
    assert not math.isnan(german["lix"])
    assert math.isnan(german["flesch_reading_ease"]) and math.isnan(german["politeness"])
    assert math.isnan(german["communication_score"])


def test_empty_and_url_only_bodies_give_rows_not_errors(scored):
    assert scored.loc[4, "n_words"] == 0 and scored.loc[5, "n_words"] == 0
    assert scored.loc[5, "n_links"] == 1


def test_dataframe_input_keeps_id_and_order(extract):
    frame = pd.DataFrame({"reply_id": ["b", "a"], "body": ["Dank u wel voor uw geduld.", "Thanks a lot!"]})
    out = extract(frame)
    assert out["reply_id"].tolist() == ["b", "a"]
    assert out["language"].tolist() == ["nl", "en"]


def test_forced_language(extract):
    out = extract(["ok"], language="nl")
    assert out.loc[0, "language"] == "nl"


def test_missing_text_column_is_a_clear_error(extract):
    with pytest.raises(KeyError, match="text column 'body'"):
        extract(pd.DataFrame({"message": ["hi"]}))


def test_pipeline_metadata_recorded(extract):
    out = extract(["Thanks for waiting."])
    meta = out.attrs["pipeline"]
    assert meta["pipelines"]["en"]["name"] == "spacy.blank(en)"
    assert meta["packages"]["spacy"]
    assert "ticket_analyser_tone" in meta["pipelines"]["en"]["components"]


def test_huge_body_is_cut_and_flagged(extract):
    out = extract(["Please restart the laptop. " * 40_000])  # ~1 MB
    assert bool(out.loc[0, "truncated"])
    assert out.loc[0, "n_words"] > 1000


def test_binary_garbage_does_not_crash(extract):
    out = extract(["\x00\x01\x02\xff\xfe garbage \x07" * 10])
    assert len(out) == 1


def test_vader_support_desk_phrases_are_not_negative(extract):
    out = extract(["No problem, happy to help!", "No worries, it's sorted.", "Don't hesitate to contact us."])
    assert (out["sentiment"] >= 0).all()


def test_dutch_negation_flips_sentiment(extract):
    out = extract(["Het werkt goed, fijn!", "Het werkt niet goed, echt niet fijn."], language="nl")
    assert out.loc[0, "sentiment"] > 0 > out.loc[1, "sentiment"]
