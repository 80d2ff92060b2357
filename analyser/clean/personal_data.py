"""Finding personal data in ticket text: spans of (kind, start, end, value), nothing replaced.

This is the detection half of pseudonymisation.  :func:`find_personal_data` (or a reusable
:class:`PersonalDataFinder`) returns every piece of personal data in a text as a
:class:`PersonalDataSpan`; what to do with it is the caller's choice: the audit replaces each with a
stable marker (:mod:`analyser.clean.pseudonymise`), ``ingest --pseudonymise`` does the same in the
tables it writes.  Keeping detection apart means both use one definition of "personal data".

What is found, and how (``docs/audit.md`` has the measured recall per kind and what is not covered):

* ``EMAIL``: RFC 5322 local parts, internationalised domains (``jan@café.nl``) and ``jan [at] x.nl``.
* ``PHONE``: *phonenumbers* (libphonenumber: Dutch mobiles and landlines, ``+``/``00`` international)
  plus any Dutch mobile shape, since libphonenumber knows only allocated ranges.
* ``IBAN``: any case, with spaces, dashes or dots, validated with *python-stdnum* (country format and
  ISO 7064 mod 97), so long reference numbers are not taken for accounts.
* ``CARD``: payment card numbers (Luhn-valid, card-network prefix).
* ``BSN``: after a label ("BSN", "burgerservicenummer") any 8-9 digits; without a label only a
  number that passes the 11-proof and is not labelled as a ticket, order, error ... number.
* ``KVK``, ``CUSTOMER_ID``, ``ID_DOCUMENT``, ``BIRTH_DATE``: the value after its label ("KvK 12345678",
  "klantnummer: K-20931", "paspoortnummer", "geboortedatum 3 mei 1984").
* ``POSTCODE`` (Dutch, ``1234 AB`` / ``1234ab``; units and small words like "1500 km", "2024 en" are
  not postcodes), ``ADDRESS`` (a street name with its house number), ``PLATE`` (Dutch licence plates
  in their dashed side-codes).
* ``HANDLE``: social-media handles (``@jan_devries``).
* ``IP_ADDRESS``: any public IPv6 address; a public IPv4 address only after a label ("IP address",
  "IP-adres"), since a bare dotted quad is as often a version number.  Private ranges (192.168.x.x,
  10.x.x.x) are a company's own network, not a person's.
* ``NAME``: names after a greeting ("Hi Sarah, thanks ..."), a title ("mevrouw de Vries",
  "Mr O'Brien", "dhr. J. de Jong"), an introduction ("my name is ..."), on the line below a closing,
  names the caller knows (requester fields), and every further mention of those in the same text.
* Values in URLs: a query value under a personal key (``?tel=...&name=...&iban=...``) is that kind; any
  other query value that holds personal data is flagged whole.  The rest of a URL is not scanned for
  numbers, so article ids are not phone numbers.

The cue words (greetings, titles, name particles, labels, URL keys, street suffixes) are data files,
``analyser/resources/<lang>/personal_data.txt``; English and Dutch are both always on, since a reply's
language is not known here and desks mix them.
"""

from __future__ import annotations

import bisect
import ipaddress
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import unquote_plus

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum import luhn
from stdnum.nl import bsn as stdnum_bsn

__all__ = [
    "KINDS",
    "PersonalDataFinder",
    "PersonalDataSpan",
    "find_personal_data",
    "name_particles",
    "name_parts",
    "titles",
]

KINDS = (
    "EMAIL",
    "PHONE",
    "IBAN",
    "CARD",
    "BSN",
    "KVK",
    "CUSTOMER_ID",
    "ID_DOCUMENT",
    "BIRTH_DATE",
    "POSTCODE",
    "ADDRESS",
    "PLATE",
    "HANDLE",
    "IP_ADDRESS",
    "NAME",
)
_LANGUAGES = ("en", "nl")


@dataclass(frozen=True, slots=True)
class PersonalDataSpan:
    """One piece of personal data: ``text[start:end] == value``.

    ``key`` identifies the item regardless of how it was written (lower-case e-mail, E.164 phone number,
    compact IBAN, the person a name part belongs to), so a replacement can give the same item the same
    marker every time it occurs.
    """

    kind: str
    start: int
    end: int
    value: str
    key: str


# --- cue words (data files) ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cues:
    by_language: dict[str, dict[str, tuple[str, ...]]]

    def words(self, section: str, lang: str | None = None) -> tuple[str, ...]:
        languages = (lang,) if lang else _LANGUAGES
        merged = (w for language in languages for w in self.by_language.get(language, {}).get(section, ()))
        return tuple(dict.fromkeys(merged))

    def lower(self, section: str, lang: str | None = None) -> frozenset[str]:
        return frozenset(w.lower() for w in self.words(section, lang))

    def sections(self) -> list[str]:
        return list(dict.fromkeys(name for sections in self.by_language.values() for name in sections))


def _parse(text: str) -> dict[str, tuple[str, ...]]:
    """The ``[section]`` / one-entry-per-line format of the resource files (case kept: titles need it)."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif current is not None:
            current.append(line)
    return {name: tuple(entries) for name, entries in sections.items()}


@cache
def _cues() -> _Cues:
    files = {lang: resources.files("analyser").joinpath("resources", lang, "personal_data.txt") for lang in _LANGUAGES}
    return _Cues({lang: _parse(node.read_text(encoding="utf-8")) for lang, node in files.items()})


def _alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of phrases, longest first, spaces matching any run of blanks."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"[ \t]+") for p in ordered)


# --- patterns ---------------------------------------------------------------------------------------

# The local part takes every character RFC 5322 allows unquoted; inside a URL, not the URL's delimiters
# (/ = ? & # %), so that a query string is not read as part of an address.  Domains may be
# internationalised (\w is Unicode).
_DOMAIN = r"(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+(?:[^\W\d_]{2,63}|xn--[a-z0-9-]{1,59})(?![\w-])"


def _email_pattern(local: str) -> re.Pattern[str]:
    at = r"(?:@|[ \t]*[\[(][ \t]*(?:at|@)[ \t]*[\])][ \t]*)"  # also "jan [at] example.nl"
    return re.compile(rf"(?<!{local}){local}{{1,64}}{at}{_DOMAIN}", re.IGNORECASE)


_EMAIL = _email_pattern(r"[\w.!#$%&'*+/=?^`{|}~-]")
_EMAIL_IN_URL = _email_pattern(r"[\w.!$'*+^`{|}~-]")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'\])]+", re.IGNORECASE)
_QUERY_PAIR = re.compile(r"[?&;#](?P<key>[^=&;#\s]+)=(?P<value>[^&;#\s]*)")
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ .-]?[A-Za-z0-9]){10,32}(?![A-Za-z0-9])")
_CARD = re.compile(r"(?<![\w.-])(?:\d[ -]?){12,18}\d(?![\w-]|\.\d)")
_NL_MOBILE = re.compile(r"(?<![\w+])(?:\+31[ -]?(?:\(0\)[ -]?)?|0031[ -]?|0)6[ -]?(?:\d[ -]?){7}\d(?!\d)")
_POSTCODE = re.compile(r"(?<![\w.,/-])[1-9]\d{3}(?P<sep>[ \t]?|-)(?P<letters>[A-Za-z]{2})(?![\w-])")
_BSN_BARE = re.compile(r"(?<![\w#./+-])(?:\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}[ .]\d{3}[ .]\d{3})(?![\w/-]|[.,]\d)")
_IPV4 = r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w]|\.\d)"
_IPV6 = re.compile(r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
_HANDLE = re.compile(r"(?<![\w@./])@(?=[\w.]*[A-Za-z])[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,29}[A-Za-z0-9_])?(?![\w@-])")
_FILLER = r"[ \t]*(?:(?:[.:#=()\[\]-]|is|was|luidt|nr\.?|no\.?|nummer|number|van|of|onder|under)[ \t]*){0,3}"
# Values after a label: digits for BSN/KvK, an id with at least three digits for the others.
_CUE_VALUES = {
    "BSN": r"\d{4}\.\d{2}\.\d{3}|\d{3}[ .]\d{3}[ .]\d{3}|\d{8,9}",
    "KVK": r"\d{2}[ .]?\d{2}[ .]?\d{2}[ .]?\d{2}|\d{4}[ .]\d{4}",
    "CUSTOMER_ID": r"(?=(?:[A-Za-z./-]*\d){3})[A-Za-z0-9](?:[A-Za-z0-9./-]{1,28}[A-Za-z0-9])?",
    "ID_DOCUMENT": r"(?=[A-Za-z]*\d)[A-Za-z0-9]{6,12}",
}
_PLATE_SIDECODES = (
    "LL-DD-DD",
    "DD-DD-LL",
    "DD-LL-DD",
    "LL-DD-LL",
    "LL-LL-DD",
    "DD-LL-LL",
    "DD-LLL-D",
    "D-LLL-DD",
    "LL-DDD-L",
    "L-DDD-LL",
    "LLL-DD-L",
    "L-DD-LLL",
    "D-LL-DDD",
    "DDD-LL-D",
)


def _plate_pattern(letters: str) -> re.Pattern[str]:
    codes = [
        "-".join(part.replace("L", "[L]").replace("D", r"\d") for part in code.split("-")) for code in _PLATE_SIDECODES
    ]
    body = "|".join(f"(?:{code})" for code in codes).replace("[L]", letters)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")


# Dutch plates since 1978 use consonants only (no vowels, C, Q, W, Y, M in older series aside).
_PLATES = (_plate_pattern("[BDFGHJKLMNPRSTVXZ]"), _plate_pattern("[bdfghjklmnprstvxz]"))
_TOKEN = re.compile(r"[ \t]*(?P<tok>(?:[^\W\d_]\.[ \t]?){1,4}(?![\w])|['’]t\b|[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*)")
_CONNECTORS = frozenset({"and", "en", "&"})
_POSTCODE_NEVER = frozenset({"SA", "SD", "SS"})  # not issued by PostNL


@dataclass(frozen=True)
class _Patterns:
    greeting: re.Pattern[str]
    title_ci: re.Pattern[str]
    title_cs: re.Pattern[str]
    intro: re.Pattern[str]
    closing: re.Pattern[str]
    cued: tuple[tuple[str, re.Pattern[str]], ...]
    birth_date: re.Pattern[str]
    ip_address: re.Pattern[str]
    street_nl: re.Pattern[str]
    street_en: re.Pattern[str]
    particles: dict[str, tuple[tuple[str, ...], ...]]  # first word -> particles starting with it, longest first
    particle_phrases: frozenset[str]
    not_names: frozenset[str]
    organisation_words: frozenset[str]
    not_personal_number: frozenset[str]
    not_postcode: frozenset[str]
    units: frozenset[str]
    not_handle: frozenset[str]
    url_keys: dict[str, str]


@cache
def _patterns() -> _Patterns:
    cues = _cues()
    titles = cues.words("title")
    case_sensitive = [t for t in titles if t[:1].isupper()]
    case_insensitive = [t for t in titles if not t[:1].isupper()]
    title_end = r"(?:\.)?(?![\w])"
    cued = []
    for kind in ("BSN", "KVK", "CUSTOMER_ID", "ID_DOCUMENT"):
        label = _alternation(cues.words(f"cue_{kind.lower()}"))
        cued.append(
            (
                kind,
                re.compile(
                    rf"(?<![\w-])(?:{label})(?![\w]){_FILLER}(?P<value>{_CUE_VALUES[kind]})(?![\w-]|[.,]\d)",
                    re.IGNORECASE,
                ),
            )
        )
    months = _alternation(cues.words("month"))
    date = (
        rf"\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:\d{{4}}|\d{{2}})|\d{{4}}-\d{{2}}-\d{{2}}"
        rf"|\d{{1,2}}(?:st|nd|rd|th)?[ \t]+(?:{months})\.?,?[ \t]+\d{{4}}|(?:{months})\.?[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+\d{{4}}"
    )
    birth_label = _alternation(cues.words("cue_birth_date"))
    suffix_nl = _alternation(cues.lower("street_suffix", "nl"))
    suffix_en = _alternation(s.title() for s in cues.lower("street_suffix", "en"))
    particle_words = sorted({p.lower() for p in cues.words("particle")}, key=len, reverse=True)
    url_keys = {}
    for section in cues.sections():
        if section.startswith("url_"):
            for entry in cues.words(section):
                url_keys[_url_key(entry)] = section[4:].upper()
    return _Patterns(
        greeting=re.compile(
            rf"^[ \t>]*(?:{_alternation(cues.words('greeting'))})(?![\w])[ \t]*,?[ \t]*", re.IGNORECASE | re.MULTILINE
        ),
        title_ci=re.compile(rf"(?<![\w.])(?:{_alternation(case_insensitive)}){title_end}", re.IGNORECASE),
        title_cs=re.compile(rf"(?<![\w.])(?:{_alternation(case_sensitive)}){title_end}"),
        intro=re.compile(rf"(?<![\w])(?:{_alternation(cues.words('name_intro'))})[ \t]*:?[ \t]*", re.IGNORECASE),
        closing=re.compile(
            rf"^[ \t]*(?:{_alternation(cues.words('closing'))})[ \t]*[,.!]?[ \t]*\r?\n[ \t]*(?P<line>[^\n]{{1,60}})$",
            re.IGNORECASE | re.MULTILINE,
        ),
        cued=tuple(cued),
        birth_date=re.compile(rf"(?<![\w])(?:{birth_label})(?![\w]){_FILLER}(?P<value>{date})(?![\w])", re.IGNORECASE),
        ip_address=re.compile(
            rf"(?<![\w-])(?:{_alternation(cues.words('cue_ip_address'))})(?![\w])"
            rf"(?:[ \t:,]+(?:[^\W\d_]+|[()'’]+)){{0,4}}[ \t:,(]*(?P<value>{_IPV4})",
            re.IGNORECASE,
        ),
        street_nl=re.compile(
            rf"(?<![\w])(?:(?-i:[A-Z])[\w'’.-]*[ \t]+(?:(?:van|de|der|den|het|'t)[ \t]+)*)?[^\W\d_][\w'’-]*(?:{suffix_nl})"
            rf"[ \t]+\d{{1,5}}(?:[ \t]?[A-Za-z](?![\w]))?(?:[ \t]?-[ \t]?\d{{1,4}}(?![\w]))?",
            re.IGNORECASE,
        ),
        street_en=re.compile(rf"(?<![\w.-])\d{{1,5}}[A-Za-z]?,?[ \t]+(?:[A-Z][\w'’-]*[ \t]+){{1,3}}(?:{suffix_en})\b"),
        particles=_by_first_word(particle_words),
        particle_phrases=frozenset(particle_words),
        not_names=cues.lower("not_name"),
        organisation_words=cues.lower("organisation_word"),
        not_personal_number=cues.lower("not_personal_number"),
        not_postcode=cues.lower("not_postcode"),
        units=cues.lower("unit"),
        not_handle=cues.lower("not_handle"),
        url_keys=url_keys,
    )


def _url_key(key: str) -> str:
    return re.sub(r"[\s_.\[\]-]", "", unquote_plus(key).lower())


# --- the finder --------------------------------------------------------------------------------------


def name_parts(name: str) -> list[str]:
    """The parts of a full name that identify the person on their own (particles and initials left out):
    ``"Jan van der Berg"`` -> ``["Jan", "Berg"]``."""
    particles = _patterns().particle_phrases
    parts = []
    for part in name.replace(",", " ").split():
        clean = part.strip(".'\"()’")
        if (
            len(clean) >= 2
            and clean.lower() not in particles
            and not clean.isdigit()
            and clean.lower() not in _titles_lower()
        ):
            parts.append(clean)
    return parts


@cache
def _titles_lower() -> frozenset[str]:
    return frozenset(t.lower().rstrip(".") for t in _cues().words("title"))


def titles() -> frozenset[str]:
    """The titles that announce a name ("mr", "mevrouw", "dhr"), lower-cased without their full stop: the
    detector's own list (``resources/<lang>/personal_data.txt``), for stages that rewrite what it finds."""
    return _titles_lower()


@cache
def name_particles() -> frozenset[str]:
    """The words of the name particles ("van", "de", "den", "ter"): kept as they are inside a name."""
    return frozenset(word for phrase in _patterns().particle_phrases for word in phrase.split())


class PersonalDataFinder:
    """Finds personal data in texts; remembers people's names across calls.

    ``names`` are full names known from the data (a requester or customer column): each name and each of
    its parts (not particles) is found wherever it is written as a name.  Names found by their cues in one
    text (the greeting, a title) are found again elsewhere in that text; :meth:`add_names` makes them
    known for later texts too, which is what the audit does with every reply's greeting.
    """

    def __init__(self, names: Iterable[str] = (), *, region: str = "NL") -> None:
        self.region = region
        self._names: dict[str, str] = {}  # surface form (lower) -> person key
        self._pattern: re.Pattern[str] | None = None
        self.add_names(names)

    @property
    def known_names(self) -> dict[str, str]:
        """Surface form (lower case) -> the key of the person it belongs to."""
        return dict(self._names)

    def add_names(self, names: Iterable[str]) -> None:
        """Register people's full names; the full name and each part map to one person."""
        added = _register(self._names, names)
        if added:
            self._pattern = None

    def find(self, text: str, *, names: Iterable[str] = ()) -> list[PersonalDataSpan]:
        """Every piece of personal data in ``text``, in reading order, never overlapping."""
        if not isinstance(text, str) or not text:
            return []
        self.add_names(names)
        urls = [_strip_url(m) for m in _URL.finditer(text)]
        candidates: list[tuple[int, PersonalDataSpan]] = []

        def add(priority: int, kind: str, start: int, end: int, key: str | None = None) -> None:
            if end > start:
                value = text[start:end]
                candidates.append((priority, PersonalDataSpan(kind, start, end, value, key or _normal(kind, value))))

        outside = _Outside(urls)
        for match in _EMAIL.finditer(text):
            inside = outside.overlapping(match.start(), match.end())
            found = [match] if not inside else [m for url in inside for m in _EMAIL_IN_URL.finditer(text, *url)]
            for email in found:
                add(0, "EMAIL", email.start(), email.end())
        for kind, start, end, key in self._url_values(text, urls):
            add(1, kind, start, end, key)
        for start, end, key in _ibans(text):
            add(2, "IBAN", start, end, key)
        for match in _CARD.finditer(text):
            digits = re.sub(r"\D", "", match.group())
            if outside(match) and 13 <= len(digits) <= 19 and _card_prefix(digits) and luhn.is_valid(digits):
                add(3, "CARD", match.start(), match.end(), digits)
        for start, end, key in self._phones(text):
            if outside.span(start, end):
                add(4, "PHONE", start, end, key)
        patterns = _patterns()
        for kind, pattern in patterns.cued:
            for match in pattern.finditer(text):
                if outside(match):
                    add(5, kind, match.start("value"), match.end("value"))
        for match in patterns.birth_date.finditer(text):
            if outside(match):
                add(5, "BIRTH_DATE", match.start("value"), match.end("value"))
        for match in _BSN_BARE.finditer(text):
            if outside(match) and stdnum_bsn.is_valid(match.group()) and not self._labelled(text, match.start()):
                add(6, "BSN", match.start(), match.end())
        for plate in _PLATES:
            for match in plate.finditer(text):
                if outside(match):
                    add(7, "PLATE", match.start(), match.end())
        for match in _POSTCODE.finditer(text):
            if outside(match) and _is_postcode(match):
                add(7, "POSTCODE", match.start(), match.end())
        for pattern in (patterns.street_nl, patterns.street_en):
            for match in pattern.finditer(text):
                if outside(match):
                    add(8, "ADDRESS", match.start(), match.end())
        for match in _HANDLE.finditer(text):
            if match.group().lower() not in patterns.not_handle:
                add(9, "HANDLE", match.start(), match.end())
        for match in patterns.ip_address.finditer(text):
            if outside(match) and _public_ip(match.group("value")):
                add(9, "IP_ADDRESS", match.start("value"), match.end("value"))
        for match in _IPV6.finditer(text):
            if outside(match) and _public_ip(match.group()):
                add(9, "IP_ADDRESS", match.start(), match.end())
        cued_names = [(s, e) for s, e in self._cued_names(text) if outside.span(s, e)]
        local = dict(self._names)
        _register(local, (text[s:e] for s, e in cued_names))
        for start, end in cued_names:
            add(10, "NAME", start, end, _person(local, text[start:end]))
        for start, end, key in self._known_names(text, local):
            if outside.span(start, end):
                add(10, "NAME", start, end, key)
        return _resolve(text, candidates)

    def names_in(self, text: str) -> list[str]:
        """The names ``text`` gives by their cues (greeting, title, introduction, signature)."""
        if not isinstance(text, str) or not text:
            return []
        return list(dict.fromkeys(text[s:e] for s, e in self._cued_names(text)))

    # --- the detectors that need state or several steps ---

    def _url_values(self, text: str, urls: list[tuple[int, int]]) -> Iterator[tuple[str, int, int, str]]:
        keys = _patterns().url_keys
        for url_start, url_end in urls:
            for pair in _QUERY_PAIR.finditer(text, url_start, url_end):
                raw = pair.group("value")
                if not raw:
                    continue
                decoded = unquote_plus(raw)
                if decoded.startswith("{") or decoded.startswith("%"):  # a template placeholder
                    continue
                kind = keys.get(_url_key(pair.group("key")))
                if kind is None:
                    inner = PersonalDataFinder(region=self.region).find(decoded)
                    if not inner:
                        continue
                    kind = inner[0].kind
                yield kind, pair.start("value"), pair.end("value"), _normal(kind, decoded)

    def _phones(self, text: str) -> Iterator[tuple[int, int, str]]:
        try:
            matches = list(phonenumbers.PhoneNumberMatcher(text, self.region, leniency=phonenumbers.Leniency.VALID))
        except Exception:  # libphonenumber on pathological input: fall back on the Dutch pattern alone
            matches = []
        for match in matches:
            yield match.start, match.end, phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        # libphonenumber knows only allocated ranges; any Dutch mobile shape is personal data all the same.
        taken = _Outside([(m.start, m.end) for m in matches])
        for match in _NL_MOBILE.finditer(text):
            if taken(match):
                yield match.start(), match.end(), "+31" + re.sub(r"\D", "", match.group())[-9:]

    def _labelled(self, text: str, start: int) -> bool:
        """Whether a number at ``start`` is labelled as something other than personal data."""
        before = re.findall(r"[^\W\d_]+", text[max(0, start - 30) : start].lower())
        return bool(before) and any(word in _patterns().not_personal_number for word in before[-3:])

    def _cued_names(self, text: str) -> Iterator[tuple[int, int]]:
        patterns = _patterns()
        for match in patterns.greeting.finditer(text):
            end = match.end()
            title = _title_at(text, end)
            yield from _names_at(text, title if title else end, after_title=bool(title), several=True)
        for pattern in (patterns.title_ci, patterns.title_cs):
            for match in pattern.finditer(text):
                yield from _names_at(text, match.end(), after_title=True)
        for match in patterns.intro.finditer(text):
            yield from _names_at(text, match.end(), after_title=False)
        for match in patterns.closing.finditer(text):
            line_start = match.start("line")
            found = list(_names_at(text, line_start, after_title=False))
            rest = text[found[-1][1] : match.end("line")] if found else "x"
            if found and not rest.strip(" \t.,!"):
                yield from found

    def _known_names(self, text: str, names: dict[str, str]) -> Iterator[tuple[int, int, str]]:
        if not names:
            return
        pattern = self._pattern if names == self._names and self._pattern is not None else _names_pattern(names)
        if names == self._names:
            self._pattern = pattern
        for match in pattern.finditer(text):
            surface = match.group()
            # A single word is a name only when written as one (capitalised), so "mark the box" keeps its
            # verb while "Mark" the customer is found.
            if " " not in surface and not surface[:1].isupper():
                continue
            yield match.start(), match.end(), _person(names, surface)


def find_personal_data(text: str, *, names: Iterable[str] = (), region: str = "NL") -> list[PersonalDataSpan]:
    """Every piece of personal data in ``text`` as spans (kind, start, end, value, key); see the module doc.

    ``names``: people's full names known from the data (requester fields), found wherever they occur.
    ``region``: where phone numbers written without a country code are from.
    """
    return PersonalDataFinder(names, region=region).find(text)


# --- helpers ----------------------------------------------------------------------------------------


class _Outside:
    """Whether a match lies outside every one of some sorted, disjoint spans (the URLs of a text, whose
    query values are handled on their own); a binary search, so many matches cost n log n, not n²."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        high = bisect.bisect_left(self.starts, end)  # spans starting before ``end``
        low = high
        while low > 0 and self.ends[low - 1] > start:
            low -= 1
        return list(zip(self.starts[low:high], self.ends[low:high], strict=True))

    def span(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self.starts, end)
        return index == 0 or self.ends[index - 1] <= start

    def __call__(self, match: re.Match[str]) -> bool:
        return self.span(match.start(), match.end())


def _strip_url(match: re.Match[str]) -> tuple[int, int]:
    url = match.group().rstrip(".,;:!?")
    return match.start(), match.start() + len(url)


def _ibans(text: str) -> Iterator[tuple[int, int, str]]:
    """IBANs: the longest run from a country code that validates, so a following word ("NL91 ABNA 0417
    1643 00 voor") or a second IBAN is not swallowed."""
    position = 0
    while match := _IBAN.search(text, position):
        candidate = match.group()
        ends = [len(candidate)] + [i for i in range(len(candidate) - 1, 14, -1) if candidate[i] in " .-"]
        position = match.start() + 1
        for end in ends:
            compact = re.sub(r"[ .-]", "", candidate[:end])
            if stdnum_iban.is_valid(compact):
                yield match.start(), match.start() + end, compact.upper()
                position = match.start() + end
                break


def _public_ip(value: str) -> bool:
    try:
        return ipaddress.ip_address(value).is_global
    except ValueError:
        return False


def _card_prefix(digits: str) -> bool:
    return (
        digits[0] == "4"
        or digits[:2] in {"34", "37", "51", "52", "53", "54", "55", "65"}
        or digits[:4] == "6011"
        or ("2221" <= digits[:4] <= "2720")
    )


def _is_postcode(match: re.Match[str]) -> bool:
    letters = match.group("letters")
    if letters.upper() in _POSTCODE_NEVER:
        return False
    # "Radeon RX 5700 XT", "GTX 1080 TI": a model number after an all-capitals word is no postcode.
    before = match.string[max(0, match.start() - 12) : match.start()]
    if re.search(r"(?<![\w])[A-Z]{2,}[ \t]$", before):
        return False
    # "4096 MB", "1500 km" are sizes and distances in any case; "2024 en", "sinds 2019 is" are words when
    # written apart and not in capitals ("1234 EN" and "1234en" stay postcodes).
    lower = letters.lower()
    if lower in _patterns().units:
        return False
    word_after_a_number = match.group("sep").isspace() and not letters.isupper()
    return not (word_after_a_number and lower in _patterns().not_postcode)


def _title_at(text: str, position: int) -> int:
    """End of a title starting at ``position`` (after blanks), or 0 when there is none."""
    patterns = _patterns()
    start = position + len(text[position:]) - len(text[position:].lstrip(" \t"))
    for pattern in (patterns.title_ci, patterns.title_cs):
        match = pattern.match(text, start)
        if match:
            return match.end()
    return 0


def _is_capitalised(word: str) -> bool:
    """Written as a name: a capital first, not all capitals ("VPN"), at most two capitals per part
    ("McDonald", "DeVries", but not "TeamYouTube")."""
    letters = [c for c in word if c.isalpha()]
    if not letters or not letters[0].isupper() or (len(letters) > 1 and all(c.isupper() for c in letters)):
        return False
    return all(sum(c.isupper() for c in part) <= 2 for part in re.split(r"[-'’]", word))


def _names_at(text: str, position: int, *, after_title: bool, several: bool = False) -> Iterator[tuple[int, int]]:
    """Names starting at ``position``: initials, particles and capitalised words up to the first other word.

    ``after_title``: a title precedes, so initials and a lower-case particle may open the name
    ("mevrouw de Vries", "dhr. J. de Jong").  ``several``: "Sanne en Pieter" are two names.
    """
    patterns = _patterns()
    tokens: list[tuple[int, int, str]] = []
    pos = position
    while len(tokens) < 8:
        match = _TOKEN.match(text, pos)
        if not match:
            break
        tokens.append((match.start("tok"), match.end("tok"), match.group("tok")))
        pos = match.end()
    i = 0
    while i < len(tokens):
        start = end = None
        words = 0
        j = i
        # initials: "J." or "J.P." (only where a title or a greeting tells us a name follows)
        while j < len(tokens) and re.fullmatch(r"(?:[^\W\d_]\.[ \t]?)+", tokens[j][2]) and tokens[j][2][0].isupper():
            start = tokens[j][0] if start is None else start
            j += 1
        while j < len(tokens):
            particle = _particle_at(tokens, j, patterns.particles)
            if particle and (after_title or start is not None or words or tokens[j][2][0].isupper()):
                k = j + particle
                if k < len(tokens) and _is_capitalised(tokens[k][2]) and tokens[k][2].lower() not in patterns.not_names:
                    start = tokens[j][0] if start is None else start
                    j = k
                    continue
                break
            word = tokens[j][2]
            if (
                _is_capitalised(word)
                and word.lower() not in patterns.not_names
                and word.lower().rstrip(".") not in _titles_lower()
            ):
                start = tokens[j][0] if start is None else start
                end = tokens[j][1]
                words += 1
                j += 1
                if words >= 4:
                    break
                continue
            break
        if end is None or start is None:
            return
        if j < len(tokens) and tokens[j][2].lower() in patterns.organisation_words:
            return  # "Dear Youtube Team", "Hallo Acme klantenservice": an organisation, not a person
        yield start, end
        if not several or j >= len(tokens) or tokens[j][2].lower() not in _CONNECTORS:
            return
        i = j + 1


def _particle_at(
    tokens: list[tuple[int, int, str]], index: int, particles: dict[str, tuple[tuple[str, ...], ...]]
) -> int:
    """Number of tokens of the (longest) name particle starting at ``index``, or 0."""
    words = [token[2].lower().replace("’", "'") for token in tokens[index : index + 3]]
    for particle in particles.get(words[0], ()) if words else ():
        if tuple(words[: len(particle)]) == particle:
            return len(particle)
    return 0


def _by_first_word(phrases: Iterable[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    groups: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted(phrases, key=lambda p: len(p.split()), reverse=True):
        words = tuple(phrase.split())
        groups.setdefault(words[0], []).append(words)
    return {first: tuple(group) for first, group in groups.items()}


def _register(registry: dict[str, str], names: Iterable[str]) -> bool:
    added = False
    for name in names:
        if not isinstance(name, str):
            continue
        full = " ".join(name.replace(",", " ").split())
        if len(full) < 2:
            continue
        parts = name_parts(full)
        # "de Vries" from a greeting is the "Jan de Vries" already known: one person, one marker.
        key = registry.get(parts[-1].lower(), full.lower()) if parts else full.lower()
        if full.lower() not in registry:
            registry[full.lower()] = key
            added = True
        for part in parts:
            if part.lower() not in registry:
                registry[part.lower()] = key
                added = True
    return added


def _person(registry: dict[str, str], surface: str) -> str:
    return registry.get(" ".join(surface.split()).lower(), surface.lower())


def _names_pattern(names: dict[str, str]) -> re.Pattern[str]:
    forms = sorted(names, key=len, reverse=True)  # longest first: "Jan de Vries" before "Jan"
    alternatives = "|".join(re.escape(form).replace(r"\ ", r"\s+") for form in forms)
    return re.compile(rf"(?<![\w\[-])(?:{alternatives})(?![\w\]])", re.IGNORECASE)


def _normal(kind: str, value: str) -> str:
    """The key that identifies an item however it was written."""
    value = unicodedata.normalize("NFC", value)
    if kind in ("EMAIL", "HANDLE", "NAME", "ADDRESS", "IP_ADDRESS"):
        return " ".join(value.split()).lower()
    if kind == "PHONE":
        try:
            return phonenumbers.format_number(phonenumbers.parse(value, "NL"), phonenumbers.PhoneNumberFormat.E164)
        except phonenumbers.NumberParseException:
            return re.sub(r"\D", "", value)
    if kind == "BIRTH_DATE":
        return " ".join(value.split()).lower()
    return re.sub(r"[^0-9A-Za-z]", "", value).upper()


def _resolve(text: str, candidates: list[tuple[int, PersonalDataSpan]]) -> list[PersonalDataSpan]:
    """Non-overlapping spans: the more specific detector wins; a partial overlap widens the winner so no
    character of either is left showing.  Accepted spans are kept sorted and disjoint, so each candidate
    meets only its neighbours (linear in the number of spans, not quadratic)."""
    starts: list[int] = []
    accepted: list[tuple[PersonalDataSpan, int]] = []  # (span, rank of the detector that won it)
    ordered = sorted(enumerate(candidates), key=lambda c: (c[1][0], -(c[1][1].end - c[1][1].start), c[1][1].start))
    for rank, (_, span) in ordered:
        high = bisect.bisect_left(starts, span.end)
        low = high
        while low > 0 and accepted[low - 1][0].end > span.start:
            low -= 1
        overlapping = accepted[low:high]
        if not overlapping:
            starts.insert(high, span.start)
            accepted.insert(high, (span, rank))
            continue
        if len(overlapping) == 1 and overlapping[0][0].start <= span.start and span.end <= overlapping[0][0].end:
            continue  # inside a span already taken
        winner, winner_rank = min(overlapping, key=lambda pair: pair[1])
        start = min(span.start, overlapping[0][0].start)
        end = max(span.end, overlapping[-1][0].end)
        merged = PersonalDataSpan(winner.kind, start, end, text[start:end], winner.key)
        del starts[low:high], accepted[low:high]
        starts.insert(low, start)
        accepted.insert(low, (merged, winner_rank))
    return [span for span, _ in accepted]
