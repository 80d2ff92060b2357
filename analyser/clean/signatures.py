"""Signatures and legal disclaimers at the end of a reply, in English and Dutch.

A signature block (name, job title, company, phone, address) and a legal disclaimer are boilerplate: they
are the same under every reply, so scoring them would drown the differences between agents.  The
valediction itself ("Kind regards," / "Met vriendelijke groet,") is *kept*: the agent chose to write it and
it is part of the reply's tone.  Only the block below it goes, and only when it looks like a signature
(a few short lines, or lines with contact details), so a reply that says "Thanks!" and then carries on is
left alone.
"""

from __future__ import annotations

import re

VALEDICTIONS = (
    # English
    "kind regards",
    "best regards",
    "warm regards",
    "warmest regards",
    "regards",
    "best wishes",
    "best",
    "many thanks",
    "thanks",
    "thank you",
    "thanks again",
    "cheers",
    "sincerely",
    "yours sincerely",
    "yours faithfully",
    "all the best",
    "take care",
    "with kind regards",
    "thanks and regards",
    # Dutch
    "met vriendelijke groet",
    "met vriendelijke groeten",
    "vriendelijke groet",
    "vriendelijke groeten",
    "met hartelijke groet",
    "hartelijke groet",
    "hartelijke groeten",
    "groet",
    "groeten",
    "groetjes",
    "mvg",
    "m.v.g.",
    "gr",
    "gr.",
    "bedankt",
    "alvast bedankt",
    "dank je wel",
    "dank u wel",
    "met groet",
    "hoogachtend",
    "fijne dag",
    "fijne dag nog",
)
_VALEDICTION = re.compile(
    r"^[ \t]*(?:"
    + "|".join(re.escape(v) for v in sorted(VALEDICTIONS, key=len, reverse=True))
    + r")[ \t]*[,.!]?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_SIG_DELIMITER = re.compile(r"^-- ?$", re.MULTILINE)
_SENT_FROM = re.compile(
    r"^[ \t]*(?:Sent from my|Sent from Mail for|Get Outlook for|Verzonden vanaf mijn|Verstuurd vanaf mijn|"
    r"Verzonden met|Outlook voor (?:iOS|Android) downloaden)\b[^\n]{0,80}$",
    re.IGNORECASE | re.MULTILINE,
)
# "*SR", "^JD", "-AK" at the very end: the agent's initials, as brands sign replies on social media.
_INITIALS = re.compile(r"[ \t\n][*^~][ \t]?[A-Z][A-Za-z]{0,2}[ \t]*$")
_CONTACT = re.compile(
    r"@|https?://|www\.|\b(?:tel|phone|mobile|mob|fax|t|e|m|w|telefoon|mobiel|adres|address|kvk)\b[.:]?\s|"
    r"\+?\d[\d \-()]{6,}\d",
    re.IGNORECASE,
)

DISCLAIMER_PATTERNS = (
    # English
    r"\bthis (?:e-?mail|message|communication)(?: and any (?:files|attachments?)[^.]{0,60})? (?:is|are|may be|"
    r"contains?)\b[^.]{0,80}\b(?:confidential|privileged|intended solely|intended only|intended for)",
    r"\bthe information (?:contained |transmitted )?in this (?:e-?mail|message|communication)\b",
    r"\bif you (?:are not the intended recipient|have received this (?:e-?mail|message) in error)",
    r"\b(?:confidentiality|legal) (?:notice|disclaimer)\b",
    r"^\W*disclaimer\b",
    r"\bplease consider the environment before printing\b",
    # Dutch
    r"\bdit (?:e-?mail)?bericht (?:is )?(?:uitsluitend|alleen|enkel) bestemd\b",
    r"\bde (?:informatie|inhoud) (?:verzonden )?(?:in|met|van) dit (?:e-?mail)?bericht\b",
    r"\bindien u (?:dit (?:e-?mail)?bericht|deze e-?mail) (?:ten onrechte|abusievelijk|per abuis|onterecht)",
    r"\baan (?:de inhoud van )?dit (?:e-?mail)?bericht kunnen geen rechten\b",
    r"\bdenk aan het milieu\b",
)
_DISCLAIMER = re.compile("|".join(f"(?:{p})" for p in DISCLAIMER_PATTERNS), re.IGNORECASE | re.MULTILINE)
_PARAGRAPH = re.compile(r"(?:[^\n]*\S[^\n]*(?:\n|$))+")

_MAX_SIGNATURE_LINES = 8


def _looks_like_signature(block: str) -> bool:
    lines = [line.strip() for line in block.splitlines() if line.strip()]
    if not lines or len(lines) > _MAX_SIGNATURE_LINES:
        return False
    for line in lines:
        if _CONTACT.search(line):
            continue
        words = line.split()
        sentence_end = line.endswith(("?", "!")) or (len(words) > 3 and re.search(r"[a-z]{3,}\.$", line))
        if len(words) > 6 or sentence_end:
            return False
    return True


def signature_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that are signature: after "-- ", "Sent from my ...", the block below a valediction."""
    spans: list[tuple[int, int]] = []
    delimiter = _SIG_DELIMITER.search(text)
    if delimiter and text[: delimiter.start()].strip():
        spans.append((delimiter.start(), len(text)))
    spans.extend((m.start(), m.end()) for m in _SENT_FROM.finditer(text) if text[: m.start()].strip())
    valedictions = [m for m in _VALEDICTION.finditer(text) if text[: m.start()].strip()]
    if valedictions:
        last = valedictions[-1]
        block = text[last.end() : spans[0][0] if spans else len(text)]
        if block.strip() and _looks_like_signature(block):
            spans.append((last.end(), last.end() + len(block)))
    initials = _INITIALS.search(text)
    if initials and text[: initials.start()].strip():
        spans.append((initials.start(), initials.end()))
    return spans


def disclaimer_spans(text: str) -> list[tuple[int, int]]:
    """Spans of paragraphs that are legal disclaimers (EN/NL), not the first paragraph of the text."""
    spans = []
    for paragraph in _PARAGRAPH.finditer(text):
        if not text[: paragraph.start()].strip():
            continue
        if _DISCLAIMER.search(paragraph.group()):
            spans.append((paragraph.start(), paragraph.end()))
    return spans
