"""The sample templates in data/templates: which rules fire where, and each rule's precision on them.

The pinned table is a snapshot (as ruff keeps expected output per fixture): a change in what fires on a
sample must be deliberate.  Precision is measured against ``data/templates/expected.toml``, the reviewer's
annotation of the defects planted in each sample, not against this snapshot.
"""

from __future__ import annotations

from collections import defaultdict

from analyser.lint.precision import finding_key, load_expected, measure

FIRES = {
    "en/good_password_reset.txt": set(),
    "en/good_outage.md": set(),
    "en/good_laptop.html": set(),
    "en/poor_outage.txt": {"EM001", "JG001", "RD001", "RD002", "ST003"},
    "en/poor_ticket_status.liquid": {"PH001", "TN004", "TN005"},
    # ST003 no longer fires on the VPN samples: their first line is an imperative, a next step (issue 11)
    "en/poor_vpn.txt": {"JG001", "JG002", "JG003", "ST001", "ST002", "TN001", "TN003", "TN004", "TN005"},
    "nl/goed_wachtwoord.txt": set(),
    "nl/goed_storing.md": set(),  # "Vrijdag sturen we je ..." is now read as a next step (issue 11)
    "nl/goed_laptop.html": set(),
    "nl/slecht_storing.txt": {"EM001", "JG004", "RD001", "RD002", "ST003"},
    "nl/slecht_vpn.txt": {
        "AD001",
        "JG001",
        "JG002",
        "JG004",
        "ST001",
        "ST002",
        "TN001",
        "TN002",
        "TN003",
        "TN004",
        "TN005",
    },
    "macros/zendesk_macros.json#Password reset (EN)": set(),
    "macros/zendesk_macros.json#Closed - no response": {"ST001", "ST002", "TN001"},
    "macros/zendesk_macros.json#Acknowledge request": {"PH001"},
    "macros/freshdesk_canned_responses.json#Bevestiging aanvraag": set(),
    "macros/freshdesk_canned_responses.json#Wachtwoord verlopen": {"AD001", "ST002", "TN003", "TN004"},
}


def test_which_rules_fire_on_which_sample(samples, sample_result) -> None:
    fired: dict[str, set[str]] = defaultdict(set)
    for finding in sample_result.findings:
        key, _ = finding_key(finding, samples)
        fired[key].add(finding.code)
    assert {k: v for k, v in fired.items() if v} == {k: v for k, v in FIRES.items() if v}
    assert sample_result.templates == len(FIRES)  # the field-only Zendesk macro has no text and is skipped
    assert not sample_result.errors


def test_every_annotated_template_exists_and_every_sample_is_annotated(samples, sample_result) -> None:
    expected = load_expected(samples)
    assert set(expected) == set(FIRES)


def test_good_samples_have_nothing_above_info(samples, sample_result) -> None:
    for finding in sample_result.findings:
        key, _ = finding_key(finding, samples)
        if "good" in key or "goed" in key or key.endswith(("Password reset (EN)", "Bevestiging aanvraag")):
            assert finding.level == "info", finding


def test_precision_per_rule_on_the_samples(samples) -> None:
    scores, _ = measure(samples)
    tp = sum(s.true_positives for s in scores.values())
    fp = sum(s.false_positives for s in scores.values())
    assert tp / (tp + fp) >= 0.9
    for code, score in scores.items():
        if score.true_positives + score.false_positives:
            # ST003 (missing next step, info) is the one weak rule on the samples; see docs/lint.md
            assert score.precision >= (0.4 if code == "ST003" else 0.99), (code, score.false_examples)
    # every rule family is exercised by at least one true positive
    assert {code[:2] for code, s in scores.items() if s.true_positives} >= {"ST", "RD", "JG", "TN", "EM", "AD", "PH"}


def test_positions_point_at_the_words_in_the_file(samples, sample_result) -> None:
    for finding in sample_result.findings:
        if finding.template is not None or finding.code not in ("JG002", "TN001", "TN005", "JG004"):
            continue
        line = (samples / finding_key(finding, samples)[0]).read_text(encoding="utf-8").splitlines()[finding.line - 1]
        quoted = finding.message.split('"')[1]
        assert line[finding.column - 1 :].startswith(quoted), (finding, line)
