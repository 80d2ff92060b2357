"""Template placeholders (``{{name}}``) as single tokens that no other component scores.

The cleaning stage normalises every placeholder syntax (``{{ticket.requester.first_name}}``, ``%NAME%``,
``[Naam]``) to ``{{snake_case}}``.  Merged into one token and flagged, a placeholder is neither a word for
readability nor jargon, nor an acronym, nor a misspelling: a template is judged on the words the agent wrote.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from analyser.nlp.components._util import ensure_token_extension

PLACEHOLDER_PATTERN = re.compile(r"\{\{\s*[^{}\s][^{}]*\}\}|\{%[^{}]*%\}")

ensure_token_extension("ta_placeholder", default=False)


class PlaceholderMerger:
    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match in PLACEHOLDER_PATTERN.finditer(doc.text):
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None:
                spans.append(span)
        if spans:
            from spacy.util import filter_spans

            with doc.retokenize() as retokenizer:
                for span in filter_spans(spans):
                    retokenizer.merge(span)
            for token in doc:
                if PLACEHOLDER_PATTERN.fullmatch(token.text):
                    token._.ta_placeholder = True
        return doc


@Language.factory("ticket_analyser_placeholders", assigns=["token._.ta_placeholder"])
def make_placeholders(nlp: Language, name: str) -> PlaceholderMerger:
    """Merge ``{{...}}`` placeholders into single tokens flagged ``token._.ta_placeholder``."""
    return PlaceholderMerger()
