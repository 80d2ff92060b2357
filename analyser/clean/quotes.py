"""Quoted history in plain-text replies: find where the earlier conversation starts.

An e-mail reply usually carries the whole thread below it ("On Mon, 4 Mar 2024, Jan wrote:", Outlook's
"-----Original Message-----" or "Van: / Verzonden: / Aan: / Onderwerp:" header block, ``>`` quotes).  That
text was written by someone else, earlier; scoring it would credit the agent with the customer's words.

Header detection reuses *mail-parser-reply*'s maintained English and Dutch header patterns ("On ...
wrote:", "Op ... schreef:", From/Sent/To/Subject and Van/Verzonden/Aan/Onderwerp blocks, the Original
Message separator).  We evaluated its whole pipeline and use only those patterns, because the rest does
not serve us: its signature rule treats any line starting with ``-`` as a signature (so an agent's
bulleted steps vanish), any line starting "Thanks," cuts the rest of the mail, it strips every line, and
its Dutch pattern misses Gmail's "Op ma 4 mrt 2024 om 10:12 schreef Jan <jan@example.nl>:" (the name
comes *after* "schreef").  The patterns below add those cases and the helpdesk reply markers.
"""

from __future__ import annotations

import re
from functools import lru_cache

_OWN_HEADERS = (
    # Gmail / Apple Mail, possibly wrapped over two lines.
    r"^[ \t>]*On\b[^\n]{0,200}(?:\n[^\n]{0,200})?\bwrote:[ \t]*$",
    # Gmail NL: "Op ma 4 mrt 2024 om 10:12 schreef Jan Jansen <jan@example.nl>:"
    r"^[ \t>]*Op\b[^\n]{0,200}(?:\n[^\n]{0,200})?\bschreef\b[^\n]{0,200}:[ \t]*$",
    # Apple Mail NL: "Op 4 mrt. 2024 om 10:12 heeft Jan het volgende geschreven:"
    r"^[ \t>]*Op\b[^\n]{0,200}(?:\n[^\n]{0,200})?\bhet volgende geschreven:[ \t]*$",
    r"^[ \t>]*-{2,}[ \t]*(?:Original Message|Oorspronkelijk bericht|Origineel bericht|Forwarded message|"
    r"Doorgestuurd bericht|Reply above this line|Oorspronkelijk e-mailbericht)[ \t]*-{2,}[ \t]*$",
    r"^[ \t>]*(?:Begin forwarded message|Begin doorgestuurd bericht):[ \t]*$",
    # Zendesk / Freshdesk reply markers in notification e-mails.
    r"^[ \t>]*#{1,3}-[^\n]{0,80}-#{1,3}[ \t]*$",
    # Outlook: a line of underscores followed by a From:/Van: header.
    r"^[ \t>]*_{10,}[ \t]*\n[ \t>*]*(?:From|Van|De|Von):",
    # Outlook header block with a bold/plain "From:" or "Van:" and a "Sent:"/"Verzonden:" line after it.
    r"^[ \t>*]*(?:From|Van):[^\n]*\n[ \t>*]*(?:Sent|Verzonden|Date|Datum):",
)


@lru_cache(maxsize=1)
def _header_patterns() -> tuple[re.Pattern[str], ...]:
    patterns = [re.compile(p, re.MULTILINE | re.IGNORECASE) for p in _OWN_HEADERS]
    try:
        from mailparser_reply.parser import EmailMessage

        patterns.append(EmailMessage(text="", languages=["en", "nl"]).HEADER_REGEX)
    except Exception:  # pragma: no cover - the library is a dependency; our own patterns still work
        pass
    return tuple(patterns)


def history_start(text: str) -> int | None:
    """Index where quoted history starts in ``text`` (the earliest header found), or None.

    A header at the very start of the text is not history (the whole message would vanish): a
    forwarded message with nothing written above it is kept as it is.
    """
    # Header lines are short.  mail-parser-reply's patterns backtrack badly on a long line that starts
    # like a header ("On ..." without "wrote:"), so long lines are blanked (same length: offsets hold).
    probe = "\n".join(line if len(line) <= _MAX_HEADER_LINE else " " * len(line) for line in text.split("\n"))
    earliest: int | None = None
    for pattern in _header_patterns():
        for match in pattern.finditer(probe):
            start = match.start()
            # mail-parser-reply's from_header may start at the newline before the header line
            while start < len(text) and text[start] == "\n":
                start += 1
            if not text[:start].strip():
                continue
            if earliest is None or start < earliest:
                earliest = start
            break
    return earliest


_MAX_HEADER_LINE = 300
_QUOTED_LINE = re.compile(r"^[ \t]*>[^\n]*(?:\n|$)", re.MULTILINE)


def quoted_lines(text: str) -> list[tuple[int, int]]:
    """Spans of lines quoted with ``>`` (each a (start, end) pair)."""
    return [(m.start(), m.end()) for m in _QUOTED_LINE.finditer(text)]
