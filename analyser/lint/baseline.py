"""A baseline for adopting the linter on a large existing template library: ``lint --baseline FILE``.

The baseline file lists the findings a library already has, by fingerprint (see
:func:`analyser.lint.engine.fingerprint_findings`: rule, file, macro, the flagged line's text and the flagged
text, never a line number).  A run with ``--baseline FILE`` reports and counts only findings that are not
in it, so CI fails on what a change introduces while the old findings are worked off; a finding whose line
is edited is new again.  ``--update-baseline`` (re)writes the file from the current findings.

The file is JSON, one entry per finding with its code, path and message beside the fingerprint, sorted, so
that a diff of the baseline in review shows which findings were added or fixed.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from analyser.errors import ConfigError
from analyser.lint.engine import Finding, LintResult

FORMAT_VERSION = 1


def read_baseline(path: Path) -> Counter[str]:
    """Fingerprints in the baseline file, with how often each occurs; a ConfigError if it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: baseline file not found; create it with --update-baseline") from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ConfigError(f"{path}: not a ticket-analyser baseline file ({error})") from None
    if (
        not isinstance(data, dict)
        or data.get("version") != FORMAT_VERSION
        or not isinstance(data.get("findings"), list)
    ):
        raise ConfigError(f"{path}: not a ticket-analyser baseline file (version {FORMAT_VERSION})")
    fingerprints = [entry.get("fingerprint") for entry in data["findings"] if isinstance(entry, dict)]
    return Counter(f for f in fingerprints if isinstance(f, str))


def write_baseline(path: Path, findings: Iterable[Finding]) -> int:
    """Write every finding's fingerprint (with code, path and message for review); returns how many."""
    entries = sorted(
        (
            {
                "fingerprint": f.fingerprint,
                "code": f.code,
                "path": Path(f.path).as_posix(),
                "template": f.template,
                "message": f.message,
            }
            for f in findings
        ),
        key=lambda e: (e["path"], e["template"] or "", e["code"], e["fingerprint"]),
    )
    document = {"tool": "ticket-analyser", "version": FORMAT_VERSION, "findings": entries}
    try:
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{path}: cannot write the baseline ({error.strerror or error})") from None
    return len(entries)


def apply_baseline(result: LintResult, baseline: Counter[str]) -> None:
    """Drop the findings the baseline lists (each listed fingerprint absorbs one finding)."""
    remaining = Counter(baseline)
    kept = []
    for finding in result.findings:
        if remaining[finding.fingerprint] > 0:
            remaining[finding.fingerprint] -= 1
            result.baselined += 1
        else:
            kept.append(finding)
    result.findings = kept
