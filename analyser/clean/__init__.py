"""Cleaning: the reply as the customer read it, and only what the agent wrote.

``clean_reply`` turns a body as exported (HTML or text, with quoted history, signature and disclaimer)
into the text the agent actually wrote for this message.  Everything it takes out is kept in
``CleanedReply.removed`` with its kind, so a reviewer can see what went and why; ingest keeps the raw body
beside the cleaned one (``body`` and ``body_clean``).

Order matters and is deliberate:

1. HTML is rendered to text (quoted history marked in the HTML is dropped first, see :mod:`.html`);
2. quoted history is cut from the first reply header onwards, then ``>``-quoted lines (:mod:`.quotes`);
3. disclaimers, then the signature below the valediction (:mod:`.signatures`), on what is left, so a
   signature inside the quoted thread is not mistaken for the agent's;
4. leading ``@mentions`` (social replies) are addressing, not text;
5. placeholders are normalised last (:mod:`.placeholders`) so the patterns above see the original.

``clean_reply`` never raises: a body it cannot parse comes back as it was, whitespace-normalised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analyser.clean.markup import looks_like_html, unescape_entities
from analyser.clean.placeholders import normalise_placeholders

__all__ = ["REMOVAL_KINDS", "CleanedReply", "clean_reply"]

REMOVAL_KINDS = ("html_markup", "quoted_history", "disclaimer", "signature", "mention")

_MENTIONS = re.compile(r"\A(?:[ \t]*@\w{1,30}[ \t,:]*)+")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+$", re.MULTILINE)


@dataclass(frozen=True)
class CleanedReply:
    """A cleaned reply: ``text`` as the customer read it, ``raw`` as exported, and what was removed."""

    text: str
    raw: str
    removed: list[tuple[str, str]] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)

    @property
    def removed_chars(self) -> int:
        """Characters of text removed (quoted history, signature, ...), not counting HTML markup."""
        return sum(len(text) for kind, text in self.removed if kind != "html_markup")


def _tidy(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _TRAILING_SPACE.sub("", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def _cut_spans(text: str, spans: list[tuple[int, int]], kind: str, removed: list[tuple[str, str]]) -> str:
    """Remove the (possibly overlapping) spans from ``text``, recording each removed piece under ``kind``."""
    if not spans:
        return text
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces, position = [], 0
    for start, end in merged:
        pieces.append(text[position:start])
        if text[start:end].strip():
            removed.append((kind, text[start:end].strip()))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _clean(body: str, is_html: bool | None) -> CleanedReply:
    # Imported here rather than at the top: the linter imports analyser.clean.placeholders, which runs this
    # package, and must start without the renderer and reply parsers (inscriptis, lxml, mail-parser-reply).
    from analyser.clean.html import html_to_text, markup_of
    from analyser.clean.quotes import history_start, quoted_lines
    from analyser.clean.signatures import disclaimer_spans, signature_spans

    removed: list[tuple[str, str]] = []
    text = body
    if is_html is None:
        is_html = looks_like_html(body)
    if is_html:
        markup = markup_of(body)
        text, quoted = html_to_text(body)
        if markup:
            removed.append(("html_markup", markup))
        removed.extend(("quoted_history", q) for q in quoted)
    else:
        text = unescape_entities(text)
    text = _tidy(text)

    start = history_start(text)
    if start is not None:
        text = _cut_spans(text, [(start, len(text))], "quoted_history", removed)
    quoted = quoted_lines(text)
    if sum(end - start for start, end in quoted) < len(text.strip()):  # a message that is all quote stays
        text = _cut_spans(text, quoted, "quoted_history", removed)
    text = _tidy(text)
    text = _cut_spans(text, disclaimer_spans(text), "disclaimer", removed)
    text = _tidy(text)
    text = _cut_spans(text, signature_spans(text), "signature", removed)
    text = _tidy(text)
    mentions = _MENTIONS.match(text)
    if mentions and mentions.end() < len(text) and text[mentions.end() :].strip():
        text = _cut_spans(text, [(0, mentions.end())], "mention", removed)
    text, placeholders = normalise_placeholders(_tidy(text))
    return CleanedReply(text=text, raw=body, removed=removed, placeholders=placeholders)


def clean_reply(body: str, *, is_html: bool | None = None) -> CleanedReply:
    """Clean one message body: HTML to text, quoted history, disclaimer and signature out, placeholders
    normalised.  ``is_html=None`` detects HTML from the markup.  Never raises."""
    if not isinstance(body, str):
        body = "" if body is None else str(body)
    try:
        return _clean(body, is_html)
    except Exception:  # a cleaning bug must not lose the reply: keep it as it was
        return CleanedReply(text=_tidy(body), raw=body, removed=[], placeholders=[])
