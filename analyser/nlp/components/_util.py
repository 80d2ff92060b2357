"""Token helpers shared by the components."""

from __future__ import annotations

import math
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

NAN = math.nan


def ensure_doc_extension(name: str, default: object = None) -> None:
    """Register ``Doc._.<name>`` once (re-importing a module must not fail)."""
    if not Doc.has_extension(name):
        Doc.set_extension(name, default=default)


def ensure_token_extension(name: str, default: object = None) -> None:
    if not Token.has_extension(name):
        Token.set_extension(name, default=default)


ensure_token_extension("ta_placeholder", default=False)
ensure_doc_extension("ta_evidence", default=None)


def is_placeholder(token: Token) -> bool:
    """Whether the placeholders component merged ``token`` as a ``{{...}}`` / ``{%...%}`` placeholder.

    It flags only tokens that match its pattern whole, and every match begins with "{": the text is looked at
    first because reading ``token._`` builds an object per call, and most tokens are asked about several times.
    """
    return token.text[:1] == "{" and token._.ta_placeholder


def is_word(token: Token) -> bool:
    """A word a reader reads: has letters; not a placeholder, URL, e-mail address or number."""
    if token.is_alpha:  # letters only: never a placeholder, URL, e-mail address or space (the common case, fast)
        return True
    return (
        any(ch.isalpha() for ch in token.text)
        and not is_placeholder(token)
        and not token.like_url
        and not token.like_email
        and not token.is_space
    )


# The word list of the Doc seen last: every component asks for it, and a Doc goes through all components
# before the next one arrives, so it is computed once per Doc.  (Not a Doc extension: a list of Tokens on
# the Doc would make every Doc a reference cycle and could not be serialised with it.)
_LAST_WORDS: list = [None, -1, []]


def words(doc: Doc | Span) -> list[Token]:
    """The words of ``doc`` (see :func:`is_word`), in order.  Shared between callers: do not modify it."""
    if isinstance(doc, Span):
        return [token for token in doc if is_word(token)]
    if _LAST_WORDS[0] is doc and _LAST_WORDS[1] == len(doc):  # the length changes if it was retokenised
        return _LAST_WORDS[2]
    found = [token for token in doc if is_word(token)]
    _LAST_WORDS[:] = [doc, len(doc), found]
    return found


_LAST_TEXT: list = [None, -1, ""]


def text_of(doc: Doc) -> str:
    """``doc.text``, built once per Doc: spaCy joins every token each time it is asked, so a component asking
    once per sentence (or per match) of a long reply would cost time quadratic in its length."""
    if _LAST_TEXT[0] is doc and _LAST_TEXT[1] == len(doc):
        return _LAST_TEXT[2]
    text = doc.text
    _LAST_TEXT[:] = [doc, len(doc), text]
    return text


def per_100(count: float, n_words: int) -> float:
    return 100.0 * count / n_words if n_words else NAN


def saturate(count: float, rate: float = 0.9) -> float:
    """Map a count of markers to 0..1: one marker counts most, further ones add less (1 - e^-rate*n)."""
    return 1.0 - math.exp(-rate * count) if count == count else NAN


def add_evidence(doc: Doc, family: str, category: str, spans: Iterable[Span]) -> None:
    """Record matched phrases on ``doc._.ta_evidence`` for reasons in audit and lint output."""
    evidence = doc._.ta_evidence  # read once: each ``doc._`` builds an object
    if evidence is None:
        evidence = doc._.ta_evidence = []
    for span in spans:
        evidence.append(
            {
                "family": family,
                "category": category,
                "text": span.text,
                "start_char": span.start_char,
                "end_char": span.end_char,
            }
        )


def lang_of(doc: Doc) -> str:
    """The language the features are computed for (``und`` for the multi-language pipeline)."""
    return doc.lang_ if doc.lang_ in ("en", "nl") else "und"
