"""The communication score (0-100) and the technical-content score (0-100): transparent rubrics.

communication_score is the sum of six dimension scores, each shown as its own column so a team lead sees
where points were lost:

| dimension | points | how |
|---|---|---|
| score_politeness | 20 | 20 x politeness probability |
| score_empathy | 20 | 20 x min(1, (emotional reaction + interpretation + exploration + ownership/reassurance) / 2), each 0..1 |
| score_readability | 20 | 20 x clip((Flesch - 30) / 50): 30 or below scores 0, 80 or above full marks (Flesch-Douma for Dutch) |
| score_jargon | 15 | 15 x (1 - clip(jargon_ratio / 8)): 8 or more jargon items per 100 words scores 0 |
| score_structure | 15 | greeting 3, closing 3, next step 5.25, layout 3.75 (short, or split in paragraphs or steps) |
| score_respect | 10 | 10 x (1 - clip(impolite markers / 2 + 0.5 if shouting + 0.25 per exclamation run + 0.5 if u/je mixed)) |

technical_score = 100 x (1 - e^(-d/6)) where d is technical items (jargon terms, acronyms explained or not,
file paths, error codes) per 100 words: the technicus/communicator axis of Stelling 2.

Both are NaN for replies in other languages than English and Dutch (``und``): their inputs are language-bound.
"""

from __future__ import annotations

import math

from spacy.language import Language
from spacy.tokens import Doc

from analyser.nlp.components._util import NAN, ensure_doc_extension, lang_of, per_100, saturate

ensure_doc_extension("ta_scoring")

DIMENSIONS = {
    "score_politeness": 20.0,
    "score_empathy": 20.0,
    "score_readability": 20.0,
    "score_jargon": 15.0,
    "score_structure": 15.0,
    "score_respect": 10.0,
}
COLUMNS = ("communication_score", *DIMENSIONS, "technical_score")


def _clip(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return min(max(value, low), high)


def score(doc: Doc) -> dict[str, float]:
    result = dict.fromkeys(COLUMNS, NAN)
    readability = doc._.ta_readability or {}
    n_words = readability.get("n_words", 0)
    if lang_of(doc) == "und" or not n_words:
        return result
    tone, empathy = doc._.ta_tone, doc._.ta_empathy
    jargon, structure, address = doc._.ta_jargon, doc._.ta_structure, doc._.ta_address
    result["score_politeness"] = 20.0 * tone["politeness"]
    care = saturate(empathy["ownership_count"] + empathy["reassurance_count"])
    mechanisms = (
        empathy["empathy_emotional_reaction"] + empathy["empathy_interpretation"] + empathy["empathy_exploration"]
    )
    result["score_empathy"] = 20.0 * _clip((mechanisms + care) / 2.0)
    flesch = readability["flesch_reading_ease"]
    result["score_readability"] = 20.0 * _clip((flesch - 30.0) / 50.0) if flesch == flesch else 10.0
    result["score_jargon"] = 15.0 * (1.0 - _clip(jargon["jargon_ratio"] / 8.0))
    laid_out = n_words <= 80 or structure["n_paragraphs"] >= 2 or structure["n_list_items"] >= 2
    result["score_structure"] = (
        3.0 * structure["has_greeting"]
        + 3.0 * structure["has_closing"]
        + 5.25 * structure["has_next_step"]
        + 3.75 * laid_out
    )
    penalty = (
        tone["impoliteness_markers"] / 2.0
        + 0.5 * (tone["shouting_words"] > 0)
        + 0.25 * tone["exclamation_runs"]
        + 0.5 * bool(address.get("address_mixed"))
    )
    result["score_respect"] = 10.0 * (1.0 - _clip(penalty))
    result["communication_score"] = sum(result[d] for d in DIMENSIONS)
    technical = jargon["jargon_terms"] + jargon["acronyms"] + jargon["file_paths"] + jargon["error_codes"]
    result["technical_score"] = 100.0 * (1.0 - math.exp(-per_100(technical, n_words) / 6.0))
    return result


class Scoring:
    def __call__(self, doc: Doc) -> Doc:
        doc._.ta_scoring = score(doc)
        return doc


@Language.factory(
    "ticket_analyser_scoring",
    assigns=["doc._.ta_scoring"],
    requires=[
        "doc._.ta_readability",
        "doc._.ta_tone",
        "doc._.ta_empathy",
        "doc._.ta_address",
        "doc._.ta_jargon",
        "doc._.ta_structure",
    ],
)
def make_scoring(nlp: Language, name: str) -> Scoring:
    """Sets ``doc._.ta_scoring``: communication_score (0..100), its six dimension scores, technical_score."""
    return Scoring()
