"""spaCy components of the analyser, one module per feature family.

Each module ends in one ``@Language.factory("ticket_analyser_<family>")`` that sets one Doc attribute,
``doc._.ta_<family>``: a flat dict whose keys are the output column names (NaN where a value cannot be
computed, never an exception).  Matched phrases are also appended to ``doc._.ta_evidence`` (family,
category, text, character offsets) so the audit and the linter can show *why* a score is what it is.
Importing this package registers every factory.
"""

from analyser.nlp.components import (  # noqa: F401  (import registers the factories)
    address,
    correctness,
    empathy,
    frustration,
    jargon,
    placeholders,
    readability,
    scoring,
    service,
    structure,
    tone,
)

FAMILIES = (
    "readability",
    "tone",
    "empathy",
    "address",
    "jargon",
    "structure",
    "correctness",
    "frustration",
    "service",
    "scoring",
)
