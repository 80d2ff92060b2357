"""The pipelines: built from spacy.blank without downloads; components registered the spaCy way."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from analyser.errors import InputError
from analyser.features import FEATURE_CATALOGUE
from analyser.nlp.pipeline import OUR_COMPONENTS, add_components, build_pipeline, resolve_models


@pytest.mark.parametrize("lang", ["en", "nl", "und"])
def test_blank_pipeline_has_our_components(lang):
    nlp = build_pipeline(lang)
    for name in OUR_COMPONENTS:
        assert name in nlp.pipe_names
    doc = nlp("Hello. {{ticket_requester_first_name}} is here.")
    assert doc._.ta_scoring is not None and doc._.ta_readability is not None
    assert any(token._.ta_placeholder for token in doc)


def test_components_can_be_added_to_any_pipeline():
    nlp = add_components(spacy.blank("en"))
    doc = nlp("Thanks for your patience, I will call you tomorrow.")
    assert doc._.ta_tone["gratitude_count"] == 1
    assert doc._.ta_structure["has_next_step"] is True


def test_evidence_records_matched_phrases():
    doc = build_pipeline("en")("As I already said, restart your laptop.")
    categories = {(e["family"], e["category"]) for e in doc._.ta_evidence}
    assert ("impoliteness", "blame") in categories
    blame = next(e for e in doc._.ta_evidence if e["category"] == "blame")
    assert doc.text[blame["start_char"] : blame["end_char"]].lower() == "as i already said"


def test_resolve_models():
    assert resolve_models("en_core_web_sm,nl_core_news_sm") == {"en": "en_core_web_sm", "nl": "nl_core_news_sm"}
    assert resolve_models(["nl=my_pipeline"]) == {"nl": "my_pipeline"}
    with pytest.raises(InputError):
        resolve_models("custom_pipeline")


def test_missing_trained_pipeline_is_a_clear_error():
    with pytest.raises(InputError, match="not installed"):
        build_pipeline("en", "en_pipeline_that_does_not_exist")


@pytest.mark.trained_pipeline
@pytest.mark.skipif(importlib.util.find_spec("en_core_web_sm") is None, reason="en_core_web_sm not installed")
def test_trained_pipeline_upgrade(extract):
    out = extract(["Thanks for your patience. I have reset your password."], model="en_core_web_sm")
    assert out.attrs["pipeline"]["pipelines"]["en"]["name"].startswith("en_core_web_sm")


@settings(max_examples=40, deadline=None)
@given(text=st.text(max_size=300))
def test_any_text_gives_a_row(extract, text):
    out = extract([text])
    assert len(out) == 1
    assert out.loc[0, "language"] in ("en", "nl", "und")


def test_feature_docs_match_catalogue():
    page = (Path(__file__).resolve().parents[1] / "docs" / "features.md").read_text(encoding="utf-8")
    for name in FEATURE_CATALOGUE:
        assert f"`{name}`" in page, f"{name} missing from docs/features.md (regenerate it)"


def test_a_pipeline_whose_vocabulary_grew_is_rebuilt_with_the_same_features() -> None:
    """Memory stays flat with unique tokens: the cached pipeline is dropped once its StringStore has grown
    past the limit, and the one built next scores exactly as the old one did."""
    from analyser.nlp.pipeline import build_pipeline, refresh_if_grown

    texts = [f"Hi Anna, ticket INC{i:07d} for user qx{i}zz is solved. Thanks!" for i in range(40)]
    old = build_pipeline("en")
    before = [doc._.ta_tone for doc in old.pipe(texts)]
    assert not refresh_if_grown("en", limit=10**9)
    assert build_pipeline("en") is old
    assert refresh_if_grown("en", limit=10)  # 40 replies brought 80 new strings
    fresh = build_pipeline("en")
    assert fresh is not old and len(fresh.vocab.strings) < len(old.vocab.strings)
    assert [doc._.ta_tone for doc in fresh.pipe(texts)] == before


@pytest.mark.parametrize(
    "text",
    [
        "Hi {{name}}, your laptop {{ ticket.id }} is ready at {% if desk %}the desk{% endif %}. {{",
        "Beste {{klant_voornaam}}, uw melding {{melding}} is opgelost. {niet} {{ }} {{x}}{{y}}",
    ],
)
def test_is_placeholder_agrees_with_the_flag_on_every_token(text: str) -> None:
    """``is_placeholder`` reads the token's text before its flag; it must say what the flag says."""
    from analyser.nlp.components._util import is_placeholder

    doc = build_pipeline("en")(text)
    flags = [token._.ta_placeholder for token in doc]
    assert any(flags)
    assert [is_placeholder(token) for token in doc] == flags


@given(st.text(alphabet="{}%ab _.", max_size=30))
def test_every_placeholder_the_pattern_matches_starts_with_a_brace(text: str) -> None:
    from analyser.nlp.components.placeholders import PLACEHOLDER_PATTERN

    if PLACEHOLDER_PATTERN.fullmatch(text):
        assert text.startswith("{")
