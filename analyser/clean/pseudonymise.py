"""Pseudonymisation of personal data in anything a report shows.

Reports quote replies as examples; those replies hold customers' e-mail addresses, phone numbers, bank
accounts, postcodes and names.  Before a reply is shown, each such item is replaced by a stable marker
(``[EMAIL-1]``, ``[PHONE-2]``, ``[IBAN-1]``, ``[POSTCODE-1]``, ``[NAME-1]``): the same value gets the same
marker throughout a report, so a reader can still follow "the customer gave [PHONE-1] twice", but the
value itself never leaves the machine.  The mapping lives only in memory on a :class:`Pseudonymiser`; no
function here writes it anywhere.

Phone numbers are found with *phonenumbers* (Google's libphonenumber), which knows the Dutch numbering
plan (06-12345678, +31 6 1234 5678, 020-1234567, 0800-numbers) and international numbers written with
``+``; a hand-written regex would either miss those or flag order numbers and dates.  IBANs are checked
with the ISO 7064 mod-97 checksum so that long reference numbers are not taken for accounts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import phonenumbers

__all__ = ["KINDS", "Pseudonymiser", "pseudonymise"]

KINDS = ("EMAIL", "PHONE", "IBAN", "POSTCODE", "NAME")

# The local part takes every character RFC 5322 allows unquoted (!#$%&'*+/=?^_`{|}~ too).
_LOCAL = r"[\w.!#$%&'*+/=?^`{|}~-]"
_EMAIL = re.compile(rf"(?<!{_LOCAL}){_LOCAL}{{1,64}}@[A-Za-z0-9-]{{1,63}}(?:\.[A-Za-z0-9-]{{1,63}})+")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"')\]]+", re.IGNORECASE)
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
_POSTCODE = re.compile(r"\b[1-9]\d{3} ?(?!SA\b|SD\b|SS\b)[A-Z]{2}\b")
# Name particles that are not a name on their own ("Jan van der Berg": "van", "der" are not replaced alone).
_PARTICLES = {
    "van",
    "de",
    "der",
    "den",
    "het",
    "ten",
    "ter",
    "te",
    "op",
    "in",
    "'t",
    "von",
    "le",
    "la",
    "du",
    "da",
    "di",
    "del",
    "dos",
    "al",
    "el",
    "bin",
    "mc",
    "mr",
    "mrs",
    "ms",
    "dr",
    "ir",
    "mevrouw",
    "meneer",
    "dhr",
    "mw",
}


def _iban_valid(candidate: str) -> bool:
    compact = candidate.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(c, 36)) for c in rearranged)
    return int(digits) % 97 == 1


_NL_MOBILE = re.compile(r"(?<![\w+])(?:\+31[ -]?|0031[ -]?|0)6[ -]?(?:\d[ -]?){7}\d(?!\d)")


class _Match:
    """A phone number found by the Dutch fallback pattern, shaped like phonenumbers' match."""

    def __init__(self, start: int, end: int, raw: str) -> None:
        self.start, self.end, self.raw_string, self.number = start, end, raw, None


def _e164(match: object) -> str:
    number = getattr(match, "number", None)
    if number is not None:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    digits = re.sub(r"\D", "", getattr(match, "raw_string", ""))
    return "+31" + digits[-9:]


class Pseudonymiser:
    """Replaces personal data with markers, keeping one mapping across calls (for a whole report).

    ``names`` are people's names known from the requester / caller / reporter fields; free-text names
    are not guessed (a named-entity model would miss Dutch names and flag product names).
    """

    def __init__(self, names: Iterable[str] = (), *, region: str = "NL") -> None:
        self.region = region
        self._mapping: dict[tuple[str, str], str] = {}
        self._counts: dict[str, int] = dict.fromkeys(KINDS, 0)
        self._names: dict[str, str] = {}  # surface form (lower) -> person key
        self.add_names(names)

    @property
    def mapping(self) -> dict[str, str]:
        """marker -> original value (in memory only; never write it to an output)."""
        return {marker: value for (_, value), marker in self._mapping.items()}

    def add_names(self, names: Iterable[str]) -> None:
        """Register people's full names; each name and its parts (not particles) map to one marker."""
        for name in names:
            if not isinstance(name, str):
                continue
            full = " ".join(name.replace(",", " ").split())
            if len(full) < 2:
                continue
            key = full.lower()
            self._names.setdefault(key, key)
            for part in full.split():
                clean = part.strip(".'\"()")
                if len(clean) >= 2 and clean.lower() not in _PARTICLES and not clean.isdigit():
                    self._names.setdefault(clean.lower(), key)

    def _marker(self, kind: str, value: str) -> str:
        key = (kind, value)
        if key not in self._mapping:
            self._counts[kind] += 1
            self._mapping[key] = f"[{kind}-{self._counts[kind]}]"
        return self._mapping[key]

    def __call__(self, text: str, *, names: Iterable[str] = ()) -> str:
        return self.pseudonymise(text, names=names)

    def pseudonymise(self, text: str, *, names: Iterable[str] = ()) -> str:
        """``text`` with e-mails, phone numbers, IBANs, postcodes and the known names replaced by markers."""
        if not isinstance(text, str) or not text:
            return text if isinstance(text, str) else ""
        self.add_names(names)
        text = _EMAIL.sub(lambda m: self._marker("EMAIL", m.group().lower()), text)
        # URLs are kept (they are not personal data here) but hidden from the phone and postcode finders.
        urls: list[str] = []

        def hide(match: re.Match[str]) -> str:
            urls.append(match.group())
            return f"\x00U{len(urls) - 1}\x00"

        text = _URL.sub(hide, text.replace("\x00", ""))
        text = _IBAN.sub(
            lambda m: self._marker("IBAN", m.group().replace(" ", "")) if _iban_valid(m.group()) else m.group(),
            text,
        )
        text = self._phones(text)
        text = _POSTCODE.sub(lambda m: self._marker("POSTCODE", m.group().replace(" ", "")), text)
        text = self._replace_names(text)
        return re.sub(r"\x00U(\d+)\x00", lambda m: urls[int(m.group(1))], text)

    def _phones(self, text: str) -> str:
        try:
            matches = list(phonenumbers.PhoneNumberMatcher(text, self.region, leniency=phonenumbers.Leniency.VALID))
        except Exception:
            return text
        # libphonenumber knows only allocated ranges; any Dutch mobile shape is personal data all the same.
        taken = [(m.start, m.end) for m in matches]
        extra = [m for m in _NL_MOBILE.finditer(text) if not any(s < m.end() and m.start() < e for s, e in taken)]
        matches = sorted([*matches, *(_Match(m.start(), m.end(), m.group()) for m in extra)], key=lambda m: m.start)
        markers = [  # numbered in reading order, substituted from the end so offsets stay valid
            self._marker("PHONE", _e164(m)) for m in matches
        ]
        for match, marker in reversed(list(zip(matches, markers, strict=True))):
            text = text[: match.start] + marker + text[match.end :]
        return text

    def _replace_names(self, text: str) -> str:
        if not self._names:
            return text
        # Longest first, so "Jan de Vries" is replaced whole before "Jan" alone.
        forms = sorted(self._names, key=len, reverse=True)
        pattern = re.compile(
            r"(?<![\w\[-])(?:" + "|".join(re.escape(form) for form in forms) + r")(?![\w\]])", re.IGNORECASE
        )

        def replace(match: re.Match[str]) -> str:
            surface = match.group()
            person = self._names[surface.lower()]
            # A single-word part is replaced only when written as a name (capitalised), so "mark the box"
            # keeps its verb while "Mark" the customer is hidden.
            if " " not in surface and not surface[:1].isupper():
                return surface
            return self._marker("NAME", person)

        return pattern.sub(replace, text)


def pseudonymise(text: str, *, names: Iterable[str] = ()) -> str:
    """Pseudonymise one text (markers numbered within this call); see :class:`Pseudonymiser`."""
    return Pseudonymiser(names).pseudonymise(text)
