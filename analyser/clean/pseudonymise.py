"""Pseudonymisation of personal data in anything a report shows: markers in place of what was found.

Reports quote replies as examples; those replies hold customers' e-mail addresses, phone numbers, bank
accounts, postcodes and names.  Before a reply is shown, each item that
:mod:`analyser.clean.personal_data` finds is replaced by a stable marker (``[EMAIL-1]``, ``[PHONE-2]``,
``[IBAN-1]``, ``[NAME-1]`` ...): the same item gets the same marker throughout a report, so a reader can
still follow "the customer gave [PHONE-1] twice", but the value itself never leaves the machine.  The
mapping lives only in memory on a :class:`Pseudonymiser`; no function here writes it anywhere.

This module is a thin layer over the detection: :func:`find_personal_data` decides what is personal
data, this module only decides what it is replaced with.
"""

from __future__ import annotations

from collections.abc import Iterable

from analyser.clean.personal_data import KINDS, PersonalDataFinder, PersonalDataSpan, find_personal_data

__all__ = ["KINDS", "PersonalDataSpan", "Pseudonymiser", "find_personal_data", "pseudonymise"]


class Pseudonymiser:
    """Replaces personal data with markers, keeping one mapping across calls (for a whole report).

    ``names`` are people's names known from the requester / caller / reporter fields; names the text
    itself gives (greeting, title, introduction, signature) are found too, see
    :class:`~analyser.clean.personal_data.PersonalDataFinder`.
    """

    def __init__(self, names: Iterable[str] = (), *, region: str = "NL") -> None:
        self.finder = PersonalDataFinder(names, region=region)
        self._mapping: dict[tuple[str, str], str] = {}
        self._counts: dict[str, int] = dict.fromkeys(KINDS, 0)

    @property
    def mapping(self) -> dict[str, str]:
        """marker -> original value (in memory only; never write it to an output)."""
        return {marker: value for (_, value), marker in self._mapping.items()}

    def add_names(self, names: Iterable[str]) -> None:
        """Register people's full names; each name and its parts (not particles) map to one marker."""
        self.finder.add_names(names)

    def marker(self, span: PersonalDataSpan) -> str:
        """The marker for ``span``: the same for every span of the same kind and key."""
        key = (span.kind, span.key)
        if key not in self._mapping:
            self._counts[span.kind] = self._counts.get(span.kind, 0) + 1
            self._mapping[key] = f"[{span.kind}-{self._counts[span.kind]}]"
        return self._mapping[key]

    def __call__(self, text: str, *, names: Iterable[str] = ()) -> str:
        return self.pseudonymise(text, names=names)

    def pseudonymise(self, text: str, *, names: Iterable[str] = ()) -> str:
        """``text`` with every piece of personal data replaced by its marker."""
        if not isinstance(text, str) or not text:
            return text if isinstance(text, str) else ""
        spans = self.finder.find(text, names=names)
        markers = [self.marker(span) for span in spans]  # numbered in reading order
        pieces, position = [], 0
        for span, marker in zip(spans, markers, strict=True):
            pieces += [text[position : span.start], marker]
            position = span.end
        pieces.append(text[position:])
        return "".join(pieces)


def pseudonymise(text: str, *, names: Iterable[str] = ()) -> str:
    """Pseudonymise one text (markers numbered within this call); see :class:`Pseudonymiser`."""
    return Pseudonymiser(names).pseudonymise(text)
