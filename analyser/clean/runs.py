"""Long runs of punctuation and symbols, capped before tokenising so that the cost stays linear in length.

spaCy's tokenizer strips suffixes one character at a time and searches the rest of the token again after
each strip, so a token such as ``Thanks`` followed by 100,000 ``!`` costs time quadratic in the run's length
(65 s for 20,000 marks; hours for the 5 MB a template may have).  No reader sees a difference between 40
exclamation marks and 100,000, so every maximal run of characters that are neither letters, digits nor
white space (or is an underscore) is capped at :data:`MAX_RUN` characters: its first ``MAX_RUN - 1`` characters and its last one
are kept.  Runs of at most ``MAX_RUN`` characters, which is every run in ordinary text (an ellipsis, "?!",
a row of emoji, a ``----`` rule under a heading), are left exactly as they are, so features computed on
ordinary text do not change.

One function for every command that tokenises text (extract, lint, ...): :func:`collapse_symbol_runs`;
the linter, which must point back into the original text, uses :func:`collapse_symbol_runs_with_offsets`.
"""

from __future__ import annotations

import re
from functools import cache

MAX_RUN = 32
_SYMBOL = r"(?:[^\w\s]|_)"  # punctuation, symbols, emoji and the underscore (spaCy strips "_" as a suffix too)


@cache
def _pattern(limit: int) -> re.Pattern[str]:
    return re.compile(f"{_SYMBOL}{{{limit + 1},}}")


def collapse_symbol_runs(text: str, limit: int = MAX_RUN) -> str:
    """``text`` with every run of more than ``limit`` punctuation/symbol characters cut to ``limit``."""
    if limit < 2:
        raise ValueError("limit must be at least 2")
    return _pattern(limit).sub(lambda m: m.group()[: limit - 1] + m.group()[-1], text)


def collapse_symbol_runs_with_offsets(text: str, limit: int = MAX_RUN) -> tuple[str, list[int] | None]:
    """As :func:`collapse_symbol_runs`, with ``offsets[i]`` = index in ``text`` of character ``i`` of the result.

    ``offsets`` is ``None`` when nothing was cut (the common case: no copy, no map).  The last character
    of a cut run maps to the last character of the original run, so a span over the cut run still covers
    the whole run in ``text``."""
    if limit < 2:
        raise ValueError("limit must be at least 2")
    matches = list(_pattern(limit).finditer(text))
    if not matches:
        return text, None
    pieces: list[str] = []
    offsets: list[int] = []
    position = 0
    for match in matches:
        start, end = match.span()
        pieces.append(text[position:start] + text[start : start + limit - 1] + text[end - 1])
        offsets.extend(range(position, start + limit - 1))
        offsets.append(end - 1)
        position = end
    pieces.append(text[position:])
    offsets.extend(range(position, len(text)))
    return "".join(pieces), offsets
