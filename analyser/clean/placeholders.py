"""Template placeholders, normalised to one canonical form: ``{{name_in_snake_case}}``.

Agents reply from macros and templates; an export may hold the unrendered template (a lint run on a
template library always does).  Placeholders come in many syntaxes: Zendesk/Liquid
``{{ticket.requester.first_name}}``, Freshdesk ``{{ticket.contact.name}}``, ``{{ name }}``, ServiceNow
``${caller_id.first_name}``, mail-merge ``%NAME%``, Dutch templates ``[Naam]`` and Python-style
``{first_name}``.  Left as they are, the NLP stages would score them as jargon, misspellings or odd
punctuation.  Normalising them to ``{{snake_case}}`` (no spaces) lets the tokenizer keep each as one
placeholder token; we never substitute a fake name, which would change length and sentiment.
"""

from __future__ import annotations

import re

_NAME = r"[A-Za-z_][\w.\-]{0,80}"
_PATTERNS = (
    # {{ ticket.requester.first_name | capitalize }}, {{name}}; Liquid filters dropped
    re.compile(r"\{\{-?\s*(" + _NAME + r")\s*(?:\|[^{}\n]{0,80})?-?\}\}"),
    re.compile(r"\$\{\s*(" + _NAME + r")\s*\}"),  # ${caller_id.first_name}
    re.compile(r"%(" + r"[A-Za-z_][A-Za-z0-9_.]{0,60}" + r")%"),  # %NAME%
    # [Naam], [Customer Name], [first name]: words only, not a link "[text](url)" nor a marker [EMAIL-1]
    re.compile(r"(?<![!\]\w])\[((?:[A-Za-zÀ-ÿ_]{2,30})(?:[ ._][A-Za-zÀ-ÿ_]{1,30}){0,3})\](?![(\[])"),
    re.compile(r"(?<![{\w$])\{(" + r"[A-Za-z_][\w.]{0,60}" + r")\}(?!\})"),  # {first_name}
)
_CANONICAL = re.compile(r"\{\{[a-z0-9_]+\}\}")


def canonical_name(name: str) -> str:
    """``ticket.requester.first_name`` -> ``ticket_requester_first_name``; ``Customer Name`` -> ``customer_name``."""
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name.strip())  # camelCase -> camel_Case
    name = re.sub(r"[^0-9A-Za-zÀ-ÿ]+", "_", name).strip("_").lower()
    name = re.sub(r"[^a-z0-9_]", lambda m: _fold(m.group()), name)
    return name or "placeholder"


def _fold(character: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", character)
    ascii_only = "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c == "_"))
    return ascii_only.lower() or "_"


def normalise_placeholders(text: str) -> tuple[str, list[str]]:
    """Rewrite every placeholder in ``text`` as ``{{snake_case}}``; return (text, placeholders found)."""
    found: list[str] = []

    def replace(match: re.Match[str]) -> str:
        canonical = "{{" + canonical_name(match.group(1)) + "}}"
        found.append(canonical)
        return canonical

    # Protect what is already canonical so that {x} inside {{x}} is not rewritten twice.
    protected: list[str] = []

    def protect(match: re.Match[str]) -> str:
        protected.append(match.group())
        found.append(match.group())
        return f"\x00{len(protected) - 1}\x00"

    text = text.replace("\x00", "")
    text = _CANONICAL.sub(protect, text)
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: _protect_new(replace(m), protected), text)
    text = re.sub(r"\x00(\d+)\x00", lambda m: protected[int(m.group(1))], text)
    return text, found


def _protect_new(canonical: str, protected: list[str]) -> str:
    protected.append(canonical)
    return f"\x00{len(protected) - 1}\x00"
