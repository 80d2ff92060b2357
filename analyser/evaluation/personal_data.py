"""Recall of personal-data masking on planted strings, and false positives on ordinary support text.

What is measured is what the audit shows: each text goes through the audit's privacy step (names from the
text's greeting harvested, then :class:`~analyser.clean.pseudonymise.Pseudonymiser`, then the user folder
of file paths masked), and the output is compared with the input.  A planted value counts as caught only
when every character of it (every occurrence) sits inside a replaced part; masking half an IBAN or the
first name of "Jan de Vries" is a miss.  Because it reads only the output, the same code measures any
version of the pseudonymiser (``evaluation/pii_recall.py --before`` compares with ``main``).

The data files are ours (``tests/clean/data/planted_pii.tsv`` and ``support_text.tsv``): one planted value
per text, English and Dutch, every category a Dutch desk meets; every value invented.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# Categories of the planted set that the detector does not claim to find (the figures show them anyway).
NOT_CLAIMED = {
    "NAME_UNCUED": "a name with no greeting, title, introduction or signature around it, in a text that does not "
    "give it elsewhere (needs a named-entity model; a rule would flag product names)",
    "IPV4_UNLABELLED": "an IPv4 address without a label such as 'IP address' (a bare dotted quad is as often a "
    "version or a server in the company's own network)",
}
_MARKER = re.compile(r"\[(?:[A-Z][A-Z_]*-\d+|USER)\]")


@dataclass
class Planted:
    category: str
    lang: str
    value: str
    text: str


@dataclass
class CategoryResult:
    category: str
    n: int = 0
    caught: int = 0
    missed: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.caught / self.n if self.n else float("nan")


def read_tsv(path: str | Path) -> list[dict[str, str]]:
    """Rows of a ``#``-commented, tab-separated file with a header; ``\\n`` in a cell is a new line."""
    with open(path, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [{k: (v or "").replace("\\n", "\n") for k, v in row.items()} for row in rows]


def read_planted(path: str | Path) -> list[Planted]:
    planted = [Planted(r["category"], r["lang"], r["value"], r["text"]) for r in read_tsv(path)]
    for item in planted:
        if item.value not in item.text:
            raise ValueError(f"{path}: planted value {item.value!r} is not in its text {item.text!r}")
    return planted


def audit_view(text: str) -> str:
    """``text`` as the audit shows it (see :func:`analyser.audit.core.run_audit`, privacy step)."""
    from analyser.audit.privacy import greeting_names, mask_user_paths
    from analyser.clean.pseudonymise import Pseudonymiser

    return mask_user_paths(Pseudonymiser(greeting_names([text])).pseudonymise(text))


def masked_mask(original: str, shown: str) -> list[bool]:
    """Per character of ``original``: was it replaced by a marker in ``shown``?"""
    pieces = _MARKER.split(shown)
    if len(pieces) == 1:
        return [False] * len(original)
    pattern = "(.+?)".join(re.escape(piece) for piece in pieces)
    match = re.fullmatch(pattern, original, flags=re.DOTALL)
    if match is None:  # the output is not the input with markers in it: count nothing as masked
        return [False] * len(original)
    masked = [False] * len(original)
    for group in range(1, len(pieces)):
        for position in range(match.start(group), match.end(group)):
            masked[position] = True
    return masked


def is_caught(item: Planted, shown: str) -> bool:
    masked = masked_mask(item.text, shown)
    for found in re.finditer(re.escape(item.value), item.text):
        if not all(masked[i] or item.text[i].isspace() for i in range(found.start(), found.end())):
            return False
    return True


def recall_by_category(planted: list[Planted], view: Callable[[str], str] = audit_view) -> dict[str, CategoryResult]:
    results: dict[str, CategoryResult] = {}
    for item in planted:
        result = results.setdefault(item.category, CategoryResult(item.category))
        result.n += 1
        if is_caught(item, view(item.text)):
            result.caught += 1
        else:
            result.missed.append(item.value)
    return results


def false_positives(rows: list[dict[str, str]], view: Callable[[str], str] = audit_view) -> list[tuple[str, str]]:
    """(category, shown text) of every ordinary text in which something was masked."""
    flagged = []
    for row in rows:
        shown = view(row["text"])
        if _MARKER.search(shown):
            flagged.append((row["category"], shown))
    return flagged


def overall(results: dict[str, CategoryResult], *, claimed: bool) -> tuple[int, int]:
    chosen = [r for c, r in results.items() if (c not in NOT_CLAIMED) == claimed]
    return sum(r.caught for r in chosen), sum(r.n for r in chosen)
